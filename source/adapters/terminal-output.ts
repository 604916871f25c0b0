// Commands run in a pseudo-terminal (`docker exec -it …` refuses to run without one): how this
// machine opens one, and what comes out of it.
import {quoteShell} from '../core/shell.js';

/**
 * The terminal turns every line end into `\r\n` (and a program inside `docker exec -it` prints its
 * own), so line ends are made `\n` again before the output is bounded and made visible. A `\r` at
 * the end of a piece waits for the next: it may be half of one.
 */
export class TerminalLineEnds {
	private held = '';

	push(chunk: string): string {
		const text = (this.held + chunk).replace(/\r+\n/g, '\n');
		// `\r\r` then `\n` (a terminal inside a terminal): trailing `\r`s wait, two at most (output of
		// nothing but `\r` must not grow what is held).
		this.held = /\r{1,2}$/.exec(text)?.[0] ?? '';
		return text.slice(0, text.length - this.held.length);
	}

	/** What is left at the end: a trailing `\r` is the program's own (it stays, shown as a placeholder). */
	flush(): string {
		const rest = this.held;
		this.held = '';
		return rest;
	}
}

/** The terminal's size: wide enough that tools do not cut lines, tall enough that psql and systemctl page nothing. */
export const terminalSize = {cols: 250, rows: 10_000};

/** Nothing is typed into a terminal pg-ops opens: it would echo what it is given back into the output. */
export const terminalStdinRefused =
	'a command run in a terminal takes nothing on standard input (the terminal would echo it back): nothing was run';

/**
 * How this machine runs a script in a pseudo-terminal: util-linux `script` on Linux (Node has no
 * terminal of its own). The terminal is sized and its echo turned off before the script starts.
 */
export function terminalCommand(
	script: string,
	platform: NodeJS.Platform = process.platform,
): {file: string; args: string[]; env: Record<string, string>} | Error {
	if (platform !== 'linux')
		return new Error(
			`running a command in a terminal on this machine needs util-linux \`script\` (Linux); on ${platform}, run it in your own terminal`,
		);
	const inside = `stty cols ${terminalSize.cols} rows ${terminalSize.rows} -echo 2>/dev/null; exec /bin/sh -c ${quoteShell(script)}`;
	// -q: no "Script started" lines; -e: its exit status is the script's; /dev/null: no typescript file.
	return {
		file: 'script',
		args: ['-q', '-e', '-c', inside, '/dev/null'],
		env: {SHELL: '/bin/sh', TERM: 'dumb'},
	};
}
