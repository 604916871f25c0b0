// `pg-ops status`: every pane's data once, as the JSON document automation reads.
import type {NamedEnvironment} from '../core/config/schema.js';
import {paneIds, type PaneId, type PaneState, type SlotInfo} from '../core/panes.js';
import {checksNothing, nothingToCheck, overallStatus, type OverallStatus} from '../core/policy/overall.js';
import type {FleetHost, FleetState, FleetSummary} from '../core/fleet/types.js';
import {createRuntime, type RuntimeOptions} from './runtime.js';
import {runRefresh} from './refresh.js';
import {initialPanes} from './store.js';
import {trace} from '../adapters/trace.js';

export type StatusReport = {
	status: OverallStatus;
	env: string;
	transport: string;
	/** The host's user@name; a fleet's "N hosts". */
	host: string;
	checkedAt: string;
	readOnly: boolean;
	slot: (Omit<SlotInfo, 'linkTarget'> & {current?: string}) | null;
	panes: Record<
		PaneId,
		{status: PaneState['status'] | 'not-configured'; items: unknown[]; error?: string} & Record<
			string,
			unknown
		>
	>;
	/** Fleets only: the summary and each host's state (items in the panes carry `host`). */
	fleet?: {
		summary: FleetSummary;
		hosts: Array<
			Pick<
				FleetHost,
				'name' | 'label' | 'status' | 'level' | 'problems' | 'ms' | 'error' | 'release' | 'source' | 'note'
			> & {scrapedAt?: string}
		>;
	};
	/** Only when there are any: `hosts` entries that matched nothing or repeated a host. */
	warnings?: string[];
	/** Why the verdict is error when it is not a pane's: nothing is configured to check. */
	error?: string;
};

export type CollectedStatus = {
	report: StatusReport;
	panes: Record<PaneId, PaneState>;
	slot?: SlotInfo;
	fleet?: FleetState;
	warnings: string[];
};

export async function collectStatus(
	env: NamedEnvironment,
	options: RuntimeOptions = {},
): Promise<CollectedStatus> {
	const runtime = createRuntime(env, options);
	const panes = initialPanes();
	let slot: SlotInfo | undefined;
	let fleet: FleetState | undefined;
	try {
		await runRefresh(runtime, {
			onPane: r => {
				trace(`pane ${r.pane}: ${r.status}`);
				panes[r.pane] = {
					id: r.pane,
					status: r.status,
					data: r.data,
					error: r.error,
					stale: false,
					configured: r.configured,
					updatedAt: Math.min(Date.now(), r.dataAt ?? Date.now()),
				};
			},
			onSlot: s => {
				slot = s;
			},
			onFleet: f => {
				fleet = f;
			},
		});
	} finally {
		trace('refresh done');
		await runtime.close();
		trace('runtime closed');
	}
	// Expansion problems only: an ssh_config line pg-ops skipped is no news for automation.
	const warnings = runtime.warnings.filter(w => w.startsWith(`environments.${env.name}.hosts`));
	const hostLabel = runtime.fleet ? `${runtime.hosts.length} hosts` : runtime.host.label;
	return {
		report: toReport(env, hostLabel, runtime.readOnly, panes, slot, fleet, warnings),
		panes,
		slot,
		fleet,
		warnings,
	};
}

function toReport(
	env: NamedEnvironment,
	host: string,
	readOnly: boolean,
	panes: Record<PaneId, PaneState>,
	slot: SlotInfo | undefined,
	fleet: FleetState | undefined,
	warnings: string[],
): StatusReport {
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
	let status = overallStatus(Object.values(panes));
	// A host that did not answer is a problem even when every pane that did answer is fine.
	if (
		fleet &&
		status === 'healthy' &&
		fleet.summary.unreachable + fleet.summary.slow + (fleet.summary.stale ?? 0) > 0
	)
		status = 'unhealthy';
	return {
		status,
		env: env.name,
		transport: env.transport,
		host,
		checkedAt: new Date().toISOString(),
		readOnly,
		slot: slot
			? {
					current: slot.release,
					release: slot.release,
					runningVersion: slot.runningVersion,
					runningSha: slot.runningSha,
					deployedSha: slot.deployedSha,
					...(slot.releases ? {releases: slot.releases} : {}),
					...(slot.error ? {error: slot.error} : {}),
				}
			: null,
		panes: out,
		...(fleet
			? {
					fleet: {
						summary: fleet.summary,
						hosts: fleet.hosts.map(h => ({
							name: h.name,
							label: h.label,
							status: h.status,
							level: h.level,
							problems: h.problems,
							ms: h.ms,
							error: h.error,
							release: h.release,
							// An environment reading Prometheus: where the host's rows came from, and how old they are.
							...(h.source ? {source: h.source} : {}),
							...(h.note ? {note: h.note} : {}),
							...(h.scrapedAt !== undefined ? {scrapedAt: new Date(h.scrapedAt).toISOString()} : {}),
						})),
					},
				}
			: {}),
		...(checksNothing(Object.values(panes)) ? {error: nothingToCheck} : {}),
		...(warnings.length > 0 ? {warnings} : {}),
	};
}
