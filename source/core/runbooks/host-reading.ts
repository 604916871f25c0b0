// Host commands as one step, unless one of them needs a terminal or holds a note the shell would
// misread: what a careful operator runs, or shows with the reason.
import {findInteractive, type Interactive} from './interactive.js';
import type {BlockReading} from './read-block.js';
import {quote} from './read-sql.js';
import {machineOpenedBy} from './remote-machine.js';
import {
	configurationLine,
	elidedPart,
	noteAfterArrow,
	noteInParentheses,
	optionalInBrackets,
	switchesUser,
} from './shell-notes.js';

const waitsForWords: Record<NonNullable<Interactive['waitsFor']>, string> = {
	password: 'asks for a password at the terminal',
	editor: 'opens an editor',
	input: 'waits for someone to type',
};

/** Host commands, unless one of them needs a terminal. */
export function hostReading(code: string, commands: string[], written: string): BlockReading {
	const shown = (reason: string): BlockReading => ({kind: 'show', code: written, commands: [], reason});
	for (const command of commands) {
		const note = noteInParentheses(command);
		if (note)
			return shown(
				`${quote(note)} is a note, not shell: the shell would stop at it with a syntax error (after running the lines before it); put in what it says and run it yourself`,
			);
		const arrow = noteAfterArrow(command);
		if (arrow)
			return shown(
				`${quote(arrow)} is a note, not shell: the shell would read \`<\` as a redirection and the note's words as arguments; run the command yourself`,
			);
		const setting = configurationLine(command);
		if (setting)
			return shown(
				`${quote(setting)} is a configuration file's line (key = value), not a command: the shell would run \`${setting.split(/\s/)[0]}\` with \`=\` as its argument; put it in the file`,
			);
		if (elidedPart(command))
			return shown(
				`${quote(command.split('\n')[0]!.trim())} has \`...\` where the author left out part of the command (options, arguments): fill it in and run it yourself`,
			);
		const optional = optionalInBrackets(command);
		if (optional)
			return shown(
				`${quote(optional)} is an optional part written in brackets, as a synopsis writes it: put in what you need and run it yourself`,
			);
	}
	const interactive = findInteractive(code);
	// A one-shot given a terminal (`docker exec -it db psql -c …`) runs in a pseudo-terminal (RunbookStep.terminal).
	if (!interactive || (interactive.endsAlone && !interactive.refused)) return {kind: 'shell', code, commands};
	const after = commands.slice(commands.findIndex(c => c.includes(interactive.command)) + 1);
	const exits = after.some(c => /^\s*(?:exit|logout)\b/.test(c));
	const waits = interactive.waitsFor;
	const machine = interactive.opensShell && !exits ? machineOpenedBy(interactive.command) : undefined;
	const reason = machine
		? `interactive: ${quote(interactive.command)} opens a shell on ${machine}: pg-ops runs the commands after it, until \`exit\`, only where it finds itself on ${machine}`
		: interactive.opensShell
			? `interactive: ${quote(interactive.command)} opens a shell${after.length > 0 ? ', and the lines after it are typed there' : ''}: do it in your own terminal`
			: interactive.refused === 'input'
				? `${quote(interactive.command)} asks for a terminal (-t) and takes its input from a pipe or a here-document: the tool refuses that (the input device is not a TTY): drop -t, or run it in your own terminal`
				: interactive.refused === 'output'
					? `${quote(interactive.command)} asks for a terminal (-t) and sends its output into a pipe or a file: the terminal would turn its line ends into \`\\r\\n\` there and mix its errors in (a dump spoiled): drop -t, or run it in your own terminal`
					: waits
						? `interactive: ${quote(interactive.command)} ${waitsForWords[waits]}: run it in your own terminal`
						: `interactive: ${quote(interactive.command)} needs a terminal: open it in your own`;
	return {
		kind: 'show',
		code: written,
		commands: [],
		reason,
		...(interactive.endsAlone ? {} : {interactive: true}),
		opensShell:
			interactive.opensShell && !exits && !(switchesUser.test(interactive.command) && after.length > 0)
				? interactive.command
				: undefined,
	};
}

export function backslashReason(line: number): string {
	return `line ${line + 1} ends in \`\\\` and a space: the shell ends the command there, not on the next line as it reads (remove the space)`;
}
