// A console reading its fleet from Prometheus, whose rounds bring most hosts only a new scrape of the
// same values (Prometheus spreads 1,000 targets' scrapes over the interval): such a host keeps its
// reading, and the panes their rows (the same objects: nothing merged again); only the ages move.
// What must stay true: a value changed after equal ones is shown, the ages advance, a host whose
// samples stop turns stale on time, and a host gone from Prometheus (or down there) is said.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import type {PaneData} from '../../source/core/panes.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {sameValue} from '../../source/core/fleet/same-value.js';
import {paneScrapeAt} from '../../source/core/fleet/prometheus-plan.js';
import {PrometheusClient} from '../../source/adapters/prometheus.js';
import {runtimeOf} from '../../source/engine/runtime.js';
import {answer, fakeHost, fleetOf, type FakeHost} from '../support/fake-fleet.js';
import {
	modelHost,
	prometheusFleetEnvironment,
	startFakePrometheus,
	type FakePrometheus,
} from '../support/fake-prometheus.js';
import {waitFor} from '../support/wait.js';

let prometheus: FakePrometheus;
const engines: ConsoleEngine[] = [];
beforeEach(async () => {
	prometheus = await startFakePrometheus();
});
afterEach(async () => {
	await Promise.all(engines.splice(0).map(e => e.dispose()));
	await prometheus.close();
});

const names = ['app-01', 'app-02', 'app-03', 'app-04'];

function environment(scrapeInterval: string): NamedEnvironment {
	return prometheusFleetEnvironment({url: prometheus.url, scrapeInterval, probeTimeoutSeconds: 5});
}

function start(env: NamedEnvironment) {
	const hosts: Record<string, FakeHost> = Object.fromEntries(
		names.map(name => [name, fakeHost(name, async s => answer(s))]),
	);
	const fleetPrometheus = new PrometheusClient({url: env.prometheus!.url, timeoutMs: 5000});
	const runtime = runtimeOf({
		env,
		hosts: fleetOf(hosts, env).hosts,
		readOnly: false,
		fleetPrometheus,
		close: () => fleetPrometheus.close(),
	});
	const engine = new ConsoleEngine(env, {runtime});
	engines.push(engine);
	engine.start();
	const state = () => engine.store.getSnapshot();
	const host = (name: string) => state().fleet?.hosts.find(h => h.name === name);
	const services = () => state().panes.services;
	const serviceData = () => services().data as PaneData['services'] | undefined;
	const diskData = () => state().panes.disk.data as PaneData['disk'] | undefined;
	const rounds = () => prometheus.queries.filter(q => q.includes('(up{')).length;
	/** Waits until `count` more rounds were asked and the header's refresh moved past `after`. */
	const moreRounds = async (count: number, what: string) => {
		const asked = rounds();
		const refreshed = state().lastRefreshAt ?? 0;
		await waitFor(() => rounds() >= asked + count && (state().lastRefreshAt ?? 0) > refreshed, 20_000, what);
	};
	return {hosts, state, host, services, serviceData, diskData, rounds, moreRounds};
}

/** Every host's samples scraped whenever asked (each round a new scrape time), their values as given. */
function scrapedEachRound(): void {
	for (const name of names) prometheus.hosts.set(name, modelHost());
}

describe('a fleet from Prometheus whose rounds bring only new scrapes of the same values', () => {
	it('keeps its rows and its hosts as they were, and moves only the ages; a value changed after equal ones is shown', async () => {
		scrapedEachRound();
		const console = start(environment('15s'));
		await waitFor(() => console.host('app-04')?.source === 'prometheus', 20_000, 'a first reading');
		await waitFor(() => console.serviceData() !== undefined, 20_000, 'the services pane');
		await console.moreRounds(1, 'a round after the first');
		const items = console.serviceData()!.items;
		const mounts = console.diskData()!.items;
		const fleet = console.state().fleet;
		const scraped = console.serviceData()!.via!.oldestScrapeAt!;
		const updated = console.services().updatedAt!;
		const refreshed = console.state().lastRefreshAt!;

		await console.moreRounds(2, 'two more rounds of new scrapes of the same values');
		await waitFor(() => console.services().updatedAt! > updated, 20_000, "the pane's age moving");
		// Nothing merged again: the same rows and the same fleet state.
		expect(console.serviceData()!.items).toBe(items);
		expect(console.diskData()!.items).toBe(mounts);
		expect(console.state().fleet).toBe(fleet);
		// The ages advance: the pane's samples are the newer scrapes, the header's refresh is newer.
		expect(console.serviceData()!.via!.oldestScrapeAt).toBeGreaterThan(scraped);
		expect(console.diskData()!.via!.oldestScrapeAt).toBeGreaterThan(scraped);
		expect(console.services().updatedAt).toBe(
			Math.min(console.services().attemptedAt!, console.serviceData()!.via!.oldestScrapeAt!),
		);
		expect(console.state().lastRefreshAt).toBeGreaterThan(refreshed);
		expect(console.serviceData()!.via).toMatchObject({hosts: {prometheus: 4, ssh: 0, none: 0}, notes: []});

		prometheus.hosts.get('app-02')!.units!['worker.service'] = 'failed';
		prometheus.hosts.set('app-03', modelHost({}, 93));
		await waitFor(
			() =>
				console
					.serviceData()
					?.items.some(i => i.host === 'app-02' && i.name === 'worker' && i.state === 'failed') === true,
			20_000,
			"app-02's failed worker",
		);
		expect(console.host('app-02')).toMatchObject({
			status: 'critical',
			level: 'critical',
			problems: ['worker failed'],
		});
		await waitFor(
			() => console.diskData()?.items[0]?.host === 'app-03',
			20_000,
			"app-03's 93% disk listed first",
		);
		expect(console.diskData()!.items[0]).toMatchObject({host: 'app-03', usedPercent: 93, level: 'critical'});
		expect(console.host('app-03')).toMatchObject({level: 'critical', problems: ['/ 93%']});
		expect(console.state().fleet!.summary.services.find(s => s.name === 'worker')).toMatchObject({
			total: 4,
			active: 3,
			notActive: 1,
		});
		// And the worker back up after further equal rounds: shown too.
		await console.moreRounds(2, 'two rounds with app-02 failed');
		prometheus.hosts.get('app-02')!.units!['worker.service'] = 'active';
		await waitFor(() => console.host('app-02')?.status === 'ok', 20_000, "app-02's worker active again");
		expect(console.serviceData()!.items.find(i => i.host === 'app-02' && i.name === 'worker')?.state).toBe(
			'active',
		);
	});

	it('a host whose samples stop turns stale on time, while the others stay current', async () => {
		// 2 s scrapes: stale once its samples are 2 × 2 + 5 = 9 s old. app-03's scrape stops now.
		scrapedEachRound();
		const stoppedAt = Math.floor(Date.now() / 1000);
		prometheus.hosts.set('app-03', {...modelHost(), scrapedAt: stoppedAt});
		const console = start(environment('2s'));
		await waitFor(() => console.host('app-03')?.source === 'prometheus', 20_000, 'a first reading');
		await waitFor(() => console.host('app-03')?.status === 'stale', 30_000, 'app-03 stale');
		// Not before its samples were too old, and within the wait (a few refreshes after).
		expect(Date.now()).toBeGreaterThanOrEqual(stoppedAt * 1000 + 9000);
		expect(console.host('app-03')).toMatchObject({level: 'warning', source: 'prometheus'});
		expect(console.host('app-03')!.problems[0]).toMatch(/^scraped \d+[sm] ago$/);
		// Its scrape as Prometheus reported it, on this machine's clock (the answer's way here aside).
		expect(console.host('app-03')!.scrapedAt).toBeGreaterThanOrEqual(stoppedAt * 1000);
		expect(console.host('app-03')!.scrapedAt).toBeLessThanOrEqual(Date.now() - 9000);
		for (const name of ['app-01', 'app-02', 'app-04']) expect(console.host(name)?.status).toBe('ok');
		expect(console.state().fleet!.summary.stale).toBe(1);
		await waitFor(
			() => console.serviceData()?.via?.notes.includes('stale in Prometheus: app-03') === true,
			20_000,
			'the services pane saying app-03 is stale',
		);
		// The pane's age is its oldest current sample's: the others', which keep moving.
		const scraped = console.serviceData()!.via!.oldestScrapeAt!;
		expect(scraped).toBeGreaterThan(stoppedAt * 1000);
		await console.moreRounds(2, 'two more rounds');
		await waitFor(
			() => console.serviceData()!.via!.oldestScrapeAt! > scraped,
			20_000,
			"the pane's age moving with the current hosts' scrapes",
		);
		expect(console.host('app-03')?.status).toBe('stale');
	});

	it('a host gone from Prometheus, or down there, is said, though the others bring the same values', async () => {
		scrapedEachRound();
		const console = start(environment('15s'));
		await waitFor(() => console.host('app-04')?.source === 'prometheus', 20_000, 'a first reading');
		await console.moreRounds(1, 'a round of the same values');

		prometheus.hosts.delete('app-04');
		prometheus.hosts.get('app-01')!.down = true;
		await waitFor(
			() =>
				console.host('app-04')?.status === 'unreachable' && console.host('app-01')?.status === 'unreachable',
			20_000,
			'app-04 gone and app-01 down',
		);
		expect(console.host('app-04')).toMatchObject({note: 'not known to Prometheus'});
		expect(console.host('app-04')!.error).toMatch(/^Prometheus knows no target of job node for app-04/);
		expect(console.host('app-01')).toMatchObject({note: 'exporter down in Prometheus'});
		await waitFor(
			() => console.serviceData()?.via?.hosts.none === 2,
			20_000,
			'the services pane counting two hosts without a reading',
		);
		expect(console.serviceData()!.via!.notes).toEqual([
			'exporter down in Prometheus: app-01',
			'not known to Prometheus: app-04',
		]);
		expect(console.state().fleet!.summary).toMatchObject({unreachable: 2, sources: {prometheus: 2, ssh: 0}});
		expect(Object.values(console.hosts).map(h => h.calls)).toEqual([0, 0, 0, 0]);

		// Back in Prometheus with its values: read from it again.
		prometheus.hosts.set('app-04', modelHost());
		await waitFor(() => console.host('app-04')?.status === 'ok', 20_000, 'app-04 back');
		expect(console.host('app-04')).toMatchObject({source: 'prometheus'});
		expect(console.host('app-04')!.note).toBeUndefined();
	});
});

describe('sameValue and paneScrapeAt', () => {
	it('compares readings by content', () => {
		expect(
			sameValue({ok: true, value: {api: {state: 'active'}}}, {ok: true, value: {api: {state: 'active'}}}),
		).toBe(true);
		expect(
			sameValue({ok: true, value: {api: {state: 'active'}}}, {ok: true, value: {api: {state: 'failed'}}}),
		).toBe(false);
		expect(sameValue({items: [1, 2]}, {items: [1, 2, 3]})).toBe(false);
		expect(sameValue({a: 1}, {a: 1, b: undefined})).toBe(false);
		expect(sameValue(new Map([['api', {ok: true}]]), new Map([['api', {ok: true}]]))).toBe(true);
		expect(sameValue(new Map([['api', {ok: true}]]), new Map([['api', {ok: false}]]))).toBe(false);
		expect(sameValue([1], {0: 1})).toBe(false);
		expect(sameValue(Number.NaN, Number.NaN)).toBe(true);
	});

	it("a pane's age: the oldest current sample, else the newest stale one", () => {
		const hosts = [
			{at: 3000, stale: false},
			{at: undefined, stale: false},
			{at: 2000, stale: false},
			{at: 500, stale: true},
		];
		const of = (list: typeof hosts) =>
			paneScrapeAt(
				list.length,
				i => list[i]!.at,
				i => list[i]!.stale,
			);
		expect(of(hosts)).toBe(2000);
		expect(of(hosts.map(h => ({...h, stale: true})))).toBe(3000);
		expect(of([{at: undefined, stale: false}])).toBeUndefined();
	});
});
