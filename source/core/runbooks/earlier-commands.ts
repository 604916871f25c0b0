// What a command of a block owes to the commands before it: the template it fills with example
// values, the state (cd, export, VAR=…) it needs, and the blanks they ask for.
import {passesState} from './cheat-sheet.js';
import {findPlaceholders} from './placeholders.js';
import type {ShellCommand} from './shell-commands.js';

/**
 * The earlier command of the block this one is an instance of: the same words, its blanks (`<job-name>`,
 * `NAMESPACE`) filled with example values (`kubectl create job --from=cronjob/nightly nightly-manual`).
 */
export function templateOf(command: ShellCommand, commands: ShellCommand[]): ShellCommand | undefined {
	const text = command.text
		.replace(/\s#\s.*$/, '')
		.trim()
		.replace(/\s+/g, ' ');
	const program = text.split(' ')[0];
	return commands
		.filter(earlier => earlier.lastLine < command.firstLine && earlier.text.trim().startsWith(program + ' '))
		.find(earlier => {
			const blanks = blanksOf(earlier);
			const written = earlier.text
				.replace(/\s#\s.*$/, '')
				.trim()
				.replace(/\s+/g, ' ');
			const tokens = blanks
				.map(blank => blank.token)
				.filter(token => token !== '' && written.includes(token));
			if (tokens.length === 0) return false;
			let pattern = written.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			for (const token of tokens)
				pattern = pattern.split(token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^\\s<>-][^\\s<>]*');
			return new RegExp(`^${pattern}$`).test(text);
		});
}

// A block's commands are asked about again for each later command (templateOf): their blanks once each.
const blanksFound = new WeakMap<ShellCommand, ReturnType<typeof findPlaceholders>>();
function blanksOf(command: ShellCommand): ReturnType<typeof findPlaceholders> {
	let blanks = blanksFound.get(command);
	if (!blanks) {
		blanks = blankNames(command.text).length > 0 ? findPlaceholders(command.text, 'shell') : [];
		blanksFound.set(command, blanks);
	}
	return blanks;
}

/** For each step of the block, the commands of the steps before it that pass state on (cd, export, VAR=…, . env, eval), in order. */
export function stateBefore<T extends {text: string}>(groups: T[][]): T[][] {
	const before: T[][] = [];
	let state: T[] = [];
	for (const group of groups) {
		before.push(state);
		const passing = group.filter(command => passesState.test(command.text.trim()));
		if (passing.length > 0) state = [...state, ...passing];
	}
	return before;
}

/** The blanks a shell command asks for, other than variables (a `$VAR` is set or exported, not printed). */
export function blankNames(text: string): string[] {
	return findPlaceholders(text, 'shell')
		.filter(placeholder => placeholder.style !== 'variable' && placeholder.style !== 'literal')
		.map(placeholder => placeholder.name);
}
