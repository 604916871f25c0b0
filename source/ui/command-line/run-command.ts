// The `:` command line's side in the UI: what the console knows for parsing (core/command-line/),
// and one handler per command, in a table the compiler checks against the commands' names. Each
// handler does what the command's key does (the same refusals, the same previewed and confirmed
// procedure flow): the console passes those in as `CommandActions`.
import type {Command, CommandContext, CommandName} from '../../core/command-line/commands.js';
import type {PaneData} from '../../core/panes.js';
import type {RowOption} from '../../core/procedures/specs.js';
import type {ProcedureName} from '../../core/procedures/plan.js';
import type {ConsoleState} from '../../engine/store.js';
import {isFleet} from '../fleet/pane-view.js';

/** What the commands do, as the console does it for its keys. */
export type CommandActions = {
	switchEnv(name: string): void;
	openHost(host: string): void;
	/** The procedure's key with these options (or, for one without a key, the same flow). */
	runProcedure(name: ProcedureName, options: Partial<Record<RowOption, string>>): void;
	/** A team action, as its key (its form asks the inputs). */
	runAction(name: string, options: {host?: string}): void;
	/** One host: the service's detail and logs. A fleet: one host's (host), or every host's merged. */
	showLogs(service: string, host?: string): void;
	openIncident(): void;
	quit(): void;
};

type Handlers = {[N in CommandName]: (command: Extract<Command, {name: N}>, actions: CommandActions) => void};

const commandHandlers: Handlers = {
	env: (command, actions) => actions.switchEnv(command.env),
	host: (command, actions) => actions.openHost(command.host),
	run: (command, actions) =>
		'action' in command
			? actions.runAction(command.action, command.options)
			: actions.runProcedure(command.procedure, command.options),
	logs: (command, actions) => actions.showLogs(command.service, command.host),
	incident: (_command, actions) => actions.openIncident(),
	quit: (_command, actions) => actions.quit(),
};

export function runCommand(command: Command, actions: CommandActions): void {
	(commandHandlers[command.name] as (command: Command, actions: CommandActions) => void)(command, actions);
}

/** The names a command may use now: the config's environments, a fleet's hosts, the services the pane lists. */
export function commandContext(
	state: ConsoleState,
	environments: readonly string[],
	actions: readonly string[] = [],
): CommandContext {
	const services = state.panes.services.data as PaneData['services'] | undefined;
	const names = [...(services?.items ?? []).map(i => i.name), ...(services?.fleet ?? []).map(s => s.name)];
	return {
		envName: state.env.name,
		environments,
		hosts: isFleet(state) ? (state.fleet?.hosts ?? []).map(h => h.name) : [],
		services: [...new Set(names)],
		actions,
	};
}

/** The lines entered at `:` this session: the console's root keeps one across environment switches. */
export type CommandHistory = {entries: string[]};
