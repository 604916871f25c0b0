// Readings of a fleet's status and refreshes for the engine's tests on the lab's fleet
// (test/integration/fleet-pgops-tests.ts): its panes, hosts and the SLO as the demo seeds it.
import type {FleetHost, FleetState} from '../../source/core/fleet/types.js';
import type {PaneData} from '../../source/core/panes.js';
import type {CollectedStatus} from '../../source/engine/status-report.js';
import type {Runtime} from '../../source/engine/runtime.js';
import {runRefresh} from '../../source/engine/refresh.js';

export const servicesOf = (status: CollectedStatus) => status.panes.services.data as PaneData['services'];
export const diskOf = (status: CollectedStatus) => status.panes.disk.data as PaneData['disk'];
export const sloOf = (status: CollectedStatus) => status.panes.slo.data as PaneData['slo'] | undefined;
/** The demo's seeded figures (availability 99.62%, p95 420 ms, errors 2.4%), as rate() over a short window reads them. */
export const sloBands = {
	availability: (v: number) => v > 95 && v <= 100,
	p95: (v: number) => Math.abs(v - 420) <= 50,
	errorRate: (v: number) => Math.abs(v - 2.4) <= 0.5,
};
export const sloSettled = (slo: PaneData['slo'] | undefined) =>
	slo?.items.length === 3 && slo.items.every(item => sloBands[item.name](item.value));
/** Each pane's status and error: what an 'error' verdict (a pane not read) rests on. */
export const panesRead = (status: CollectedStatus) =>
	JSON.stringify(
		Object.entries(status.panes)
			.filter(([, pane]) => pane.configured)
			.map(([id, pane]) => `${id} ${pane.status}${pane.error ? `: ${pane.error}` : ''}`),
	);
export const hostOf = (status: CollectedStatus, name: string) =>
	status.fleet!.hosts.find(h => h.name === name)!;

export type Refreshed = {
	panes: Map<string, {status: string; data?: unknown; error?: string}>;
	fleet: FleetState;
	startedAt: number;
};

/** One one-shot refresh of every host over a runtime (as status and a procedure's snapshots refresh). */
export async function refreshOnce(runtime: Runtime): Promise<Refreshed> {
	const panes: Refreshed['panes'] = new Map();
	let fleet: FleetState | undefined;
	const startedAt = Date.now();
	await runRefresh(runtime, {onPane: report => panes.set(report.pane, report), onFleet: f => (fleet = f)});
	if (!fleet) throw new Error('the refresh reported no fleet state');
	return {panes, fleet, startedAt};
}

export const named = (fleet: FleetState, name: string) => fleet.hosts.find(h => h.name === name)!;
export const answeredStatus = (host: FleetHost) =>
	host.status === 'ok' || host.status === 'warning' || host.status === 'critical';
export const summaryOf = (refreshed: Refreshed, service: string) =>
	(refreshed.panes.get('services')!.data as PaneData['services']).fleet!.find(s => s.name === service)!;

/** Asks `check` every 500 ms until it holds, or fails after `timeoutMs`. */
export async function waitForAsync(
	check: () => Promise<boolean>,
	timeoutMs: number,
	what: string,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 500));
	}
}
