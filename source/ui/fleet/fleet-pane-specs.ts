// The panes a fleet aggregates per host (services, disk), each one entry: its table, the hosts its
// rows name, the names a filter may match exactly, and what of it the screen shows beyond its
// one-host table. Generic code asks this registry, never a pane's name.
import {fleetDiskTable, type FleetDiskTable} from '../../core/format/fleet-disk.js';
import {fleetServicesTable} from '../../core/format/fleet-services.js';
import type {FleetHost} from '../../core/fleet/types.js';
import type {PaneData, PaneId} from '../../core/panes.js';

type TableInput<Data> = {
	data: Data;
	hosts: readonly FleetHost[] | undefined;
	now: number;
	filter: string | undefined;
	expanded: boolean;
};

type FleetPaneSpec<Data> = {
	/** Its healthy hosts fold into one line that enter unfolds (and esc folds again). */
	foldsHealthyHosts: boolean;
	/** The services table has no status of its own (its summary lines are the engine's, or recounted): the disk table's shape covers both. */
	table(input: TableInput<Data>): FleetDiskTable;
	/** The hosts its rows are about. */
	itemHosts(data: Data): Array<string | undefined>;
	/** Names a filter matches exactly (a service, a mount point) rather than as a host pattern. */
	exactNames(data: Data): string[];
	/** For the redraw key: which host each row is from and the per-host summary, without timings. */
	visibleKey(data: Data): unknown;
};

export type FleetPaneId = 'services' | 'disk';

const fleetPaneSpecs: {[Id in FleetPaneId]: FleetPaneSpec<PaneData[Id]>} = {
	services: {
		foldsHealthyHosts: true,
		table: ({data, hosts, now, filter, expanded}) => fleetServicesTable({data, hosts, now, filter, expanded}),
		itemHosts: data => data.items.map(i => i.host),
		exactNames: data => [...data.items.map(i => i.name), ...(data.fleet ?? []).map(s => s.name)],
		visibleKey: data => ({
			hosts: data.items.map(i => [i.host, i.detail]),
			summary: data.fleet?.map(s => ({...s, health: s.health && {ok: s.health.ok, status: s.health.status}})),
		}),
	},
	disk: {
		foldsHealthyHosts: false,
		table: ({data, hosts, now, filter}) => fleetDiskTable({data, hosts, filter, now}),
		itemHosts: data => data.items.map(i => i.host),
		exactNames: data => data.items.map(m => m.mount),
		visibleKey: data => ({hosts: data.items.map(i => i.host), largest: data.largest.map(d => d.host)}),
	},
};

/**
 * The fleet spec of a pane with its data, or undefined for a pane a fleet shows as on one host. The
 * data is the pane's own (PaneState<Id>), so the spec and the data agree by construction.
 */
export function fleetPaneSpec(id: PaneId): FleetPaneSpec<PaneData[PaneId]> | undefined {
	return id in fleetPaneSpecs
		? (fleetPaneSpecs[id as FleetPaneId] as FleetPaneSpec<PaneData[PaneId]>)
		: undefined;
}
