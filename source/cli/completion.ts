// Shell completion. `pg-ops completion bash|zsh|fish` prints a small script; on every tab the script
// asks `pg-ops __complete INDEX WORD...`, and this file answers from the same tables the CLI runs on:
// the flags (flags.ts), the commands (commands.ts), the environments and actions of the config in
// use, the procedures' registry and the checklists' subcommands. Its first line says what the shell
// completes: `words` (the lines after it), `files` or `directories`.
import {printOut} from '../adapters/plain-output.js';
import {UsageError} from './command-line.js';
import {commandSpecs, type CommandArgument} from './commands.js';
import {completionScripts, type Shell} from './completion-scripts.js';
import {flagSpecs, type CliFlags, type FlagName, type FlagSpec} from './flags.js';

export type Completion = {kind: 'words'; words: string[]} | {kind: 'files'} | {kind: 'directories'};

/** Where names that depend on the config come from; `answerCompletion` reads them from the config file in use. */
export type NameSource = {
	environments(config?: string): Promise<string[]>;
	procedures(config?: string, env?: string): Promise<string[]>;
	subcommands(of: 'incident-actions' | 'maintenance-actions'): Promise<readonly string[]>;
	severities(): Promise<readonly string[]>;
};

/** `pg-ops completion SHELL`: the script to source. */
export function runCompletionCommand(args: string[], _flags: CliFlags): number {
	const shell = args[0];
	if (!isShell(shell)) throw new UsageError('completion needs a shell: pg-ops completion bash|zsh|fish');
	printOut(completionScripts[shell]);
	return 0;
}

/** `pg-ops __complete INDEX WORD...` (the scripts' question): prints the directive and the candidates. */
export async function answerCompletion(args: string[]): Promise<number> {
	const [index, ...words] = args;
	const completion = await completeWords(words, Number(index), configNames);
	printOut([completion.kind, ...(completion.kind === 'words' ? completion.words : [])].join('\n') + '\n');
	return 0;
}

/** What may stand at words[index] (words[0] is the program); the words before it decide. */
export async function completeWords(words: string[], index: number, names: NameSource): Promise<Completion> {
	const at = Number.isInteger(index) && index > 0 ? index : words.length;
	const current = words[at] ?? '';
	const read = readWords(words.slice(1, at));
	// --config and --env count wherever they stand, after the cursor too.
	const values = {...readWords(words.slice(at + 1)).values, ...read.values};
	const matching = (candidates: readonly string[]): Completion => ({
		kind: 'words',
		words: [...new Set(candidates)].filter(word => word.startsWith(current)),
	});
	if (read.pendingFlag) {
		const spec: FlagSpec = flagSpecs[read.pendingFlag];
		switch (spec.type === 'string' ? ('completes' in spec ? spec.completes : undefined) : undefined) {
			case 'files':
				return {kind: 'files'};
			case 'directories':
				return {kind: 'directories'};
			case 'environments':
				return matching(await names.environments(values.config));
			case 'severities':
				return matching(await names.severities());
			case undefined:
				return matching([]);
		}
	}
	if (current.startsWith('-')) return matching(Object.keys(flagSpecs).map(name => `--${name}`));
	const [command, ...args] = read.positionals;
	if (command === undefined) return matching(Object.keys(commandSpecs));
	const spec: {argument?: CommandArgument} | undefined = commandSpecs[command as keyof typeof commandSpecs];
	if (!spec?.argument || args.length > 0) return matching([]);
	const argument = spec.argument;
	if (typeof argument !== 'string') return matching(argument);
	switch (argument) {
		case 'procedures':
			return matching(await names.procedures(values.config, values.env));
		case 'incident-actions':
		case 'maintenance-actions':
			return matching(await names.subcommands(argument));
		case 'markdown-files':
			return {kind: 'files'};
	}
}

/** The positionals and flag values among the words, and a string flag still waiting for its value. */
function readWords(words: string[]): {
	positionals: string[];
	values: Partial<Record<FlagName, string>>;
	pendingFlag?: FlagName;
} {
	const positionals: string[] = [];
	const values: Partial<Record<FlagName, string>> = {};
	let pendingFlag: FlagName | undefined;
	for (const word of words) {
		if (pendingFlag) {
			values[pendingFlag] = word;
			pendingFlag = undefined;
		} else if (word.startsWith('--')) {
			const [name, value] = word.slice(2).split(/=(.*)/s);
			if (!isFlag(name)) continue;
			if (value !== undefined) values[name] = value;
			else if (flagSpecs[name].type === 'string') pendingFlag = name;
		} else if (!word.startsWith('-')) positionals.push(word);
	}
	return {positionals, values, pendingFlag};
}

function isFlag(name: string | undefined): name is FlagName {
	return name !== undefined && Object.hasOwn(flagSpecs, name);
}

function isShell(name: string | undefined): name is Shell {
	return name !== undefined && Object.hasOwn(completionScripts, name);
}

// Names from the config file in use, and from the registries (config-names.ts, loaded only for them).
const configNames: NameSource = {
	async environments(config) {
		return (await import('./config-names.js')).environmentNames(config);
	},
	async procedures(config, env) {
		return (await import('./config-names.js')).procedureNames(config, env);
	},
	async subcommands(of) {
		if (of === 'incident-actions') return (await import('../modes/incident.js')).incidentActions;
		return (await import('../modes/maintenance.js')).maintenanceActions;
	},
	async severities() {
		return (await import('../core/config/schema.js')).severityNames;
	},
};
