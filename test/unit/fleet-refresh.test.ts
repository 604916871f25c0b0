// The fleet engine over fake hosts: a dead host and a slow host never hold the others' data, the
// concurrency limit holds, hidden hosts are not asked, and a one-shot refresh reports the fleet.
import {afterEach, describe, expect, it} from 'vitest';
import {parseConfig} from '../../source/core/config/parse.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {runRefresh, type PaneReport} from '../../source/engine/refresh.js';
import type {FleetHost, FleetState} from '../../source/core/fleet/types.js';
import type {PaneData, SlotInfo} from '../../source/core/panes.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {waitFor} from '../support/wait.js';
import {answer, fakeHost, fleetOf, never, refused, type FakeHost} from '../support/fake-fleet.js';

const env: NamedEnvironment = {
	...parseConfig(
		[
			'environments:',
			'  fleet:',
			'    transport: local',
			'    refreshSeconds: 1',
			'    probeTimeoutSeconds: 1',
			'    fleet: {concurrency: 2, idleCloseSeconds: 30}',
			'    services: [{name: api, manager: systemd}, {name: worker, manager: systemd}]',
			'    disk: {mounts: [/]}',
			'    slots: {base: /opt/app}',
			'    http: {baseUrl: "http://127.0.0.1:1"}',
		].join('\n'),
		'pg-ops.yaml',
	).environments.fleet!,
	name: 'fleet',
	// No verify endpoint in these tests: the slot's running version is not what is tested here.
	slots: undefined,
};

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

const engines: ConsoleEngine[] = [];
afterEach(async () => {
	await Promise.all(engines.splice(0).map(e => e.dispose()));
});

function engineOver(hosts: Record<string, FakeHost>, environment = env): ConsoleEngine {
	const engine = new ConsoleEngine(environment, {runtime: fleetOf(hosts, environment)});
	engines.push(engine);
	return engine;
}

const fleetHostOf = (engine: ConsoleEngine, name: string): FleetHost | undefined =>
	engine.store.getSnapshot().fleet?.hosts.find(h => h.name === name);
const servicesOf = (engine: ConsoleEngine) =>
	engine.store.getSnapshot().panes.services.data as PaneData['services'] | undefined;

describe('a dead host and a slow host in the console', () => {
	it("the others' data arrives and is merged without waiting; the dead one is unreachable with its error; the slow one is slow, then answers", async () => {
		let releaseSlow!: () => void;
		const slowAnswer = new Promise<void>(resolve => (releaseSlow = resolve));
		const engine = engineOver({
			'app-01': fakeHost('app-01', async s => answer(s, {})),
			'app-02': fakeHost('app-02', async s => answer(s, {worker: 'failed', used: 93})),
			'app-03': fakeHost('app-03', refused('app-03')),
			'app-04': fakeHost('app-04', async s => {
				await slowAnswer;
				return answer(s, {});
			}),
		});
		const refreshed = engine.refreshNow();

		await waitFor(
			() => servicesOf(engine)?.items.length === 4,
			5000,
			'app-01 and app-02 merged into the services pane',
		);
		const services = servicesOf(engine)!;
		expect(services.items.map(i => `${i.host}/${i.name}/${i.state}`)).toEqual([
			'app-02/api/active',
			'app-02/worker/failed',
			'app-01/api/active',
			'app-01/worker/active',
		]);
		expect(services.fleet!.find(f => f.name === 'worker')).toMatchObject({
			total: 4,
			active: 1,
			notActive: 1,
			unknown: 2,
			level: 'critical',
		});
		expect(
			(engine.store.getSnapshot().panes.disk.data as PaneData['disk']).items.map(
				i => `${i.host} ${i.usedPercent}`,
			),
		).toEqual(['app-02 93', 'app-01 40']);

		await waitFor(() => fleetHostOf(engine, 'app-03')?.status === 'unreachable', 5000, 'app-03 unreachable');
		expect(fleetHostOf(engine, 'app-03')).toMatchObject({
			level: 'critical',
			error: expect.stringMatching(/connection refused/),
		});

		await waitFor(() => fleetHostOf(engine, 'app-04')?.status === 'slow', 5000, 'app-04 marked slow');
		expect(fleetHostOf(engine, 'app-04')!.problems[0]).toMatch(/^no answer for \d+s$/);
		expect(engine.store.getSnapshot().fleet!.summary).toMatchObject({
			hosts: 4,
			answered: 2,
			unreachable: 1,
			slow: 1,
		});
		expect(engine.store.getSnapshot().panes.services.status).toBe('critical');

		releaseSlow();
		await refreshed;
		await waitFor(() => fleetHostOf(engine, 'app-04')?.status === 'ok', 5000, 'app-04 answered');
		expect(servicesOf(engine)!.fleet!.find(f => f.name === 'api')).toMatchObject({
			total: 4,
			active: 3,
			unknown: 1,
		});
	});

	it('a host that never answers turns unreachable once the probe timeout is over; refreshNow resolves then', async () => {
		const engine = engineOver({
			'app-01': fakeHost('app-01', async s => answer(s, {})),
			'app-02': fakeHost('app-02', never),
		});
		await engine.refreshNow();
		expect(fleetHostOf(engine, 'app-01')!.status).toBe('ok');
		expect(fleetHostOf(engine, 'app-02')).toMatchObject({
			status: 'unreachable',
			error: expect.stringMatching(/timed out/),
		});
		expect(engine.store.getSnapshot().panes.services.status).toBe('warning'); // every reading is fine, but one host did not answer
	}, 10_000);

	it('a slow host keeps its own batch: the next tick starts none on it and does not wait for it', async () => {
		let releaseSlow!: () => void;
		const slowAnswer = new Promise<void>(resolve => (releaseSlow = resolve));
		const fast = fakeHost('app-01', async s => answer(s, {}));
		const slow = fakeHost('app-02', async s => {
			await slowAnswer;
			return answer(s, {});
		});
		const engine = engineOver({'app-01': fast, 'app-02': slow});
		const first = engine.refreshNow();
		await waitFor(() => fast.calls === 1 && slow.calls === 1, 5000, 'both asked');
		await waitFor(() => fleetHostOf(engine, 'app-01')?.status === 'ok', 5000, 'app-01 answered');
		void engine.refreshNow();
		await waitFor(() => fast.calls === 2, 5000, 'app-01 asked again');
		expect(slow.calls).toBe(1);
		releaseSlow();
		await first;
	});
});

describe('the concurrency limit', () => {
	it('never more batches at once than fleet.concurrency, and every host is asked', async () => {
		let running = 0;
		let most = 0;
		const hosts: Record<string, FakeHost> = {};
		for (let i = 1; i <= 9; i++) {
			const name = `app-0${i}`;
			hosts[name] = fakeHost(name, async s => {
				running++;
				most = Math.max(most, running);
				await sleep(20 + (i % 3) * 15);
				running--;
				return answer(s, {});
			});
		}
		let fleet: FleetState | undefined;
		await runRefresh(fleetOf(hosts, env), {onPane() {}, onFleet: f => (fleet = f)});
		expect(most).toBe(2);
		expect(Object.values(hosts).every(h => h.calls === 1)).toBe(true);
		expect(fleet!.summary).toMatchObject({hosts: 9, answered: 9});
	});
});

describe('showHosts', () => {
	it('only the shown hosts are asked; the others are paused, keep their last data, and get their connections idle-closed', async () => {
		const hosts = {
			'app-01': fakeHost('app-01', async s => answer(s, {})),
			'app-02': fakeHost('app-02', async s => answer(s, {worker: 'failed'})),
			'app-03': fakeHost('app-03', async s => answer(s, {})),
		};
		const engine = engineOver(hosts);
		await engine.refreshNow();
		expect(Object.values(hosts).map(h => h.calls)).toEqual([1, 1, 1]);

		engine.showHosts(['app-02']);
		await engine.refreshNow();
		await engine.refreshNow();
		expect(Object.values(hosts).map(h => h.calls)).toEqual([1, 3, 1]);
		expect([hosts['app-01'].idleMs, hosts['app-02'].idleMs, hosts['app-03'].idleMs]).toEqual([
			30_000,
			undefined,
			30_000,
		]);
		await waitFor(() => fleetHostOf(engine, 'app-01')?.status === 'paused', 2000, 'app-01 paused');
		const fleet = engine.store.getSnapshot().fleet!;
		expect(fleet.shown).toEqual(['app-02']);
		expect(fleet.summary).toMatchObject({paused: 2, answered: 1});
		// Paused hosts keep their last readings; they count as unknown, which is no warning.
		expect(servicesOf(engine)!.items.filter(i => i.host === 'app-01')).toHaveLength(2);
		expect(servicesOf(engine)!.fleet!.find(f => f.name === 'api')).toMatchObject({
			active: 1,
			unknown: 2,
			level: 'ok',
		});

		engine.showHosts(undefined);
		await waitFor(
			() => hosts['app-01'].calls === 2 && hosts['app-03'].calls === 2,
			2000,
			'hidden hosts asked at once when shown again',
		);
		expect(hosts['app-01'].idleMs).toBeUndefined();
		await waitFor(
			() =>
				engine.store.getSnapshot().fleet!.shown === undefined &&
				fleetHostOf(engine, 'app-01')?.status === 'ok',
			2000,
			'all hosts shown',
		);
	});

	it("a service's logs come from the host asked for", async () => {
		const hosts = {
			'app-01': fakeHost('app-01', async s =>
				s.includes('journalctl')
					? {stdout: 'from app-01\n', stderr: '', exitCode: 0, timedOut: false, durationMs: 1}
					: answer(s, {}),
			),
			'app-02': fakeHost('app-02', async s =>
				s.includes('journalctl')
					? {stdout: 'from app-02\n', stderr: '', exitCode: 0, timedOut: false, durationMs: 1}
					: answer(s, {}),
			),
		};
		const engine = engineOver(hosts, {...env, sudo: false});
		await engine.showServiceLogs('worker', 'app-02');
		expect(engine.store.getSnapshot().detail).toMatchObject({
			kind: 'logs',
			host: 'app-02',
			status: 'ok',
			lines: ['from app-02'],
		});
	});
});

describe("a one-shot refresh (status, a procedure's snapshots)", () => {
	it('a fleet: each host pane once, with every host in it, and the fleet state', async () => {
		const reports: PaneReport[] = [];
		const slots: Array<SlotInfo | undefined> = [];
		let fleet: FleetState | undefined;
		await runRefresh(
			fleetOf(
				{
					'app-01': fakeHost('app-01', async s => answer(s, {release: 'blue'})),
					'app-02': fakeHost('app-02', refused('app-02')),
					'app-03': fakeHost('app-03', async s => answer(s, {release: 'green', used: 85})),
				},
				{
					...env,
					slots: {
						...parseConfig(
							'environments:\n  x:\n    transport: local\n    http: {baseUrl: "http://127.0.0.1:1"}\n    slots: {base: /opt/app}\n',
							'x.yaml',
						).environments.x!.slots!,
					},
				},
			),
			{
				onPane: r => reports.push(r),
				onSlot: s => slots.push(s),
				onFleet: f => (fleet = f),
			},
		);
		const configured = reports.filter(r => r.configured);
		expect(configured.map(r => r.pane).sort()).toEqual(['disk', 'services']);
		expect(configured.find(r => r.pane === 'services')).toMatchObject({status: 'warning'});
		expect(configured.find(r => r.pane === 'disk')).toMatchObject({status: 'warning'});
		expect(slots).toHaveLength(1);
		expect(slots[0]).toMatchObject({release: 'blue', releases: {blue: 1, green: 1}});
		expect(fleet!.hosts.map(h => [h.name, h.status, h.release])).toEqual([
			['app-01', 'ok', 'blue'],
			['app-02', 'unreachable', undefined],
			['app-03', 'warning', 'green'],
		]);
		expect(fleet!.summary).toMatchObject({hosts: 3, answered: 2, unreachable: 1});
	});

	it('one host: no host fields, no fleet summary, no fleet state', async () => {
		const reports: PaneReport[] = [];
		let fleet: FleetState | undefined;
		await runRefresh(fleetOf({'app-01': fakeHost('app-01', async s => answer(s, {worker: 'failed'}))}, env), {
			onPane: r => reports.push(r),
			onFleet: f => (fleet = f),
		});
		const services = reports.find(r => r.pane === 'services')!;
		expect(services.status).toBe('critical');
		expect(services.data).toEqual({
			items: [
				expect.not.objectContaining({host: expect.anything()}),
				expect.not.objectContaining({host: expect.anything()}),
			],
		});
		expect((reports.find(r => r.pane === 'disk')!.data as PaneData['disk']).items[0]).not.toHaveProperty(
			'host',
		);
		expect(fleet).toBeUndefined();
	});

	it("one host that can't be reached: every host pane is an error with its words, as ever", async () => {
		const reports: PaneReport[] = [];
		await runRefresh(fleetOf({'app-01': fakeHost('app-01', refused('app-01'))}, env), {
			onPane: r => reports.push(r),
		});
		expect(reports.filter(r => r.configured).map(r => [r.pane, r.status, r.error])).toEqual([
			['disk', 'error', 'deploy@app-01: connection refused (is sshd running there, on that port?)'],
			['services', 'error', 'deploy@app-01: connection refused (is sshd running there, on that port?)'],
		]);
	});
});
