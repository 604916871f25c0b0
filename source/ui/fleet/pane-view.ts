// What a pane shows and what j/k move over, for one host (the pane's own table, as always) and for a
// fleet (the services and disk panes aggregated per host: core/format/fleet-*.ts).
import {parseFleetFilter, narrowedHosts} from '../../core/format/fleet-filter.js';
import {fleetHosts, type FleetRow} from '../../core/format/fleet-hosts.js';
import {paneTable, type Column, type Row} from '../../core/format/pane-table.js';
import type {Level} from '../../core/levels.js';
import type {PaneId, PaneStatus} from '../../core/panes.js';
import type {ConsoleState} from '../../engine/store.js';
import {fleetPaneSpec} from './fleet-pane-specs.js';

/** A table row; span: its last cell runs to the end of the line. */
export type ViewRow = Row & Partial<Omit<FleetRow, keyof Row>>;

export type PaneView = {
	columns: Column[];
	rows: ViewRow[];
	before: Array<{text: string; level: Level}>;
	after: Array<{text: string; level: Level}>;
	/** "filter: orch (1 of 3)", "filter: app-07 (1 of 40 hosts)". */
	filterNote?: string;
	/** After the title, when a filter narrows a fleet's hosts: "(3 of 100 hosts)". */
	titleNote?: string;
	/** The status the title says when it is not the engine's: a fleet disk pane narrowed to some hosts says theirs. */
	status?: PaneStatus;
	/** After the status word: "(older)" when only older figures (paused or silent hosts) make it that bad. */
	statusNote?: string;
};

const isLevel = (status: PaneStatus) => status === 'ok' || status === 'warning' || status === 'critical';

export const isFleet = (state: ConsoleState) => state.env.hostCount > 1;

export function paneView(
	state: ConsoleState,
	id: PaneId,
	filter: string | undefined,
	expanded = false,
): PaneView {
	const pane = state.panes[id];
	if (!pane.data) return {columns: [], rows: [], before: [], after: []};
	// A pane a fleet aggregates per host (fleet-pane-specs.ts); the others show the environment's one reading, as on one host.
	const spec = isFleet(state) ? fleetPaneSpec(id) : undefined;
	if (spec) {
		const table = spec.table({data: pane.data, hosts: state.fleet?.hosts, now: state.now, filter, expanded});
		const hostsNote = !table.narrowed
			? undefined
			: table.narrowed.length === 0
				? 'no host matches'
				: `${table.hosts.shown} of ${table.hosts.total} hosts`;
		// The word in the title agrees with the rows: an error or loading stays the engine's to say.
		const status = table.status && isLevel(pane.status) ? table.status : undefined;
		const {olderLevel} = table;
		return {
			columns: table.columns,
			rows: table.rows,
			before: table.before,
			after: table.after,
			filterNote: filter ? `filter: ${filter} (${hostsNote ?? `${table.rows.length} rows`})` : undefined,
			titleNote: hostsNote && `(${hostsNote})`,
			...(status ? {status} : {}),
			...(olderLevel && olderLevel === (status ?? pane.status) ? {statusNote: '(older)'} : {}),
		};
	}
	const table = paneTable(id, pane.data, state.now);
	if (!filter) return table;
	const needle = filter.toLowerCase();
	const rows = table.rows.filter(r => r.filterText.toLowerCase().includes(needle));
	return {...table, rows, filterNote: `filter: ${filter} (${rows.length} of ${table.rows.length})`};
}

/** The hosts a pane's filter narrows a fleet to; undefined when it names none (or on one host). */
export function narrowedBy(
	state: ConsoleState,
	id: PaneId,
	filter: string | undefined,
): string[] | undefined {
	const data = state.panes[id].data;
	const spec = isFleet(state) ? fleetPaneSpec(id) : undefined;
	if (!filter || !spec || !data) return undefined;
	const itemHosts = spec.itemHosts(data).filter((host): host is string => host !== undefined);
	const hostNames = fleetHosts(state.fleet?.hosts, itemHosts).map(h => h.name);
	return narrowedHosts(parseFleetFilter(filter, hostNames, spec.exactNames(data)), hostNames);
}

/** The lines a pane would fill with everything shown: its error (up to two lines), lines above, filter line, rows. */
export function paneLines(pane: ConsoleState['panes'][PaneId], view: PaneView): number {
	return (
		(pane.error ? 2 : 0) + (pane.data ? view.before.length + (view.filterNote ? 1 : 0) + view.rows.length : 1)
	);
}
