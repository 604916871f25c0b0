// The commands pg-ops takes and what their first argument is, for the shell completions; cli/dispatch.ts
// runs them. Names of procedures, actions and subcommands come from their own registries when asked.

export type CommandArgument =
	'procedures' | 'incident-actions' | 'maintenance-actions' | 'markdown-files' | readonly string[];

export const commandSpecs = {
	status: {},
	run: {argument: 'procedures'},
	audit: {},
	incident: {argument: 'incident-actions'},
	maintenance: {argument: 'maintenance-actions'},
	runbook: {argument: 'markdown-files'},
	init: {},
	demo: {argument: ['start', 'stop']},
	examples: {},
	completion: {argument: ['bash', 'zsh', 'fish']},
} as const satisfies Record<string, {argument?: CommandArgument}>;

export type CommandName = keyof typeof commandSpecs;
