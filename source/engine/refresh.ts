// One refresh of every pane: each host's shell sections in ONE batch exec on that host (at most
// fleet.concurrency hosts at once), the environment's HTTP, SQL and Prometheus probes once beside
// them; each pane is reported once all of its readings are in (engine/fleet/fleet-refresher.ts).
import type {PaneData, PaneId, PaneStatus, SlotInfo} from '../core/panes.js';
import type {FleetState} from '../core/fleet/types.js';
import type {Runtime} from './runtime.js';
import {FleetRefresher} from './fleet/fleet-refresher.js';

export {batchPrelude} from './fleet/host-batch.js';

export type PaneReport = {
	pane: PaneId;
	configured: boolean;
	status: PaneStatus;
	data?: PaneData[PaneId];
	error?: string;
	/** When the data was taken, when that is not now (a pane read from Prometheus: its oldest sample's scrape). */
	dataAt?: number;
};

export type RefreshListener = {
	onPane(report: PaneReport): void;
	onSlot?(slot: SlotInfo | undefined): void;
	/** Fleets (more than one host): every host's state and the summary, once all hosts have answered or timed out. */
	onFleet?(fleet: FleetState): void;
};

/** A full refresh of every host and probe, once (status, a procedure's before/after snapshot, the bench). */
export async function runRefresh(
	runtime: Runtime,
	listener: RefreshListener,
	now = Date.now(),
): Promise<void> {
	const refresher = new FleetRefresher(runtime, listener, {progressive: false, now});
	try {
		await refresher.refresh();
	} finally {
		refresher.dispose();
	}
}
