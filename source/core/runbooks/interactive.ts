// Commands that want a person at a terminal: a REPL or client without its one-shot option (psql
// without -c, redis-cli without a command, rails c), a full-screen program (top, less, vim, tmux),
// or a shell somewhere else (ssh HOST, kubectl exec -it … bash, oc debug node/x, chroot /host,
// sudo -i). Run with a closed standard input they end at once and look like success; a shell
// opened somewhere else makes the lines after it, and the blocks after it until `exit`, its input.
import {maskShell, scanShell} from './shell-lexer.js';

export type Interactive = {
	/** The command as written (its simple command, wrappers included). */
	command: string;
	/** It opens a shell (on another host, in a container, in a chroot): what follows is typed there. */
	opensShell: boolean;
};

type Segment = {words: string[]; text: string; stdinGiven: boolean};

/** The first command of the code that needs a terminal, if any. */
export function findInteractive(code: string): Interactive | undefined {
	for (const segment of segments(code)) {
		const verdict = judge(segment.words, segment.stdinGiven);
		if (verdict) return {command: segment.text.trim(), opensShell: verdict === 'shell'};
	}
	return undefined;
}

/** $(…) and `…` as one word of the same length: their pipes and words are not the outer command's. */
function withoutSubstitutions(masked: string): string {
	let out = '';
	let depth = 0;
	for (let k = 0; k < masked.length; k++) {
		const c = masked[k]!;
		if (c === '$' && masked[k + 1] === '(') {
			depth++;
			out += 'SS';
			k++;
		} else if (depth > 0) {
			if (c === '(') depth++;
			else if (c === ')') depth--;
			out += c === '\n' ? '\n' : 'S';
		} else out += c;
	}
	return out;
}

/** Pipelines' parts, with whether their standard input comes from a pipe or a redirection. */
function segments(code: string): Segment[] {
	const contexts = scanShell(code);
	// [HOST|IP] is a blank to fill, not a pipe.
	const masked = withoutSubstitutions(maskShell(code, contexts))
		.replace(/\\\n/g, '  ')
		.replace(/\[[A-Z][A-Z0-9_]+(?:\|[A-Z][A-Z0-9_]+)+\]/g, blank => 'P'.repeat(blank.length));
	const found: Segment[] = [];
	let offset = 0;
	for (const pipeline of masked.split(/(\n|;;?|&&|\|\||&(?!>))/)) {
		const start = offset;
		offset += pipeline.length;
		if (/^(\n|;;?|&&|\|\||&)$/.test(pipeline)) continue;
		let at = start;
		pipeline.split(/\|(?!\|)/).forEach((part, index) => {
			const words = part.trim().split(/\s+/).filter(Boolean);
			if (words.length > 0)
				found.push({
					words,
					text: code.slice(at, at + part.length),
					stdinGiven: index > 0 || /<(?!\()/.test(part),
				});
			at += part.length + 1;
		});
	}
	return found;
}

const shells = new Set([
	'bash',
	'sh',
	'zsh',
	'ash',
	'dash',
	'ksh',
	'fish',
	'/bin/bash',
	'/bin/sh',
	'/bin/ash',
	'/bin/zsh',
	'/usr/bin/bash',
]);
const fullScreen = new Set([
	'htop',
	'atop',
	'btop',
	'nmon',
	'glances',
	'iftop',
	'nload',
	'ncdu',
	'k9s',
	'lazydocker',
	'tig',
	'mc',
	'less',
	'ranger',
	'vim',
	'vi',
	'nvim',
	'nano',
	'emacs',
	'pico',
	'joe',
	'man',
	'more',
	'most',
	'visudo',
	'vipw',
	'sudoedit',
	'mysql_secure_installation',
	'nmtui',
	'alsamixer',
	'tmux',
	'screen',
	'byobu',
	'zellij',
]);
const sudoValue = new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U']);

type Verdict = 'shell' | 'program' | undefined;

function judge(all: string[], stdinGiven: boolean): Verdict {
	let words = all;
	for (;;) {
		const [first] = words;
		if (first === undefined) return undefined;
		if (
			/^[A-Za-z_][A-Za-z0-9_]*=/.test(first) ||
			['exec', 'command', 'nohup', 'time', '!', 'then', 'do', 'else'].includes(first)
		)
			words = words.slice(1);
		else if (first === 'sudo' || first === 'doas') {
			let k = 1;
			let login = false;
			while (words[k]?.startsWith('-')) {
				if (/^-[A-Za-z]*[is]/.test(words[k]!) && !sudoValue.has(words[k]!)) login = true;
				k += sudoValue.has(words[k]!) ? 2 : 1;
			}
			if (login && words[k] === undefined) return 'shell';
			words = words.slice(k);
		} else if (first === 'env' || first === 'nice' || first === 'ionice' || first === 'stdbuf')
			words = words.slice(1).filter(w => !w.startsWith('-'));
		else if (first === 'bundle' && words[1] === 'exec') words = words.slice(2);
		else break;
	}
	const [command, ...args] = words;
	const name = command!.split('/').pop()!;
	const positional = (valueOptions: string[] = []) => positionals(args, valueOptions);
	const has = (...options: string[]) =>
		args.some(arg => options.some(o => arg === o || arg.startsWith(`${o}=`)));
	const shortFlag = (letter: string) =>
		args.some(arg => new RegExp(`^-[A-Za-z]*${letter}[A-Za-z]*$`).test(arg));
	if (shells.has(command!) || shells.has(name))
		return !stdinGiven && positional(['-o', '-O', '+O']).length === 0 && !has('-c') ? 'shell' : undefined;
	if (fullScreen.has(name)) {
		if (
			(name === 'tmux' || name === 'screen') &&
			args.some(a => /^(ls|list-\w+|kill-\w+|send-keys|-ls|-list|has-session|new-session)$/.test(a)) &&
			!args.includes('attach')
		)
			return has('-d') || !args.includes('new-session') ? undefined : 'program';
		return 'program';
	}
	switch (name) {
		case 'top':
		case 'iotop':
			return shortFlag('b') || has('--batch') ? undefined : 'program';
		case 'mtr':
			return has('--report', '-r', '--report-wide', '-w', '--json', '--csv') ? undefined : 'program';
		case 'psql':
			// -Atc "SELECT …": flags grouped before the one that takes the command.
			return stdinGiven ||
				has('-c', '--command', '-f', '--file', '-l', '--list', '-V', '--version', '-?', '--help') ||
				args.some(a => /^-[AaqXtxnHeEsSbwL01]*[cfl]/.test(a))
				? undefined
				: 'program';
		case 'mysql':
		case 'mariadb':
			return stdinGiven ||
				has('-e', '--execute', '-V', '--version') ||
				args.some(a => /^-[NBsrvtE]*e/.test(a))
				? undefined
				: 'program';
		case 'mongo':
		case 'mongosh':
			return stdinGiven || has('--eval', '-f', '--file') || args.some(a => a.endsWith('.js'))
				? undefined
				: 'program';
		case 'redis-cli':
			return stdinGiven ||
				positional([
					'-h',
					'-p',
					'-s',
					'-a',
					'-u',
					'-n',
					'-r',
					'-i',
					'-d',
					'--user',
					'--pass',
					'--cacert',
					'--cert',
					'--key',
					'--sni',
					'--rdb',
					'--eval',
					'--pattern',
					'--count',
				]).length > 0 ||
				args.some(a =>
					/^--(latency|stat|bigkeys|memkeys|hotkeys|scan|rdb|pipe|eval|cluster|intrinsic-latency|functions-rdb)/.test(
						a,
					),
				)
				? undefined
				: 'program';
		case 'sqlite3':
		case 'cqlsh':
		case 'clickhouse-client':
			return stdinGiven || positional().length > 1 || has('-e', '--execute', '-f', '--file', '--query', '-q')
				? undefined
				: 'program';
		case 'python':
		case 'python3':
		case 'node':
		case 'irb':
		case 'ipython':
		case 'pry':
			return stdinGiven || positional().length > 0 || has('-c', '-e', '-m', '--eval', '-p', '--version', '-V')
				? undefined
				: 'program';
		case 'rails':
			return ['c', 'console', 'db', 'dbconsole'].includes(args[0] ?? '') ? 'program' : undefined;
		case 'crontab':
			return has('-e') ? 'program' : undefined;
		case 'passwd':
			return has('--stdin') ? undefined : 'program';
		case 'systemctl':
			return args.includes('edit') ? 'program' : undefined;
		case 'su':
			return has('-c', '--command') ? undefined : 'shell';
		case 'chroot':
			return positional(['--userspec', '--groups']).length <= 1 ? 'shell' : undefined;
		case 'nsenter':
			return positional(['-t', '--target', '-S', '-G']).length === 0 ? 'shell' : undefined;
		case 'ssh':
			return sshVerdict(args);
		case 'minikube':
		case 'vagrant':
			return args[0] === 'ssh' && positional().length === 1 && !has('--command', '-c') ? 'shell' : undefined;
		case 'gcloud':
			return args.includes('ssh') && !has('--command') ? 'shell' : undefined;
		case 'aws':
			return args[0] === 'ssm' && args[1] === 'start-session' ? 'shell' : undefined;
		case 'kubectl':
		case 'oc':
			return kubeVerdict(name, args);
		case 'docker':
		case 'podman':
		case 'nerdctl':
			return containerVerdict(args);
		default:
			return undefined;
	}
}

/** Words that are not options nor an option's value. */
function positionals(args: string[], valueOptions: string[] = []): string[] {
	const found: string[] = [];
	for (let k = 0; k < args.length; k++) {
		const arg = args[k]!;
		if (arg === '--') return [...found, ...args.slice(k + 1)];
		if (arg.startsWith('-')) {
			if (valueOptions.includes(arg)) k++;
			continue;
		}
		if (/^[<>]|^\d*[<>]/.test(arg)) {
			k++;
			continue;
		}
		found.push(arg);
	}
	return found;
}

const sshValues = [
	'-p',
	'-i',
	'-l',
	'-o',
	'-F',
	'-J',
	'-L',
	'-R',
	'-D',
	'-b',
	'-c',
	'-E',
	'-e',
	'-I',
	'-m',
	'-O',
	'-Q',
	'-S',
	'-W',
	'-w',
	'-B',
];

function sshVerdict(args: string[]): Verdict {
	if (args.some(a => /^-[A-Za-z]*[NfOGQV]/.test(a) && !sshValues.includes(a))) return undefined;
	const rest = positionals(args, sshValues);
	if (rest.length <= 1) return 'shell';
	// ssh -t host sudo -i, ssh host bash: a terminal asked for, or a shell on the other side.
	if (args.some(a => /^-[A-Za-z]*t/.test(a) && !sshValues.includes(a)))
		return judge(rest.slice(1), false) ?? 'program';
	return judge(rest.slice(1), false) === 'shell' ? 'shell' : undefined;
}

/** The command a `kubectl exec … -- cmd` runs inside, and whether a terminal was asked for. */
const kubeValues = [
	'-n',
	'--namespace',
	'-c',
	'--container',
	'--context',
	'--kubeconfig',
	'--cluster',
	'--user',
	'-l',
	'--selector',
	'-f',
	'--filename',
	'-s',
	'--server',
];

function kubeVerdict(name: string, args: string[]): Verdict {
	const sub = positionals(args, kubeValues)[0];
	const dash = args.indexOf('--');
	const inner = dash === -1 ? [] : args.slice(dash + 1);
	const before = dash === -1 ? args : args.slice(0, dash);
	const tty = before.some(a => /^-[A-Za-z]*t[A-Za-z]*$/.test(a) || a === '--tty');
	const stdin = before.some(a => /^-[A-Za-z]*i[A-Za-z]*$/.test(a) || a === '--stdin');
	if (sub === 'rsh')
		return positionals(before, ['-c', '--container', '-n', '--namespace']).length <= 2 && inner.length === 0
			? 'shell'
			: undefined;
	if (sub === 'debug')
		return inner.length === 0 && (name === 'oc' || (tty && stdin))
			? 'shell'
			: inner.length > 0
				? judge(inner, false)
				: undefined;
	if (sub === 'edit') return 'program';
	if (sub === 'attach') return tty && stdin ? 'program' : undefined;
	if (sub !== 'exec' && sub !== 'run') return undefined;
	if (!(tty && stdin)) return undefined;
	if (inner.length === 0) return sub === 'run' ? 'program' : 'shell';
	return judge(inner, false) ?? undefined;
}

/** docker exec -it / run -it: the container's command with a terminal (without one, docker refuses). */
function containerVerdict(args: string[]): Verdict {
	const sub = args.find(a => !a.startsWith('-'));
	const composeExec = args.includes('compose') && args.includes('exec') && !args.includes('-T');
	if (sub !== 'exec' && sub !== 'run' && sub !== 'attach' && !composeExec) return undefined;
	const tty = args.some(a => /^-[A-Za-z]*t[A-Za-z]*$/.test(a) || a === '--tty');
	if (sub === 'attach') return 'program';
	if (!tty && !composeExec) return undefined;
	const after = args.slice(args.indexOf(composeExec ? 'exec' : sub!) + 1);
	const rest = positionals(after, [
		'-u',
		'--user',
		'-w',
		'--workdir',
		'-e',
		'--env',
		'--name',
		'-v',
		'--volume',
		'-p',
		'--publish',
		'--network',
		'--entrypoint',
		'--env-file',
		'--index',
	]);
	const inner = rest.slice(1);
	if (inner.length === 0) return sub === 'run' ? 'program' : 'shell';
	return judge(inner, false) ?? (composeExec ? undefined : 'program');
}
