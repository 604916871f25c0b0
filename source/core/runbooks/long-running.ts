// Commands that run until someone stops them (journalctl -f, logs -f, tail -f, watch, top, ping):
// such a step is streamed with a visible way to stop it instead of waiting for it to end.
import {containerValueOptions} from './container-tools.js';
import {commandAfterTarget} from './interactive-tools.js';
import {joinContinuations, maskShell, scanShell} from './shell-lexer.js';

export function isLongRunning(code: string): boolean {
	// while true; do …; done, while :; do, until false: a loop that only a stop ends.
	const masked = maskShell(code, scanShell(code));
	if (
		/(?:^|[;&|\s(])(?:while\s+(?:true|:|\[\s+1\s+\]|sleep\s+\d+)|until\s+false)\s*(?:;|\n)\s*do\b/.test(
			masked,
		)
	)
		return true;
	return simpleCommands(code).some(words => commandRunsUntilStopped(words));
}

/** Each simple command's words (quoted words as Q…), with wrappers like sudo or env taken off; a command under `timeout` is bounded and left out. */
function simpleCommands(code: string): string[][] {
	const contexts = scanShell(code);
	// ${NAMESPACE} is one word, not a brace group: `oc get -n ${NS} pods -w` keeps its -w.
	const masked = joinContinuations(code, contexts, maskShell(code, contexts)).replace(
		/\$\{[^{}\s]*\}/g,
		word => 'V'.repeat(word.length),
	);
	const commands: string[][] = [];
	for (const part of masked.split(/\|\||&&|[|;&\n(){}`]|\$\(/)) {
		const words = unwrap(part.trim().split(/\s+/).filter(Boolean));
		if (words) commands.push(words);
	}
	return commands;
}

const sudoOptionsWithValue = new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U']);

function unwrap(words: string[]): string[] | undefined {
	let k = 0;
	for (;;) {
		const word = words[k];
		if (word === undefined) return undefined;
		if (
			/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) ||
			['then', 'do', 'else', 'exec', 'command', 'nohup', 'time', '!'].includes(word)
		)
			k++;
		else if (word === 'timeout') return undefined;
		else if (word === 'sudo' || word === 'doas') {
			k++;
			while (words[k]?.startsWith('-')) k += sudoOptionsWithValue.has(words[k]!) ? 2 : 1;
		} else if (word === 'env' || word === 'stdbuf' || word === 'nice' || word === 'ionice') {
			k++;
			while (words[k]?.startsWith('-'))
				k += ['-n', '-c', '-u'].includes(words[k]!) && word !== 'stdbuf' ? 2 : 1;
		} else if (
			(word === 'docker' || word === 'podman') &&
			(words[k + 1] === 'exec' || words[k + 1] === 'run')
		) {
			// `docker exec -it db tail -f …`: what runs in the container runs until stopped, or not.
			const inner = commandAfterTarget(words.slice(k + 2), containerValueOptions);
			return inner.length > 0 ? unwrap(inner) : undefined;
		} else if ((word === 'kubectl' || word === 'oc') && words[k + 1] === 'exec' && words.includes('--')) {
			const inner = words.slice(words.indexOf('--') + 1);
			return inner.length > 0 ? unwrap(inner) : undefined;
		} else return words.slice(k);
	}
}

const hasFlag = (args: string[], long: string[], short: string) =>
	args.some(arg => long.includes(arg) || new RegExp(`^-[A-Za-z]*${short}[A-Za-z]*$`).test(arg));

function commandRunsUntilStopped(words: string[]): boolean {
	const [command, ...args] = words;
	const name = command!.split('/').pop()!;
	switch (name) {
		case 'journalctl':
			// -f alone or grouped (-xef, -fu UNIT: a flag taking a value may close the group); -uf is the unit "f".
			return args.some(
				arg => arg === '-f' || arg === '--follow' || /^-[xeaqrkmlb]*f[xeaqrkmlb]*[unptoSUD]?$/.test(arg),
			);
		case 'tail':
			return args.some(
				arg =>
					arg === '--follow' ||
					arg.startsWith('--follow=') ||
					(/^-[A-Za-z0-9]*[fF]/.test(arg) && !arg.startsWith('--')),
			);
		case 'redis-cli':
		case 'valkey-cli':
			// --latency, --latency-history, --stat, MONITOR, SUBSCRIBE print until stopped.
			return args.some(
				arg => /^--(?:latency(?:-history|-dist)?|stat)$/.test(arg) || /^(?:monitor|p?subscribe)$/i.test(arg),
			);
		case 'sleep':
			return args[0] === 'infinity';
		case 'etcd':
		case 'redis-server':
		case 'valkey-server':
			// The server itself, in the foreground: it serves until stopped (a bare name or a path, not `statefulset/etcd`).
			return (
				(command === name || /^\.{0,2}\//.test(command!)) &&
				!args.some(arg => /^--?(?:version|help|test-memory)$/.test(arg))
			);
		case 'etcdctl':
			return args.includes('watch');
		case 'kafka-console-consumer.sh':
		case 'kafka-console-consumer':
			// It consumes until stopped, unless told how many messages or how long to wait.
			return !args.some(arg => /^--(?:max-messages|timeout-ms)\b/.test(arg));
		case 'pg_receivewal':
		case 'pg_recvlogical':
		case 'mongostat':
		case 'mongotop':
		case 'stern':
		case 'watch':
		case 'htop':
		case 'btop':
		case 'iftop':
			return true;
		case 'top':
			// top -b -n 1 prints once.
			return !args.some(arg => /^-[A-Za-z]*n/.test(arg));
		case 'less':
			return args.includes('+F');
		case 'ping':
		case 'ping6':
		case 'tcpdump':
			return !args.some(arg => /^-[A-Za-z]*[cw]/.test(arg));
		case 'dmesg':
			return hasFlag(args, ['--follow'], 'w');
		case 'vmstat':
		case 'iostat':
		case 'mpstat':
		case 'pidstat':
			// An interval without a count repeats forever.
			return args.filter(arg => /^\d+$/.test(arg)).length === 1;
		case 'docker':
		case 'docker-compose':
		case 'podman':
		case 'podman-compose':
		case 'kubectl':
		case 'oc':
			return followsAfterSubcommand(name, args);
		default:
			return false;
	}
}

/** `docker compose -f prod.yml logs -f api`: only flags after `logs` (or `events`, `get -w`) count; the first -f names a file. */
function followsAfterSubcommand(name: string, args: string[]): boolean {
	const logs = args.indexOf('logs');
	if (logs !== -1 && hasFlag(args.slice(logs + 1), ['--follow'], 'f')) return true;
	if (
		(name === 'docker' || name === 'podman') &&
		(args[0] === 'events' || (args[0] === 'stats' && !args.includes('--no-stream')))
	)
		return true;
	// `docker compose up` without -d stays attached to the containers' output until stopped.
	const up = args.indexOf('up');
	if (
		(name === 'docker-compose' || name === 'podman-compose' || args.includes('compose')) &&
		up !== -1 &&
		!hasFlag(args.slice(up + 1), ['--detach', '--no-start', '--dry-run'], 'd')
	)
		return true;
	const kubectl = name === 'kubectl' || name === 'oc';
	// port-forward and proxy serve until stopped; so do `events -w` and `logs -f`.
	if (kubectl && (args.includes('port-forward') || args.includes('proxy'))) return true;
	if (kubectl && args.includes('events') && hasFlag(args, ['--watch'], 'w')) return true;
	const get = args.indexOf('get');
	return kubectl && get !== -1 && hasFlag(args.slice(get + 1), ['--watch', '--watch-only'], 'w');
}
