// The console's `:` commands (after k9s' and vim's command line), as data: one typed table of what
// each command is called, takes and means. Parsing is pure: a line and the names the console knows
// (environments, hosts, services) give a command to dispatch or the words that say what is wrong.
// The UI dispatches (ui/command-line/run-command.ts); a new command is a row here and a handler
// there, and the compiler names both.
import {procedureNames, type ProcedureName} from '../procedures/plan.js';
import {procedureSpecs, type RowOption} from '../procedures/specs.js';

/** What a command may name, as the console knows it now. hosts: a fleet's (empty on one host). */
export type CommandContext = {
	envName: string;
	environments: readonly string[];
	hosts: readonly string[];
	services: readonly string[];
	/** The team's own actions (`actions:` in the config): `:run NAME` runs one as its key does. */
	actions?: readonly string[];
};

export type Command =
	| {name: 'env'; env: string}
	| {name: 'host'; host: string}
	| {name: 'run'; procedure: ProcedureName; options: Partial<Record<RowOption, string>>}
	/** A team's action; host: on a fleet, the host it runs on. */
	| {name: 'run'; action: string; options: {host?: string}}
	/** host: on a fleet, one host's logs; without, every host's merged. */
	| {name: 'logs'; service: string; host?: string}
	| {name: 'incident'}
	| {name: 'quit'};

export type CommandName = Command['name'];

type Parsed<N extends CommandName> = Extract<Command, {name: N}> | {error: string};

export type CommandSpec<N extends CommandName> = {
	/** How it is written, for the help and for a usage error: ":run NAME [ARGS]". */
	usage: string;
	description: string;
	/** Other words for it (":quit" for ":q"). */
	aliases?: readonly string[];
	parse(args: readonly string[], context: CommandContext): Parsed<N>;
};

export const commandSpecs: {[N in CommandName]: CommandSpec<N>} = {
	env: {
		usage: ':env NAME',
		description: 'switch to environment NAME',
		parse: (args, context) => {
			const [name, ...rest] = args;
			if (!name || rest.length > 0) return usageError('env');
			const known = oneOf(name, context.environments, 'environment');
			return typeof known === 'string' ? {name: 'env', env: known} : known;
		},
	},
	host: {
		usage: ':host NAME',
		description: "a fleet host's detail",
		parse: (args, context) => {
			const [name, ...rest] = args;
			if (!name || rest.length > 0) return usageError('host');
			if (context.hosts.length === 0) return {error: `:host: ${context.envName} has one host, not a fleet`};
			const known = oneOf(name, context.hosts, 'host');
			return typeof known === 'string' ? {name: 'host', host: known} : known;
		},
	},
	run: {
		usage: ':run NAME [ARGS]',
		description: 'a procedure or action: plan it, then confirm (as its key)',
		parse: (args, context) => {
			const [procedure, ...rest] = args;
			const actions = context.actions ?? [];
			const runnable = [...procedureNames, ...actions].join(', ');
			const what = actions.length > 0 ? 'procedure or action' : 'procedure';
			if (!procedure) return usageError('run', `${what}s: ${runnable}`);
			if (actions.includes(procedure)) return parseAction(procedure, rest, context);
			if (!isProcedure(procedure)) return {error: `unknown ${what} ${procedure}; known: ${runnable}`};
			// Its arguments are the options it takes from a selected row, in the order its spec lists them.
			const takes = procedureSpecs[procedure].rowOptions.filter(
				option => option !== 'host' || context.hosts.length > 0,
			);
			if (rest.length > takes.length)
				return {
					error: `:run ${procedure} takes ${takes.length === 0 ? 'nothing' : takes.map(t => t.toUpperCase()).join(' ')}; "${rest.slice(takes.length).join(' ')}" is too much`,
				};
			// Exact names only: what a procedure acts on is never guessed from a prefix.
			const options: Partial<Record<RowOption, string>> = {};
			for (const [index, value] of rest.entries()) {
				const option = takes[index]!;
				const known = oneOf(value, option === 'host' ? context.hosts : context.services, option, 'exact');
				if (typeof known !== 'string') return known;
				options[option] = known;
			}
			// On a fleet its key needs a row naming the service (else it would roll the first one over every host).
			if (
				context.hosts.length > 0 &&
				procedureSpecs[procedure].fleetNeedsRow &&
				takes[0] &&
				!options[takes[0]]
			)
				return {
					error: `:run ${procedure} on a fleet names its ${takes[0]}: :run ${procedure} ${takes.map(t => t.toUpperCase()).join(' ')}`,
				};
			return {name: 'run', procedure, options};
		},
	},
	logs: {
		usage: ':logs SERVICE',
		description: 'its logs (a fleet: every host, merged)',
		parse: (args, context) => {
			const [service, host, ...rest] = args;
			if (!service || rest.length > 0 || (host !== undefined && context.hosts.length === 0))
				return usageError('logs', context.hosts.length > 0 ? 'or :logs SERVICE HOST' : undefined);
			const known = oneOf(service, context.services, 'service');
			if (typeof known !== 'string') return known;
			if (host === undefined) return {name: 'logs', service: known};
			const onHost = oneOf(host, context.hosts, 'host');
			return typeof onHost === 'string' ? {name: 'logs', service: known, host: onHost} : onHost;
		},
	},
	incident: {
		usage: ':incident',
		description: 'open or work the incident (as i)',
		parse: args => (args.length > 0 ? usageError('incident') : {name: 'incident'}),
	},
	quit: {
		usage: ':q',
		description: 'quit (as q)',
		aliases: ['q', 'quit'],
		parse: args => (args.length > 0 ? usageError('quit') : {name: 'quit'}),
	},
};

export const commandNames = Object.keys(commandSpecs) as CommandName[];

/** The words that call each command: its name unless it has aliases (":q" is what is shown). */
const callWords = (name: CommandName): readonly string[] =>
	(commandSpecs[name] as CommandSpec<CommandName>).aliases ?? [name];

/** ":env :host :run :logs :incident :q", for an unknown command's message. */
export const knownCommands = commandNames.map(name => `:${callWords(name)[0]}`).join(' ');

export type ParsedLine =
	{kind: 'empty'} | {kind: 'command'; command: Command} | {kind: 'error'; message: string};

/** A typed line (with or without its leading ":") as the command it names, or what is wrong with it. */
export function parseCommandLine(line: string, context: CommandContext): ParsedLine {
	const [word, ...args] = line.replace(/^:/, '').trim().split(/\s+/).filter(Boolean);
	if (word === undefined) return {kind: 'empty'};
	const name = commandNames.find(n => callWords(n).includes(word));
	if (!name) return {kind: 'error', message: `unknown command :${word}; known: ${knownCommands}`};
	const parsed = (commandSpecs[name] as CommandSpec<CommandName>).parse(args, context);
	return 'error' in parsed ? {kind: 'error', message: parsed.error} : {kind: 'command', command: parsed};
}

// A team action's inputs are typed in its form (as after its key): the line names only where it runs.
function parseAction(action: string, rest: readonly string[], context: CommandContext): Parsed<'run'> {
	const [host, ...more] = rest;
	if (host === undefined) return {name: 'run', action, options: {}};
	if (context.hosts.length === 0 || more.length > 0)
		return {
			error: `:run ${action} takes ${context.hosts.length > 0 ? 'HOST at most' : 'nothing'} (its inputs are asked next); "${rest.join(' ')}" is too much`,
		};
	const known = oneOf(host, context.hosts, 'host', 'exact');
	return typeof known === 'string' ? {name: 'run', action, options: {host: known}} : known;
}

const isProcedure = (word: string): word is ProcedureName =>
	(procedureNames as readonly string[]).includes(word);

function usageError(name: CommandName, also?: string): {error: string} {
	return {error: `usage: ${commandSpecs[name].usage}${also ? ` (${also})` : ''}`};
}

/**
 * A name the console knows: exactly, else (unless `exact`) the one name it is the start of. Else
 * the error lists the known names (the first 6 of many: the line fits 80 columns), or the ones it is the start of.
 */
function oneOf(
	word: string,
	known: readonly string[],
	what: string,
	match: 'prefix' | 'exact' = 'prefix',
): string | {error: string} {
	if (known.includes(word)) return word;
	const starting = match === 'exact' ? [] : known.filter(name => name.startsWith(word));
	if (starting.length === 1) return starting[0]!;
	const listed = starting.length > 1 ? starting : known;
	const names =
		listed.length > 6 ? `${listed.slice(0, 6).join(', ')}, … (${listed.length})` : listed.join(', ');
	return {
		error:
			starting.length > 1
				? `${what} ${word} is the start of ${starting.length}: ${names}`
				: `unknown ${what} ${word}; known: ${names || 'none'}`,
	};
}
