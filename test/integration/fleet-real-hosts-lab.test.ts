// A fleet whose last hosts are real machines: 3 stand-in hosts (app-001 ... app-003) and 3 booted
// Debian 12 hosts (vm-1 ... vm-3: real systemd, sshd on their own loopback ports, the deploy user with
// sudo for systemctl), in one `fleet` environment. pg-ops reads every host in one refresh, and a
// rolling restart goes over all six one at a time; judged on the real hosts from outside (systemctl
// at their console): a new MainPID, active, its process alive in that machine.
import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, expect, it} from 'vitest';
import type {PaneData} from '../../source/core/panes.js';
import {collectStatus} from '../../source/engine/status-report.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {plannerFor} from '../../source/engine/procedures/registry.js';
import {runProcedure} from '../../source/engine/procedures/runner.js';
import {fleetVmSystemctl} from '../lab/index.js';
import {
	type FleetLab,
	fleetHostNames,
	startFleetLab,
	stopFleetLab,
	unitsOnHosts,
} from '../support/fleet-lab.js';

let lab: FleetLab;
const standIns = fleetHostNames(3);
const realHosts = ['vm-1', 'vm-2', 'vm-3'];

beforeAll(async () => {
	lab = await startFleetLab('pg-ops-fleet-vms', {size: 3, vms: 3});
}, 400_000);

afterAll(async () => {
	await stopFleetLab(lab?.dir);
}, 120_000);

/** The unit on a real host, as systemd at its console says. */
async function realUnit(host: string) {
	const [mainPid, activeState] = (
		await fleetVmSystemctl(
			lab.info,
			host,
			'show',
			'-p',
			'MainPID',
			'-p',
			'ActiveState',
			'--value',
			'app-api.service',
		)
	).split('\n');
	return {mainPid: Number(mainPid), activeState};
}

it('the fleet environment lists the stand-ins, then the real hosts; one refresh reads real systemd on these', async () => {
	expect(lab.env.hosts).toEqual(['app-[001-003]', 'vm-[1-3]']);
	const status = await collectStatus(lab.env);
	expect(status.fleet!.hosts.map(host => [host.name, host.status, host.error])).toEqual(
		[...standIns, ...realHosts].map(name => [name, 'ok', undefined]),
	);
	const services = status.panes.services.data as PaneData['services'];
	const api = services.items.filter(item => item.name === 'api');
	expect(api.map(item => [item.host, item.state])).toEqual(
		[...standIns, ...realHosts].map(name => [name, 'active']),
	);
}, 120_000);

it('a rolling restart over the six hosts restarts real units on the real ones: new MainPIDs, active, their processes alive', async () => {
	const before = await Promise.all(realHosts.map(realUnit));
	expect(before.map(unit => unit.activeState)).toEqual(['active', 'active', 'active']);
	const standInsBefore = await unitsOnHosts(lab.info, standIns, 'api');

	const runtime = createRuntime(lab.env);
	try {
		const plan = await plannerFor('restart')!(runtime, {service: 'api'});
		expect(plan.title).toBe('restart api on 6 hosts, one at a time');
		const result = await runProcedure(runtime, plan, {
			confirm: async () => true,
			operator: 'fleet-vm-operator',
		});
		expect(result.outcome, result.message).toBe('succeeded');
		expect(result.steps.map(step => [step.host, step.status])).toEqual(
			[...standIns, ...realHosts].map(name => [name, 'done']),
		);
		expect(result.steps.at(-1)!.command).toBe('[vm-3] sudo -n systemctl restart app-api.service');
	} finally {
		await runtime.close();
	}

	const after = await Promise.all(realHosts.map(realUnit));
	after.forEach((unit, i) => {
		expect(unit.activeState).toBe('active');
		expect(unit.mainPid).toBeGreaterThan(0);
		expect(unit.mainPid).not.toBe(before[i]!.mainPid);
	});
	// Each MainPID is a live process of that machine (its pid namespace numbers it; the host sees its command line).
	for (const [i, host] of realHosts.entries()) {
		const vm = lab.info.fleet!.vms!.find(found => found.name === host)!;
		const inVm = await fleetVmSystemctl(
			lab.info,
			host,
			'show',
			'-p',
			'ControlGroup',
			'--value',
			'app-api.service',
		);
		expect(inVm).toBe('/system.slice/app-api.service');
		expect(readFileSync(`/proc/${vm.pids.vm}/root/proc/${after[i]!.mainPid}/cmdline`, 'utf8')).toContain(
			'app-api',
		);
	}
	const standInsAfter = await unitsOnHosts(lab.info, standIns, 'api');
	standInsAfter.forEach((unit, i) => {
		expect(unit.activeState).toBe('active');
		expect(unit.mainPid).not.toBe(standInsBefore[i]!.mainPid);
	});
}, 300_000);
