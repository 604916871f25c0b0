// A small fleet in a large Prometheus reads its own hosts' series, not the whole job's: the heavy
// queries name the hosts (with or without a :port, by name or by address); `up` stays whole so that a
// label naming no host is still seen; a fleet past the limit reads the job whole.
import {describe, expect, it} from 'vitest';
import {
	fleetQueries,
	hostSelector,
	namedHostsLimit,
	unitStatesQuery,
} from '../../source/core/fleet/prometheus-queries.js';
import {prometheusHostsSchema} from '../../source/core/config/prometheus-hosts.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';

const config = prometheusHostsSchema.parse({
	url: 'http://127.0.0.1:9090',
	job: 'node',
	hostLabel: 'instance',
});

/** The selector's regex as Prometheus applies it: RE2, anchored at both ends. */
function selects(selector: string, value: string): boolean {
	const literal = /=~"(.*)"$/.exec(selector)![1]!.replace(/\\\\/g, '\\');
	return new RegExp(`^(?:${literal})$`).test(value);
}

describe('hostSelector', () => {
	const selector = hostSelector(config, ['app-01', 'db.example.test', '127.0.0.1', '::1']);

	it('matches each host by name or address, with or without a port', () => {
		for (const value of ['app-01', 'app-01:9100', 'db.example.test:9100', '127.0.0.1:9100', '[::1]:9100'])
			expect(selects(selector, value), value).toBe(true);
	});

	it('matches no other host, however close its name', () => {
		for (const value of [
			'app-011',
			'app-0',
			'dbxexample.test',
			'127.0.0.10:9100',
			'app-01:',
			'[::1]',
			'x-app-01',
		])
			expect(selects(selector, value), value).toBe(false);
	});

	it('names nothing for a fleet past the limit, or for none', () => {
		const many = Array.from({length: namedHostsLimit + 1}, (_, i) => `app-${i}`);
		expect(hostSelector(config, many)).toBe('');
		expect(hostSelector(config, [])).toBe('');
	});
});

describe('fleetQueries with hosts', () => {
	const env = {
		prometheus: config,
		servicesSource: 'prometheus',
		services: [{name: 'api', manager: 'systemd', unit: 'app-api.service'}],
		disk: {source: 'prometheus', mounts: ['/'], largestUnder: []},
	} as unknown as NamedEnvironment;

	it('selects the hosts in every query but up, which stays the whole job; each keeps only the labels read', () => {
		const queries = fleetQueries(env, ['app-01', 'app-02']);
		expect(queries.map(q => q.id)).toEqual([
			'up',
			'unitActive',
			'unitStarts',
			'unitRestarts',
			'filesystemSize',
			'filesystemFree',
			'filesystemAvail',
			'sampleTimes',
		]);
		expect(queries[0]!.promql).toBe('min by (instance) (up{job="node"})');
		for (const query of queries.slice(1))
			expect(query.promql).toContain('instance=~"(app-01|app-02)(:[0-9]+)?');
		expect(queries.map(q => /^(?:min|max) by \(([^)]*)\)/.exec(q.promql)?.[1])).toEqual([
			'instance',
			'instance, name',
			'instance, name',
			'instance, name',
			'instance, mountpoint, device, fstype',
			'instance, mountpoint, device, fstype',
			'instance, mountpoint, device, fstype',
			'instance',
		]);
		// The figures' answers carry no scrape time, so they stay the same from one scrape to the next;
		// the scrape times are one per host, taken before the aggregation (which would stamp the query's own time).
		expect(queries.filter(q => q.promql.includes('timestamp(')).map(q => q.id)).toEqual(['sampleTimes']);
		expect(queries.find(q => q.id === 'sampleTimes')!.promql).toBe(
			'min by (instance) (timestamp(node_filesystem_size_bytes{job="node",instance=~"(app-01|app-02)(:[0-9]+)?|\\\\[(app-01|app-02)\\\\]:[0-9]+",mountpoint=~"/"}))',
		);
		// Restart counters only where a unit restarted: most never did, and the answer stays small.
		expect(queries.find(q => q.id === 'unitRestarts')!.promql).toMatch(/\) > 0$/);
	});
});

describe('unitStatesQuery', () => {
	const env = {
		prometheus: config,
		servicesSource: 'prometheus',
		services: [{name: 'api', manager: 'systemd', unit: 'app-api.service'}],
	} as unknown as NamedEnvironment;

	it('asks the states of the hosts whose units are not active, by their label values exactly', () => {
		expect(unitStatesQuery(env, ['app-07:9100', 'app-07:9100', 'db.example.test:9100']).promql).toBe(
			'max by (instance, name, state) (node_systemd_unit_state{job="node",instance=~"app-07:9100|db\\\\.example\\\\.test:9100",name=~"app-api\\\\.service"} == 1)',
		);
	});

	it('asks the whole job past the limit of named hosts', () => {
		const many = Array.from({length: namedHostsLimit + 1}, (_, i) => `app-${i}`);
		expect(unitStatesQuery(env, many).promql).toBe(
			'max by (instance, name, state) (node_systemd_unit_state{job="node",name=~"app-api\\\\.service"} == 1)',
		);
	});
});
