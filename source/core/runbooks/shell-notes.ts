// Two things a careful reader sees in a command line that a shell would get wrong or that change
// where the next block runs: a note in parentheses after a command's words, and a user switch.
import {maskShell} from './shell-lexer.js';

// `systemctl restart app@p001 (where 001 is the pod number)`: a note in parentheses after a command's
// words. The shell takes `(` there for a syntax error and stops, after running the lines before it.
const parentheticalNote = /[^\s;&|(<>$=]\s+\(([^()]*\s[^()]*)\)\s*$/;
const beforeSubshell = /(?:^|\s)(?:then|do|else|elif|in|time|!|\{)\s+\($/;

export function noteInParentheses(command: string): string | undefined {
	const written = command.split('\n');
	const masked = maskShell(command).split('\n');
	for (const [index, line] of masked.entries()) {
		const note = parentheticalNote.exec(line);
		if (!note || /^\s*(?:function\s+)?[\w.-]+\s*\(\)/.test(line)) continue;
		const open = note.index + note[0].indexOf('(');
		if (beforeSubshell.test(line.slice(0, open + 1))) continue;
		return written[index]!.slice(open).trim();
	}
	return undefined;
}

// `sudo -i`, `sudo su - gitlab-psql`, `su - postgres`: another user on the same machine. When the block
// goes on with what is typed as that user, the session is the block's own; later blocks are not in it.
export const switchesUser =
	/^\s*(?:sudo(?:\s+-[A-Za-z]+)*\s+su\b|su\b|sudo\s+-[A-Za-z]*[is][A-Za-z]*\s*$|sudo\s+-[A-Za-z]*[is][A-Za-z]*\s+-u\s+\S+\s*$|sudo\s+-u\s+\S+\s+-[A-Za-z]*[is][A-Za-z]*\s*$)/;
