// The keys of a fleet host's detail (and of a service opened from it), and their `?` help.
import {actionAvailability, intents, type Intent} from '../../core/intents.js';
import type {ProcedureName} from '../../core/procedures/plan.js';
import type {ProcedureOptions} from '../../engine/procedures/options.js';
import type {ConsoleController} from '../../engine/console-engine.js';
import type {HelpContext} from '../HelpScreen.js';
import type {ViewAction, ViewState} from '../hooks/use-console-view.js';
import {hostRestartRefusal} from './fleet-keys.js';
import {takesHost, takesService} from '../../core/procedures/specs.js';

type Context = {
	intent: Intent;
	ctrl: boolean;
	view: ViewState;
	/** The host's services, in the order shown. */
	services: string[];
	engine: ConsoleController;
	dispatch(action: ViewAction): void;
	/** Runs an action key the way the panes do (read-only and "coming" refusals first, then `refusal`). */
	act(intent: Intent, options: ProcedureOptions, refusal?: string): void;
	quit(): void;
};

export function handleHostKey({intent, ctrl, view, services, engine, dispatch, act, quit}: Context): void {
	const host = view.host!;
	const backs = intent.id === 'back' || intent.id === 'help' || (intent.id === 'quit' && !ctrl);
	if (intent.id === 'quit' && ctrl) return quit();
	if (view.screen === 'hostService' || view.screen === 'hostHelp') {
		if (!backs) return;
		if (view.screen === 'hostService') engine.closeDetail();
		return dispatch({type: 'open', screen: 'host'});
	}
	const service = services[Math.min(view.hostSelected, Math.max(0, services.length - 1))];
	switch (intent.id) {
		case 'back':
		case 'quit':
			return dispatch({type: 'close'});
		case 'help':
			return dispatch({type: 'open', screen: 'hostHelp'});
		case 'down':
			return dispatch({type: 'hostMove', by: 1, rowCount: services.length});
		case 'up':
			return dispatch({type: 'hostMove', by: -1, rowCount: services.length});
		case 'refresh':
			engine.notify(`refreshing ${host} now`);
			return void engine.refreshNow();
		case 'details':
			if (!service) return;
			void engine.showServiceLogs(service, host);
			return dispatch({type: 'open', screen: 'hostService'});
		default:
			if (intent.group !== 'action' || intent.checklist) return; // checklists open from the panes
			if (!intent.procedure) return;
			if (takesService(intent.procedure))
				return service ? act(intent, {service, host}) : act(intent, {host}, hostRestartRefusal);
			return act(intent, takesHost(intent.procedure) ? {host} : {});
	}
}

/** `?` in a host's detail: its keys, and why any action is off. */
export function hostHelp(host: string, readOnly: boolean, runnable: ReadonlySet<ProcedureName>): HelpContext {
	const off = new Map<string, string[]>();
	for (const intent of intents.filter(i => i.group === 'action' && !i.checklist)) {
		const availability = actionAvailability(intent, readOnly, runnable);
		if (!availability.available)
			off.set(availability.reason, [...(off.get(availability.reason) ?? []), intent.keys]);
	}
	return {
		title: `pg-ops keys: host ${host}`,
		groups: [
			{
				title: 'This host',
				rows: [
					{keys: 'j / k', description: 'select a service'},
					{keys: 'enter', description: "the service's details and recent logs on this host"},
					{keys: 'ctrl+r', description: 'refresh now'},
					{keys: 'esc / q', description: 'back to the panes'},
					{keys: 'ctrl+c', description: 'quit'},
				],
			},
			{
				title: 'Act on this host',
				rows: [
					{keys: 'r', description: 'restart the selected service on this host only'},
					{keys: 'b t s', description: 'restore a backup, rotate the token, switch the slot: on this host'},
					{keys: 'x', description: 'reset stuck ETL jobs (in the database, not per host)'},
				],
			},
		],
		notes: [
			`While this view is open only ${host} is refreshed; the other hosts pause and catch up when you go back.`,
			...[...off].map(([reason, keys]) => `${keys.join(' ')}: ${reason}`),
		],
	};
}
