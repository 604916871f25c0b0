// What a pane shows and what j/k move over, for one host (the pane's own table, as always) and for a
// fleet (the services and disk panes aggregated per host: core/format/fleet-*.ts).
import {fleetDiskTable, type FleetDiskTable} from '../../core/format/fleet-disk.js';
import {parseFleetFilter, narrowedHosts} from '../../core/format/fleet-filter.js';
import {fleetHosts, type FleetRow} from '../../core/format/fleet-hosts.js';
import {fleetServicesTable} from '../../core/format/fleet-services.js';
import {paneTable, type Column, type Row} from '../../core/format/pane-table.js';
import type {Level} from '../../core/levels.js';
import type {PaneData, PaneId, PaneStatus} from '../../core/panes.js';
import type {ConsoleState} from '../../engine/store.js';

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

/** fleetPanes: the panes a fleet aggregates per host; the others show the environment's one reading, as on one host. */
const fleetPanes = new Set<PaneId>(['services', 'disk']);

export function paneView(
	state: ConsoleState,
	id: PaneId,
	filter: string | undefined,
	expanded = false,
): PaneView {
	const pane = state.panes[id];
	if (!pane.data) return {columns: [], rows: [], before: [], after: []};
	if (isFleet(state) && fleetPanes.has(id)) {
		const hosts = state.fleet?.hosts;
		// The services table has no status of its own (its summary lines are the engine's, or recounted): the disk table's shape covers both.
		const table: FleetDiskTable =
			id === 'services'
				? fleetServicesTable({
						data: pane.data as PaneData['services'],
						hosts,
						now: state.now,
						filter,
						expanded,
					})
				: fleetDiskTable({data: pane.data as PaneData['disk'], hosts, filter, now: state.now});
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
	if (!filter || !isFleet(state) || !fleetPanes.has(id) || !data) return undefined;
	const hostNames = fleetHosts(state.fleet?.hosts, itemHosts(id, data)).map(h => h.name);
	const exact =
		id === 'services'
			? [
					...(data as PaneData['services']).items.map(i => i.name),
					...((data as PaneData['services']).fleet ?? []).map(s => s.name),
				]
			: (data as PaneData['disk']).items.map(m => m.mount);
	return narrowedHosts(parseFleetFilter(filter, hostNames, exact), hostNames);
}

function itemHosts(id: PaneId, data: PaneData[PaneId]): string[] {
	const items = id === 'services' ? (data as PaneData['services']).items : (data as PaneData['disk']).items;
	return items.map(i => i.host).filter((host): host is string => host !== undefined);
}

/** The lines a pane would fill with everything shown: its error (up to two lines), lines above, filter line, rows. */
export function paneLines(pane: ConsoleState['panes'][PaneId], view: PaneView): number {
	return (
		(pane.error ? 2 : 0) + (pane.data ? view.before.length + (view.filterNote ? 1 : 0) + view.rows.length : 1)
	);
}
