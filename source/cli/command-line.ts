// Parses argv against the flag table with Node's own parser: no dependency to load before
// `--version` can answer, and an unknown or incomplete flag is a usage error naming it.
import {parseArgs, type ParseArgsConfig} from 'node:util';
import {camelCase, flagSpecs, type CliFlags} from './flags.js';

/** A command line that can't mean anything: one line, and a pointer to --help. */
export class UsageError extends Error {}

export type CommandLine = {input: string[]; flags: CliFlags};

export function parseCommandLine(args: string[]): CommandLine {
	const options: NonNullable<ParseArgsConfig['options']> = {};
	for (const [name, spec] of Object.entries(flagSpecs))
		options[name] = {
			type: spec.type,
			...('multiple' in spec ? {multiple: true} : {}),
			...('short' in spec ? {short: spec.short} : {}),
		};
	let parsed: ReturnType<typeof parseArgs>;
	try {
		parsed = parseArgs({args, options, allowPositionals: true, strict: true});
	} catch (error) {
		throw new UsageError(describeParseError(error));
	}
	const flags: Record<string, unknown> = {};
	for (const [name, spec] of Object.entries(flagSpecs)) {
		const value = parsed.values[name];
		flags[camelCase(name)] =
			spec.type === 'boolean' ? value === true : 'multiple' in spec ? (value ?? []) : value;
	}
	return {input: parsed.positionals, flags: flags as CliFlags};
}

// Node's messages suggest `--` for positionals and quote oddly; say what was wrong in pg-ops' words.
function describeParseError(error: unknown): string {
	const code = (error as {code?: string}).code;
	const message = error instanceof Error ? error.message : String(error);
	const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
	if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) return `unknown option ${flag}`;
	if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag)
		return /argument missing|ambiguous/.test(message)
			? `${flag} needs a value`
			: `${flag} takes no value (it is a switch)`;
	return message;
}
