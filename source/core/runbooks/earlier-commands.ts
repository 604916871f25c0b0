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

/**
 * Why the state later steps would be given again cannot be (the step is then shown whole): a value a
 * command makes (`CID=$(docker run -d …)`: run again, it makes another container), or one variable set
 * two ways by parts before it (`# Si es staging:` `export PGDATABASE=app_staging` / `# Si es producción:`
 * `export PGDATABASE=app_prod`: which one the later part needs is the operator's choice).
 */
export function carriedStateProblem<T extends {text: string}>(
	groups: T[][],
	states: T[][],
): string | undefined {
	// A part that only sets state (`# If in Docker:` `cd /opt/app/data`), then a later part that sets the
	// same again (`# Otherwise:` `cd /var/www/app`): two ways to choose from, not a sequence to replay.
	const keyOf = (text: string) =>
		/^(?:cd|pushd)\s/.test(text) ? 'cd' : /^(?:export\s+)?([A-Za-z_]\w*)=/.exec(text)?.[1];
	for (const [index, group] of groups.entries()) {
		if (!group.every(command => passesState.test(command.text.trim()))) continue;
		const keys = new Set(group.map(command => keyOf(command.text.trim())).filter(Boolean));
		const again = groups
			.slice(index + 1)
			.flat()
			.find(command => keys.has(keyOf(command.text.trim())));
		if (again)
			return `\`${group.map(command => command.text.trim()).join('; ')}\` and, later, \`${again.text.trim()}\` set the same thing two ways: which one the rest needs is yours to choose; run the block yourself`;
	}
	for (const state of states) {
		const made = state.find(command =>
			/^(?:export\s+)?[A-Za-z_]\w*=[^\n]*(?:\$\(|`)/.test(command.text.trim()),
		);
		if (made)
			return `a later part needs \`${made.text
				.trim()
				.split('=')[0]!
				.replace(
					/^export\s+/,
					'',
				)}\`, which \`${made.text.trim()}\` makes: run again for that part, it would make another; run the block yourself, in one shell`;
		const values = new Map<string, string>();
		for (const command of state) {
			const assignment = /^(?:export\s+)?([A-Za-z_]\w*)=(\S*)/.exec(command.text.trim());
			if (!assignment) continue;
			const [, name, value] = assignment;
			if (values.has(name!) && values.get(name!) !== value)
				return `\`${name}\` is set two ways before a later part (${values.get(name!)} and ${value}): which one that part needs is yours to choose; run the block yourself`;
			values.set(name!, value!);
		}
	}
	return undefined;
}
