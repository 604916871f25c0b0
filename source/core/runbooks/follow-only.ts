// Whether a long-running runbook step only follows a log: one command that reads (journalctl -f,
// tail -f, `docker compose logs -f`, `kubectl logs -f`), optionally piped into grep. Such a step
// changes nothing, so it is planned as a read: it takes no host lock (held for up to 30 minutes,
// it would block every procedure on the host) and read-only does not refuse it. Anything else, or
// anything this can't read with certainty (a `;`, `&&`, a redirection, `$(…)`, a second line, an
// unknown option before `logs`), stays a change, as every other runbook step is.
import {commandLines, maskShell} from './shell-lexer.js';
import type {RunbookStep} from './types.js';

export function onlyFollowsALog(step: RunbookStep): boolean {
	if (step.kind !== 'shell' || !step.longRunning) return false;
	const lines = commandLines(step.code);
	if (lines.length !== 1) return false;
	const masked = maskShell(lines[0]!);
	// Quoted text is masked to Q…: what is left is the command's structure.
	if (/[;&<>`()\\]|\|\|/.test(masked)) return false;
	const [first, ...filters] = masked.split('|').map(part => part.trim().split(/\s+/).filter(Boolean));
	const reader = withoutSudo(first ?? []);
	return (
		reader !== undefined &&
		readsALog(reader) &&
		filters.every(words => grepFamily.has(systemCommand(words[0])))
	);
}

const grepFamily = new Set(['grep', 'egrep', 'fgrep', 'zgrep']);

// journalctl's options that change the journal rather than read it.
const journalChanges = [
	'vacuum-size',
	'vacuum-files',
	'vacuum-time',
	'rotate',
	'flush',
	'sync',
	'relinquish-var',
	'smart-relinquish-var',
	'setup-keys',
	'update-catalog',
];

/** journalctl takes any unambiguous prefix of a long option (getopt_long): `--rot` is `--rotate`. */
function changesTheJournal(arg: string): boolean {
	const name = /^--([^=]+)/.exec(arg)?.[1];
	return name !== undefined && journalChanges.some(option => option.startsWith(name));
}

function readsALog([command, ...args]: string[]): boolean {
	switch (systemCommand(command)) {
		case 'journalctl':
			return !args.some(changesTheJournal);
		case 'tail':
			return true;
		case 'docker':
		case 'docker-compose':
		case 'podman':
		case 'podman-compose':
		case 'kubectl':
		case 'oc':
			return subcommand(args) === 'logs';
		default:
			return false;
	}
}

// Global options of docker, compose and kubectl that take a value (`-f FILE`, `-n NAMESPACE`).
const optionsWithValue = new Set([
	'-f',
	'--file',
	'-p',
	'--project-name',
	'--project-directory',
	'--env-file',
	'-n',
	'--namespace',
	'--context',
	'-c',
	'--kubeconfig',
	'--cluster',
	'--user',
	'-s',
	'--server',
	'-H',
	'--host',
	'--config',
]);

/** `docker compose -f prod.yml logs -f api` → logs; `docker exec web rm logs` → exec. */
function subcommand(args: string[]): string | undefined {
	for (let k = 0; k < args.length; k++) {
		const arg = args[k]!;
		if (arg.startsWith('-')) {
			if (optionsWithValue.has(arg)) k++;
			continue;
		}
		if (arg === 'compose' || arg === 'container') continue;
		return arg;
	}
	return undefined;
}

const sudoOptionsWithValue = new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U']);

/** The words after `sudo [options]`; undefined when a wrapper hides what runs (`sudo -s`, `sudo -i`, an assignment). */
function withoutSudo(words: string[]): string[] | undefined {
	let k = 0;
	if (words[0] === 'sudo') {
		k = 1;
		while (words[k]?.startsWith('-')) {
			if (/^-[a-zA-Z]*[si]/.test(words[k]!) || words[k] === '--') return undefined;
			k += sudoOptionsWithValue.has(words[k]!) ? 2 : 1;
		}
	}
	const rest = words.slice(k);
	if (rest.length === 0 || /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0]!)) return undefined;
	return rest;
}

// Where the system's own tools live: `./tail` or `/tmp/x/journalctl` could be anything.
const systemDirectories = new Set(['/bin', '/usr/bin', '/sbin', '/usr/sbin']);

/** The command's name when it is the system's (a bare name found on PATH, or in a system directory); '' otherwise. */
function systemCommand(command: string | undefined): string {
	if (command === undefined) return '';
	const slash = command.lastIndexOf('/');
	if (slash === -1) return command;
	return systemDirectories.has(command.slice(0, slash)) ? command.slice(slash + 1) : '';
}
