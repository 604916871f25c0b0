// Dead hosts fail fast: more dead hosts than fleet.concurrency never hold the live hosts' data
// (hosts that answered go first, hosts that failed hold at most half the places), a failed host is
// left alone by scheduled refreshes for a backoff (still at once on ctrl+r), the restart planner's
// reads are bounded by the probe deadline, and fleet.concurrency is the environment's.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {parseConfig} from '../../source/core/config/parse.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import type {FleetState} from '../../source/core/fleet/types.js';
import type {ExecResult} from '../../source/adapters/host.js';
import {FleetRefresher, failedHostBackoffMs} from '../../source/engine/fleet/fleet-refresher.js';
import {Limiter, type Turn} from '../../source/engine/fleet/limiter.js';
import {plannerFor} from '../../source/engine/procedures/registry.js';
import {PlanError} from '../../source/engine/procedures/options.js';
import {waitFor} from '../support/wait.js';
import {batchReply, fakeHost as fakeFleetHost, fleetOf, never, type FakeHost} from '../support/fake-fleet.js';

function environment(lines: string[]): NamedEnvironment {
	return {
		...parseConfig(
			['environments:', '  fleet:', '    transport: local', ...lines.map(l => `    ${l}`)].join('\n'),
			'pg-ops.yaml',
		).environments.fleet!,
		name: 'fleet',
	};
}

// The fleet's own probe deadline is far off: a dead host's "timeout" is played by the test (expire()).
const env = environment([
	'refreshSeconds: 1',
	'probeTimeoutSeconds: 60',
	'fleet: {concurrency: 2}',
	'services: [{name: api, manager: systemd}]',
]);

/** The batch's output as a host prints it (api active). */
const answer = (script: string) =>
	batchReply(script, () => 'Id=api.service\nLoadState=loaded\nActiveState=active\nSubState=running\n');

/** A fake host that reports its connection as an ssh host does: failed until the test says otherwise. */
const fakeHost = (name: string, exec: (script: string) => Promise<ExecResult>) =>
	fakeFleetHost(name, exec, {reportsConnection: true});

/** Blackholed hosts: each batch hangs until the test says its connect timed out (expire); `refusing`: they fail at once. */
function blackhole() {
	const pending: Array<() => void> = [];
	return {
		pending,
		refusing: false,
		exec(name: string) {
			return async (): Promise<never> => {
				if (this.refusing) throw new Error(`deploy@${name}: connection refused`);
				return new Promise<never>((_, reject) =>
					pending.push(() => reject(new Error(`deploy@${name}: no answer from ${name}:22 within 60s`))),
				);
			};
		},
		expire() {
			for (const fail of pending.splice(0)) fail();
		},
	};
}

function refresherOver(hosts: Record<string, FakeHost>, environmentUsed = env) {
	const runtime = fleetOf(hosts, environmentUsed);
	let fleet: FleetState | undefined;
	const refresher = new FleetRefresher(
		runtime,
		{onPane() {}, onFleet: f => (fleet = f)},
		{progressive: true, publishDelayMs: 5},
	);
	refreshers.push(refresher);
	return {refresher, runtime, fleet: () => fleet};
}

const refreshers: FleetRefresher[] = [];
afterEach(() => {
	for (const r of refreshers.splice(0)) r.dispose();
	vi.useRealTimers();
});

describe('the limiter', () => {
	it('hosts that answered go first, then new ones, then those that failed; a failed one holds at most half the places', async () => {
		const limiter = new Limiter(4);
		expect(limiter.maxFailed).toBe(2);
		const started: string[] = [];
		const gates = new Map<string, () => void>();
		const task = (name: string, turn: Turn) =>
			limiter.run(() => {
				started.push(name);
				return new Promise<void>(resolve => gates.set(name, resolve));
			}, turn);
		const all = [
			task('failed-1', 'failed'),
			task('failed-2', 'failed'),
			task('failed-3', 'failed'),
			task('failed-4', 'failed'),
			task('new-1', 'new'),
			task('answered-1', 'answered'),
			task('new-2', 'new'),
			task('answered-2', 'answered'),
		];
		await Promise.resolve();
		// Two failed ones got in before anything else was asked for; the other two wait however free the places are.
		expect(started).toEqual(['failed-1', 'failed-2', 'new-1', 'answered-1']);
		gates.get('failed-1')!();
		await waitFor(() => started.length === 5, 1000, 'a place handed on');
		expect(started[4]).toBe('answered-2'); // not failed-3: answered hosts first
		gates.get('new-1')!();
		await waitFor(() => started.length === 6, 1000, 'a place handed on');
		expect(started[5]).toBe('new-2');
		gates.get('answered-1')!();
		await waitFor(() => started.length === 7, 1000, 'a place handed on');
		expect(started[6]).toBe('failed-3');
		expect(limiter.active).toBe(4);
		for (const name of ['failed-2', 'answered-2', 'new-2', 'failed-3']) gates.get(name)!();
		await waitFor(() => started.length === 8, 1000, 'the last one started');
		gates.get('failed-4')!();
		await Promise.all(all);
		expect(limiter.active).toBe(0);
	});

	it('with one place in all, a failed host may still have it', async () => {
		const limiter = new Limiter(1);
		expect(limiter.maxFailed).toBe(1);
		await expect(limiter.run(async () => 'ran', 'failed')).resolves.toBe('ran');
	});
});

describe('more dead hosts than fleet.concurrency (2): 3 blackholed, 3 live', () => {
	it('after the first round, the live hosts get their data on every refresh while the dead ones hang', async () => {
		const dead = blackhole();
		const live = ['live-1', 'live-2', 'live-3'].map(name => fakeHost(name, async s => answer(s)));
		// Dead ones first in config order: the worst case for a queue in order.
		const hosts: Record<string, FakeHost> = {
			'dead-1': fakeHost('dead-1', dead.exec('dead-1')),
			'dead-2': fakeHost('dead-2', dead.exec('dead-2')),
			'dead-3': fakeHost('dead-3', dead.exec('dead-3')),
			'live-1': live[0]!,
			'live-2': live[1]!,
			'live-3': live[2]!,
		};
		const {refresher} = refresherOver(hosts);

		// Round 1: nothing is known yet, so the first two hosts in order take both places.
		const first = refresher.refresh();
		await waitFor(() => dead.pending.length === 2, 2000, 'dead-1 and dead-2 asked');
		expect(live.map(h => h.calls)).toEqual([0, 0, 0]);
		dead.expire();
		await waitFor(() => live.every(h => h.calls === 1), 2000, 'the live hosts asked');
		dead.expire();
		await first;
		const status = () => Object.fromEntries(refresher.state().hosts.map(h => [h.name, h.status]));
		expect(status()).toEqual({
			'dead-1': 'unreachable',
			'dead-2': 'unreachable',
			'dead-3': 'unreachable',
			'live-1': 'ok',
			'live-2': 'ok',
			'live-3': 'ok',
		});

		// Every later refresh asks every host again (ctrl+r: no backoff), dead ones too.
		const liveDone = () =>
			refresher
				.state()
				.hosts.filter(h => h.name.startsWith('live'))
				.every(h => h.status === 'ok' && h.inFlightSince === undefined);
		for (let round = 2; round <= 4; round++) {
			dead.refusing = false;
			const refreshed = refresher.refresh();
			await waitFor(
				() => live.every(h => h.calls === round) && liveDone(),
				2000,
				`round ${round}'s live data in`,
			);
			// ...while a dead host still hangs in its place: it held only one of the two.
			expect(dead.pending.length).toBe(1);
			expect(
				refresher
					.state()
					.hosts.filter(h => h.inFlightSince !== undefined)
					.map(h => h.name),
			).toEqual(['dead-1']);
			// Its connect "times out"; the other two dead ones, refused at once, end the round.
			dead.refusing = true;
			dead.expire();
			await refreshed;
			expect(hosts['dead-3']!.calls).toBe(round);
		}
	});
});

describe('a failed host backs off on scheduled refreshes', () => {
	it('asked again only after 2 s, then 4 s...; unreachable with its error meanwhile; ctrl+r asks at once; a connection back by itself ends the wait', async () => {
		vi.useFakeTimers({toFake: ['Date']});
		const refused = fakeHost('app-02', async () => {
			throw new Error('deploy@app-02: connection refused');
		});
		const ok = fakeHost('app-01', async s => answer(s));
		const {refresher} = refresherOver({'app-01': ok, 'app-02': refused});
		const app02 = () => refresher.state().hosts.find(h => h.name === 'app-02')!;

		await refresher.refresh({scheduled: true});
		expect([ok.calls, refused.calls]).toEqual([1, 1]);
		expect(app02()).toMatchObject({status: 'unreachable', error: 'deploy@app-02: connection refused'});

		await refresher.refresh({scheduled: true});
		expect([ok.calls, refused.calls]).toEqual([2, 1]); // within its 2 s: left alone
		expect(app02()).toMatchObject({status: 'unreachable', error: 'deploy@app-02: connection refused'});

		vi.setSystemTime(Date.now() + 2100);
		await refresher.refresh({scheduled: true});
		expect(refused.calls).toBe(2); // failed again: now 4 s

		vi.setSystemTime(Date.now() + 2100);
		await refresher.refresh({scheduled: true});
		expect(refused.calls).toBe(2);
		vi.setSystemTime(Date.now() + 2000);
		await refresher.refresh({scheduled: true});
		expect(refused.calls).toBe(3);

		// ctrl+r (and any refresh that is not the interval's tick) asks at once.
		await refresher.refresh();
		expect(refused.calls).toBe(4);

		// Its connection came back by itself (ssh's own reconnect): no need to wait.
		refused.connection = 'connected';
		await refresher.refresh({scheduled: true});
		expect(refused.calls).toBe(5);
	});

	it('the backoff doubles from 2 s and stops at 30 s', () => {
		expect([1, 2, 3, 4, 5, 6, 20].map(failedHostBackoffMs)).toEqual([
			2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
		]);
	});

	it('an answer ends the backoff', async () => {
		vi.useFakeTimers({toFake: ['Date']});
		let up = false;
		const flaky = fakeHost('app-02', async s => {
			if (!up) throw new Error('deploy@app-02: connection refused');
			return answer(s);
		});
		const {refresher} = refresherOver({'app-01': fakeHost('app-01', async s => answer(s)), 'app-02': flaky});
		await refresher.refresh({scheduled: true});
		up = true;
		await refresher.refresh(); // ctrl+r
		expect(refresher.state().hosts.find(h => h.name === 'app-02')!.status).toBe('ok');
		await refresher.refresh({scheduled: true});
		expect(flaky.calls).toBe(3);
	});
});

describe('restart planning on a blackholed host', () => {
	const quick = environment(['probeTimeoutSeconds: 1', 'services: [{name: api, manager: systemd}]']);

	it('a rolling restart is planned without it once the probe deadline is over', async () => {
		const runtime = fleetOf(
			{'app-01': fakeHost('app-01', async s => answer(s)), 'app-02': fakeHost('app-02', never)},
			quick,
		);
		const plan = await plannerFor('restart')!(runtime, {service: 'api'});
		expect(JSON.stringify(plan)).toContain('reading api on deploy@app-02 timed out after 4s');
		expect(plan.steps.some(s => s.action.kind === 'shell' && s.action.host === 'app-01')).toBe(true);
		expect(plan.steps.some(s => s.action.kind === 'shell' && s.action.host === 'app-02')).toBe(false);
	}, 10_000);

	it('a restart on that one host: a plan error, not a hang', async () => {
		const runtime = fleetOf(
			{'app-01': fakeHost('app-01', async s => answer(s)), 'app-02': fakeHost('app-02', never)},
			quick,
		);
		const planned = plannerFor('restart')!(runtime, {service: 'api', host: 'app-02'});
		await expect(planned).rejects.toThrow(PlanError);
		await expect(planned).rejects.toThrow(
			'app-02 did not answer: reading api on deploy@app-02 timed out after 4s',
		);
	}, 10_000);
});

describe('fleet.concurrency', () => {
	it("is the environment's (default 128): 40 hosts are all asked at once", async () => {
		const open = environment([
			'refreshSeconds: 1',
			'probeTimeoutSeconds: 5',
			'services: [{name: api, manager: systemd}]',
		]);
		expect(open.fleet.concurrency).toBe(128);
		let running = 0;
		let most = 0;
		let release!: () => void;
		const allIn = new Promise<void>(resolve => (release = resolve));
		const hosts: Record<string, FakeHost> = {};
		for (let i = 1; i <= 40; i++) {
			hosts[`app-${i}`] = fakeHost(`app-${i}`, async s => {
				running++;
				most = Math.max(most, running);
				if (running === 40) release();
				await allIn; // under a limit below 40 this waits until the batch's deadline, and the hosts fail
				running--;
				return answer(s);
			});
		}
		const {refresher} = refresherOver(hosts, open);
		await refresher.refresh();
		expect(most).toBe(40);
		expect(refresher.state().summary).toMatchObject({hosts: 40, answered: 40});
	}, 15_000);
});
