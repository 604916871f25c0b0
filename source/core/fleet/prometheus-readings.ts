// A fleet refresh's Prometheus answers, host by host: which hosts Prometheus knows, which it reports
// down (up == 0), and for the others their units' states and their filesystems as the services and
// disk panes read them, with the time they were scraped. Pure: the engine runs the queries
// (core/fleet/prometheus-queries.ts) and hands their samples here.
import type {NamedEnvironment, PrometheusHostsConfig} from '../config/schema.js';
import type {PromSample} from '../parsers/prometheus-json.js';
import type {DfRow} from '../parsers/df.js';
import {evaluateDisk} from '../policy/disk.js';
import {managerOf} from '../services/managers.js';
import type {ServiceReading} from '../services/manager.js';
import type {DiskData, HostServiceStates, Outcome} from './aggregate.js';
import {type FleetQueryId, candidateMountpoints, prometheusUnits} from './prometheus-queries.js';

/** Each query's samples, or why it failed (its error in words). */
export type FleetAnswers = Partial<Record<FleetQueryId, Outcome<PromSample[]>>>;

/**
 * What Prometheus says about one host:
 * unknown: no up{job} series names it (not a target, or the host label does not match its name);
 * down: its target's last scrape failed (up == 0);
 * up: its exporter answered; its parts (only those read from Prometheus) and how old they are.
 */
export type PrometheusHost =
	| {kind: 'unknown'; error: string}
	| {kind: 'down'; error: string}
	| {
			kind: 'up';
			/** Age of its oldest sample when the queries ran (Prometheus' own clock: no skew with this machine). */
			ageMs?: number;
			services?: Outcome<HostServiceStates>;
			disk?: Outcome<DiskData>;
	  };

export type FleetReading = {
	hosts: Map<string, PrometheusHost>;
	/** Label values of the job that name no host of the environment (another environment's, or a name mismatch). */
	strangers: string[];
};

/**
 * The host a series is about: its host label's value as a host name, else without a `:port`
 * (`instance="app-01:9100"`), else by the address a host's name resolves to (one host only).
 */
export function hostMatcher(
	hostNames: readonly string[],
	addresses: ReadonlyMap<string, string> = new Map(),
): (value: string) => string | undefined {
	const names = new Set(hostNames);
	const byAddress = new Map<string, string | null>();
	for (const [name, address] of addresses)
		byAddress.set(address, byAddress.has(address) && byAddress.get(address) !== name ? null : name);
	return value => {
		if (names.has(value)) return value;
		const bare = /^\[(.+)\]:\d+$/.exec(value)?.[1] ?? /^([^:]+):\d+$/.exec(value)?.[1];
		if (bare !== undefined && names.has(bare)) return bare;
		return byAddress.get(bare ?? value) ?? undefined;
	};
}

/** Reads every query's answer into one reading per host of the environment. */
export function readFleetAnswers(
	env: NamedEnvironment,
	answers: FleetAnswers,
	hostOf: (value: string) => string | undefined,
	hostNames: readonly string[],
): FleetReading {
	const config = env.prometheus!;
	const label = config.hostLabel;
	const up = answers.up;
	if (!up?.ok) throw new Error(up?.error ?? 'no answer to up{job}');
	const liveness = new Map<string, number>();
	const strangers = new Set<string>();
	for (const sample of up.value) {
		const value = sample.labels[label];
		const host = value === undefined ? undefined : hostOf(value);
		if (host === undefined) {
			if (value !== undefined) strangers.add(value);
			continue;
		}
		// Several targets for one host (two exporters of the job): down when any is.
		liveness.set(host, Math.min(liveness.get(host) ?? 1, sample.value));
	}
	const times = answers.sampleTimes;
	const agesOf = times?.ok ? oldestSampleAges(times.value, label, hostOf) : undefined;
	const timesFailed = times && !times.ok ? `scrape times from Prometheus: ${times.error}` : undefined;
	const services = env.servicesSource === 'prometheus' ? readUnits(env, config, answers, hostOf) : undefined;
	const disk = env.disk?.source === 'prometheus' ? readFilesystems(env, answers, hostOf) : undefined;
	const hosts = new Map<string, PrometheusHost>();
	for (const name of hostNames) {
		const live = liveness.get(name);
		if (live === undefined) {
			hosts.set(name, {
				kind: 'unknown',
				error: `Prometheus knows no target of job ${config.job} for ${name} (no up{job="${config.job}"} series with ${label}=${name}, with or without a :port)`,
			});
			continue;
		}
		if (live !== 1) {
			hosts.set(name, {
				kind: 'down',
				error: `its exporter is down in Prometheus (up{job="${config.job}"} == 0: the last scrape failed)`,
			});
			continue;
		}
		// Without the scrape times nothing says whether the figures are current: no figure is shown as if it were.
		const part = timesFailed
			? {services: services && failed(timesFailed), disk: disk && failed(timesFailed)}
			: {services: services?.(name), disk: disk?.(name)};
		const ageMs = agesOf?.get(name);
		hosts.set(name, {
			kind: 'up',
			...(ageMs !== undefined ? {ageMs} : {}),
			...(part.services ? {services: part.services} : {}),
			...(part.disk ? {disk: part.disk} : {}),
		});
	}
	return {hosts, strangers: [...strangers]};
}

const failed = (error: string): Outcome<never> => ({ok: false, error});

/** Each host's oldest sample's age (the sampleTimes answer: min by host of timestamp()). */
function oldestSampleAges(
	samples: PromSample[],
	label: string,
	hostOf: (value: string) => string | undefined,
): Map<string, number> {
	const ages = new Map<string, number>();
	for (const [host, own] of byHost(samples, label, hostOf)) ages.set(host, Math.max(...own.map(ageOf)));
	return ages;
}

function byHost(
	samples: PromSample[],
	label: string,
	hostOf: (value: string) => string | undefined,
): Map<string, PromSample[]> {
	const grouped = new Map<string, PromSample[]>();
	for (const sample of samples) {
		const value = sample.labels[label];
		const host = value === undefined ? undefined : hostOf(value);
		if (host === undefined) continue;
		const list = grouped.get(host) ?? [];
		if (list.length === 0) grouped.set(host, list);
		list.push(sample);
	}
	return grouped;
}

/** timestamp(...) answers: the sample's value is when it was scraped (s), its time when the query ran (ms). */
const ageOf = (sample: PromSample) => Math.max(0, sample.at - sample.value * 1000);

function readUnits(
	env: NamedEnvironment,
	config: PrometheusHostsConfig,
	answers: FleetAnswers,
	hostOf: (value: string) => string | undefined,
): (host: string) => Outcome<HostServiceStates> {
	const active = answers.unitActive;
	const states = answers.unitStates;
	const starts = answers.unitStarts;
	const restartCounts = answers.unitRestarts;
	if (!active?.ok || !states?.ok || !starts?.ok || !restartCounts?.ok) {
		const failedAnswer = [active, states, starts, restartCounts].find(answer => answer && !answer.ok);
		const error = failedAnswer && !failedAnswer.ok ? failedAnswer.error : 'no answer';
		return () => failed(`unit states from Prometheus: ${error}`);
	}
	const activeOf = byHost(active.value, config.hostLabel, hostOf);
	const statesOf = byHost(states.value, config.hostLabel, hostOf);
	const startsOf = byHost(starts.value, config.hostLabel, hostOf);
	const restartsOf = byHost(restartCounts.value, config.hostLabel, hostOf);
	const units = prometheusUnits(env);
	return host => {
		const seen = activeOf.get(host) ?? [];
		if (seen.length === 0)
			return failed(
				`the exporter reports none of the units ${units.join(', ')} (is ${config.unitExporter === 'node_exporter' ? 'node_exporter run with --collector.systemd, and are they in --collector.systemd.unit-include' : "systemd_exporter's unit filter letting them through"}?)`,
			);
		const figure = (of: Map<string, PromSample[]>, unit: string) =>
			of.get(host)?.find(s => s.labels.name === unit)?.value;
		const readings: Record<string, ServiceReading> = {};
		for (const service of env.services) {
			const unit = managerOf(service).unitName(service);
			const activeSeries = seen.find(s => s.labels.name === unit);
			if (activeSeries === undefined) continue; // missing on this host: the manager says "no such unit"
			// Not active: the state the second query found ("unknown", as systemctl says it, if the unit's
			// scrape changed between the two queries and none of its states was 1 then).
			const state =
				activeSeries.value === 1
					? 'active'
					: (statesOf.get(host)?.find(s => s.labels.name === unit)?.labels.state ?? 'unknown');
			const started = figure(startsOf, unit);
			const restarts = figure(restartsOf, unit);
			readings[service.name] = {
				state,
				...(restarts ? {detail: `${restarts} restart${restarts === 1 ? '' : 's'}`} : {}),
				...(state === 'active' && started && started > 0
					? {since: new Date(started * 1000).toISOString()}
					: {}),
			};
		}
		return {ok: true, value: readings};
	};
}

type Filesystem = {mountpoint: string; device: string; size: number; free: number; avail: number};

function readFilesystems(
	env: NamedEnvironment,
	answers: FleetAnswers,
	hostOf: (value: string) => string | undefined,
): (host: string) => Outcome<DiskData> {
	const disk = env.disk!;
	const label = env.prometheus!.hostLabel;
	const {filesystemSize: size, filesystemFree: free, filesystemAvail: avail} = answers;
	if (!size?.ok || !free?.ok || !avail?.ok) {
		const failedAnswer = [size, free, avail].find(answer => answer && !answer.ok);
		const error = failedAnswer && !failedAnswer.ok ? failedAnswer.error : 'no answer';
		return () => failed(`filesystems from Prometheus: ${error}`);
	}
	const figures = [
		['size', byHost(size.value, label, hostOf)],
		['free', byHost(free.value, label, hostOf)],
		['avail', byHost(avail.value, label, hostOf)],
	] as const;
	const candidates = candidateMountpoints(disk.mounts);
	return host => {
		const filesystems = new Map<string, Filesystem>();
		for (const [figure, of] of figures)
			for (const sample of of.get(host) ?? []) {
				const {mountpoint, device = '', fstype = ''} = sample.labels;
				if (mountpoint === undefined) continue;
				const key = `${mountpoint}\u0000${device}\u0000${fstype}`;
				const fs = filesystems.get(key) ?? {mountpoint, device, size: 0, free: 0, avail: 0};
				filesystems.set(key, fs);
				fs[figure] = sample.value;
			}
		const rows: DfRow[] = [];
		const missing: string[] = [];
		for (const path of disk.mounts) {
			const holder = holdingFilesystem(path, [...filesystems.values()], candidates);
			if (holder) rows.push(dfRow(holder));
			else missing.push(path);
		}
		if (missing.length > 0) {
			const reported = [...new Set([...filesystems.values()].map(f => f.mountpoint))];
			return failed(
				`node_exporter reports no filesystem holding ${missing.join(', ')}${reported.length > 0 ? ` (it reports ${reported.join(', ')})` : ' (is its filesystem collector on? overlay and tmpfs are excluded by default: --collector.filesystem.fs-types-exclude)'}`,
			);
		}
		return {ok: true, value: {items: evaluateDisk(disk.mounts, rows, disk), largest: []}};
	};
}

/** The filesystem a path lives on: the longest mount point above it (the largest, when one is mounted twice). */
function holdingFilesystem(
	path: string,
	filesystems: Filesystem[],
	candidates: string[],
): Filesystem | undefined {
	const above = (mount: string) => mount === '/' || path === mount || path.startsWith(`${mount}/`);
	const mounts = candidates.filter(above).sort((a, b) => b.length - a.length);
	for (const mount of mounts) {
		const here = filesystems.filter(f => f.mountpoint === mount && f.size > 0);
		if (here.length > 0) return here.sort((a, b) => b.size - a.size)[0];
	}
	return undefined;
}

/** df's figures from node_exporter's: used = size - free; Use% = used / (used + avail), as df computes it. */
function dfRow(fs: Filesystem): DfRow {
	const sizeKb = Math.round(fs.size / 1024);
	const usedKb = Math.round(Math.max(0, fs.size - fs.free) / 1024);
	const availKb = Math.round(fs.avail / 1024);
	const usedPercent = usedKb + availKb === 0 ? 0 : Math.round((usedKb / (usedKb + availKb)) * 1000) / 10;
	return {filesystem: fs.device, sizeKb, usedKb, availKb, usedPercent, mount: fs.mountpoint};
}

/** How old a host's samples may be before its rows are stale: two scrape intervals and a little more (one missed scrape is no news). */
export function staleAfterMs(scrapeIntervalSeconds: number): number {
	return 2 * scrapeIntervalSeconds * 1000 + 5000;
}
