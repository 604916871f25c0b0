// The PromQL of a fleet refresh from Prometheus: a handful of instant queries whatever the number of
// hosts, each selecting only the job, units and mount points the environment names. Pure.
import type {NamedEnvironment, PrometheusHostsConfig} from '../config/schema.js';
import {managerOf} from '../services/managers.js';

/** What each query is for; the engine runs them in parallel and core/fleet/prometheus-readings.ts reads the answers. */
export type FleetQueryId =
	| 'up'
	| 'unitActive'
	| 'unitStates'
	| 'unitStarts'
	| 'unitRestarts'
	| 'filesystemSize'
	| 'filesystemFree'
	| 'filesystemAvail'
	| 'sampleTimes';

export type FleetQuery = {id: FleetQueryId; promql: string};

/** node_exporter's systemd collector names its metrics node_systemd_*, systemd_exporter systemd_*. */
export function unitMetric(
	config: PrometheusHostsConfig,
	metric: 'unit_state' | 'unit_start_time_seconds' | 'service_restart_total',
): string {
	return `${config.unitExporter === 'systemd_exporter' ? 'systemd' : 'node_systemd'}_${metric}`;
}

export const filesystemMetrics = {
	size: 'node_filesystem_size_bytes',
	free: 'node_filesystem_free_bytes',
	avail: 'node_filesystem_avail_bytes',
} as const;

/** A PromQL string literal: backslash, quote and line breaks escaped. */
export function promString(text: string): string {
	return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** An RE2 alternation matching exactly these values (Prometheus anchors label regexes). */
export function exactly(values: readonly string[]): string {
	return values.map(v => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

/** Every mount point a configured path may live on: /opt/app/logs → /, /opt, /opt/app, /opt/app/logs. */
export function candidateMountpoints(paths: readonly string[]): string[] {
	const found = new Set<string>();
	for (const path of paths) {
		const parts = path.split('/').filter(Boolean);
		found.add('/');
		for (let i = 1; i <= parts.length; i++) found.add(`/${parts.slice(0, i).join('/')}`);
	}
	return [...found];
}

/** The units the services pane reads from Prometheus (their systemd unit names). */
export function prometheusUnits(env: NamedEnvironment): string[] {
	if (env.servicesSource !== 'prometheus') return [];
	return [...new Set(env.services.map(s => managerOf(s).unitName(s)))];
}

/**
 * Up to this many hosts are named in the queries; a larger fleet reads the job's series whole, as a
 * regex of a thousand names costs Prometheus more than the answer it trims.
 */
export const namedHostsLimit = 100;

/**
 * A matcher for the series of these hosts only (each a name or address, as the host label holds it,
 * with or without a :port; an IPv6 address in brackets), or '' for a fleet too large to name: a
 * ten-host environment in a Prometheus of thousands reads ten hosts' series, not the job's.
 */
export function hostSelector(config: PrometheusHostsConfig, values: readonly string[]): string {
	const unique = [...new Set(values)];
	if (unique.length === 0 || unique.length > namedHostsLimit) return '';
	const any = exactly(unique);
	return `,${config.hostLabel}=~${promString(`(${any})(:[0-9]+)?|\\[(${any})\\]:[0-9]+`)}`;
}

/**
 * The queries one refresh runs: liveness always (the whole job's, so that a label naming no host is
 * seen), units and filesystems when a pane reads them here, for `hosts` (names and addresses) only.
 * Each keeps only the labels pg-ops reads (`max by`/`min by`): a scraped series carries the job, the
 * instance and whatever the team's relabelling adds, and at 1,000 hosts those labels were most of
 * the 2 MB a refresh parsed. A metric per query, as aggregation drops the metric's name. When the
 * samples were scraped is one figure per host, so the figures' own answers stay the same from one
 * scrape to the next: the oldest timestamp of one small series per target read (a scrape stamps all
 * its samples alike; unit_state, at five series per unit, cost Prometheus three times as much).
 * Restart counters come only where they are above zero (most units never restarted).
 */
export function fleetQueries(env: NamedEnvironment, hosts: readonly string[] = []): FleetQuery[] {
	const config = env.prometheus;
	if (!config) return [];
	const selected = hostSelector(config, hosts);
	const host = config.hostLabel;
	const job = `job=${promString(config.job)}${selected}`;
	const unitJob = `job=${promString(config.unitJob ?? config.job)}${selected}`;
	// Down when any of a host's targets is (two exporters of the job on one host).
	const queries: FleetQuery[] = [{id: 'up', promql: `min by (${host}) (up{job=${promString(config.job)}})`}];
	// A series of each target read, whose timestamp() says when it was scraped (taken before any
	// aggregation, which would stamp the query's own time).
	const sampled: string[] = [];
	const diskHere = env.disk?.source === 'prometheus';
	const units = prometheusUnits(env);
	if (units.length > 0) {
		const names = `name=~${promString(exactly(units))}`;
		const unitFigure = (metric: Parameters<typeof unitMetric>[1]) =>
			`max by (${host}, name) (${unitMetric(config, metric)}{${unitJob},${names}})`;
		// Whether each unit is active: one of its five state series. The state of one that is not comes
		// from a second query for its hosts alone (unitStatesQuery): five series per unit and host made
		// the state query most of Prometheus' work for a refresh.
		queries.push({
			id: 'unitActive',
			promql: `max by (${host}, name) (${unitMetric(config, 'unit_state')}{${unitJob},${names},state="active"})`,
		});
		queries.push({id: 'unitStarts', promql: unitFigure('unit_start_time_seconds')});
		queries.push({id: 'unitRestarts', promql: `${unitFigure('service_restart_total')} > 0`});
		if (!diskHere || unitJob !== job)
			sampled.push(`timestamp(${unitMetric(config, 'unit_start_time_seconds')}{${unitJob},${names}})`);
	}
	if (env.disk?.source === 'prometheus') {
		const mounts = `mountpoint=~${promString(exactly(candidateMountpoints(env.disk.mounts)))}`;
		const filesystem = (inner: string) => `max by (${host}, mountpoint, device, fstype) (${inner})`;
		for (const [id, metric] of [
			['filesystemSize', filesystemMetrics.size],
			['filesystemFree', filesystemMetrics.free],
			['filesystemAvail', filesystemMetrics.avail],
		] as const)
			queries.push({id, promql: filesystem(`${metric}{${job},${mounts}}`)});
		sampled.push(`timestamp(${filesystemMetrics.size}{${job},${mounts}})`);
	}
	if (sampled.length > 0)
		queries.push({id: 'sampleTimes', promql: `min by (${host}) (${sampled.join(' or ')})`});
	return queries;
}

/**
 * The states of the units that are not active, on the hosts whose host label holds `labelValues`
 * (as the unitActive answer gave them), or on every host of the job past namedHostsLimit. A unit's
 * state is the one of its five series whose value is 1.
 */
export function unitStatesQuery(env: NamedEnvironment, labelValues: readonly string[]): FleetQuery {
	const config = env.prometheus!;
	const unique = [...new Set(labelValues)];
	const selected =
		unique.length > 0 && unique.length <= namedHostsLimit
			? `,${config.hostLabel}=~${promString(exactly(unique))}`
			: '';
	const names = `name=~${promString(exactly(prometheusUnits(env)))}`;
	const series = `${unitMetric(config, 'unit_state')}{job=${promString(config.unitJob ?? config.job)}${selected},${names}}`;
	return {id: 'unitStates', promql: `max by (${config.hostLabel}, name, state) (${series} == 1)`};
}
