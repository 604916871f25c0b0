// Every command-line flag pg-ops takes, as data: the parser (command-line.ts), the shell completions
// (completion-scripts.ts) and the test that --help names them all read this one table.

export type FlagSpec = {
	type: 'string' | 'boolean';
	/** A string flag that may be given more than once. */
	multiple?: true;
	/** What a shell offers after a string flag. */
	completes?: 'files' | 'directories' | 'environments' | 'severities';
	/** One letter that means the same. */
	short?: string;
};

export const flagSpecs = {
	config: {type: 'string', completes: 'files'},
	env: {type: 'string', completes: 'environments'},
	'read-only': {type: 'boolean'},
	json: {type: 'boolean'},
	dir: {type: 'string', completes: 'directories'},
	demo: {type: 'boolean'},
	'trust-host-key': {type: 'string'},
	service: {type: 'string'},
	host: {type: 'string'},
	backup: {type: 'string'},
	secret: {type: 'string'},
	input: {type: 'string', multiple: true},
	yes: {type: 'boolean'},
	'dry-run': {type: 'boolean'},
	list: {type: 'boolean'},
	'break-lock': {type: 'boolean'},
	severity: {type: 'string', completes: 'severities'},
	title: {type: 'string'},
	summary: {type: 'string'},
	'left-open': {type: 'string', multiple: true},
	reason: {type: 'string'},
	last: {type: 'string'},
	since: {type: 'string'},
	procedure: {type: 'string'},
	correlation: {type: 'string'},
	reverse: {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean'},
} as const satisfies Record<string, FlagSpec>;

export type FlagName = keyof typeof flagSpecs;

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
	? `${Head}${Capitalize<CamelCase<Tail>>}`
	: S;
type FlagValue<F extends FlagSpec> = F['type'] extends 'boolean'
	? boolean
	: F extends {multiple: true}
		? string[]
		: string | undefined;

/** The parsed flags, camelCased (`--read-only` is `readOnly`): booleans default to false, repeatable flags to []. */
export type CliFlags = {
	-readonly [K in FlagName as CamelCase<K>]: FlagValue<(typeof flagSpecs)[K]>;
};

export function camelCase(name: string): string {
	return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
