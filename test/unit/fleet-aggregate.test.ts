// How host readings become panes: one host exactly as before, a fleet tagged by host, worst first,
// summed up per service, with hosts that did not answer counted as unknown.
import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../source/core/config/parse.js';
import {
	diskLevel,
	hostFindings,
	isActive,
	mergeDisk,
	mergeServices,
	mergeSlot,
	serviceItems,
	serviceSummaries,
	summarizeService,
	type DiskData,
	type HostPart,
	type HostServiceStates,
	type SlotLink,
} from '../../source/core/fleet/aggregate.js';
import {
	fleetHost,
	fleetSummary,
	hostStatus,
	partState,
	type HostTrack,
} from '../../source/core/fleet/host-state.js';
import {fleetSummaryLines} from '../../source/core/fleet/fleet-text.js';
import type {UnitStatus} from '../../source/core/parsers/systemctl-show.js';
import {systemdManager} from '../../source/core/services/systemd.js';
import type {MountItem, ServiceItem} from '../../source/core/panes.js';

const env = {
	...parseConfig(
		[
			'environments:',
			'  x:',
			'    transport: local',
			'    services:',
			'      - {name: api, manager: systemd, health: http://lb.example/healthz}',
			'      - {name: worker, manager: systemd}',
			'    disk: {mounts: [/, /data], top: 3}',
		].join('\n'),
		'pg-ops.yaml',
	).environments.x!,
	name: 'x',
};

const unit = (id: string, activeState: string, extra: Partial<UnitStatus> = {}): UnitStatus => ({
	id: `${id}.service`,
	loadState: 'loaded',
	activeState,
	subState: activeState === 'active' ? 'running' : 'dead',
	...extra,
});
// What systemctl show says, read by the systemd manager as the batch would.
const states = (api: string, worker: string): HostServiceStates =>
	systemdManager.readStates(
		[
			{name: 'api', manager: 'systemd'},
			{name: 'worker', manager: 'systemd'},
		],
		id => ({id, exitCode: 0, output: [unit('worker', worker), unit('api', api)].map(showBlock).join('\n\n')}),
	);
const showBlock = (u: UnitStatus) =>
	[`Id=${u.id}`, `LoadState=${u.loadState}`, `ActiveState=${u.activeState}`, `SubState=${u.subState}`].join(
		'\n',
	);
const healthy = new Map([['api', {ok: true, status: 200, ms: 4, url: 'http://lb.example/healthz'}]]);
const failing = new Map([
	['api', {ok: false, status: 503, url: 'http://lb.example/healthz', error: 'HTTP 503'}],
]);

const mount = (path: string, usedPercent: number, level: MountItem['level']): MountItem => ({
	mount: path,
	filesystem: '/dev/vda1',
	sizeKb: 1000,
	usedKb: usedPercent * 10,
	availKb: 1000 - usedPercent * 10,
	usedPercent,
	warnPercent: 80,
	critPercent: 90,
	near: false,
	level,
});
const disk = (root: number, level: MountItem['level'], largest: number[] = []): DiskData => ({
	items: [mount('/', root, level), mount('/data', 10, 'ok')],
	largest: largest.map((sizeKb, i) => ({path: `/var/log/${i}`, sizeKb, under: '/var/log'})),
});

describe('one host: the panes exactly as a one-host environment always showed them', () => {
	it('services carry their health, no host and no fleet summary', () => {
		const merged = mergeServices(
			env,
			[{host: 'app-1', state: 'fresh', value: states('active', 'failed')}],
			healthy,
		)!;
		expect(merged.status).toBe('critical');
		expect(merged.data).toEqual({items: serviceItems(env, states('active', 'failed'), healthy)});
		expect(merged.data!.items.map(i => [i.name, i.state, i.health?.status])).toEqual([
			['api', 'active', 200],
			['worker', 'failed', undefined],
		]);
		expect(merged.data!.items.some(i => 'host' in i)).toBe(false);
		expect(merged.data!.fleet).toBeUndefined();
	});

	it('a failed health URL makes its service critical, as before', () => {
		expect(
			mergeServices(env, [{host: 'app-1', state: 'fresh', value: states('active', 'active')}], failing)!.data!
				.items[0]!.level,
		).toBe('critical');
	});

	it("a host that failed is the pane's error, word for word", () => {
		expect(
			mergeServices(
				env,
				[{host: 'app-1', state: 'failed', error: 'deploy@app-1: connection refused'}],
				undefined,
			),
		).toEqual({status: 'error', error: 'deploy@app-1: connection refused'});
		expect(mergeDisk(env, [{host: 'app-1', state: 'failed', error: 'df exited with 1'}])).toEqual({
			status: 'error',
			error: 'df exited with 1',
		});
	});

	it('disk data is passed through untouched', () => {
		const data = disk(85, 'warning', [5, 9]);
		expect(mergeDisk(env, [{host: 'app-1', state: 'fresh', value: data}])).toEqual({status: 'warning', data});
	});

	it('the slot joins the link and the running version, errors in that order', () => {
		const link: SlotLink = {linkTarget: '/opt/app/releases/blue', release: 'blue', deployedSha: 'abc'};
		expect(
			mergeSlot([{host: 'app-1', state: 'fresh', value: link}], {
				ok: true,
				value: {runningSha: 'abc', runningVersion: '1.2'},
			}),
		).toEqual({...link, runningSha: 'abc', runningVersion: '1.2'});
		expect(
			mergeSlot([{host: 'app-1', state: 'failed', error: '/opt/app/current: unreadable'}], {
				ok: false,
				error: 'no http section',
			}),
		).toEqual({error: '/opt/app/current: unreadable; no http section'});
	});
});

describe("a fleet's services pane", () => {
	const parts: Array<HostPart<HostServiceStates>> = [
		{host: 'app-01', state: 'fresh', value: states('active', 'active')},
		{host: 'app-02', state: 'fresh', value: states('active', 'failed')},
		{host: 'app-03', state: 'failed', error: 'deploy@app-03: connection refused'},
		{host: 'app-04', state: 'fresh', value: states('activating', 'active')},
		{host: 'app-10', state: 'fresh', value: states('active', 'failed')},
		{host: 'app-05', state: 'paused', value: states('failed', 'failed')},
	];

	it('tags items with their host, worst host first (then by name, app-2 before app-10), each host in configured order', () => {
		const merged = mergeServices(env, parts, healthy)!;
		expect(merged.data!.items.map(i => `${i.host}/${i.name}`)).toEqual([
			'app-02/api',
			'app-02/worker',
			'app-05/api',
			'app-05/worker',
			'app-10/api',
			'app-10/worker',
			'app-04/api',
			'app-04/worker',
			'app-01/api',
			'app-01/worker',
		]);
		// Health is the environment's (through the load balancer), on the summary, not on each host's item.
		expect(merged.data!.items.every(i => i.health === undefined)).toBe(true);
	});

	it('sums each service up: fresh readings count, the rest is unknown', () => {
		const [api, worker] = mergeServices(env, parts, healthy)!.data!.fleet!;
		expect(api).toEqual({
			name: 'api',
			total: 6,
			active: 3,
			notActive: 1,
			unknown: 2,
			level: 'warning',
			health: healthy.get('api'),
		});
		expect(worker).toEqual({
			name: 'worker',
			total: 6,
			active: 2,
			notActive: 2,
			unknown: 2,
			level: 'critical',
		});
	});

	it('a failing health URL makes the service critical on the summary', () => {
		const fresh = parts
			.filter(p => p.state === 'fresh')
			.map(p => ({...p, value: states('active', 'active')}));
		const merged = mergeServices(env, fresh, failing)!;
		expect(merged.data!.fleet!.map(f => [f.name, f.level])).toEqual([
			['api', 'critical'],
			['worker', 'ok'],
		]);
		expect(merged.status).toBe('critical');
	});

	it('a host that did not answer makes the pane at least a warning; paused and loading hosts do not', () => {
		const allActive = (state: HostPart<HostServiceStates>['state']): Array<HostPart<HostServiceStates>> => [
			{host: 'app-01', state: 'fresh', value: states('active', 'active')},
			{host: 'app-02', state, value: states('active', 'active')},
		];
		expect(mergeServices(env, allActive('fresh'), healthy)!.status).toBe('ok');
		expect(mergeServices(env, allActive('failed'), healthy)!.status).toBe('warning');
		expect(mergeServices(env, allActive('slow'), healthy)!.status).toBe('warning');
		expect(mergeServices(env, allActive('paused'), healthy)!.status).toBe('ok');
		expect(mergeServices(env, allActive('loading'), healthy)!.status).toBe('ok');
	});

	it("waits while no host answered yet; is an error (the first failed host's, named) once none could", () => {
		expect(
			mergeServices(
				env,
				[
					{host: 'app-01', state: 'loading'},
					{host: 'app-02', state: 'failed', error: 'refused'},
				],
				healthy,
			),
		).toBeUndefined();
		expect(
			mergeServices(
				env,
				[
					{host: 'app-01', state: 'failed', error: 'deploy@app-01: connection refused'},
					{host: 'app-02', state: 'failed', error: 'timed out'},
				],
				healthy,
			),
		).toEqual({status: 'error', error: 'deploy@app-01: connection refused'});
		expect(
			mergeServices(
				env,
				[
					{host: 'app-01', state: 'paused'},
					{host: 'app-02', state: 'failed', error: 'timed out'},
				],
				healthy,
			),
		).toEqual({status: 'error', error: 'app-02: timed out'});
	});

	it('serviceSummaries counts the same way without building the pane', () => {
		expect(
			serviceSummaries(env, parts, undefined).map(s => [s.name, s.active, s.notActive, s.unknown]),
		).toEqual([
			['api', 3, 1, 2],
			['worker', 2, 2, 2],
		]);
	});
});

describe("a fleet's disk pane", () => {
	it('mounts tagged with their host, worst first (level, then fullest); the largest directories across hosts, top N', () => {
		const merged = mergeDisk(env, [
			{host: 'app-01', state: 'fresh', value: disk(70, 'ok', [10, 20])},
			{host: 'app-02', state: 'fresh', value: disk(93, 'critical', [50])},
			{host: 'app-03', state: 'fresh', value: disk(85, 'warning', [5, 40])},
			{host: 'app-04', state: 'fresh', value: disk(88, 'warning')},
		])!;
		expect(merged.status).toBe('critical');
		expect(merged.data!.items.slice(0, 4).map(i => `${i.host} ${i.mount} ${i.usedPercent}`)).toEqual([
			'app-02 / 93',
			'app-04 / 88',
			'app-03 / 85',
			'app-01 / 70',
		]);
		expect(merged.data!.items).toHaveLength(8);
		expect(merged.data!.largest.map(d => `${d.host} ${d.sizeKb}`)).toEqual([
			'app-02 50',
			'app-03 40',
			'app-01 20',
		]);
	});

	it('a host without a reading is unknown: the pane is at least a warning', () => {
		expect(
			mergeDisk(env, [
				{host: 'app-01', state: 'fresh', value: disk(10, 'ok')},
				{host: 'app-02', state: 'failed', error: 'df exited with 1'},
			])!.status,
		).toBe('warning');
	});

	it("a paused host's last reading is listed and counts: the pane's level agrees with the worst mount it lists", () => {
		// A services filter narrowed the fleet to app-01: app-42 is paused with its older 93%.
		const narrowed = mergeDisk(env, [
			{host: 'app-01', state: 'fresh', value: disk(40, 'ok')},
			{host: 'app-42', state: 'paused', value: disk(93, 'critical')},
			{host: 'app-43', state: 'paused'},
		])!;
		expect(narrowed.data!.items[0]).toMatchObject({
			host: 'app-42',
			mount: '/',
			usedPercent: 93,
			level: 'critical',
		});
		expect(narrowed.status).toBe('critical');
		// A slow host's older reading counts the same way; healthy older readings change nothing.
		expect(
			mergeDisk(env, [
				{host: 'app-01', state: 'fresh', value: disk(40, 'ok')},
				{host: 'app-02', state: 'slow', value: disk(85, 'warning')},
			])!.status,
		).toBe('warning');
		expect(
			mergeDisk(env, [
				{host: 'app-01', state: 'fresh', value: disk(40, 'ok')},
				{host: 'app-02', state: 'paused', value: disk(50, 'ok')},
			])!.status,
		).toBe('ok');
	});
});

describe('the counting rules the UI shares when a filter leaves some hosts', () => {
	const item = (state: string, level: ServiceItem['level']): ServiceItem => ({
		name: 'api',
		manager: 'systemd',
		unit: 'api.service',
		state,
		level,
	});

	it('summarizeService: readings count as active or not, unknown hosts add to the total; health only when given', () => {
		expect(
			summarizeService('api', [item('active', 'ok'), item('running', 'ok'), item('failed', 'critical')], {
				unknown: 2,
				silent: false,
			}),
		).toEqual({name: 'api', total: 5, active: 2, notActive: 1, unknown: 2, level: 'critical'});
		expect(summarizeService('api', [item('active', 'ok')], {unknown: 1, silent: true}).level).toBe('warning');
		expect(summarizeService('api', [item('active', 'ok')], {unknown: 1, silent: false}).level).toBe('ok');
		expect(
			summarizeService('api', [item('active', 'ok')], {unknown: 0, silent: false}, failing.get('api')),
		).toMatchObject({level: 'critical', health: failing.get('api')});
	});

	it("isActive: systemd's active and compose's running", () => {
		expect(['active', 'running', 'activating', 'exited', 'failed'].map(isActive)).toEqual([
			true,
			true,
			false,
			false,
			false,
		]);
	});

	it('diskLevel: the worst mount listed, at least a warning when a host is silent', () => {
		expect(diskLevel([mount('/', 93, 'critical'), mount('/data', 10, 'ok')], false)).toBe('critical');
		expect(diskLevel([mount('/', 10, 'ok')], true)).toBe('warning');
		expect(diskLevel([], false)).toBe('ok');
	});
});

describe("a fleet's slot", () => {
	const link = (release: string): SlotLink => ({
		linkTarget: `/opt/app/releases/${release}`,
		release,
		deployedSha: release,
	});
	it("takes the first host's link and counts releases when hosts differ", () => {
		const slot = mergeSlot(
			[
				{host: 'app-01', state: 'fresh', value: link('blue')},
				{host: 'app-02', state: 'fresh', value: link('green')},
				{host: 'app-03', state: 'fresh', value: link('blue')},
			],
			{ok: true, value: {runningSha: 'blue'}},
		);
		expect(slot).toMatchObject({release: 'blue', releases: {blue: 2, green: 1}});
	});
	it('no releases when all agree; the first host that answered when the first did not', () => {
		const slot = mergeSlot(
			[
				{host: 'app-01', state: 'failed', error: 'refused'},
				{host: 'app-02', state: 'fresh', value: link('green')},
			],
			{ok: true, value: {}},
		);
		expect(slot.release).toBe('green');
		expect(slot.releases).toBeUndefined();
		expect(slot.error).toBeUndefined();
	});
});

describe("each host's state", () => {
	const track = (overrides: Partial<HostTrack>): HostTrack => ({
		name: 'app-01',
		label: 'deploy@app-01',
		shown: true,
		phase: 'answered',
		findings: {level: 'ok', problems: []},
		...overrides,
	});

	it('paused beats slow beats unreachable beats loading; otherwise its level', () => {
		const now = 100_000;
		expect(hostStatus(track({shown: false, inFlightSince: 0}), now, 5000)).toBe('paused');
		expect(hostStatus(track({inFlightSince: now - 6000, phase: 'unreachable'}), now, 5000)).toBe('slow');
		expect(hostStatus(track({inFlightSince: now - 4000, phase: 'unreachable'}), now, 5000)).toBe(
			'unreachable',
		);
		expect(hostStatus(track({phase: 'loading', findings: undefined}), now, 5000)).toBe('loading');
		expect(hostStatus(track({findings: {level: 'critical', problems: ['api failed']}}), now, 5000)).toBe(
			'critical',
		);
	});

	it('an unreachable host is critical with its error; a slow one a warning that says for how long', () => {
		expect(
			fleetHost(track({phase: 'unreachable', error: 'deploy@app-01: connection refused'}), 0, 5000),
		).toMatchObject({
			status: 'unreachable',
			level: 'critical',
			problems: ['deploy@app-01: connection refused'],
			error: 'deploy@app-01: connection refused',
		});
		expect(
			fleetHost(track({inFlightSince: 0, findings: {level: 'ok', problems: []}}), 12_000, 5000),
		).toMatchObject({status: 'slow', level: 'warning', problems: ['no answer for 12s']});
	});

	it('what is wrong on a host, worst first', () => {
		const findings = hostFindings(env, {
			services: {ok: true, value: states('activating', 'failed')},
			disk: {ok: true, value: disk(93, 'critical')},
		});
		expect(findings).toEqual({level: 'critical', problems: ['worker failed', '/ 93%', 'api activating']});
		expect(hostFindings(env, {services: {ok: false, error: 'systemctl show exited with 1'}})).toEqual({
			level: 'warning',
			problems: ['systemctl show exited with 1'],
		});
	});

	it('a part that failed on a host that answered counts as failed for its pane only', () => {
		expect(partState('ok', true)).toBe('failed');
		expect(partState('ok', false)).toBe('fresh');
		expect(partState('unreachable', false)).toBe('failed');
		expect(partState('paused', true)).toBe('paused');
	});

	it('the summary counts hosts by status, and the text names who did not answer', () => {
		const hosts = [
			fleetHost(track({name: 'app-01'}), 0, 5000),
			fleetHost(track({name: 'app-02', phase: 'unreachable', error: 'refused'}), 0, 5000),
			fleetHost(track({name: 'app-03', shown: false}), 0, 5000),
			fleetHost(track({name: 'app-04', inFlightSince: 0}), 9000, 5000),
		];
		const services = serviceSummaries(
			env,
			[
				{host: 'app-01', state: 'fresh', value: states('active', 'active')},
				{host: 'app-02', state: 'failed', error: 'refused'},
				{host: 'app-03', state: 'paused'},
				{host: 'app-04', state: 'slow'},
			],
			healthy,
		);
		const summary = fleetSummary(hosts, services, 3);
		expect(summary).toMatchObject({
			hosts: 4,
			answered: 1,
			unreachable: 1,
			slow: 1,
			paused: 1,
			openConnections: 3,
		});
		expect(fleetSummaryLines({hosts, summary})).toEqual([
			'fleet: 1/4 hosts answered, 1 unreachable, 1 slow, 1 paused',
			'  api: 1/4 active (3 unknown)',
			'  worker: 1/4 active (3 unknown)',
			'  unreachable: app-02 (refused)',
			'  slow: app-04',
		]);
	});
});
