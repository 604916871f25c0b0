// A fleet read from Prometheus (services.source, disk.source: prometheus) over a stand-in of its query
// API and fake SSH hosts: no SSH at all for hosts Prometheus answers for; a host it does not know, a dead
// target, a stale scrape and Prometheus down, each with and without fallback: ssh; a host's detail over SSH.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import type {FleetState} from '../../source/core/fleet/types.js';
import type {PaneData} from '../../source/core/panes.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {runRefresh, type PaneReport} from '../../source/engine/refresh.js';
import {PrometheusClient} from '../../source/adapters/prometheus.js';
import {answer, fakeHost, fleetOf, refused, type FakeHost} from '../support/fake-fleet.js';
import {
	modelHost,
	prometheusFleetEnvironment,
	startFakePrometheus,
	type FakePrometheus,
} from '../support/fake-prometheus.js';
import {runtimeOf} from '../../source/engine/runtime.js';
import {waitFor} from '../support/wait.js';

let prometheus: FakePrometheus;
beforeEach(async () => {
	prometheus = await startFakePrometheus();
});
const engines: ConsoleEngine[] = [];
afterEach(async () => {
	await Promise.all(engines.splice(0).map(e => e.dispose()));
	await prometheus.close();
});

function environment(fallback: 'none' | 'ssh' = 'none', url = prometheus.url): NamedEnvironment {
	return prometheusFleetEnvironment({url, fallback});
}

/** Four SSH hosts answering the batch as real ones print it (worker failed on app-02 over SSH, say). */
function sshHosts(): Record<string, FakeHost> {
	return {
		'app-01': fakeHost('app-01', async s => answer(s)),
		'app-02': fakeHost('app-02', async s => answer(s, {worker: 'failed'})),
		'app-03': fakeHost('app-03', async s => answer(s, {used: 85})),
		'app-04': fakeHost('app-04', refused('app-04')),
	};
}

function runtimeFor(env: NamedEnvironment, hosts: Record<string, FakeHost>) {
	const base = fleetOf(hosts, env);
	const fleetPrometheus = new PrometheusClient({url: env.prometheus!.url, timeoutMs: 2000});
	return runtimeOf({
		env,
		hosts: base.hosts,
		readOnly: false,
		fleetPrometheus,
		close: () => fleetPrometheus.close(),
	});
}

async function refreshOnce(env: NamedEnvironment, hosts: Record<string, FakeHost>) {
	const panes = new Map<string, PaneReport>();
	let fleet: FleetState | undefined;
	const runtime = runtimeFor(env, hosts);
	try {
		await runRefresh(runtime, {onPane: r => panes.set(r.pane, r), onFleet: f => (fleet = f)});
	} finally {
		await runtime.close();
	}
	const services = panes.get('services')!;
	const disk = panes.get('disk')!;
	const host = (name: string) => fleet!.hosts.find(h => h.name === name)!;
	return {services, disk, fleet: fleet!, host};
}

const sshCalls = (hosts: Record<string, FakeHost>) => Object.values(hosts).map(h => h.calls);

describe('a fleet read from Prometheus', () => {
	it('reads every host in a few queries and opens no SSH session', async () => {
		for (const name of ['app-01', 'app-02', 'app-03', 'app-04'])
			prometheus.hosts.set(
				name,
				modelHost(name === 'app-02' ? {'worker.service': 'failed'} : {}, name === 'app-03' ? 93 : 40),
			);
		const hosts = sshHosts();
		const {services, disk, fleet, host} = await refreshOnce(environment(), hosts);
		expect(sshCalls(hosts)).toEqual([0, 0, 0, 0]);
		// One query per metric (aggregated to the labels read), whatever the number of hosts, and one
		// for the states of the units that are not active (app-02's worker), asked of that host alone.
		expect(prometheus.queries.length).toBe(9);
		expect(prometheus.queries.at(-1)).toMatch(
			/^max by \(instance, name, state\) \(node_systemd_unit_state\{job="node",instance=~"app-02",/,
		);
		const data = services.data as PaneData['services'];
		expect(data.items.find(i => i.host === 'app-02' && i.name === 'worker')).toMatchObject({
			state: 'failed',
			level: 'critical',
			source: 'prometheus',
		});
		expect(data.fleet!.find(f => f.name === 'worker')).toMatchObject({total: 4, active: 3, notActive: 1});
		expect(data.via).toMatchObject({
			prometheus: prometheus.url,
			hosts: {prometheus: 4, ssh: 0, none: 0},
			notes: [],
		});
		const mounts = (disk.data as PaneData['disk']).items;
		expect(mounts[0]).toMatchObject({
			host: 'app-03',
			mount: '/',
			usedPercent: 93,
			level: 'critical',
			source: 'prometheus',
		});
		expect(fleet.summary).toMatchObject({
			answered: 4,
			unreachable: 0,
			stale: 0,
			sources: {prometheus: 4, ssh: 0},
		});
		expect(host('app-01')).toMatchObject({status: 'ok', source: 'prometheus'});
		expect(services.dataAt).toBeLessThanOrEqual(Date.now());
	});

	it('instance with a port names the host', async () => {
		prometheus.hosts.set('app-01', {...modelHost(), label: 'app-01:9100'});
		const {host} = await refreshOnce(environment(), sshHosts());
		expect(host('app-01')).toMatchObject({status: 'ok', source: 'prometheus'});
	});

	it('a host known to SSH but not to Prometheus: no reading without fallback, read over SSH with it', async () => {
		for (const name of ['app-01', 'app-02', 'app-04']) prometheus.hosts.set(name, modelHost());
		let hosts = sshHosts();
		let result = await refreshOnce(environment('none'), hosts);
		expect(sshCalls(hosts)).toEqual([0, 0, 0, 0]);
		expect(result.host('app-03')).toMatchObject({status: 'unreachable', note: 'not known to Prometheus'});
		expect(result.host('app-03').error).toMatch(/^Prometheus knows no target of job node for app-03/);
		expect((result.services.data as PaneData['services']).via!.notes).toEqual([
			'not known to Prometheus: app-03',
		]);

		hosts = sshHosts();
		result = await refreshOnce(environment('ssh'), hosts);
		expect(sshCalls(hosts)).toEqual([0, 0, 1, 0]);
		expect(result.host('app-03')).toMatchObject({
			status: 'warning',
			source: 'ssh',
			note: 'not known to Prometheus',
		});
		const mounts = (result.disk.data as PaneData['disk']).items;
		expect(mounts.find(m => m.host === 'app-03')).toMatchObject({usedPercent: 85, source: 'ssh'});
		expect((result.disk.data as PaneData['disk']).via).toMatchObject({
			hosts: {prometheus: 3, ssh: 1, none: 0},
			notes: ['not known to Prometheus (read over SSH): app-03'],
		});
	});

	it('a dead target (up == 0): unreachable without fallback; over SSH with it, and its SSH error when that fails too', async () => {
		for (const name of ['app-01', 'app-02', 'app-03']) prometheus.hosts.set(name, modelHost());
		prometheus.hosts.set('app-04', {down: true});
		let result = await refreshOnce(environment('none'), sshHosts());
		expect(result.host('app-04')).toMatchObject({status: 'unreachable', note: 'exporter down in Prometheus'});
		expect(result.host('app-04').error).toMatch(/its exporter is down in Prometheus \(up\{job="node"\} == 0/);

		result = await refreshOnce(environment('ssh'), sshHosts());
		expect(result.host('app-04')).toMatchObject({status: 'unreachable'});
		expect(result.host('app-04').error).toBe(
			'exporter down in Prometheus; over SSH: deploy@app-04: connection refused (is sshd running there, on that port?)',
		);
	});

	it('a stale scrape: its rows stay, marked stale, and the host says how old; with fallback it is read over SSH', async () => {
		for (const name of ['app-01', 'app-02', 'app-04']) prometheus.hosts.set(name, modelHost());
		prometheus.hosts.set('app-03', {...modelHost({}, 55), lagSeconds: 600});
		let result = await refreshOnce(environment('none'), sshHosts());
		expect(result.host('app-03')).toMatchObject({status: 'stale', level: 'warning', source: 'prometheus'});
		expect(result.host('app-03').problems[0]).toMatch(/^scraped 1[01]m ago$/);
		expect(result.fleet.summary.stale).toBe(1);
		expect((result.services.data as PaneData['services']).via!.notes).toEqual([
			'stale in Prometheus: app-03',
		]);
		// The pane's age is its oldest current sample's, not the stale host's.
		expect(Date.now() - result.services.dataAt!).toBeLessThan(60_000);

		const hosts = sshHosts();
		result = await refreshOnce(environment('ssh'), hosts);
		expect(sshCalls(hosts)).toEqual([0, 0, 1, 0]);
		expect(result.host('app-03')).toMatchObject({source: 'ssh', note: 'stale in Prometheus'});
	});

	it('Prometheus down: the panes say so without fallback; with it every host is read over SSH and the pane says why', async () => {
		const down = environment('none', 'http://127.0.0.1:9');
		let result = await refreshOnce(down, sshHosts());
		expect(result.services).toMatchObject({status: 'error'});
		expect(result.services.error).toMatch(
			/^Prometheus at http:\/\/127\.0\.0\.1:9 did not answer: connection refused/,
		);
		expect(result.disk.error).toBe(result.services.error);

		prometheus.unavailable = true;
		const hosts = sshHosts();
		result = await refreshOnce(environment('ssh'), hosts);
		expect(sshCalls(hosts)).toEqual([1, 1, 1, 1]);
		const data = result.services.data as PaneData['services'];
		expect(data.via!.error).toMatch(
			/^Prometheus at http:\/\/127\.0\.0\.1:\d+: Prometheus unavailable: TSDB not ready/,
		);
		expect(data.via!.hosts).toEqual({prometheus: 0, ssh: 3, none: 1});
		expect(data.items.find(i => i.host === 'app-02' && i.name === 'worker')).toMatchObject({
			state: 'failed',
			source: 'ssh',
		});
		expect(result.host('app-04')).toMatchObject({status: 'unreachable'});
	});
});

describe('in the console', () => {
	it("a host's detail view reads it over SSH as well; closing it goes back to Prometheus alone", async () => {
		for (const name of ['app-01', 'app-02', 'app-03', 'app-04']) prometheus.hosts.set(name, modelHost());
		const env = environment();
		const hosts = sshHosts();
		const engine = new ConsoleEngine(env, {runtime: runtimeFor(env, hosts)});
		engines.push(engine);
		engine.start();
		const fleetHost = (name: string) => engine.store.getSnapshot().fleet?.hosts.find(h => h.name === name);
		await waitFor(
			() => fleetHost('app-02')?.source === 'prometheus',
			10_000,
			'a first reading from Prometheus',
		);
		expect(sshCalls(hosts)).toEqual([0, 0, 0, 0]);
		engine.showHosts(['app-02'], true);
		await waitFor(
			() => hosts['app-02']!.calls > 0 && Boolean(fleetHost('app-02')?.problems.includes('worker failed')),
			10_000,
			"app-02's detail over SSH",
		);
		const items = (engine.store.getSnapshot().panes.services.data as PaneData['services']).items;
		expect(items.find(i => i.host === 'app-02' && i.name === 'worker')).toMatchObject({
			state: 'failed',
			source: 'ssh',
		});
		engine.showHosts(undefined);
		const calls = hosts['app-02']!.calls;
		await waitFor(
			() =>
				(engine.store.getSnapshot().panes.services.data as PaneData['services']).items.find(
					i => i.host === 'app-02' && i.name === 'worker',
				)?.source === 'prometheus',
			10_000,
			"app-02's rows from Prometheus again",
		);
		expect(hosts['app-02']!.calls).toBe(calls);
	});
});
