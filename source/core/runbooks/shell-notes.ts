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

// `juju run-action mysql/1 resume <- on the other two units`: an arrow pointing back at the command,
// with a note after it. The shell reads `<-` as a redirection and runs the note's words as arguments.
const arrowNote = /\s((?:<-{1,2}|<==?|←)\s+\S.*)$/;

/** The note after an arrow on a command's line (`<- on the other two`), when there is one. */
export function noteAfterArrow(command: string): string | undefined {
	const written = command.split('\n');
	for (const [index, line] of maskShell(command).split('\n').entries()) {
		const note = arrowNote.exec(line);
		if (note) return written[index]!.slice(note.index + 1).trim();
	}
	return undefined;
}

// `kubectl delete deployments --all [--selector="app=x"]`, `pvcreate /dev/sdb1 [/dev/sdc1]`, `etcd [flags]`,
// `geth [global options] command [command options]`: an optional part written in brackets, as a synopsis
// writes it. Run as written, the brackets are part of the word.
const optionalPart =
	/(?:^|\s)(\[(?:-{1,2}[A-Za-z][^\]\s]*(?:\s[^\]\s]+)?|\/[\w./-]+|(?:[A-Za-z-]+ )?(?:flags|options|opts|args|arguments)(?:\.\.\.|…)?)\])(?=\s|$)/i;

/** An optional part in brackets on a command's line, when there is one. */
export function optionalInBrackets(command: string): string | undefined {
	const written = command.split('\n');
	for (const [index, line] of maskShell(command).split('\n').entries()) {
		const part = optionalPart.exec(line);
		if (part) {
			const start = part.index + part[0].indexOf('[');
			return written[index]!.slice(start, start + part[1]!.length);
		}
	}
	return undefined;
}

// `max_connections = 200`: a configuration file's line (key, spaced `=`, value); the shell would run
// `max_connections` with `=` and `200` as its arguments. `test a = b`, `[ … ]`, `expr` compare.
const configLine = /^\s*(?!(?:test|expr|let|\[\[?)\s)[A-Za-z_][\w.-]*\s+=\s*\S/;

/** The command's first line when it is a configuration line, not a command. */
export function configurationLine(command: string): string | undefined {
	const first = command.split('\n')[0]!;
	return configLine.test(first) ? first.replace(/\s+#.*$/, '').trim() : undefined;
}

/** `pg_dump ... --exclude-table-data=x db`: a bare `...` (or `…`) word stands for what the author left out. */
export function elidedPart(command: string): boolean {
	return /(?:^|\s)(?:\.\.\.|…)(?=\s|$)/.test(maskShell(command).replace(/#.*$/gm, ''));
}

// `sudo journalctl --rotate // archive the logs first`: a note after `//`, as in C. The shell would pass
// `//` and the note's words to the command; the author meant the command alone, with a remark.
const slashNote = /(\s+)\/\/(\s+[A-Za-z][^]*)$/;

// `systemctl stop mysql.service (for systemd systems)`: a note in parentheses after the command, which the
// shell would stop at with a syntax error. Not `$( … )` nor a subshell (`(cd x && make)`).
const parenthesisedNote =
	/\s+\((?:for|if|on|when|use|only|or|e\.g\.|i\.e\.|optional|recommended|not|as|in|with|without|depending)\s[^()]*\)\s*$/i;

// `http://localhost:5012/dev/index.html` alone on its line, under "# open in the browser": an address to
// open, not a command (the shell would say it found no such file).
const addressAlone = /^\s*(?:https?|ftp):\/\/\S+\s*$/i;

/**
 * The block's lines with such notes, and addresses alone on their lines, made shell comments (`# archive
 * …`, `# http://…`): still seen, never run; quoted text and here-documents untouched.
 */
export function slashNotesAsComments(lines: string[]): string[] {
	const masked = maskShell(lines.join('\n')).split('\n');
	return lines.map((line, index) => {
		// Masked text of a here-document's body or a quote differs from the line: only the shell's own lines.
		// Not an argument of the line before (`curl -X POST \\`, then the address).
		const continues = /\\\s*$/.test(lines[index - 1] ?? '');
		if (addressAlone.test(line) && masked[index] === line && !continues) return `# ${line.trim()}`;
		// `service mysql stop (for "init" systems)`: the note after the command, in parentheses.
		const aside = parenthesisedNote.exec(masked[index] ?? '');
		if (aside && /\S/.test(line.slice(0, aside.index)) && !/^\s*#/.test(line))
			return `${line.slice(0, aside.index)} # ${line.slice(aside.index).trim()}`;
		const note = slashNote.exec(masked[index] ?? '');
		if (!note || !/\S/.test(line.slice(0, note.index)) || /^\s*#/.test(line)) return line;
		return `${line.slice(0, note.index)}${note[1]}#${line.slice(note.index + note[0].length - note[2]!.length)}`;
	});
}
