// stopLab and the sshd controls tests use mid-session. Stopping undoes everything startLab did to the
// machine: processes (the sshd processes and their sessions, the units, the fleet's units, postgres,
// prometheus), the sudoers file, the lab user.
import {rmSync} from 'node:fs';
import {resolve} from 'node:path';
import {stopDemo} from '../../source/demo/index.js';
import {readLabInfo, writeLabInfo} from './lab-info.js';
import {labPaths} from './lab-paths.js';
import {labUserName, removeLabUser} from './lab-user.js';
import {stopFleet} from './fleet/fleet-start.js';
import {stopPostgres} from './postgres-server.js';
import {stopPrometheus} from './prometheus-server.js';
import {startSshd, stopSshdProcesses} from './ssh-server.js';
import {removeSudoRule, sudoersFileFor} from './sudo-rule.js';
import {forgetSystemChanges, readSystemChanges} from './system-changes.js';

/** Harmless when nothing runs; also cleans up after a lab that died or failed to start. */
export async function stopLab({dir}: {dir: string}): Promise<{wasRunning: boolean}> {
	const paths = labPaths(resolve(dir));
	const info = readLabInfo(paths.dir);
	const changes = readSystemChanges(paths);
	// Named from the dir too, so a lab whose lab-system.json was lost is still cleaned up.
	const user = changes.user?.name ?? info?.ssh.user ?? labUserName(paths.dir);
	// No new sessions first (the fleet's sshd processes too); then the units (their database connections
	// close before the server goes); the fleet's units and sessions end with the lab user's processes.
	const fleet = await stopFleet(paths);
	const sshd = await stopSshdProcesses(paths, user, info?.pids.sshd);
	const [units, prometheus] = await Promise.all([
		stopDemo({dir: paths.dir}).then(result => result.wasRunning),
		stopPrometheus(paths),
	]);
	const leftovers = await removeLabUser(user);
	const postgres = await stopPostgres(paths);
	for (const file of new Set([changes.sudoersFile ?? sudoersFileFor(paths.dir), sudoersFileFor(paths.dir)]))
		removeSudoRule(file);
	forgetSystemChanges(paths);
	rmSync(paths.info, {force: true});
	return {wasRunning: sshd || fleet || units || prometheus || leftovers > 0 || postgres};
}

/** Kills the lab's sshd and drops every session, as when a VM's sshd dies; the units and postgres keep running. */
export async function stopSshd(dir: string): Promise<void> {
	const paths = labPaths(resolve(dir));
	const info = readLabInfo(paths.dir);
	await stopSshdProcesses(paths, info?.ssh.user, info?.pids.sshd);
}

/** stopSshd, then the same sshd again on the same port, with the same host key. */
export async function restartSshd(dir: string): Promise<void> {
	const paths = labPaths(resolve(dir));
	const info = readLabInfo(paths.dir);
	if (!info) throw new Error(`no pg-ops lab runs in ${paths.dir} (no lab.json); start one with startLab`);
	await stopSshd(paths.dir);
	const pid = await startSshd(paths, info.ssh.port);
	writeLabInfo({...info, pids: {...info.pids, sshd: pid}});
}
