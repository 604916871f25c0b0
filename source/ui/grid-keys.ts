// The panes' keys (the grid, nothing open over it): focus, move, filter, details, and the action keys,
// which act on the selected row (on a fleet its host, or every host of a summary line).
import {focusedPaneOf, type Intent, type KeyPress} from '../core/intents.js';
import {procedureSpecs, takesService} from '../core/procedures/specs.js';
import {paneSpecs} from '../core/pane-specs/registry.js';
import type {ConsoleController} from '../engine/console-engine.js';
import type {ConsoleState} from '../engine/store.js';
import type {ProcedureOptions} from '../engine/procedures/options.js';
import type {ViewAction, ViewState} from './hooks/use-console-view.js';
import {isFleet, paneView, type ViewRow} from './fleet/pane-view.js';
import {fleetActionRefusal, fleetEnter, fleetProcedureOptions} from './fleet/fleet-keys.js';
import {fleetPaneSpec} from './fleet/fleet-pane-specs.js';
import {shownPanes} from './layout.js';
import {rowDetailScreens} from './row-detail.js';

export type GridKeyContext = {
	engine: ConsoleController;
	/** The latest state and view (the previous key may not have been drawn yet). */
	state: ConsoleState;
	view: ViewState;
	/** The focused pane's rows as shown, and the selected one's index. */
	rows: ViewRow[];
	selected: number;
	dispatch(action: ViewAction): void;
	quit(): void;
	act(intent: Intent, options: ProcedureOptions, refusal?: string): void;
};

export function gridKey(intent: Intent, press: KeyPress, context: GridKeyContext): void {
	const {engine, state: current, view, rows: focusedRows, selected, dispatch, quit, act} = context;
	const selectedRow = focusedRows[selected];
	const fleet = isFleet(current);
	switch (intent.id) {
		case 'quit':
			return quit();
		case 'focusPane': {
			const pane = focusedPaneOf(press.input)!;
			if (!shownPanes(current.panes).includes(pane))
				return engine.notify(
					`${press.input} ${paneSpecs[pane].title}: not configured on ${current.env.name} (no ${pane} section in pg-ops.yaml)`,
					'warning',
				);
			return dispatch({type: 'focus', pane});
		}
		case 'focusNext':
			return dispatch({type: 'focusStep', by: 1, panes: shownPanes(current.panes)});
		case 'focusPrevious':
			return dispatch({type: 'focusStep', by: -1, panes: shownPanes(current.panes)});
		case 'down':
			return dispatch({type: 'move', by: 1, rows: focusedRows});
		case 'up':
			return dispatch({type: 'move', by: -1, rows: focusedRows});
		case 'help':
			return dispatch({type: 'open', screen: 'help'});
		case 'filter':
			return dispatch({type: 'open', screen: 'filter'});
		case 'command':
			return dispatch({type: 'open', screen: 'command'});
		case 'switchEnv':
			return dispatch({type: 'open', screen: 'env'});
		case 'refresh':
			engine.notify('refreshing every pane now', 'info', 'refreshed');
			return void engine.refreshNow();
		case 'back':
			// One level at a time: the filter, then a fleet's expanded healthy hosts.
			if (view.filters[view.focus]) dispatch({type: 'filterClear'});
			else if (fleet && fleetPaneSpec(view.focus)?.foldsHealthyHosts && view.expanded)
				dispatch({type: 'toggleExpanded'});
			return;
		case 'details': {
			if (!selectedRow) return;
			if (fleet && selectedRow.kind) {
				const enter = fleetEnter(selectedRow);
				if (enter.kind === 'host') return dispatch({type: 'openHost', host: enter.host});
				if (enter.kind === 'filter') return dispatch({type: 'filterSet', text: enter.text});
				// The healthy hosts take the collapsed line's place: the first of them is selected.
				if (enter.kind === 'expand')
					return dispatch({
						type: 'toggleExpanded',
						select: paneView(current, view.focus, view.filters[view.focus] || undefined, true).rows[selected],
					});
				if (enter.kind === 'none') return;
			}
			rowDetailScreens[paneSpecs[view.focus].rowDetail].opened(engine, selectedRow.key);
			return dispatch({type: 'open', screen: 'detail'});
		}
		default: {
			if (intent.group !== 'action') return;
			// A procedure that takes a service acts on the selected one when its pane has focus; the engine picks otherwise
			// (its default). On a fleet the selected row also names the host (or, a summary line, every host).
			const refusal =
				fleet && intent.procedure ? fleetActionRefusal(intent.procedure, view.focus, selectedRow) : undefined;
			const chosen =
				fleet && intent.procedure
					? fleetProcedureOptions(intent.procedure, view.focus, selectedRow)
					: intent.procedure &&
						  takesService(intent.procedure) &&
						  view.focus === procedureSpecs[intent.procedure].servicePane &&
						  selectedRow
						? {service: selectedRow.key}
						: {};
			act(intent, chosen, refusal);
		}
	}
}
