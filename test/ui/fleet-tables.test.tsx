// The pure parts of the fleet panes (core/format/fleet-*.ts): what a filter word means, how lines
// are recounted over the hosts a filter leaves, hosts that did not answer, and the header's words.
import {describe, expect, it} from 'vitest';
import {hostsToRefresh, narrowedHosts, parseFleetFilter} from '../../source/core/format/fleet-filter.js';
import {fleetServicesTable} from '../../source/core/format/fleet-services.js';
import {fleetDiskTable} from '../../source/core/format/fleet-disk.js';
import {fleetHostsText, fleetSlotText, hostFacts} from '../../source/core/format/fleet-text.js';
import {hostStatusText} from '../../source/core/format/fleet-hosts.js';
import {hostMountTable, hostServiceTable} from '../../source/core/format/fleet-host-detail.js';
import {paneTable} from '../../source/core/format/pane-table.js';
import type {FleetHost} from '../../source/core/fleet/types.js';
import type {MountItem, PaneData, ServiceItem} from '../../source/core/panes.js';
import {fixtureNow} from '../fixtures/console-state.js';
import {fleetState} from '../fixtures/fleet-state.js';

const cells = (table: ReturnType<typeof fleetServicesTable>) =>
	table.rows.map(r => r.cells.slice(1).join(' '));
const host = (
	name: string,
	status: FleetHost['status'] = 'ok',
	more: Partial<FleetHost> = {},
): FleetHost => ({name, label: `deploy@${name}`, status, level: 'ok', problems: [], ...more});
const item = (
	hostName: string,
	name: string,
	state = 'active',
	level: ServiceItem['level'] = state === 'active' ? 'ok' : 'critical',
): ServiceItem => ({name, manager: 'systemd', unit: `${name}.service`, state, level, host: hostName});

describe('a fleet filter word', () => {
	const hosts = ['api-01', 'api-02', 'db-01'];
	it('is a host term when a host name contains it, unless it is exactly a service name', () => {
		expect(parseFleetFilter('db', hosts, ['api', 'worker'])).toEqual({hostTerms: ['db'], itemTerms: []});
		expect(parseFleetFilter('api', hosts, ['api', 'worker'])).toEqual({hostTerms: [], itemTerms: ['api']});
		expect(parseFleetFilter('api-0 failed', hosts, ['api'])).toEqual({
			hostTerms: ['api-0'],
			itemTerms: ['failed'],
		});
	});

	it('narrows the hosts only when it names some', () => {
		expect(narrowedHosts(parseFleetFilter('-01', hosts, []), hosts)).toEqual(['api-01', 'db-01']);
		expect(narrowedHosts(parseFleetFilter('failed', hosts, []), hosts)).toBeUndefined();
	});

	it('shows the hosts any host word names (two host names are both hosts, not none)', () => {
		expect(narrowedHosts(parseFleetFilter('api-01 db-01', hosts, []), hosts)).toEqual(['api-01', 'db-01']);
		expect(narrowedHosts(parseFleetFilter('db-01 api-0', hosts, []), hosts)).toEqual([
			'api-01',
			'api-02',
			'db-01',
		]);
		// Service words still narrow what is listed of those hosts, every one of them.
		expect(parseFleetFilter('api-01 db-01 worker failed', hosts, ['worker'])).toEqual({
			hostTerms: ['api-01', 'db-01'],
			itemTerms: ['worker', 'failed'],
		});
	});

	it("has the engine refresh the union of the panes' hosts, and every host when a pane narrows to none", () => {
		const order = ['a', 'b', 'c'];
		expect(hostsToRefresh([['c', 'a'], ['b']], order)).toEqual(['a', 'b', 'c']);
		expect(hostsToRefresh([undefined, ['c']], order)).toEqual(['c']);
		expect(hostsToRefresh([undefined, undefined], order)).toBeUndefined();
		// No host matches: not a request to refresh no host (that would pause every one).
		expect(hostsToRefresh([[], undefined], order)).toBeUndefined();
		expect(hostsToRefresh([[], ['b']], order)).toEqual(['b']);
	});
});

describe('the services table of a fleet', () => {
	it('recounts the summary over the hosts a filter leaves', () => {
		const state = fleetState(40);
		const table = fleetServicesTable({
			data: state.panes.services.data as PaneData['services'],
			hosts: state.fleet!.hosts,
			now: fixtureNow,
			filter: 'app-0',
		});
		expect(table.hosts).toEqual({total: 40, shown: 9});
		expect(table.narrowed).toHaveLength(9);
		// app-01..app-09: app-07's worker failed, app-09 slow (no answer).
		expect(cells(table).slice(0, 2)).toEqual([
			'api 8/9 active  1 no answer',
			'worker 7/9 active  1 failed  1 no answer',
		]);
	});

	it('collapses hosts with no answer yet and paused hosts into a line each, and lists them when expanded', () => {
		const data = {items: [item('a', 'api'), item('b', 'api')]};
		const hosts = [host('a'), host('b'), host('c', 'loading'), host('d', 'loading'), host('e', 'paused')];
		expect(cells(fleetServicesTable({data, hosts, now: fixtureNow}))).toEqual([
			'api 2/5 active  3 no answer',
			'2 hosts: no answer yet',
			'1 host paused (not refreshed while other hosts are shown)',
			'2 hosts all active',
		]);
		expect(cells(fleetServicesTable({data, hosts, now: fixtureNow, expanded: true})).slice(1)).toEqual([
			'c no answer yet',
			'd no answer yet',
			'e paused: not refreshed while other hosts are shown',
			'a api active -',
			'b api active -',
		]);
	});

	it('names the states that are not active when the readings add up, says "not active" when not, and a failing health URL', () => {
		const data: PaneData['services'] = {
			items: [item('a', 'api', 'failed'), item('b', 'api', 'inactive', 'warning')],
			fleet: [
				{
					name: 'api',
					total: 3,
					active: 0,
					notActive: 3,
					unknown: 0,
					level: 'critical',
					health: {ok: false, error: 'connect ECONNREFUSED', url: 'http://lb/healthz'},
				},
			],
		};
		expect(
			cells(fleetServicesTable({data, hosts: [host('a'), host('b'), host('c')], now: fixtureNow}))[0],
		).toBe('api 0/3 active  3 not active  health DOWN');
		expect(
			cells(
				fleetServicesTable({
					data: {...data, fleet: [{...data.fleet![0]!, notActive: 2, total: 2}]},
					hosts: [host('a'), host('b')],
					now: fixtureNow,
				}),
			)[0],
		).toBe('api 0/2 active  1 failed, 1 inactive  health DOWN');
	});

	it('puts a failed service before a host that did not answer at the same level', () => {
		const data = {items: [item('b', 'api', 'failed')]};
		const rows = fleetServicesTable({
			data,
			hosts: [
				host('a', 'unreachable', {error: 'deploy@a: connect ETIMEDOUT', level: 'critical'}),
				host('b', 'critical'),
			],
			now: fixtureNow,
		}).rows;
		expect(rows.map(r => r.key)).toEqual(['summary:api', 'service:b:api', 'host:a']);
		expect(rows[2]!.cells[2]).toBe('unreachable: connect ETIMEDOUT');
	});
});

describe('the disk table of a fleet', () => {
	const mount = (hostName: string, usedPercent: number): MountItem => ({
		mount: '/',
		filesystem: '/dev/vda1',
		sizeKb: 1000,
		usedKb: usedPercent * 10,
		availKb: 1000 - usedPercent * 10,
		usedPercent,
		warnPercent: 80,
		critPercent: 90,
		near: false,
		level: usedPercent >= 90 ? 'critical' : usedPercent >= 80 ? 'warning' : 'ok',
		host: hostName,
	});
	const data = {items: [mount('b', 93), mount('d', 85), mount('a', 40), mount('c', 30)], largest: []};
	const hosts = [
		host('a'),
		host('b', 'paused'),
		host('c'),
		host('d', 'slow', {inFlightSince: fixtureNow - 12_000}),
	];

	it('marks the rows of hosts whose figures are older and says why; the worst level only they reach is "older"', () => {
		const table = fleetDiskTable({data, hosts});
		expect(table.rows.map(r => r.cells[1])).toEqual(['b*', 'd*', 'a', 'c']);
		expect(table.before).toEqual([
			{text: '* older figures: 1 host paused, 1 not answering', level: 'warning'},
		]);
		expect(table.olderLevel).toBe('critical');
		// No filter of its own: the title keeps the engine's status (which counts these rows too).
		expect(table.status).toBeUndefined();
		expect(
			fleetDiskTable({data, hosts: hosts.map(h => ({...h, status: 'ok' as const}))}).olderLevel,
		).toBeUndefined();
	});

	it('narrowed to some hosts by its own filter: their level, a host not answering at least a warning', () => {
		expect(fleetDiskTable({data, hosts, filter: 'a'})).toMatchObject({status: 'ok', narrowed: ['a']});
		expect(fleetDiskTable({data, hosts, filter: 'c'}).before).toEqual([]);
		expect(fleetDiskTable({data, hosts: [...hosts, host('e', 'unreachable')], filter: 'e'}).status).toBe(
			'warning',
		);
		const onB = fleetDiskTable({data, hosts, filter: 'b'});
		expect(onB).toMatchObject({status: 'critical', olderLevel: 'critical'});
	});
});

describe("one host, a fleet and a host's detail say a row the same way", () => {
	const mount = (usedPercent: number, near = false): MountItem => ({
		mount: `/m${usedPercent}`,
		filesystem: '/dev/vda1',
		sizeKb: 1000,
		usedKb: usedPercent * 10,
		availKb: 1000 - usedPercent * 10,
		usedPercent,
		warnPercent: 80,
		critPercent: 90,
		near,
		level: usedPercent >= 90 ? 'critical' : usedPercent >= 80 ? 'warning' : 'ok',
		host: 'a',
	});
	const disk = {
		items: [mount(93), mount(85), mount(78, true), mount(40)],
		largest: [{path: '/opt/app/logs/web', under: '/opt/app/logs', sizeKb: 2048, host: 'a'}],
	};
	const since = (secondsAgo?: number) =>
		secondsAgo === undefined ? undefined : new Date(fixtureNow - secondsAgo * 1000).toISOString();
	const services = {
		items: [
			{...item('a', 'api'), since: since(30)},
			{...item('a', 'worker', 'failed'), since: since(7200)},
			item('a', 'cron', 'inactive', 'warning'),
		],
	};

	it("a mount's state, and a directory named from the one above the configured one", () => {
		const states = ['CRITICAL (>=90%)', 'WARNING (>=80%)', 'near 80%', 'ok (<80%)'];
		expect(paneTable('disk', disk, fixtureNow).rows.map(r => r.cells[4])).toEqual(states);
		expect(fleetDiskTable({data: disk, hosts: [host('a')]}).rows.map(r => r.cells[4])).toEqual(states);
		expect(hostMountTable(disk, 'a').rows.map(r => r.cells[3])).toEqual(states);
		expect(paneTable('disk', disk, fixtureNow).after.map(l => l.text)).toEqual(['   2.0M  logs/web']);
		expect(fleetDiskTable({data: disk, hosts: [host('a')]}).after.map(l => l.text)).toEqual([
			'   2.0M  a  logs/web',
		]);
	});

	it('a service\'s "since": under a minute as <1m, none as -', () => {
		const sinces = ['<1m', '2h', '-'];
		expect(paneTable('services', services, fixtureNow).rows.map(r => r.cells[3])).toEqual(sinces);
		expect(hostServiceTable(services, 'a', fixtureNow).rows.map(r => r.cells[3])).toEqual(sinces);
		expect(
			fleetServicesTable({data: services, hosts: [host('a')], now: fixtureNow, filter: 'a'})
				.rows.filter(r => r.kind === 'service')
				.map(r => r.cells[4]),
		).toEqual(sinces);
	});
});

describe('a fleet in the header', () => {
	it('counts hosts by status, long and short', () => {
		const fleet = fleetState(100).fleet!;
		expect(fleetHostsText(fleet)).toBe('fleet 100 hosts: 95 ok, 3 critical, 1 unreachable, 1 slow');
		expect(fleetHostsText(fleet, true)).toBe('100 hosts: 95 ok 3 crit 1 unreachable 1 slow');
	});

	it('says the slot is mixed, with the count per release, when hosts differ', () => {
		expect(fleetSlotText({release: 'blue', releases: {blue: 38, green: 2}})).toBe('mixed (blue 38, green 2)');
		expect(fleetSlotText({release: 'blue', releases: {blue: 38, green: 2}}, true)).toBe('mixed');
		expect(fleetSlotText({release: 'blue', runningVersion: '2026.11.2'})).toBe('blue 2026.11.2');
	});

	it("a host's facts have a release row only where there are slots", () => {
		const labels = (h: FleetHost, slots: boolean) => hostFacts(h, fixtureNow, slots).map(([label]) => label);
		expect(labels(host('a'), false)).toEqual(['status', 'connection', 'last answer', 'batch']);
		expect(labels(host('a'), true)).toEqual(['status', 'connection', 'release', 'last answer', 'batch']);
		expect(hostFacts(host('a'), fixtureNow, true)[2]).toEqual(['release', '-']);
		expect(hostFacts(host('a', 'ok', {release: 'blue'}), fixtureNow, false)[2]).toEqual(['release', 'blue']);
	});

	it("an unreachable host's status does not repeat its error (the error row has it)", () => {
		const facts = hostFacts(
			host('a', 'unreachable', {error: 'connect ETIMEDOUT', problems: ['connect ETIMEDOUT']}),
			fixtureNow,
			false,
		);
		expect(facts[0]).toEqual(['status', 'UNREACHABLE']);
		expect(facts.at(-1)).toEqual(['error', 'connect ETIMEDOUT']);
		expect(
			hostFacts(host('b', 'critical', {problems: ['worker failed', '/ 93%']}), fixtureNow, false)[0],
		).toEqual(['status', 'CRITICAL: worker failed, / 93%']);
	});

	it('says how long a slow host has kept its answer, in coarse steps', () => {
		expect(hostStatusText(host('a', 'slow', {inFlightSince: fixtureNow - 12_000}), fixtureNow)).toBe(
			'slow: no answer for 10s',
		);
		expect(hostStatusText(host('a', 'slow', {inFlightSince: fixtureNow - 3_000}), fixtureNow)).toBe(
			'slow: no answer for 3s',
		);
	});
});
