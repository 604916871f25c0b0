// stopLab and the sshd controls tests use mid-session. Stopping undoes everything startLab did to the
// machine: the VM (powered off, its cgroup removed, its overlay unmounted), the lab's dockerd (its
// containers removed, its layers unmounted, its cgroups removed), the fleet's sshd processes
// and units, Prometheus, the fleet's sudoers file and lab user.
import {rmSync} from 'node:fs';
import {resolve} from 'node:path';
import {dockerPaths} from './compose/compose-layout.js';
import {stopDockerd} from './compose/lab-dockerd.js';
import {readLabInfo} from './lab-info.js';
import {labPaths} from './lab-paths.js';
import {labUserName, removeLabUser} from './lab-user.js';
import {stopFleet} from './fleet/fleet-start.js';
import {stopFleetVms} from './fleet/fleet-vms.js';
import {stopFleetExporter} from './fleet/fleet-exporter.js';
import {stopPrometheus} from './prometheus-server.js';
import {removeSudoRule, sudoersFileFor} from './sudo-rule.js';
import {forgetSystemChanges, readSystemChanges} from './system-changes.js';
import {stopVm} from './vm/vm-boot.js';
import {cgroupPids} from './vm/vm-cgroups.js';
import {vmExecChecked} from './vm/vm-exec.js';
import {vmHostPaths} from './vm/vm-layout.js';
import {listProcesses, terminateAll} from './process-table.js';

/** Harmless when nothing runs; also cleans up after a lab that died or failed to start. */
export async function stopLab({dir}: {dir: string}): Promise<{wasRunning: boolean}> {
	const paths = labPaths(resolve(dir));
	const info = readLabInfo(paths.dir);
	const changes = readSystemChanges(paths);
	const user = changes.user?.name ?? labUserName(paths.dir);
	// The fleet's sshd processes first (no new sessions), then everything else at once.
	const fleet = await stopFleet(paths);
	const [vm, prometheus, fleetVms, exporter] = await Promise.all([
		stopVm(vmHostPaths(paths), info ? {nspawnPid: info.pids.nspawn, leaderPid: info.pids.vm} : undefined),
		stopPrometheus(paths),
		stopFleetVms(paths),
		stopFleetExporter(paths),
	]);
	// After the VM: its compose CLI talks to this dockerd until then.
	const dockerd = await stopDockerd(dockerPaths(paths));
	const leftovers = await removeLabUser(user);
	for (const file of new Set([changes.sudoersFile ?? sudoersFileFor(paths.dir), sudoersFileFor(paths.dir)]))
		removeSudoRule(file);
	forgetSystemChanges(paths);
	rmSync(paths.info, {force: true});
	return {wasRunning: vm || fleet || fleetVms || prometheus || exporter || dockerd || leftovers > 0};
}

/** Stops the VM's sshd and ends every SSH session in it, as when a VM's sshd dies; the units and PostgreSQL keep running. */
export async function stopSshd(dir: string): Promise<void> {
	const info = requireInfo(dir);
	await vmExecChecked(info.pids.vm, ['systemctl', 'stop', 'ssh.service']);
	// Debian's ssh.service leaves sessions running when it stops (KillMode=process): end them as a dying sshd would.
	const inVm = new Set(cgroupPids(info.vm.cgroup));
	const sessions = listProcesses().filter(entry => inVm.has(entry.pid) && entry.comm.startsWith('sshd'));
	await terminateAll(sessions.map(entry => entry.pid));
}

/** stopSshd, then the VM's sshd again: same port, same host key. */
export async function restartSshd(dir: string): Promise<void> {
	const info = requireInfo(dir);
	await stopSshd(dir);
	await vmExecChecked(info.pids.vm, ['systemctl', 'start', 'ssh.service']);
}

function requireInfo(dir: string) {
	const info = readLabInfo(labPaths(resolve(dir)).dir);
	if (!info) throw new Error(`no pg-ops lab runs in ${resolve(dir)} (no lab.json); start one with startLab`);
	return info;
}
