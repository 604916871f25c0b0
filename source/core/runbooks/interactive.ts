// Commands that want a person at a terminal: a REPL or client without its one-shot option (psql
// without -c, redis-cli without a command, rails c), a full-screen program (top, less, vim, tmux),
// a password or an editor asked for, a `read -p` prompt, or a shell somewhere else (ssh HOST,
// kubectl exec -it … bash, oc debug node/x, chroot /host, sudo -i). Run with a closed standard input
// they end at once and look like success; a shell opened somewhere else makes the lines after it,
// and the blocks after it until `exit`, its input. This file cuts the code into simple commands
// and peels their wrappers (sudo, env, VAR=…); interactive-tools.ts knows the tools.
import {textForms} from './placeholder-forms.js';
import {judgeTool, passwordPrompted, type Verdict} from './interactive-tools.js';
import {joinContinuations, maskShell, scanShell} from './shell-lexer.js';

export type Interactive = {
	/** The command as written (its simple command, wrappers included). */
	command: string;
	/** It opens a shell (on another host, in a container, in a chroot): what follows is typed there. */
	opensShell: boolean;
	/** What it waits for, when that is more than a terminal: a password, an editor, a line typed. */
	waitsFor?: 'password' | 'editor' | 'input';
	/** A one-shot command given a terminal: it ends by itself, and the lines after it are the host's. pg-ops runs it with one. */
	endsAlone?: true;
	/**
	 * Why that one-shot can't have its terminal: its input comes from a pipe or a here-document (with `-t`
	 * docker refuses: the input device is not a TTY), or its output goes into one or a file (the
	 * terminal would turn its line ends into `\r\n` there and mix its errors in: a dump spoiled).
	 */
	refused?: 'input' | 'output';
	/** A full-screen program (top, less): it takes keys; the lines after it are the host's. */
	fullScreen?: true;
};

type Segment = {words: string[]; text: string; stdinGiven: boolean; stdoutTaken: boolean};

/**
 * The first command of the code that wants a person at a terminal, if any; else the first one-shot
 * that only needs a terminal (`docker exec -it db psql -c …`), which pg-ops can give it.
 */
export function findInteractive(code: string): Interactive | undefined {
	let oneShot: Interactive | undefined;
	for (const segment of segments(code)) {
		// `nc old-box 9000 | tar xf -`, `nc host 9000 > db.tar`: a connection whose output goes on receives.
		const receives = segment.stdoutTaken && segment.words.some(word => /^(?:nc|ncat|netcat)$/.test(word));
		const verdict = receives ? undefined : judge(segment.words, segment.stdinGiven);
		// The first one-shot whose terminal the tool would refuse or whose output it would spoil, else the first.
		if (verdict === 'terminal' && (!oneShot || (!oneShot.refused && refusal(segment))))
			oneShot = {...interactive(segment.text.trim(), verdict), ...refusal(segment)};
		else if (verdict) return interactive(segment.text.trim(), verdict);
	}
	// A password prompt inside a command given to another (ssh host "psql --password …") still waits for someone.
	const contexts = scanShell(code);
	const prompted = passwordPrompted(
		code
			.split('')
			.map((c, k) => (contexts[k] === 'comment' ? ' ' : c))
			.join(''),
	);
	return prompted ? interactive(prompted, 'password') : oneShot;
}

/** What the plan and the console say of a step run in a pseudo-terminal. */
export const terminalNote =
	'runs in a terminal pg-ops opens for it (a command in it asks for one with -t): nothing can be typed into it (a question it asks waits until the step times out), and its errors come mixed with its output';

/** Every command that needs a terminal is a one-shot given one, with its input its own: pg-ops runs the code in a pseudo-terminal. */
export function needsTerminal(code: string): boolean {
	const found = findInteractive(code);
	return found?.endsAlone === true && !found.refused;
}

function refusal(segment: Segment): {refused?: 'input' | 'output'} {
	return segment.stdinGiven ? {refused: 'input'} : segment.stdoutTaken ? {refused: 'output'} : {};
}

function interactive(command: string, verdict: Exclude<Verdict, undefined>): Interactive {
	if (verdict === 'shell' || verdict === 'program') return {command, opensShell: verdict === 'shell'};
	if (verdict === 'terminal') return {command, opensShell: false, endsAlone: true};
	if (verdict === 'screen') return {command, opensShell: false, fullScreen: true};
	return {command, opensShell: false, waitsFor: verdict};
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

/** Blanks to fill, as one word of the same length: `[HOST|IP]` is not a pipe, `<master_ip>` not a redirection. */
function withoutBlanks(code: string, masked: string): string {
	let out = masked;
	for (const form of textForms(code)) {
		if (form.style !== 'angle' && form.style !== 'template') continue;
		if (form.style === 'angle' && code[form.start - 1] === '<') continue;
		out = out.slice(0, form.start) + 'P'.repeat(form.end - form.start) + out.slice(form.end);
	}
	return out;
}

/** Pipelines' parts, with whether their standard input comes from a pipe or a redirection. */
function segments(code: string): Segment[] {
	const contexts = scanShell(code);
	// A backslash-newline continues the command, so `psql -U x \` then `-f file` is one command.
	const masked = joinContinuations(
		code,
		contexts,
		withoutSubstitutions(withoutBlanks(code, maskShell(code, contexts))),
	);
	const found: Segment[] = [];
	let offset = 0;
	for (const pipeline of masked.split(/(\n|;;?|&&|\|\||&(?!>))/)) {
		const start = offset;
		offset += pipeline.length;
		if (/^(\n|;;?|&&|\|\||&)$/.test(pipeline)) continue;
		let at = start;
		const parts = pipeline.split(/\|(?!\|)/);
		parts.forEach((part, index) => {
			const words = part.trim().split(/\s+/).filter(Boolean);
			if (words.length > 0)
				found.push({
					words,
					text: code.slice(at, at + part.length),
					stdinGiven: index > 0 || /<(?!\()/.test(part),
					// Into a pipe or a file (`> x`, `>> x`, `&> x`; not `2> x`, `2>&1` or `>&2`).
					stdoutTaken: index < parts.length - 1 || /(?:^|[^2<>])>>?(?!&)/.test(part),
				});
			at += part.length + 1;
		});
	}
	return found;
}

/** What runs a command with a setting changed, with its options that take a value as the next word. */
const runnerValues = new Map<string, string[]>([
	['env', ['-u', '--unset', '-C', '--chdir', '-S']],
	['nice', ['-n', '--adjustment']],
	['ionice', ['-c', '-n', '-p', '-P', '-u']],
	['stdbuf', ['-i', '-o', '-e']],
	// `sshpass -p 'pve' ssh root@host`: the ssh it runs is what opens the shell.
	['sshpass', ['-p', '-f', '-d', '-P']],
]);

const sudoValue = new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U']);

/** Peels what runs a command (sudo, env, nice, VAR=…, exec) and judges the command itself. */
export function judge(all: string[], stdinGiven: boolean): Verdict {
	let words = all;
	for (;;) {
		const [first] = words;
		if (first === undefined) return undefined;
		// EDITOR=vim tool-edit …: the command opens that editor.
		if (/^(?:EDITOR|VISUAL)=/.test(first) && words.length > 1) return 'editor';
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
				// `-iu postgres`: flags joined, the last one taking the next word as its value.
				k += sudoValue.has(words[k]!) || /^-[A-Za-z]+[ugpCDrtUh]$/.test(words[k]!) ? 2 : 1;
			}
			if (login && words[k] === undefined) return 'shell';
			words = words.slice(k);
		} else if (runnerValues.has(first)) {
			// Only the runner's own options: the command's (`psql -c …`) are its own.
			let k = 1;
			while (words[k]?.startsWith('-')) k += runnerValues.get(first)!.includes(words[k]!) ? 2 : 1;
			words = words.slice(k);
		} else if (first === 'bundle' && words[1] === 'exec') words = words.slice(2);
		else break;
	}
	return judgeTool(words[0]!, words.slice(1), stdinGiven, judge);
}
