// One reading of a fenced block, as a careful operator reads it before running anything: what kind
// it is (host commands, PostgreSQL statements, or only shown), the exact commands that will run
// (prompts stripped, continuation lines and here-document bodies kept, output left out), and,
// for a block pg-ops is unsure of, why it is only shown. Marked alternatives become readings of
// their own. When in doubt, show.
import {
	conditionsApart,
	notedLinesApart,
	shellComment,
	splitAlternatives,
	systemsApart,
} from './alternatives.js';
import {
	changesApart,
	exampleNoteOf,
	replaceNoteOf,
	undoneApart,
	unseenShellExit,
	valuesApart,
} from './changes-apart.js';
import {kubectlResult, looksLikeOutput} from './output-lines.js';
import {cheatSheet, passesState} from './cheat-sheet.js';
import {
	consoleLanguages,
	readsAsCommands,
	shellLanguages,
	sqlLanguages,
	startsLikeCommand,
} from './classify.js';
import {findInteractive, type Interactive} from './interactive.js';
import {backslashThenSpace, shellCommands, type ShellCommand} from './shell-commands.js';
import {noteAfterArrow, noteInParentheses, optionalInBrackets, switchesUser} from './shell-notes.js';
import {stepGroups} from './step-groups.js';
import {dialectLanguages, type SqlDialect} from './sql-dialect.js';
import {dialectNames, quote, readSql, readsAsSql, replaceReading} from './read-sql.js';
import {findPlaceholders} from './placeholders.js';
import {matchPrompt} from './prompts.js';
import {printedValues} from './printed-values.js';
import {readTranscript, relativePaths, startsWithPrompt, type Transcript} from './transcript.js';
import type {RunbookStepKind} from './types.js';

export type BlockReading = {
	kind: RunbookStepKind;
	/** What runs (a shell step's script body, an SQL step's SQL); the block as written when shown. */
	code: string;
	/** The exact commands or statements that will run; empty when shown. */
	commands: string[];
	/** Why a block is shown and not run. */
	reason?: string;
	/** It needs a person at a terminal. */
	interactive?: boolean;
	/** A shell it leaves open somewhere else (ssh HOST, kubectl exec -it … bash): later blocks are typed there until `exit`. */
	opensShell?: string;
	/** One of a cheat sheet's separate recipes: why the block is a list to pick from, not a sequence. */
	choice?: string;
	/** The machine its transcript's prompts name (`ncn-m001#`, `postgres@db-2:~$`), when they name one. */
	machine?: string;
	/** Generated identifiers its transcript printed (`abcdef123456`): examples wherever the runbook uses them. */
	printed?: string[];
};

export type BlockContext = {
	/** The one database the runbook is about, when it names one. */
	dialect?: SqlDialect;
	/** The shell an earlier block left open, and the line of that block. */
	innerShell?: {command: string; line: number};
	/** The prose just before the block ("Useful commands:"). */
	prose?: string[];
	/** The runbook's title or a heading above the block, when it calls the runbook a list ("Reference Card"). */
	listTitle?: string;
	/** The block's own heading calls its section a list of commands ("Quick Reference Commands"). */
	listHeading?: boolean;
	/** Names earlier blocks define with `alias k=kubectl`: commands when a block starts with one. */
	aliases?: ReadonlySet<string>;
};

// `heroku addons:destroy`, `kubectl delete`, `docker rm` alone: a command's name in a list, not a command
// (it acts on nothing named, so it fails or asks). Not `apt upgrade` or `compose down`, whole as written.
const bareChange =
	/^(?:sudo\s+)?[\w.-]+\s+(?:[\w-]+:)?(?:create|destroy|delete|remove|rm|attach|detach|rename|drop|kill)$|^[\w.-]+\s+[\w-]+:(?:upgrade|downgrade)$/;

const plainText = new Set(['text', 'txt', 'plain', 'plaintext', 'none', 'nohighlight', 'no-highlight']);

/** Every line, but comments and a `\\` line's continuations, reads as a command. */
function everyLineACommand(lines: string[]): boolean {
	const own = lines.filter(
		(line, k) => line.trim() !== '' && !/^\s*#/.test(line) && !/\\\s*$/.test(lines[k - 1] ?? ''),
	);
	return own.length > 0 && own.every(line => readsAsCommands([line]));
}

const windowsLanguages = new Set(['powershell', 'ps1', 'pwsh', 'ps', 'cmd', 'bat', 'batch', 'posh']);

export function readBlock(language: string, lines: string[], context: BlockContext = {}): BlockReading[] {
	const written = lines.join('\n');
	const shown = (reason: string, extra: Partial<BlockReading> = {}): BlockReading[] => [
		{kind: 'show', code: written, commands: [], reason, ...extra},
	];
	if (context.innerShell)
		return shown(
			`typed in the shell \`${context.innerShell.command}\` opened (line ${context.innerShell.line}), not on the host: run it there yourself`,
		);
	if (sqlLanguages.has(language)) return readSql(lines, context);
	const dialect = dialectLanguages[language];
	if (dialect) return shown(`${dialectNames[dialect]} SQL: pg-ops runs SQL on PostgreSQL only`);
	if (windowsLanguages.has(language))
		return shown(`a ${language} block: Windows commands, not run on a Unix host`);
	const console = consoleLanguages.has(language);
	const shell = shellLanguages.has(language);
	// ```text around `juju debug-log --replay`: authors label commands as text too; read as unlabelled
	// only when every line reads as a command (a text block of output or prose stays shown).
	if (plainText.has(language) && everyLineACommand(lines)) return readBlock('', lines, context);
	if (!console && !shell && language !== '') return shown(`a ${language} block: not commands to run`);
	if (written.trim() === '') return shown('an empty block');
	// A fence line inside: the file's fences do not pair up as its author meant (```` opened, ``` to close).
	const fenceLine = lines.findIndex(line => /^\s*(?:```|~~~)/.test(line));
	if (fenceLine !== -1)
		return shown(
			`line ${fenceLine + 1} is a fence (${quote(lines[fenceLine]!.trim())}): the file's fences do not pair up, so this block holds Markdown; nothing in it is run`,
		);
	if (shell && readsAsSql(lines) && !readsAsCommands(lines)) {
		// SQL in a block labelled as shell: the shell would fail on it (or worse); another dialect is named.
		// SQL in a block labelled as shell: the shell would fail on it; its author types it in psql, which is
		// what an SQL step does. Another dialect, or psql's own commands, are shown with the reason.
		return readSql(lines, context);
	}
	if (startsWithPrompt(lines, startsLikeCommand, console || language === ''))
		return readAsTranscript(lines, written, console || language === '');
	if (console) {
		// A session block without prompts: commands only when every line reads as one.
		// A line after one ending in `\` continues that command (`--cacert=…` on lines of their own).
		const everyLine = lines.filter(
			(line, k) => line.trim() !== '' && !/^\s*#/.test(line) && !/\\\s*$/.test(lines[k - 1] ?? ''),
		);
		if (
			!everyLine.every(
				line => readsAsCommands([line]) || startsWithAlias([line], context.aliases) || /^\s/.test(line),
			)
		)
			return shown('a terminal session without prompts: it looks like output');
	} else if (!shell) {
		if (readsAsSql(lines)) return readSql(lines, context);
		// `start_smartd=yes` or `Restart=on-failure` alone, unlabelled: a configuration file's lines (an
		// environment variable in capitals, `NS=shop`, is the shell's); running them changes nothing.
		const meaningful = lines.filter(line => line.trim() !== '' && !/^\s*#/.test(line));
		if (
			meaningful.length > 0 &&
			meaningful.every(line => /^\s*(?:[a-z][a-z0-9_]*|[A-Z][a-z][A-Za-z0-9]*)=\S*\s*$/.test(line))
		)
			return shown('only name=value lines: a configuration file, not commands to run');
		if (!readsAsCommands(lines) && !startsWithAlias(lines, context.aliases))
			return shown('not labelled as shell, and it does not read as commands');
	}
	return readShell(lines, written, context);
}

function readShell(lines: string[], written: string, context: BlockContext): BlockReading[] {
	const split = backslashThenSpace(written);
	if (split !== undefined)
		return [{kind: 'show', code: written, commands: [], reason: backslashReason(split)}];
	// A bare `OR` between two commands marks alternatives; it is no command of its own.
	// `kubectl patch …` then `pvc/data-0 patched`: the line kubectl printed, shown after the command, not run.
	const commands = shellCommands(written).filter(
		(command, index) =>
			!/^\s*or\s*:?\s*$/i.test(command.text) && !(index > 0 && kubectlResult.test(command.text.trim())),
	);
	const input = commands
		.map(command => ({command, prompt: matchPrompt(command.text.split('\n')[0]!, startsLikeCommand, false)}))
		.find(
			({prompt}) =>
				prompt?.kind === 'repl' && prompt.program !== 'another program' && prompt.command.trim() !== '',
		);
	if (input?.prompt?.kind === 'repl')
		return [
			{
				kind: 'show',
				code: written,
				commands: [],
				reason: `input for ${input.prompt.program} (line ${input.command.firstLine + 1}: ${quote(input.command.text.split('\n')[0]!.trim())}), not for the host's shell: type it there`,
			},
		];
	const meta = commands.find(command => psqlMetaCommand.test(command.text.trim()));
	if (meta)
		return [
			{
				kind: 'show',
				code: written,
				commands: [],
				reason: `line ${meta.firstLine + 1}, ${quote(meta.text.split('\n')[0]!.trim())}, is a psql command, not the host's shell's: type it in psql`,
			},
		];
	const output = commands.find(command => looksLikeOutput(command.text.split('\n')[0]!));
	if (output)
		return [
			{
				kind: 'show',
				code: written,
				commands: [],
				reason: `line ${output.firstLine + 1} looks like output, not a command: ${quote(output.text.split('\n')[0]!)}`,
			},
		];
	const typedElsewhere = commands.find(command => consoleInput(command.text.split('\n')[0]!));
	if (typedElsewhere)
		return [
			{
				kind: 'show',
				code: written,
				commands: [],
				reason: `line ${typedElsewhere.firstLine + 1}, ${quote(typedElsewhere.text.split('\n')[0]!.trim())}, is no shell command (upper case): another program's input, such as redis-cli's: type it there`,
			},
		];
	const bare = commands.find(command => bareChange.test(command.text.trim()));
	if (bare)
		return [
			{
				kind: 'show',
				code: written,
				commands: [],
				reason: `line ${bare.firstLine + 1}, ${quote(bare.text.trim())}, names a command without what it acts on: a list of commands to look up, not one to run`,
			},
		];
	// A shell block none of whose lines starts like a command: a configuration file (redis.conf) pasted under `bash`.
	if (
		commands.length >= 4 &&
		commands.filter(command => startsLikeCommand(command.text) || /^\s*[A-Za-z_]\w*=/.test(command.text))
			.length *
			4 <
			commands.length
	)
		return [
			{
				kind: 'show',
				code: written,
				commands: [],
				reason: 'hardly any of its lines starts like a command: a configuration file, not commands to run',
			},
		];
	if (commands.length === 0)
		return [{kind: 'show', code: written, commands: [], reason: 'only comments: nothing to run'}];
	const exit = unseenShellExit(
		lines,
		commands.map(command => command.text),
	);
	if (exit !== undefined && !findInteractive(written))
		return [
			{
				kind: 'show',
				code: written,
				commands: [],
				interactive: true,
				reason: `interactive: line ${commands[exit]!.firstLine + 1}, \`exit\`, closes a shell a command before it opens (one pg-ops does not know, such as a script that opens a container's shell): the lines between are typed there, not on the host: run it in your own terminal`,
			},
		];
	// A block that opens a session (a shell, another program's prompt: lines after `redis-cli` are typed
	// there) is judged whole (hostReading) and never cut, not even as a list's recipes: a part of its own
	// would run the session's lines on the host. A command that only waits for an answer or an editor
	// (`docker system prune`, `systemctl edit`) is a step of its own like any other, shown as interactive.
	const opened = findInteractive(written);
	const opensSession =
		opened !== undefined && opened.waitsFor === undefined && !opened.endsAlone && !opened.fullScreen;
	const list = opensSession
		? undefined
		: cheatSheet(lines, commands, context.prose, context.listTitle, context.listHeading);
	const groups = stepGroups(
		lines,
		list?.groups ??
			(opensSession
				? [commands]
				: splitAlternatives(lines, commands, shellComment)
						.flatMap(group => conditionsApart(group))
						.flatMap(group => notedLinesApart(group))
						.flatMap(group => systemsApart(group))
						.flatMap(group =>
							changesApart(lines, group, shellComment, passesState)
								.flatMap(part => valuesApart(lines, part, shellComment, passesState, blankNames))
								.flatMap(part => undoneApart(part, passesState)),
						)),
	);
	const choice =
		list &&
		`one of ${list.groups.length} separate recipes in one block, not a sequence (${list.why}): run only the one you need`;
	const states = stateBefore(groups.map(group => group.commands));
	return groups.map(({commands: own, elsewhere}, index) => {
		// A step cut after a command that passes state on (cd, export, VAR=…, . env) runs that command first
		// too: the operator following the block has it in their shell (`cd /etc/nginx/sites-enabled`, then
		// `# Option 1` `rm default` must not remove ~/default).
		const state = states[index]!;
		const group = [...state, ...own];
		// One group: the block as written, comments and all (the plan shows what the author wrote).
		const code =
			groups.length === 1
				? written
				: [
						...state.map(command => lines.slice(command.firstLine, command.lastLine + 1).join('\n')),
						lines.slice(own[0]!.firstLine, own.at(-1)!.lastLine + 1).join('\n'),
					].join('\n');
		const note = own
			.map(
				command =>
					replaceNoteOf(lines, command) ??
					exampleNoteOf(lines, command, text => findPlaceholders(text, 'shell').length),
			)
			.find(Boolean);
		if (note) return replaceReading(code, note);
		const template = own.length === 1 ? templateOf(own[0]!, commands) : undefined;
		if (template)
			return {
				kind: 'show',
				code,
				commands: [],
				reason: `an example of line ${template.firstLine + 1}'s command with its blanks filled in (${quote(template.text.trim())}): run that one with your values`,
			};
		if (elsewhere)
			return {
				kind: 'show',
				code,
				commands: [],
				reason: `line ${elsewhere.line + 1} says these commands are for another ${elsewhere.place} (${quote(elsewhere.text)}): run them there`,
			};
		const reading = hostReading(
			code,
			group.map(c => c.text),
			written,
		);
		return choice && reading.kind === 'shell' ? {...reading, choice} : reading;
	});
}

function readAsTranscript(lines: string[], written: string, rootPrompts: boolean): BlockReading[] {
	const transcript = readTranscript(lines, startsLikeCommand, rootPrompts);
	const printed = printedValues(lines, transcript.otherLines);
	return readTranscriptCommands(lines, written, rootPrompts, transcript).map(reading =>
		printed.length > 0 ? {...reading, printed} : reading,
	);
}

function readTranscriptCommands(
	lines: string[],
	written: string,
	rootPrompts: boolean,
	transcript: Transcript,
): BlockReading[] {
	const show = (reason: string): BlockReading[] => [{kind: 'show', code: written, commands: [], reason}];
	if (transcript.windows) return show(`${transcript.windows} commands: not run on a Unix host`);
	if (transcript.repl)
		return show(
			`input for ${transcript.repl.program} (line ${transcript.repl.line + 1}: ${quote(transcript.repl.text)}), not for the host's shell: type it there`,
		);
	if (transcript.unterminated !== undefined)
		return show(
			`the command on line ${transcript.unterminated + 1} never ends in the block (a here-document or a quote left open): its extent is a guess`,
		);
	if (transcript.commands.length === 0) return show('looks like output: no prompt with a command');
	// `Are you sure …? [y/N]: y`, `Candidate ['a', 'b'] []: b`: the transcript answers questions asked at the terminal.
	const answered = lines.findIndex(line =>
		/(?:\[(?:y\/n|yes\/no)\]|\[[^\]\n]*\]\s*\[[^\]\n]*\]|\?\s*\[[^\]\n]*\])\s*:\s*\S+\s*$/i.test(line),
	);
	if (answered !== -1)
		return [
			{
				kind: 'show',
				code: written,
				commands: [],
				interactive: true,
				reason: `interactive: line ${answered + 1} answers a question the command asks at the terminal (${quote(lines[answered]!.trim())}): run it in your own terminal`,
			},
		];
	// `patroni-01 $ … resume` then `workstation $ knife ssh …`: each command is for the machine its prompt names.
	const machines = [...new Set(transcript.commands.flatMap(command => command.machine ?? []))];
	if (machines.length > 1)
		return show(`commands for different machines (${machines.join(', ')}): run each where its prompt says`);
	for (const command of transcript.commands) {
		const split = backslashThenSpace(command.text);
		if (split !== undefined) return show(backslashReason(command.firstLine + split));
	}
	// `/var/lib/zk/data$ rm -R ./version-2/`: the prompt says where the command runs, and its paths are relative to that.
	const inDirectory = transcript.commands.find(
		command => command.directory !== undefined && relativePaths(command.text),
	);
	if (inDirectory)
		return show(
			`line ${inDirectory.firstLine + 1} runs in ${quote(inDirectory.directory!)}, as its prompt says, and names paths relative to it: run it there yourself`,
		);
	const items = transcript.commands.map(c => ({...c}));
	// `$ # or, in an emergency:` is a comment typed at the prompt: it marks alternatives as a comment line does.
	const remarks = lines.map(line => {
		const prompt = matchPrompt(line, startsLikeCommand, rootPrompts);
		return prompt?.kind === 'shell' && prompt.command.startsWith('#') ? prompt.command : line;
	});
	const groups = splitAlternatives(remarks, items, shellComment)
		.flatMap(group => conditionsApart(group))
		.flatMap(group => notedLinesApart(group))
		.flatMap(group => valuesApart(remarks, group, shellComment, passesState, blankNames))
		.flatMap(group => undoneApart(group, passesState));
	const states = stateBefore(groups);
	return groups.map((own, index) => {
		const group = [...states[index]!, ...own];
		const note = group
			.map(command => exampleNoteOf(lines, command, text => findPlaceholders(text, 'shell').length))
			.find(Boolean);
		if (note) return replaceReading(group.map(c => c.text).join('\n'), note);
		const reading = hostReading(
			group.map(c => c.text).join('\n'),
			group.map(c => c.text),
			written,
		);
		return machines[0] === undefined ? reading : {...reading, machine: machines[0]};
	});
}

/**
 * The earlier command of the block this one is an instance of: the same words, its blanks (`<job-name>`,
 * `NAMESPACE`) filled with example values (`kubectl create job --from=cronjob/nightly nightly-manual`).
 */
function templateOf(command: ShellCommand, commands: ShellCommand[]): ShellCommand | undefined {
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
function stateBefore<T extends {text: string}>(groups: T[][]): T[][] {
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
function blankNames(text: string): string[] {
	return findPlaceholders(text, 'shell')
		.filter(placeholder => placeholder.style !== 'variable' && placeholder.style !== 'literal')
		.map(placeholder => placeholder.name);
}

// psql's own commands (`\\l`, `\\dt+`, `\\c db`, `\\i file.sql`) written in a shell block; not the
// shell's `\\rm` or `\\cp`, which skip an alias.
const psqlMetaCommand =
	/^\\(?:[cCilsxqaopfhHtTwz]|l\+|d[a-zA-Z]{0,3}\+?|conninfo|connect|copy|echo|encoding|errverbose|g|gx|gexec|gset|ir|lo_\w+|password|prompt|pset|qecho|set|setenv|timing|unset|watch|ef|ev|sf|sv|!|\?)(?:\s|$)/;

const waitsForWords: Record<NonNullable<Interactive['waitsFor']>, string> = {
	password: 'asks for a password at the terminal',
	editor: 'opens an editor',
	input: 'waits for someone to type',
};

/** Host commands, unless one of them needs a terminal. */
function hostReading(code: string, commands: string[], written: string): BlockReading {
	for (const command of commands) {
		const note = noteInParentheses(command);
		if (note)
			return {
				kind: 'show',
				code: written,
				commands: [],
				reason: `${quote(note)} is a note, not shell: the shell would stop at it with a syntax error (after running the lines before it); put in what it says and run it yourself`,
			};
		const arrow = noteAfterArrow(command);
		if (arrow)
			return {
				kind: 'show',
				code: written,
				commands: [],
				reason: `${quote(arrow)} is a note, not shell: the shell would read \`<\` as a redirection and the note's words as arguments; run the command yourself`,
			};
		const optional = optionalInBrackets(command);
		if (optional)
			return {
				kind: 'show',
				code: written,
				commands: [],
				reason: `${quote(optional)} is an optional part written in brackets, as a synopsis writes it: put in what you need and run it yourself`,
			};
	}
	const interactive = findInteractive(code);
	if (!interactive) return {kind: 'shell', code, commands};
	const after = commands.slice(commands.findIndex(c => c.includes(interactive.command)) + 1);
	const exits = after.some(c => /^\s*(?:exit|logout)\b/.test(c));
	const waits = interactive.waitsFor;
	const reason = interactive.opensShell
		? `interactive: ${quote(interactive.command)} opens a shell${after.length > 0 ? ', and the lines after it are typed there' : ''}: do it in your own terminal`
		: interactive.endsAlone
			? `interactive: ${quote(interactive.command)} asks for a terminal (-t), and pg-ops runs steps without one (the tool refuses): run it in your own terminal`
			: waits
				? `interactive: ${quote(interactive.command)} ${waitsForWords[waits]}: run it in your own terminal`
				: `interactive: ${quote(interactive.command)} needs a terminal: open it in your own`;
	return {
		kind: 'show',
		code: written,
		commands: [],
		reason,
		interactive: true,
		opensShell:
			interactive.opensShell && !exits && !(switchesUser.test(interactive.command) && after.length > 0)
				? interactive.command
				: undefined,
	};
}

/** The block's first command starts with a name an earlier block made an alias of (`k get pods`). */
function startsWithAlias(lines: string[], aliases: ReadonlySet<string> | undefined): boolean {
	const first = lines.map(line => line.trim()).find(line => line !== '' && !line.startsWith('#'));
	return first !== undefined && aliases !== undefined && aliases.has(first.split(/\s+/)[0]!);
}

/** `INFO all`, `CONFIG GET *`, `MONITOR`: a console's commands in upper case; no shell command is spelt so. */
function consoleInput(line: string): boolean {
	const first = line.trim().split(/\s+/)[0] ?? '';
	return /^[A-Z][A-Z_]{2,}$/.test(first) && !/=/.test(first);
}

function backslashReason(line: number): string {
	return `line ${line + 1} ends in \`\\\` and a space: the shell ends the command there, not on the next line as it reads (remove the space)`;
}
