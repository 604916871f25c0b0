// pg-ops' engine against the lab's fleet of 100 real sshd ports and a real Prometheus: the status of
// every host in one refresh (summary, worst first, the SLO from Prometheus), a dead host, a slow
// host (one-shot and in the console's engine), and a rolling restart that stops at a broken host,
// judged by the units' pids on the hosts (asked with OpenSSH's own client) and the lock file.
// Needs root and the built demo (npm run build); installs what the lab needs when missing.
import {existsSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import type {FleetHost} from '../../source/core/fleet/types.js';
import type {PaneData} from '../../source/core/panes.js';
import {collectStatus, type CollectedStatus} from '../../source/engine/status-report.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {runRefresh} from '../../source/engine/refresh.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {plannerFor} from '../../source/engine/procedures/registry.js';
import {runProcedure} from '../../source/engine/procedures/runner.js';
import type {ProcedureOptions} from '../../source/engine/procedures/options.js';
import {breakFleetHost, repairFleetHost, slowFleetHost, startFleetHost, stopFleetHost} from '../lab/index.js';
import {type FleetLab, fleetEnvWith, fleetHostNames, startFleetLab, stopFleetLab, unitOnHost, unitsOnHosts} from '../support/fleet-lab.js';
import {waitFor} from '../support/wait.js';

const fleetSize = 100;
let lab: FleetLab;

beforeAll(async () => {
	lab = await startFleetLab('pg-ops-fleet-pgops', {size: fleetSize, prometheus: true});
}, 600_000);

afterAll(async () => {
	await stopFleetLab(lab?.dir);
}, 120_000);

const servicesOf = (status: CollectedStatus) => status.panes.services.data as PaneData['services'];
const diskOf = (status: CollectedStatus) => status.panes.disk.data as PaneData['disk'];
const sloOf = (status: CollectedStatus) => status.panes.slo.data as PaneData['slo'] | undefined;
const hostOf = (status: CollectedStatus, name: string) => status.fleet!.hosts.find(h => h.name === name)!;

describe('status of a 100-host fleet', () => {
	it('answers for every host: services summed up, app-017 failed first, disks worst first, the SLO from Prometheus', async () => {
		// Prometheus needs a few scrapes for rate() over its window: ask until the SLO pane has its three figures.
		let status: CollectedStatus | undefined;
		const deadline = Date.now() + 90_000;
		for (;;) {
			status = await collectStatus(lab.env);
			if ((sloOf(status)?.items.length ?? 0) === 3 || Date.now() > deadline) break;
			await new Promise(resolve => setTimeout(resolve, 2000));
		}
		const {report} = status;
		expect(report.fleet!.summary).toMatchObject({hosts: 100, answered: 100, unreachable: 0, slow: 0, paused: 0});
		expect(report.host).toBe('100 hosts');
		expect(report.fleet!.hosts).toHaveLength(100);
		expect(report.fleet!.hosts.map(h => h.name)).toEqual(fleetHostNames(100));

		const services = servicesOf(status);
		expect(services.fleet!.map(s => [s.name, s.active, s.total, s.notActive, s.unknown])).toEqual([['api', 100, 100, 0, 0], ['worker', 99, 100, 1, 0]]);
		expect(services.items).toHaveLength(200);
		expect(services.items.every(item => item.host !== undefined)).toBe(true);
		// Worst host first (its items in the configured order): app-017, whose worker failed, leads.
		expect(services.items.slice(0, 2)).toMatchObject([{host: 'app-017', name: 'api', state: 'active'}, {host: 'app-017', name: 'worker', state: 'failed', level: 'critical'}]);
		expect(services.items.filter(item => item.state !== 'active').map(item => `${item.host} ${item.name}`)).toEqual(['app-017 worker']);
		expect(report.panes.services.status).toBe('critical');

		const disk = diskOf(status);
		expect(disk.items).toHaveLength(100);
		expect(disk.items.every(item => item.host !== undefined)).toBe(true);
		expect(disk.items[0]).toMatchObject({host: 'app-042', mount: '/', level: 'critical'});
		expect(Math.round(disk.items[0]!.usedPercent)).toBe(93);
		expect(disk.items[1]).toMatchObject({host: 'app-063', mount: '/', level: 'warning'});
		expect(Math.round(disk.items[1]!.usedPercent)).toBe(85);
		expect(disk.items.slice(2).every(item => item.level === 'ok')).toBe(true);
		for (let i = 1; i < disk.items.length; i++) expect(disk.items[i]!.usedPercent).toBeLessThanOrEqual(disk.items[i - 1]!.usedPercent);

		expect(hostOf(status, 'app-017')).toMatchObject({status: 'critical', problems: expect.arrayContaining([expect.stringContaining('worker')])});
		expect(hostOf(status, 'app-042')).toMatchObject({status: 'critical'});
		expect(hostOf(status, 'app-063')).toMatchObject({status: 'warning'});
		expect(hostOf(status, 'app-001')).toMatchObject({status: 'ok', problems: []});

		// The SLO pane read the real Prometheus: the demo's seeded figures, give or take what rate() over a few scrapes makes of them.
		const slo = sloOf(status);
		expect(slo, `SLO pane: ${JSON.stringify(status.panes.slo)}`).toBeDefined();
		expect(slo!.source).toBe('prometheus');
		expect(slo!.errors ?? []).toEqual([]);
		const figure = (name: string) => slo!.items.find(item => item.name === name)!.value;
		expect(slo!.items.map(item => item.name).sort()).toEqual(['availability', 'errorRate', 'p95']);
		expect(figure('availability')).toBeGreaterThan(95);
		expect(figure('availability')).toBeLessThanOrEqual(100);
		expect(Math.abs(figure('p95') - 420)).toBeLessThanOrEqual(50);
		expect(Math.abs(figure('errorRate') - 2.4)).toBeLessThanOrEqual(0.5);

		expect(report.status).toBe('unhealthy');
	}, 150_000);
});
