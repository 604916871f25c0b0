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
import {kubectlResult} from './output-lines.js';
import {cheatSheet, passesUnrepeatableState} from './cheat-sheet.js';
import {planApplyApart} from './plan-apart.js';
import {verbVariantsApart} from './verb-variants.js';
import {
	consoleLanguages,
	readsAsCommands,
	shellLanguages,
	sqlLanguages,
	startsLikeCommand,
} from './classify.js';
import {blankNames, carriedStateProblem, stateBefore, templateOf} from './earlier-commands.js';
import {backslashReason, hostReading} from './host-reading.js';
import {machineOpenedBy} from './remote-machine.js';
import {findInteractive} from './interactive.js';
import {notTheHostsShell, programInput} from './program-input.js';
import {whatReadsPrinted} from './printed-output.js';
import {slashNotesAsComments} from './shell-notes.js';
import {foreignSegmentsApart, segmentCode} from './foreign-segments.js';
import {backslashThenSpace, shellCommands, type ShellCommand} from './shell-commands.js';
import {stepGroups} from './step-groups.js';
import {commandsUnderAnotherLabel, everyLineACommand} from './fence-labels.js';
import {dialectLanguages, type SqlDialect} from './sql-dialect.js';
import {dialectNames, quote, readSql, readsAsSql, replaceReading} from './read-sql.js';
import {findPlaceholders} from './placeholders.js';
import {readAsTranscript} from './read-transcript.js';
import {startsWithMachinePrompt, startsWithPrompt} from './transcript.js';
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
	/** Typed in a shell opened on another machine: runs only there (RunbookStep.onMachine). */
	onMachine?: {name: string; why: string};
	/** The machine its transcript's prompts name (`ncn-m001#`, `postgres@db-2:~$`), when they name one. */
	machine?: string;
	/** Generated identifiers its transcript printed (`abcdef123456`): examples wherever the runbook uses them. */
	printed?: string[];
};

export type BlockContext = {
	/** The one database the runbook is about, when it names one. */
	dialect?: SqlDialect;
	/** The shell an earlier block left open, the line of that block, and the machine it is on when it names one (`ssh HOST`). */
	innerShell?: {command: string; line: number; machine?: string; said?: true};
	/** The prose just before the block ("Useful commands:"). */
	prose?: string[];
	/** The runbook's title or a heading above the block, when it calls the runbook a list ("Reference Card"). */
	listTitle?: string;
	/** The block's own heading calls its section a list of commands ("Quick Reference Commands"). */
	listHeading?: boolean;
	/** The 1-based line of the block's opening fence (or list item), for reasons that point back to it. */
	line?: number;
	/** Names earlier blocks define with `alias k=kubectl`: commands when a block starts with one. */
	aliases?: ReadonlySet<string>;
};

// Statements of some SQL dialect whose first word is also a shell command or builtin.
const sqlKeywordFirst =
	/^\s*(?:kill|show|use|set|reset|call|do|begin|commit|rollback|explain|describe|desc|analyze|optimize|check|repair|flush|load|source|select|insert|update|delete|create|drop|alter|grant|revoke|truncate|vacuum|reindex|cluster|lock|unlock|prepare|execute|listen|notify|copy|comment|checkpoint|discard|fetch|move|close|declare|help|status|exit|quit)\b/i;

const markupLanguages = new Set(['html', 'xml']);
const windowsLanguages = new Set(['powershell', 'ps1', 'pwsh', 'ps', 'cmd', 'bat', 'batch', 'posh']);

export function readBlock(language: string, lines: string[], context: BlockContext = {}): BlockReading[] {
	const written = lines.join('\n');
	const shown = (reason: string, extra: Partial<BlockReading> = {}): BlockReading[] => [
		{kind: 'show', code: written, commands: [], reason, ...extra},
	];
	const machine = context.innerShell?.machine;
	if (machine !== undefined) {
		// Read as the machine's own commands; they run only there. SQL typed there is no SQL step here.
		const {command: opener, line: openedAt} = context.innerShell!;
		const onMachine = {name: machine, why: `line ${openedAt} opened \`${opener}\``};
		const own = lines.filter(line => line.trim() !== '' && !/^\s*#/.test(line));
		if (own.length > 0 && own.every(line => /^\s*(?:exit|logout)\s*$/.test(line)))
			return shown(`it closes the shell \`${opener}\` opened (line ${openedAt}): nothing to run here`);
		return readBlock(language, lines, {...context, innerShell: undefined}).map(reading =>
			reading.kind === 'shell'
				? {...reading, onMachine: reading.onMachine ?? onMachine}
				: reading.kind === 'sql'
					? {
							kind: 'show',
							code: written,
							commands: [],
							reason: `typed in the shell \`${opener}\` opened (line ${openedAt}), not through this environment's database connection: run it there yourself`,
						}
					: reading,
		);
	}
	if (context.innerShell)
		return shown(
			context.innerShell.said
				? `typed in the shell the runbook says to open ("${context.innerShell.command}", before line ${context.innerShell.line}), not on the host: run it there yourself`
				: `typed in the shell \`${context.innerShell.command}\` opened (line ${context.innerShell.line}), not on the host: run it there yourself`,
		);
	// ```sql around `psql -h db -c "SHOW POOLS;"` or `pg_lsclusters`: the author labelled by subject; the
	// shell runs these. Not a statement ending in `;`, nor one whose first word the shell has too (MySQL's
	// `kill 1234` would kill a process of the host's, `source dump.sql` run a file as shell).
	if (
		sqlLanguages.has(language) &&
		!readsAsSql(lines) &&
		everyLineACommand(lines) &&
		!lines.some(line => /;\s*$/.test(line) || sqlKeywordFirst.test(line))
	)
		return readBlock('sh', lines, context);
	if (sqlLanguages.has(language)) return readSql(lines, context);
	const dialect = dialectLanguages[language];
	if (dialect) return shown(`${dialectNames[dialect]} SQL: pg-ops runs SQL on PostgreSQL only`);
	if (windowsLanguages.has(language))
		return shown(`a ${language} block: Windows commands, not run on a Unix host`);
	const console = consoleLanguages.has(language);
	const shell = shellLanguages.has(language);
	if (commandsUnderAnotherLabel(language, lines)) return readBlock('', lines, context);
	if (!console && !shell && language !== '') {
		// A session pasted under a markup label (```html around `[root@db-1 ~]# df -h` and its output).
		// Only there: under `text`, `log` or `output` a pasted session is what happened, maybe what not to repeat.
		if (markupLanguages.has(language) && startsWithMachinePrompt(lines, startsLikeCommand))
			return readAsTranscript(lines, written, true);
		return shown(`a ${language} block: not commands to run`);
	}
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
	// `start_smartd=yes`, `dataDir=/data/zookeeper` or `Restart=on-failure` alone: a configuration file's lines
	// (an environment variable in capitals, `NS=shop`, is the shell's); run, they would change nothing.
	const meaningful = lines.filter(line => line.trim() !== '' && !/^\s*#/.test(line));
	if (
		!console &&
		meaningful.length > 0 &&
		meaningful.every(line => /^\s*(?:[a-z][A-Za-z0-9_]*|[A-Z][a-z][A-Za-z0-9]*)=\S*\s*$/.test(line))
	)
		return shown('only name=value lines: a configuration file, not commands to run');
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
		if (readsAsSql(lines)) {
			// `create database app` and then `pg_restore … -d app`: the SQL, then the shell's command, each its own.
			const cut = lines.findIndex(
				(line, k) => k > 0 && /^\S/.test(line) && readsAsCommands([line]) && !readsAsSql([line]),
			);
			const before = cut === -1 ? [] : readSql(lines.slice(0, cut), context);
			// Only after PostgreSQL's own SQL: notes of another database's (shown) are shown whole.
			return cut === -1 || before.some(reading => reading.kind !== 'sql')
				? readSql(lines, context)
				: [...before, ...readBlock('', lines.slice(cut), context)];
		}
		if (!readsAsCommands(lines) && !startsWithAlias(lines, context.aliases))
			return shown('not labelled as shell, and it does not read as commands');
	}
	return readShell(lines, written, context);
}

function readShell(asWritten: string[], writtenAs: string, context: BlockContext): BlockReading[] {
	const lines = slashNotesAsComments(asWritten);
	const written = lines.some((line, k) => line !== asWritten[k]) ? lines.join('\n') : writtenAs;
	const split = backslashThenSpace(written);
	if (split !== undefined)
		return [{kind: 'show', code: written, commands: [], reason: backslashReason(split)}];
	// A bare `OR` between two commands marks alternatives; it is no command of its own.
	// `kubectl patch …` then `pvc/data-0 patched`: the line kubectl printed, shown after the command, not run.
	const commands = shellCommands(written).filter(
		(command, index) =>
			!/^\s*or\s*:?\s*$/i.test(command.text) && !(index > 0 && kubectlResult.test(command.text.trim())),
	);
	const recipes = foreignSegmentsApart(lines, commands, programInput, startsLikeCommand);
	if (recipes)
		return recipes.flatMap(recipe =>
			readShell(recipe, recipe.join('\n'), context).map(reading => ({
				...reading,
				code: segmentCode(reading.code),
			})),
		);
	// `cat /proc/mdstat` and the table it printed: the look runs, its answer is the author's.
	const printed = whatReadsPrinted(commands);
	if (printed) {
		const kept = lines.filter(
			(_, k) => !printed.some(output => k >= output.firstLine && k <= output.lastLine),
		);
		return readShell(kept, kept.join('\n'), context);
	}
	const notTheHosts = notTheHostsShell(commands);
	if (notTheHosts) return [{kind: 'show', code: written, commands: [], reason: notTheHosts}];
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
	const onMachine = opened?.opensShell
		? openedOnMachine(lines, commands, opened.command, context)
		: undefined;
	if (onMachine) return onMachine;
	const opensSession =
		opened !== undefined && opened.waitsFor === undefined && !opened.endsAlone && !opened.fullScreen;
	const list = opensSession
		? undefined
		: cheatSheet(lines, commands, context.prose, context.listTitle, context.listHeading);
	const groups = stepGroups(
		lines,
		list?.groups.flatMap(group => verbVariantsApart(group)) ??
			(opensSession
				? [commands]
				: splitAlternatives(lines, commands, shellComment)
						.flatMap(group => conditionsApart(group))
						.flatMap(group => notedLinesApart(group))
						.flatMap(group => systemsApart(group))
						.flatMap(group =>
							changesApart(lines, group, shellComment, passesUnrepeatableState)
								.flatMap(part => valuesApart(lines, part, shellComment, passesUnrepeatableState, blankNames))
								.flatMap(part => undoneApart(part, passesUnrepeatableState))
								.flatMap(part => verbVariantsApart(part))
								.flatMap(part => planApplyApart(part)),
						)),
	);
	const choice =
		list &&
		`one of ${groups.length} separate recipes in one block, not a sequence (${list.why}): run only the one you need`;
	const states = stateBefore(groups.map(group => group.commands));
	const carried = carriedStateProblem(
		groups.map(group => group.commands),
		states,
	);
	if (carried) return [{kind: 'show', code: written, commands: [], reason: carried}];
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

/**
 * `ssh es-node-4` among other commands: those before it are the host's, the ssh is the operator's to
 * open, and those after it (with no `exit`) are the machine's, run only there. Undefined when the
 * block does not split so (no machine named, an `exit` after it, the ssh alone).
 */
function openedOnMachine(
	lines: string[],
	commands: ShellCommand[],
	opener: string,
	context: BlockContext,
): BlockReading[] | undefined {
	const machine = machineOpenedBy(opener);
	const at = commands.findIndex(command => command.text.includes(opener));
	if (machine === undefined || at === -1 || context.line === undefined) return undefined;
	const after = commands.slice(at + 1);
	if (after.some(command => /^\s*(?:exit|logout)\b/.test(command.text)) || (at === 0 && after.length === 0))
		return undefined;
	const part = (from: number, to: number) => lines.slice(from, to);
	const {firstLine, lastLine} = commands[at]!;
	const openerCode = part(firstLine, lastLine + 1).join('\n');
	const inner = {command: commands[at]!.text.trim(), line: context.line, machine};
	return [
		...(at > 0 ? readShell(part(0, firstLine), part(0, firstLine).join('\n'), context) : []),
		hostReading(openerCode, [commands[at]!.text], openerCode),
		...(after.length > 0
			? readBlock('sh', part(lastLine + 1, lines.length), {...context, innerShell: inner})
			: []),
	];
}

/** The block's first command starts with a name an earlier block made an alias of (`k get pods`). */
function startsWithAlias(lines: string[], aliases: ReadonlySet<string> | undefined): boolean {
	const first = lines.map(line => line.trim()).find(line => line !== '' && !line.startsWith('#'));
	return first !== undefined && aliases !== undefined && aliases.has(first.split(/\s+/)[0]!);
}
