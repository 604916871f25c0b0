// What the console's action keys and its `:` commands do (ConsoleApp hands them the keys' intents
// and the commands' arguments): an action is refused with its reason (read-only, not built, what to
// select first), a checklist opens its screen, a procedure opens its plan to confirm. A command does
// what its key does, through the same `act`.
import {actionAvailability, intents, type Intent} from '../core/intents.js';
import {hostServiceTable} from '../core/format/fleet-host-detail.js';
import type {PaneData} from '../core/panes.js';
import type {ConsoleController} from '../engine/console-engine.js';
import type {ConsoleState} from '../engine/store.js';
import type {ProcedureOptions} from '../engine/procedures/options.js';
import type {ViewAction} from './hooks/use-console-view.js';
import type {CommandActions} from './command-line/run-command.js';
import {isFleet} from './fleet/pane-view.js';
import {shownChecklists} from './shown-checklists.js';
import {startOrPick} from './procedures/start-procedure.js';

type Deps = {
	engine: ConsoleController;
	dispatch(action: ViewAction): void;
	onSwitchEnv(name: string): void;
	quit(): void;
	/** Fleets: the hosts the operator is looking at now (a kept filter's), undefined for every host. */
	hostsShown(): string[] | undefined;
	/** A team action, as its key opens it (refused read-only unless it only reads; its form next). */
	openTeamAction(name: string, options: {host?: string}): void;
};

export function consoleActions({engine, dispatch, onSwitchEnv, quit, hostsShown, openTeamAction}: Deps) {
	// An action key: refused with the reason when read-only or not built, then with `refusal` (what to
	// select first); a checklist opens its screen; a procedure starts.
	const act = (intent: Intent, options: ProcedureOptions, refusal?: string) => {
		const current = engine.store.getSnapshot();
		const availability = actionAvailability(
			intent,
			engine.readOnly,
			engine.procedures,
			shownChecklists(current),
		);
		// Refused before anything is asked (a window's purpose, an incident's title): read-only mode asks for nothing it would refuse.
		if (!availability.available)
			return engine.notify(
				intent.checklist
					? `${intent.keys}: ${availability.reason}; nothing was opened`
					: `${intent.keys} ${intent.description}: ${availability.reason}; nothing was run`,
				'warning',
			);
		if (refusal)
			return engine.notify(`${intent.keys} ${intent.description}: ${refusal}; nothing was run`, 'warning');
		if (intent.checklist === 'maintenance') {
			if (!engine.maintenance)
				return engine.notify(
					`${intent.keys} ${intent.description}: coming in a later version; nothing was run`,
					'warning',
				);
			return dispatch({type: 'open', screen: 'maintenance'});
		}
		if (intent.checklist === 'incident') {
			if (!engine.incident)
				return engine.notify(
					`${intent.keys} ${intent.description}: not available in this console; nothing was opened`,
					'warning',
				);
			return dispatch({type: 'open', screen: 'incident'});
		}
		if (!intent.procedure) return;
		startOrPick(engine, intent.procedure, options);
	};

	// What the `:` commands do: each what its key does (ui/command-line/run-command.ts).
	const commandActions = (current: ConsoleState): CommandActions => ({
		switchEnv: name =>
			name === current.env.name ? engine.notify(`:env ${name}: already open`) : onSwitchEnv(name),
		openHost: host => dispatch({type: 'openHost', host}),
		runProcedure: (name, options) => {
			const intent = intents.find(i => i.procedure === name);
			if (intent) return act(intent, options);
			if (!engine.procedures.has(name))
				return engine.notify(`:run ${name}: coming in a later version; nothing was run`, 'warning');
			engine.startProcedure(name, options);
		},
		runAction: openTeamAction,
		showLogs: (service, host) => {
			if (!isFleet(current)) {
				void engine.showServiceLogs(service);
				return dispatch({type: 'showRow', pane: 'services', key: service, screen: 'detail'});
			}
			if (host) {
				const services = current.panes.services.data as PaneData['services'] | undefined;
				const index = hostServiceTable(services, host, current.now).rows.findIndex(
					r => r.service === service,
				);
				if (index < 0) return engine.notify(`:logs: ${host} lists no ${service}`, 'warning');
				void engine.showServiceLogs(service, host);
				return dispatch({type: 'openHostService', host, index});
			}
			if (!engine.showFleetServiceLogs)
				return engine.notify(`:logs ${service}: not available in this console`, 'warning');
			void engine.showFleetServiceLogs(service, hostsShown());
			dispatch({type: 'open', screen: 'fleetLogs'});
		},
		openIncident: () =>
			act(
				intents.find(i => i.id === 'incident')!,
				{},
			),
		quit,
	});

	return {act, commandActions};
}
