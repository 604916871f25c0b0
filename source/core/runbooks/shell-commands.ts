// A shell block cut into its commands as a shell would read them: a command goes on over `\`
// line ends, unclosed quotes and $(…), a here-document's body up to its delimiter, a line ending in
// `|`, `&&` or `||`, and a compound command (if … fi, for … do … done, case … esac, { … }) up to
// its end. Comment-only and blank lines belong to no command.
import {maskShell, scanShellLines} from './shell-lexer.js';

export type ShellCommand = {
	/** The command's lines as written (continuations and here-document bodies kept). */
	text: string;
	/** 0-based lines of the block it spans. */
	firstLine: number;
	lastLine: number;
};

const opens = new Set(['if', 'case', 'do', '{']);
const closes = new Set(['fi', 'esac', 'done', '}']);
// After these a new command starts.
const commandLead = new Set(['then', 'else', 'elif', 'do', '!', 'time', '{', '(', 'if', 'while', 'until']);

/** Per line of the code: does a command that is open at the start of the line still go on after it? */
export function openAfterLines(code: string): boolean[] {
	const {contexts, openNewlines} = scanShellLines(code);
	const masked = maskShell(code, contexts);
	const lines = code.split('\n');
	const open: boolean[] = [];
	const depth: Depth = {keywords: 0, parens: 0, cases: 0};
	let at = 0;
	for (const line of lines) {
		const end = at + line.length;
		const maskedLine = masked.slice(at, end);
		// Inside a here-document body the words are text, not keywords.
		const inBody = line.length > 0 && /^heredoc/.test(contexts[at] ?? '');
		if (!inBody) keywordDepth(maskedLine, depth);
		const newline = end < code.length ? end : -1;
		const inside =
			newline !== -1 &&
			(openNewlines.has(newline) || ['single', 'double', 'ansi', 'escaped'].includes(contexts[newline]!));
		const trailing = /(?:\||&&|\|\|)\s*$/.test(maskedLine) && !/;;\s*$/.test(maskedLine);
		const unterminatedBody = newline === -1 && openNewlines.size > 0 && inBody;
		open.push(inside || depth.keywords > 0 || depth.parens > 0 || trailing || unterminatedBody);
		at = end + 1;
	}
	return open;
}

type Depth = {keywords: number; parens: number; cases: number};

/** Follows the compound commands a line opens and closes, counting keywords only where a command starts. */
function keywordDepth(masked: string, depth: Depth): void {
	let atCommand = true;
	let previous = '';
	for (const token of masked.match(/;;|&&|\|\||[;&|()]|[^\s;&|()]+/g) ?? []) {
		if ([';;', ';', '&&', '||', '|', '&'].includes(token)) {
			atCommand = true;
			previous = token;
			continue;
		}
		if (token === '(') {
			// $( <( >( are substitutions (the lexer follows them); a ( where a command starts is a subshell.
			if (atCommand && !/[$<>=]$/.test(previous)) depth.parens++;
		} else if (token === ')') {
			if (depth.cases === 0 && depth.parens > 0) depth.parens--;
		} else if (atCommand && opens.has(token)) {
			depth.keywords++;
			if (token === 'case') depth.cases++;
		} else if (atCommand && closes.has(token)) {
			depth.keywords = Math.max(0, depth.keywords - 1);
			if (token === 'esac') depth.cases = Math.max(0, depth.cases - 1);
		}
		atCommand =
			commandLead.has(token) || token === '(' || (atCommand && /^[A-Za-z_][A-Za-z0-9_]*=/.test(token));
		previous = token;
	}
}

export function shellCommands(code: string): ShellCommand[] {
	const lines = code.split('\n');
	const open = openAfterLines(code);
	const commands: ShellCommand[] = [];
	let current: ShellCommand | undefined;
	lines.forEach((line, index) => {
		if (!current && (line.trim() === '' || /^\s*#/.test(line))) return;
		if (!current) current = {text: line, firstLine: index, lastLine: index};
		else {
			current.text += `\n${line}`;
			current.lastLine = index;
		}
		if (!open[index]) {
			current.text = current.text.replace(/\s+$/, '');
			commands.push(current);
			current = undefined;
		}
	});
	if (current) commands.push(current);
	return commands;
}

/** Whether `text` is one whole command (not waiting for more lines: a heredoc body, a quote, `fi`). */
export function isWholeCommand(text: string): boolean {
	// The newline after it decides: `cat <<EOF` waits for its body there.
	const open = openAfterLines(`${text}\n`);
	return !open[open.length - 2];
}

/**
 * The first line (0-based) that ends in a backslash and then spaces: it looks continued, but the
 * backslash escapes the space and the newline ends the command there (`create a b \␠` then `c d`
 * runs as two commands). The block says one thing and runs another: it is shown, not run.
 */
export function backslashThenSpace(code: string): number | undefined {
	const {contexts} = scanShellLines(code);
	let at = 0;
	const lines = code.split('\n');
	for (const [index, line] of lines.entries()) {
		const trailing = /\\[ \t]+$/.exec(line);
		const newline = at + line.length;
		if (
			trailing &&
			contexts[at + trailing.index] === 'escaped' &&
			(newline >= code.length || contexts[newline] === 'plain') &&
			index < lines.length - 1
		)
			return index;
		at = newline + 1;
	}
	return undefined;
}

/**
 * A block's commands, their prompts (`$ `, `db-2# `) taken off; an `if`, a loop, a function and a
 * here-document are each one command, so an `exit` inside one is no command of its own.
 */
export function topLevelCommands(content: string[]): string[] {
	return shellCommands(content.join('\n')).map(command => command.text.trim().replace(/^\S*[$#%❯]\s+/, ''));
}
