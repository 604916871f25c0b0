// What tests see of the lab VM from outside, as a person at its console would: systemctl as root in
// it, a unit's test switches, and the VM's own processes (those in its cgroup, host pids).
import {chownSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import type {LabInfo} from './lab-info.js';
import {listProcesses} from './process-table.js';
import {vmAccounts} from './vm/base-root.js';
import {cgroupPids} from './vm/vm-cgroups.js';
import {vmExec, vmExecChecked} from './vm/vm-exec.js';
import {vmPaths} from './vm/vm-layout.js';

/** `systemctl ARGS` as root in the VM; its standard output, trimmed (whatever the exit code: is-active says failed with 3). */
export async function vmSystemctl(info: LabInfo, ...args: string[]): Promise<string> {
	return (await vmExec(info.pids.vm, ['systemctl', ...args])).stdout.trim();
}

/** Any command as root in the VM (or as `user`); fails on a non-zero exit. */
export async function inVm(info: LabInfo, command: string[], user?: string): Promise<string> {
	return (await vmExecChecked(info.pids.vm, command, {user})).stdout;
}

/** Makes every start of the unit fail (exit 1, `message` in its journal) until repairVmUnit. */
export function breakVmUnit(info: LabInfo, unit: string, message: string): void {
	const file = join(info.root, vmPaths.switches, `${unit}.broken`);
	writeFileSync(file, `${message}\n`);
	chownSync(file, vmAccounts.deploy.uid, vmAccounts.deploy.gid);
}

export function repairVmUnit(info: LabInfo, unit: string): void {
	rmSync(join(info.root, vmPaths.switches, `${unit}.broken`), {force: true});
}

/** `systemctl ARGS` as root on one of the fleet's real hosts (vm-1 ...); its standard output, trimmed. */
export async function fleetVmSystemctl(info: LabInfo, host: string, ...args: string[]): Promise<string> {
	const vm = info.fleet?.vms?.find(found => found.name === host);
	if (!vm)
		throw new Error(`the lab in ${info.dir} has no real fleet host ${host} (startLab({fleet, fleetVms}))`);
	return (await vmExec(vm.pids.vm, ['systemctl', ...args])).stdout.trim();
}

export type VmProcess = {pid: number; pgid: number; commandLine: string};

/** The VM's live processes, with their command lines, numbered as the host sees them. */
export function vmProcesses(info: LabInfo): VmProcess[] {
	const pids = new Set(cgroupPids(info.vm.cgroup));
	return listProcesses()
		.filter(entry => pids.has(entry.pid) && entry.state !== 'Z')
		.flatMap(entry => {
			try {
				const stat = readFileSync(`/proc/${entry.pid}/stat`, 'utf8');
				const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
				const commandLine = readFileSync(`/proc/${entry.pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
				return [{pid: entry.pid, pgid, commandLine}];
			} catch {
				// Gone meanwhile.
				return [];
			}
		});
}
