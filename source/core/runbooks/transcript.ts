// A terminal transcript read line by line as a person reads it: a prompt line starts a command,
// which goes on over its continuation lines and here-document body (with the `> ` a shell prints
// before them taken off); every other line is output. Lines at another program's prompt (`redis> `,
// `db=# `, a bare `> `) are that program's input, and PowerShell or cmd.exe prompts are not a Unix
// shell's: the block that has them is shown, not run.
import {matchPrompt} from './prompts.js';
import {isWholeCommand} from './shell-commands.js';
import {programOf, rootLine} from './root-lines.js';

/** machine and directory: the host and working directory its prompt names, if it names them. */
export type TranscriptCommand = {
	text: string;
	firstLine: number;
	lastLine: number;
	machine?: string;
	directory?: string;
};

export type Transcript = {
	commands: TranscriptCommand[];
	/** The first line typed at another program's prompt, and that program. */
	repl?: {program: string; line: number; text: string};
	/** PowerShell or cmd.exe. */
	windows?: string;
	/** A command whose here-document or quote never ends in the block: its extent is a guess. */
	unterminated?: number;
	/** A `# text` line among root's commands that may be one of them or a comment. */
	unclearRootLine?: number;
	/** Lines that are neither a prompt nor part of a command (output, remarks). */
	otherLines: number[];
};

/** `rootPrompts`: `# cmd` is root's prompt (console blocks), not a comment (shell blocks with $ prompts). */
export function readTranscript(
	lines: string[],
	startsLikeCommand: (text: string) => boolean,
	rootPrompts: boolean,
): Transcript {
	const transcript: Transcript = {commands: [], otherLines: []};
	const rootPrograms = bareRootPrograms(lines, startsLikeCommand, rootPrompts);
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i]!;
		if (line.trim() === '') continue;
		let prompt = matchPrompt(line, startsLikeCommand, rootPrompts);
		// `$ # Zookeeper leader`: a comment typed at the prompt, neither a command nor output.
		if (prompt?.kind === 'shell' && prompt.command.startsWith('#')) continue;
		const bare = prompt === undefined && rootPrograms.size > 0 ? bareRoot.exec(line) : null;
		if (bare) {
			const reading = rootLine(bare[1]!, rootPrograms);
			if (reading === 'comment') continue;
			if (reading === 'command') prompt = {kind: 'shell', command: bare[1]!, root: true};
			else transcript.unclearRootLine ??= i;
		}
		if (prompt?.kind === 'shell') {
			let text = prompt.command;
			let j = i + 1;
			let ps2: boolean | undefined;
			while (!isWholeCommand(text) && j < lines.length) {
				const next = lines[j]!;
				ps2 ??= /^\s*>(?: |$)/.test(next);
				text += `\n${ps2 ? next.replace(/^\s*> ?/, '') : next}`;
				j++;
			}
			if (!isWholeCommand(text)) transcript.unterminated ??= i;
			transcript.commands.push({
				text: text.replace(/\s+$/, ''),
				firstLine: i,
				lastLine: j - 1,
				machine: prompt.machine,
				directory: prompt.directory,
			});
			i = j - 1;
			continue;
		}
		// `... more stuff` with no `>>>` before it: the author's cut in the output, not Python's continuation.
		if (
			prompt?.kind === 'repl' &&
			/^\s*\.\.\.\s/.test(line) &&
			!lines.slice(0, i).some(l => /^\s*>>>/.test(l))
		)
			prompt = undefined;
		if (prompt?.kind === 'windows') transcript.windows ??= prompt.program;
		else if (prompt?.kind === 'repl' && prompt.command.trim() !== '')
			transcript.repl ??= {program: prompt.program, line: i, text: line.trim()};
		else transcript.otherLines.push(i);
	}
	return transcript;
}

const bareRoot = /^\s*#\s+(\S.*?)\s*$/;

/** The programs of the commands typed at a bare `# ` prompt (root's, naming no machine). */
function bareRootPrograms(
	lines: string[],
	startsLikeCommand: (text: string) => boolean,
	rootPrompts: boolean,
): Set<string> {
	const programs = new Set<string>();
	if (!rootPrompts) return programs;
	for (const line of lines) {
		const prompt = matchPrompt(line, startsLikeCommand, rootPrompts);
		if (prompt?.kind === 'shell' && prompt.root && bareRoot.test(line))
			programs.add(programOf(prompt.command));
	}
	return programs;
}

/** Whether a block is written as a transcript: its first line that is not blank starts with a prompt. */
export function startsWithPrompt(
	lines: string[],
	startsLikeCommand: (text: string) => boolean,
	rootPrompts: boolean,
): boolean {
	const first = lines.find(line => line.trim() !== '' && !(!rootPrompts && /^\s*#/.test(line)));
	if (first === undefined) return false;
	const prompt = matchPrompt(first, startsLikeCommand, rootPrompts);
	// A bare `> text` first is another program's input (or a quote), read as a transcript so it is shown.
	return prompt !== undefined;
}

/**
 * The first line is a prompt naming its user and machine (`[root@db-1 ~]# df -h`, `deploy@web:~$ ls`):
 * a terminal transcript whatever the fence's label says (```html, ```text around a pasted session).
 */
export function startsWithMachinePrompt(
	lines: string[],
	startsLikeCommand: (text: string) => boolean,
): boolean {
	const first = lines.find(line => line.trim() !== '');
	if (first === undefined || !/^\s*\[?[\w.-]+@[\w.-]+/.test(first)) return false;
	const prompt = matchPrompt(first, startsLikeCommand, true);
	return prompt?.kind === 'shell' && prompt.machine !== undefined;
}

// Commands that take files: a relative argument of theirs (`data/`, `*`) means the directory the prompt names.
const fileCommands =
	/^(?:sudo\s+(?:-\S+\s+)*)?(?:rm|rmdir|mv|cp|ln|tar|chown|chmod|chgrp|rsync|find|du|ls|cat|touch|mkdir|truncate|shred|unlink|zip|unzip|gzip|gunzip)\b/;

/** The command runs a program by a relative path (`./x`), or names one (`../data`), or gives a file command a relative argument. */
export function relativePaths(command: string): boolean {
	const words = command.trim().split(/\s+/);
	if (words.some(word => /^['"]?\.\.?\//.test(word) || word === '.' || word === '..')) return true;
	if (!fileCommands.test(command.trim())) return false;
	return words
		.slice(1)
		.some(word => /^['"]?(?:[\w.*-]+\/|\*)/.test(word) && !/^\w+:/.test(word) && word !== 'sudo');
}
