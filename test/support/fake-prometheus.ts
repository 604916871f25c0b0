// A stand-in for Prometheus' query API in engine tests (the lab tests use the real server): an HTTP
// server on 127.0.0.1 answering the fleet refresh's few query shapes (core/fleet/prometheus-queries.ts)
// from a model of the hosts the test changes, in Prometheus' JSON. It evaluates no other PromQL.
import {parseConfig} from '../../source/core/config/parse.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

export type FakeHostModel = {
	/** The exporter's last scrape failed (up == 0). */
	down?: boolean;
	/** unit name → its state (the one of five series whose value is 1). */
	units?: Record<string, string>;
	/** mount point → bytes. */
	filesystems?: Record<string, {size: number; free: number; avail: number}>;
	/** Its samples are this many seconds old (a lagging scrape). */
	lagSeconds?: number;
	/** Its samples were scraped at this time (seconds since the epoch) whenever asked: answers that stay the same. */
	scrapedAt?: number;
	/** The host label's value, when not the host's name (`app-01:9100`). */
	label?: string;
};

export type FakePrometheus = {
	url: string;
	/** The targets of the job, by host name: change them between refreshes. */
	hosts: Map<string, FakeHostModel>;
	/** Every query asked, in order. */
	queries: string[];
	/** Answers 503 with Prometheus' "unavailable" error while set. */
	unavailable: boolean;
	close(): Promise<void>;
};

export async function startFakePrometheus(job = 'node', label = 'instance'): Promise<FakePrometheus> {
	const fake: FakePrometheus = {
		url: '',
		hosts: new Map(),
		queries: [],
		unavailable: false,
		close: () => new Promise(resolve => server.close(() => resolve())),
	};
	const server: Server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const query = url.searchParams.get('query') ?? '';
		fake.queries.push(query);
		response.setHeader('content-type', 'application/json');
		if (fake.unavailable) {
			response.statusCode = 503;
			response.end(JSON.stringify({status: 'error', errorType: 'unavailable', error: 'TSDB not ready'}));
			return;
		}
		const now = Date.now() / 1000;
		const series: Array<{metric: Record<string, string>; value: [number, string]}> = [];
		const push = (metric: Record<string, string>, value: number) =>
			series.push({metric, value: [now, String(value)]});
		for (const [name, host] of fake.hosts) {
			const at = host.scrapedAt ?? now - (host.lagSeconds ?? 0);
			const who = {[label]: host.label ?? name};
			// The queries' shapes (core/fleet/prometheus-queries.ts): one metric each, aggregated to the labels read;
			// the scrape times one per host (its oldest sample), restart counters only above zero (none here).
			if (query.includes('(up{')) push({...who}, host.down ? 0 : 1);
			if (host.down) continue;
			if (query.startsWith(`min by (${label}) (timestamp(`)) {
				const units = Object.keys(host.units ?? {}).some(unit => query.includes(`${unitPattern(unit)}`));
				const mounts = query.includes('timestamp(node_filesystem_size_bytes{');
				if (
					(units && query.includes('timestamp(node_systemd_unit_start_time_seconds{')) ||
					(mounts && host.filesystems)
				)
					push({...who}, at);
				continue;
			}
			// Whether each unit is active; then the states of those that are not (the hosts named, or all).
			if (query.includes('state="active"}'))
				for (const [unit, state] of Object.entries(host.units ?? {}))
					if (query.includes(unitPattern(unit))) push({...who, name: unit}, state === 'active' ? 1 : 0);
			if (query.includes('(node_systemd_unit_state{') && query.endsWith('== 1)'))
				for (const [unit, state] of Object.entries(host.units ?? {}))
					if (query.includes(unitPattern(unit))) push({...who, name: unit, state}, 1);
			if (query.includes('(node_systemd_unit_start_time_seconds{'))
				for (const unit of Object.keys(host.units ?? {})) push({...who, name: unit}, 1_700_000_000);
			const filesystem = {device: '/dev/vda1', fstype: 'ext4'};
			for (const figure of ['size', 'free', 'avail'] as const)
				if (query.includes(`(node_filesystem_${figure}_bytes{`))
					for (const [mountpoint, fs] of Object.entries(host.filesystems ?? {}))
						push({...who, mountpoint, ...filesystem}, fs[figure]);
		}
		response.end(JSON.stringify({status: 'success', data: {resultType: 'vector', result: series}}));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return fake;
}

/** A unit's name as the queries' regex writes it (dots escaped, the backslash itself escaped in the string). */
const unitPattern = (unit: string) => unit.replace(/\./g, '\\\\.');

/** A host running these units (active unless said), with / this full (percent of 100 GB). */
export function modelHost(states: Record<string, string> = {}, usedPercent = 40): FakeHostModel {
	const size = 100 * 1024 ** 3;
	const free = size * (1 - usedPercent / 100);
	return {
		units: {'api.service': 'active', 'worker.service': 'active', ...states},
		filesystems: {'/': {size, free, avail: free}},
	};
}

/**
 * The four-host fleet (app-01..04: api and worker, /) the engine tests read from a Prometheus at
 * `url`, refreshing every second, as pg-ops.yaml would say it.
 */
export function prometheusFleetEnvironment(options: {
	url: string;
	fallback?: 'none' | 'ssh';
	scrapeInterval?: string;
	probeTimeoutSeconds?: number;
}): NamedEnvironment {
	const {url, fallback = 'none', scrapeInterval = '15s', probeTimeoutSeconds = 2} = options;
	const config = parseConfig(
		[
			'environments:',
			'  fleet:',
			"    hosts: ['app-[01-04]']",
			'    refreshSeconds: 1',
			`    probeTimeoutSeconds: ${probeTimeoutSeconds}`,
			`    prometheus: {url: "${url}", job: node, scrapeInterval: ${scrapeInterval}, fallback: ${fallback}}`,
			'    services:',
			'      source: prometheus',
			'      list: [{name: api, manager: systemd}, {name: worker, manager: systemd}]',
			'    disk: {source: prometheus, mounts: [/], warnPercent: 80, critPercent: 90}',
		].join('\n'),
		'pg-ops.yaml',
	);
	return {...config.environments.fleet!, name: 'fleet'};
}
