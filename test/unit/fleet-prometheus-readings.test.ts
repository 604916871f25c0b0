// A fleet refresh's answers read host by host: a host's rows are as old as its oldest sample (one
// scrape time per host, whatever the number of figures), restart counters come only where a unit
// restarted, and without the scrape times no figure is shown as if it were current.
import {describe, expect, it} from 'vitest';
import {
	hostMatcher,
	readFleetAnswers,
	type FleetAnswers,
} from '../../source/core/fleet/prometheus-readings.js';
import {prometheusHostsSchema} from '../../source/core/config/prometheus-hosts.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import type {PromSample} from '../../source/core/parsers/prometheus-json.js';

const env = {
	prometheus: prometheusHostsSchema.parse({url: 'http://127.0.0.1:9090', job: 'node', hostLabel: 'host'}),
	servicesSource: 'prometheus',
	services: [{name: 'api', manager: 'systemd', unit: 'api.service'}],
	disk: {source: 'prometheus', mounts: ['/'], largestUnder: [], warnPercent: 80, critPercent: 90},
} as unknown as NamedEnvironment;

const queriedAt = 1_800_000_000_000;
const sample = (labels: Record<string, string>, value: number): PromSample => ({
	labels,
	value,
	at: queriedAt,
});
const ok = (value: PromSample[]) => ({ok: true as const, value});
const gib = 1024 ** 3;

function answers(times: FleetAnswers['sampleTimes']): FleetAnswers {
	const fs = (host: string, value: number) =>
		sample({host, mountpoint: '/', device: '/dev/vda1', fstype: 'ext4'}, value);
	return {
		up: ok([sample({host: 'app-01'}, 1), sample({host: 'app-02'}, 1)]),
		unitActive: ok(['app-01', 'app-02'].map(host => sample({host, name: 'api.service'}, 1))),
		unitStates: ok([]),
		unitStarts: ok(['app-01', 'app-02'].map(host => sample({host, name: 'api.service'}, 1_700_000_000))),
		unitRestarts: ok([sample({host: 'app-02', name: 'api.service'}, 3)]),
		filesystemSize: ok([fs('app-01', 100 * gib), fs('app-02', 100 * gib)]),
		filesystemFree: ok([fs('app-01', 60 * gib), fs('app-02', 5 * gib)]),
		filesystemAvail: ok([fs('app-01', 60 * gib), fs('app-02', 5 * gib)]),
		sampleTimes: times,
	};
}

const read = (all: FleetAnswers) =>
	readFleetAnswers(env, all, hostMatcher(['app-01', 'app-02']), ['app-01', 'app-02']).hosts;

describe('readFleetAnswers', () => {
	it("gives each host its oldest sample's age, and restarts only where the counter said so", () => {
		const hosts = read(
			answers(
				ok([
					sample({host: 'app-01'}, queriedAt / 1000 - 4),
					sample({host: 'app-02'}, queriedAt / 1000 - 130),
				]),
			),
		);
		const one = hosts.get('app-01')!;
		const two = hosts.get('app-02')!;
		expect(one.kind === 'up' && one.ageMs).toBe(4000);
		expect(two.kind === 'up' && two.ageMs).toBe(130_000);
		expect(one.kind === 'up' && one.services).toEqual({
			ok: true,
			value: {api: {state: 'active', since: new Date(1_700_000_000_000).toISOString()}},
		});
		expect(two.kind === 'up' && two.services?.ok && two.services.value.api?.detail).toBe('3 restarts');
		expect(two.kind === 'up' && two.disk?.ok && two.disk.value.items[0]?.level).toBe('critical');
	});

	it('shows no figure as current when the scrape times did not come', () => {
		const hosts = read(answers({ok: false, error: 'query timed out on the server'}));
		for (const host of hosts.values()) {
			expect(host.kind).toBe('up');
			if (host.kind !== 'up') continue;
			expect(host.ageMs).toBeUndefined();
			expect(host.services).toEqual({
				ok: false,
				error: 'scrape times from Prometheus: query timed out on the server',
			});
			expect(host.disk?.ok).toBe(false);
		}
	});

	it("reads a unit that is not active from the second query, and says 'unknown' when that query missed it", () => {
		const all = answers(
			ok([sample({host: 'app-01'}, queriedAt / 1000), sample({host: 'app-02'}, queriedAt / 1000)]),
		);
		all.unitActive = ok([
			sample({host: 'app-01', name: 'api.service'}, 0),
			sample({host: 'app-02', name: 'api.service'}, 0),
		]);
		all.unitStates = ok([sample({host: 'app-01', name: 'api.service', state: 'failed'}, 1)]);
		const hosts = read(all);
		const state = (name: string) => {
			const host = hosts.get(name)!;
			return host.kind === 'up' && host.services?.ok ? host.services.value.api?.state : undefined;
		};
		expect([state('app-01'), state('app-02')]).toEqual(['failed', 'unknown']);
		// Not active: no "since" (the start time of a unit that stopped is not its uptime).
		const one = hosts.get('app-01')!;
		expect(one.kind === 'up' && one.services?.ok && one.services.value.api?.since).toBeUndefined();
	});
});
