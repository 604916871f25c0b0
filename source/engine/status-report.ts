// `pg-ops status`: every pane's data once, as the JSON document automation reads.
import type {NamedEnvironment} from '../core/config/schema.js';
import {paneIds, type PaneId, type PaneState, type SlotInfo} from '../core/panes.js';
import {overallStatus, type OverallStatus} from '../core/policy/overall.js';
import {createRuntime, type RuntimeOptions} from './runtime.js';
import {runRefresh} from './refresh.js';
import {initialPanes} from './store.js';

export type StatusReport = {
	status: OverallStatus;
	env: string;
	transport: string;
	host: string;
	checkedAt: string;
	readOnly: boolean;
	slot: (Omit<SlotInfo, 'linkTarget'> & {current?: string}) | null;
	panes: Record<PaneId, {status: PaneState['status'] | 'not-configured'; items: unknown[]; error?: string} & Record<string, unknown>>;
};

export async function collectStatus(env: NamedEnvironment, options: RuntimeOptions = {}): Promise<{report: StatusReport; panes: Record<PaneId, PaneState>; slot?: SlotInfo}> {
	const runtime = createRuntime(env, options);
	const panes = initialPanes();
	let slot: SlotInfo | undefined;
	try {
		await runRefresh(runtime, {
			onPane: r => {
				panes[r.pane] = {id: r.pane, status: r.status, data: r.data, error: r.error, stale: false, configured: r.configured, updatedAt: Date.now()};
			},
			onSlot: s => {
				slot = s;
			},
		});
	} finally {
		await runtime.close();
	}
	return {report: toReport(env, runtime.host.label, runtime.readOnly, panes, slot), panes, slot};
}

function toReport(env: NamedEnvironment, host: string, readOnly: boolean, panes: Record<PaneId, PaneState>, slot: SlotInfo | undefined): StatusReport {
	const out = {} as StatusReport['panes'];
	for (const id of paneIds) {
		const pane = panes[id];
		if (!pane.configured) {
			out[id] = {status: 'not-configured', items: []};
			continue;
		}
		const {items = [], ...rest} = (pane.data ?? {}) as {items?: unknown[]} & Record<string, unknown>;
		out[id] = {status: pane.status, items, ...rest, ...(pane.error ? {error: pane.error} : {})};
	}
	return {
		status: overallStatus(Object.values(panes)),
		env: env.name,
		transport: env.transport,
		host,
		checkedAt: new Date().toISOString(),
		readOnly,
		slot: slot ? {current: slot.release, release: slot.release, runningVersion: slot.runningVersion, runningSha: slot.runningSha, deployedSha: slot.deployedSha, ...(slot.error ? {error: slot.error} : {})} : null,
		panes: out,
	};
}
