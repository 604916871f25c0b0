// What the tools runbooks use do without a terminal: which are REPLs unless given their one-shot
// option, which are full-screen, which ask for a password or open an editor, and which open a
// shell somewhere else (ssh, kubectl/oc exec and debug, docker exec, chroot, nsenter). Verdicts on
// one simple command whose wrappers (sudo, env, VAR=…) interactive.ts has already peeled.
import {composeRmAsks, containerVerdict} from './container-tools.js';

/** shell: opens a shell somewhere else; program: needs a terminal; the rest say what it waits for. */
// 'terminal': a one-shot command given a terminal (`kubectl run -it … -- nslookup x`): it ends by itself,
// but the tool refuses to run without a terminal; unlike a 'program', no line after it is its input.
// 'screen': a full-screen program (top, less, k9s): it needs a terminal, and it takes keys, not the lines after it.
export type Verdict =
	'shell' | 'program' | 'terminal' | 'screen' | 'password' | 'editor' | 'input' | undefined;

/** Judges an inner command (ssh HOST cmd, kubectl exec … -- cmd) with its wrappers peeled. */
export type JudgeInner = (words: string[], stdinGiven: boolean) => Verdict;

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
const fullScreen = new Set(
	(
		'htop atop btop nmon glances iftop nload ncdu k9s lazydocker tig mc less ranger vim vi nvim nano emacs pico ' +
		'joe man more most visudo vipw sudoedit mysql_secure_installation nmtui alsamixer tmux screen byobu zellij'
	).split(' '),
);
const editors = new Set('vim vi nvim nano emacs pico joe visudo vipw sudoedit'.split(' '));
// Full-screen programs the block's next lines may be typed into (a multiplexer opens a shell).
const sessions = new Set('tmux screen byobu zellij mysql_secure_installation'.split(' '));
// The PostgreSQL client tools, whose -W / --password asks for the password at the terminal.
const postgresClients = new Set(
	'psql pg_dump pg_dumpall pg_restore pg_basebackup createdb dropdb createuser dropuser vacuumdb reindexdb clusterdb pg_isready'.split(
		' ',
	),
);
// The MySQL client tools, whose -p or --password without a value asks for it at the terminal.
const mysqlClients = new Set(
	'mysql mariadb mysqldump mariadb-dump mysqladmin mariadb-admin mysqlcheck'.split(' '),
);

export function judgeTool(command: string, args: string[], stdinGiven: boolean, inner: JudgeInner): Verdict {
	const name = command.split('/').pop()!;
	const positional = (valueOptions: string[] = []) => positionals(args, valueOptions);
	const has = (...options: string[]) =>
		args.some(arg => options.some(o => arg === o || arg.startsWith(`${o}=`)));
	const shortFlag = (letter: string) =>
		args.some(arg => new RegExp(`^-[A-Za-z]*${letter}[A-Za-z]*$`).test(arg));
	if (shells.has(command) || shells.has(name))
		return !stdinGiven && positional(['-o', '-O', '+O']).length === 0 && !has('-c') ? 'shell' : undefined;
	if (fullScreen.has(name)) {
		if (
			(name === 'tmux' || name === 'screen') &&
			args.some(a => /^(ls|list-\w+|kill-\w+|send-keys|-ls|-list|has-session|new-session)$/.test(a)) &&
			!args.includes('attach')
		)
			return has('-d') || !args.includes('new-session') ? undefined : 'program';
		// An editor or a viewer takes keys, not the block's next lines: those run after it, on the host.
		if (editors.has(name)) return 'editor';
		return sessions.has(name) ? 'program' : 'screen';
	}
	const client = clientVerdict(name, args, stdinGiven);
	if (client) return client;
	if (postgresClients.has(name) && args.some(a => a === '-W' || a === '--password')) return 'password';
	if (mysqlClients.has(name) && args.some(a => a === '-p' || a === '--password')) return 'password';
	switch (name) {
		case 'top':
		case 'iotop':
			return shortFlag('b') || has('--batch') ? undefined : 'screen';
		case 'mtr':
			return has('--report', '-r', '--report-wide', '-w', '--json', '--csv') ? undefined : 'screen';
		case 'read':
			// read -p "press return to continue": a prompt for a person.
			return !stdinGiven && args.some(a => /^-[a-zA-Z]*p$/.test(a)) ? 'input' : undefined;
		case 'rails':
			return ['c', 'console', 'db', 'dbconsole'].includes(args[0] ?? '') ? 'program' : undefined;
		case 'manage.py':
			return djangoVerdict(args, stdinGiven);
		case 'python':
		case 'python3':
			return args[0]?.split('/').pop() === 'manage.py' ? djangoVerdict(args.slice(1), stdinGiven) : undefined;
		case 'php':
			// Laravel's tinker is a REPL.
			return args[0] === 'artisan' && args[1] === 'tinker' ? 'program' : undefined;
		case 'fdisk':
		case 'gdisk':
			// `fdisk /dev/sdb` asks for its commands (n, p, w) at a prompt; -l lists, a given stdin scripts it.
			return stdinGiven || has('-l', '--list', '-s', '--getsz') ? undefined : 'program';
		case 'cfdisk':
			return 'screen';
		case 'parted':
			// `parted /dev/sdb` alone opens its prompt; with a command after the disk, or -s, it runs it.
			return stdinGiven || has('-s', '--script', '-l', '--list') || positional(['-a', '--align']).length > 1
				? undefined
				: 'program';
		case 'crontab':
			return has('-e') ? 'editor' : undefined;
		case 'keytool':
			// -import asks whether to trust the certificate, and the store's password, unless told not to.
			return args.some(a => /^-(?:import|importcert|genkeypair|genkey|changealias|delete)$/.test(a)) &&
				!has('-noprompt')
				? 'input'
				: undefined;
		case 'kafka-console-producer.sh':
		case 'kafka-console-producer':
			// It sends what is typed, line by line, until ctrl+d.
			return stdinGiven ? undefined : 'input';
		case 'patronictl':
			// failover, switchover, remove, reinit, restart ask which member and "Are you sure?" unless --force.
			return /^(?:failover|switchover|remove|reinit|restart|reload)$/.test(
				positional(['-c', '--config-file', '-d', '--dcs-url', '-k', '--insecure'])[0] ?? '',
			) && !has('--force')
				? 'input'
				: undefined;
		case 'passwd':
			return has('--stdin') ? undefined : 'password';
		case 'adduser':
			// Debian's adduser asks a password and the user's details; not for a system user or one without a password.
			return has('--system', '--disabled-password', '--disabled-login') ? undefined : 'password';
		case 'systemctl':
			return args.includes('edit') ? 'editor' : undefined;
		case 's3cmd':
			// s3cmd --configure, aws configure, gcloud init, rclone config: wizards that ask their questions.
			return args.includes('--configure') ? 'input' : undefined;
		case 'rclone':
			return args.length === 1 && args[0] === 'config' ? 'input' : undefined;
		case 'launcher':
			// Discourse's ./launcher enter app: a shell in the container.
			return args[0] === 'enter' ? 'shell' : undefined;
		case 'su':
			return has('-c', '--command') ? undefined : 'shell';
		case 'newgrp':
			// It starts a new shell with the group: what follows is typed there, and it waits for a person.
			return 'program';
		case 'chroot':
			return positional(['--userspec', '--groups']).length <= 1 ? 'shell' : undefined;
		case 'nsenter':
			return positional(['-t', '--target', '-S', '-G']).length === 0 ? 'shell' : undefined;
		case 'ssh':
			return sshVerdict(args, inner, stdinGiven);
		case 'juju':
			// juju ssh postgresql/2: a shell on the unit's machine, unless a command follows the unit.
			return args[0] === 'ssh' && positional(['-m', '--model']).length === 2 ? 'shell' : undefined;
		case 'bosh':
			// bosh -d logsearch ssh ingestor/0: a shell on the instance, unless -c gives it a command.
			return positional(['-d', '--deployment', '-e', '--environment'])[0] === 'ssh' && !has('-c', '--command')
				? 'shell'
				: undefined;
		case 'minikube':
		case 'vagrant':
			return args[0] === 'ssh' && positional().length === 1 && !has('--command', '-c') ? 'shell' : undefined;
		case 'gcloud':
			if (args[0] === 'init') return 'input';
			// gcloud sql connect db-1 --user=postgres: psql (or mysql) at the instance, waiting for a person.
			if (args[0] === 'sql' && args[1] === 'connect') return 'program';
			return args.includes('ssh') && !has('--command') ? 'shell' : undefined;
		case 'aws':
			if (args[0] === 'configure' && positional(['--profile']).length === 1) return 'input';
			return args[0] === 'ssm' && args[1] === 'start-session' ? 'shell' : undefined;
		case 'kubectl':
		case 'oc':
			return kubeVerdict(name, args, inner);
		case 'docker':
		case 'podman':
		case 'nerdctl':
			return containerVerdict(args, stdinGiven, inner);
		case 'docker-compose':
		case 'podman-compose':
			return composeRmAsks(args) ? 'input' : undefined;
		default:
			return undefined;
	}
}

/** Database and language clients: a REPL unless given their one-shot option or input on stdin. */
function clientVerdict(name: string, args: string[], stdinGiven: boolean): Verdict {
	const has = (...options: string[]) =>
		args.some(arg => options.some(o => arg === o || arg.startsWith(`${o}=`)));
	switch (name) {
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
				positionals(args, redisValues).length > 0 ||
				args.some(a =>
					/^--(latency|stat|bigkeys|memkeys|hotkeys|scan|rdb|pipe|eval|cluster|intrinsic-latency|functions-rdb)/.test(
						a,
					),
				)
				? undefined
				: 'program';
		// A connection typed into: `telnet mail 25`, `nc host 6379` wait for what someone types (fed on stdin,
		// or `nc -z` scanning, they end by themselves). Not `openssl s_client`: at the end of its input it
		// prints the certificates and ends, which is what runbooks run it for.
		case 'telnet':
			return stdinGiven || positionals(args).length === 0 ? undefined : 'program';
		case 'nc':
		case 'ncat':
		case 'netcat':
			return stdinGiven ||
				args.some(a => /^-[A-Za-y]*[zd]/.test(a) || /^-[A-Za-z]*l/.test(a) || a === '--recv-only') ||
				positionals(args, ['-w', '-p', '-s', '-i', '-q']).length < 2
				? undefined
				: 'program';
		case 'sqlite3':
		case 'cqlsh':
		case 'clickhouse-client':
			return stdinGiven ||
				positionals(args).length > 1 ||
				has('-e', '--execute', '-f', '--file', '--query', '-q')
				? undefined
				: 'program';
		case 'python':
		case 'python3':
		case 'node':
		case 'irb':
		case 'ipython':
		case 'pry':
			return stdinGiven ||
				positionals(args).length > 0 ||
				has('-c', '-e', '-m', '--eval', '-p', '--version', '-V')
				? undefined
				: 'program';
		default:
			return toolShell(name, args, stdinGiven);
	}
}

/**
 * zkCli.sh, zookeeper-shell.sh localhost:2181, a team's app-cli: a tool's own shell (its name ends in
 * cli or shell), opened when it is given nothing to do but where to connect.
 */
function toolShell(name: string, args: string[], stdinGiven: boolean): Verdict {
	if (stdinGiven || !/(?:cli|shell)$/i.test(name.replace(/\.(?:sh|py)$/, ''))) return undefined;
	const words = positionals(args);
	const address = (word: string) => /^[\w.-]+:\d+$|^[a-z]+:\/\//i.test(word);
	const task = args.some(arg => /^(?:-c|-e|-f|--command|--execute|--file|--eval|-cmd)$/.test(arg));
	return task || words.length > 1 || words.some(word => !address(word)) ? undefined : 'program';
}

const redisValues =
	'-h -p -s -a -u -n -r -i -d --user --pass --cacert --cert --key --sni --rdb --eval --pattern --count'.split(
		' ',
	);

/**
 * A PostgreSQL or MySQL client asking for a password inside a command handed to another (ssh HOST
 * "psql --password …", su --command "…"): quotes do not hide it. The client's command as written.
 */
export function passwordPrompted(code: string): string | undefined {
	const asking = (tools: Set<string>, flags: string) =>
		new RegExp(`\\b(?:${[...tools].join('|')})\\b[^\\n;|&"']*?\\s(?:${flags})(?=[\\s"'\\\\]|$)`, 'm').exec(
			code,
		)?.[0];
	return asking(postgresClients, '-W|--password') ?? asking(mysqlClients, '-p|--password');
}

/** Where the words that are not options nor an option's value stand; after `--`, every word is one. */
export function* positionalIndexes(args: string[], valueOptions: string[]): Generator<number> {
	for (let k = 0; k < args.length; k++) {
		const arg = args[k]!;
		if (arg === '--') {
			for (let rest = k + 1; rest < args.length; rest++) yield rest;
			return;
		}
		if (arg.startsWith('-')) {
			if (valueOptions.includes(arg)) k++;
			continue;
		}
		// A redirection and its file (`> out`, `2>` …).
		if (/^[<>]|^\d*[<>]/.test(arg)) {
			k++;
			continue;
		}
		yield k;
	}
}

/** Words that are not options nor an option's value. */
export function positionals(args: string[], valueOptions: string[] = []): string[] {
	return [...positionalIndexes(args, valueOptions)].map(k => args[k]!);
}

/** The words after the first positional (the host, the container): the command given to it, its options kept. */
export function commandAfterTarget(args: string[], valueOptions: string[] = []): string[] {
	const target = positionalIndexes(args, valueOptions).next();
	return target.done ? [] : args.slice(target.value + 1);
}

/** ssh's options that take the next word as their value. */
export const sshValues = '-p -i -l -o -F -J -L -R -D -b -c -E -e -I -m -O -Q -S -W -w -B'.split(' ');

function sshVerdict(args: string[], inner: JudgeInner, stdinGiven: boolean): Verdict {
	if (args.some(a => /^-[A-Za-z]*[NfOGQV]/.test(a) && !sshValues.includes(a))) return undefined;
	const rest = positionals(args, sshValues);
	// `ssh nas < prune.sh`, `ssh -T web1 <<'EOF' … EOF`, `echo x | ssh web1`, `ssh -n web1`: the other side's
	// shell reads that input and ends with it; no session stays open.
	if (rest.length <= 1 && (stdinGiven || args.some(a => /^-[A-Za-z]*n/.test(a) && !sshValues.includes(a))))
		return undefined;
	if (rest.length <= 1) return 'shell';
	// ssh -t host sudo -i, ssh host bash: a terminal asked for, or a shell on the other side.
	const command = commandAfterTarget(args, sshValues);
	if (args.some(a => /^-[A-Za-z]*t/.test(a) && !sshValues.includes(a)))
		return inner(command, stdinGiven) ?? 'program';
	// `ssh web1 bash -s < rotate.sh`: the other side's bash reads the script.
	return inner(command, stdinGiven) === 'shell' ? 'shell' : undefined;
}

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

/** kubectl/oc: exec -it and run -it give a terminal, rsh and debug node/x open a shell, edit an editor. */
function kubeVerdict(name: string, args: string[], inner: JudgeInner): Verdict {
	const sub = positionals(args, kubeValues)[0];
	const dash = args.indexOf('--');
	const command = dash === -1 ? [] : args.slice(dash + 1);
	const before = dash === -1 ? args : args.slice(0, dash);
	const tty = before.some(a => /^-[A-Za-z]*t[A-Za-z]*$/.test(a) || a === '--tty');
	const stdin = before.some(a => /^-[A-Za-z]*i[A-Za-z]*$/.test(a) || a === '--stdin');
	if (sub === 'rsh')
		return positionals(before, ['-c', '--container', '-n', '--namespace']).length <= 2 && command.length === 0
			? 'shell'
			: undefined;
	if (sub === 'debug')
		return command.length === 0 && (name === 'oc' || (tty && stdin))
			? 'shell'
			: command.length > 0
				? inner(command, false)
				: undefined;
	if (sub === 'edit') return 'editor';
	if (sub === 'attach') return tty && stdin ? 'program' : undefined;
	if (sub !== 'exec' && sub !== 'run') return undefined;
	// `kubectl exec -c etcdctl POD` and nothing to run: kubectl refuses; the author means a shell in it.
	if (sub === 'exec' && dash === -1 && positionals(before, kubeValues).length === 2) return 'shell';
	if (sub === 'run' && (tty || stdin))
		return command.length === 0 ? 'program' : (inner(command, false) ?? 'terminal');
	if (!(tty && stdin)) return undefined;
	if (command.length === 0) return sub === 'run' ? 'program' : 'shell';
	return inner(command, false) ?? undefined;
}

/** Django's manage.py: its shells are REPLs (not when fed: `echo "PRAGMA …" | manage.py dbshell`); createsuperuser and flush ask unless told not to. */
function djangoVerdict(args: string[], stdinGiven: boolean): Verdict {
	const quiet = args.some(a => a === '--noinput' || a === '--no-input');
	if (['shell', 'dbshell', 'shell_plus'].includes(args[0] ?? ''))
		return args.includes('-c') || stdinGiven ? undefined : 'program';
	return ['createsuperuser', 'flush', 'changepassword'].includes(args[0] ?? '') && !quiet
		? 'input'
		: undefined;
}
