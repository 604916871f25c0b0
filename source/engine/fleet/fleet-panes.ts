// A fleet's host panes (services, disk, the header's slot, the hosts' part of the Checks pane) from every host's part: merged by
// core/fleet/aggregate.ts and, in an environment reading Prometheus, with the note of where the rows
// came from, or Prometheus' error when it could not answer and nothing falls back.
import {
	mergeDisk,
	mergeServices,
	mergeSlot,
	type HealthResults,
	type Outcome,
	type SlotVerify,
} from '../../core/fleet/aggregate.js';
import type {HostStatus} from '../../core/fleet/types.js';
import {readsFromPrometheus} from '../../core/fleet/prometheus-plan.js';
import type {Runtime} from '../runtime.js';
import type {RefreshListener} from '../refresh.js';
import {servicesConfigured} from '../probes/services.js';
import {diskConfigured} from '../probes/disk.js';
import {commandChecks} from '../probes/checks.js';
import {paneSpecs} from '../../core/pane-specs/registry.js';
import type {CheckItem} from '../../core/checks/evaluate.js';
import {mergeChecks} from '../../core/checks/merge.js';
import {hostParts, withSourceNote, type Track} from './fleet-track.js';
import type {PrometheusRound} from './prometheus-round.js';

export type HostPane = 'services' | 'disk' | 'slot' | 'checks';
export const hostPanes: readonly HostPane[] = ['disk', 'services', 'slot', 'checks'];

export type HostPaneInput = {
	runtime: Runtime;
	tracks: readonly Track[];
	statuses: HostStatus[];
	health?: HealthResults;
	verify?: Outcome<SlotVerify>;
	/** The environment's checks (HTTP, SQL, PromQL), once asked this round. */
	envChecks?: Outcome<CheckItem[]>;
	/** The last round from Prometheus, in an environment reading it. */
	round?: PrometheusRound;
	listener: RefreshListener;
};

/** Reports one host pane if it can be: false while what it waits for is still on its way. */
export function reportHostPane(pane: HostPane, input: HostPaneInput): boolean {
	return hostPaneReporters[pane](input);
}

// One reporter per host pane: the Record makes a host pane without one a compile error.
const hostPaneReporters: Record<HostPane, (input: HostPaneInput) => boolean> = {
	disk: input => {
		const {runtime, tracks, statuses, listener} = input;
		if (!diskConfigured(runtime.env) || blind('disk', input)) return true;
		const parts = hostParts(
			tracks,
			statuses,
			r => r.disk,
			t => t.last.disk,
			sourceOf('disk', input),
		);
		const merged = mergeDisk(runtime.env, parts);
		if (merged) listener.onPane({pane: 'disk', configured: true, ...noted(merged, input)});
		return true;
	},
	checks: input => {
		const {runtime, tracks, statuses, listener} = input;
		const {env} = runtime;
		if (!paneSpecs.checks.configured(env)) return true;
		// The environment's checks decide the pane as much as the hosts': wait for them.
		const onHosts = commandChecks(env).length;
		if (onHosts < env.checks.length && !input.envChecks) return false;
		const parts =
			onHosts > 0
				? hostParts(
						tracks,
						statuses,
						r => r.checks,
						t => t.last.checks,
					)
				: [];
		const merged = mergeChecks(parts, input.envChecks, runtime.fleet);
		if (merged) listener.onPane({pane: 'checks', configured: true, ...merged});
		return true;
	},
	services: input => {
		const {runtime, tracks, statuses, listener} = input;
		const {env} = runtime;
		if (!servicesConfigured(env) || blind('services', input)) return true;
		const parts = hostParts(
			tracks,
			statuses,
			r => r.services,
			t => t.last.services,
			sourceOf('services', input),
		);
		// Health decides a service's level: wait for it, unless there is nothing for it to decide.
		const needsHealth = env.services.some(s => s.health) && parts.some(p => p.state === 'fresh');
		if (needsHealth && !input.health) return false;
		const merged = mergeServices(env, parts, input.health);
		if (merged) listener.onPane({pane: 'services', configured: true, ...noted(merged, input)});
		return true;
	},
	slot: ({runtime, tracks, statuses, verify, listener}) => {
		if (!runtime.env.slots || !listener.onSlot) return true;
		if (!verify) return false;
		const links = hostParts(
			tracks,
			statuses,
			r => r.slotLink,
			t => t.last.slotLink,
		);
		if (!links.some(l => l.state === 'fresh' || l.state === 'failed' || l.value !== undefined)) return false;
		listener.onSlot(mergeSlot(links, verify));
		return true;
	},
};

/** In an environment reading Prometheus: where each host's part came from. */
function sourceOf(key: 'services' | 'disk', {round}: HostPaneInput) {
	return round ? (t: Track) => t.partSources[key] : undefined;
}

/** With the note of where the rows came from, in an environment reading Prometheus. */
function noted<T extends object>(
	merged: Parameters<typeof withSourceNote<T>>[0],
	{round, tracks, statuses}: HostPaneInput,
) {
	return round ? withSourceNote(merged, round, tracks, statuses) : merged;
}

/**
 * A pane read from Prometheus when Prometheus could not answer and nothing falls back: its error, as
 * the SLO pane shows one (the last rows stay, marked stale). True when it said so.
 */
function blind(pane: 'services' | 'disk', {runtime, round, listener}: HostPaneInput): boolean {
	if (!round || round.ok || !readsFromPrometheus(runtime.env, pane)) return false;
	if (runtime.env.prometheus?.fallback === 'ssh') return false;
	listener.onPane({pane, configured: true, status: 'error', error: round.error});
	return true;
}
