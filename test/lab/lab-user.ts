// The lab's deploy user: a system account of its own per lab dir (so parallel labs never share one
// and stopLab can remove it with everything it left running), with a home and /bin/sh like a VM's.
import {chmodSync, chownSync, mkdirSync} from 'node:fs';
import {sleep} from '../../source/demo/processes.js';
import {labId} from './lab-paths.js';
import {listProcesses, terminateAll} from './process-table.js';
import {runChecked, runCommand} from './run-command.js';

export interface LabUser {
	name: string;
	uid: number;
	gid: number;
	home: string;
}

// Marks accounts the lab made, so it never adopts or deletes an account someone else owns.
const gecosMarker = 'pg-ops lab';

export function labUserName(dir: string): string {
	return `pgops-lab-${labId(dir)}`;
}

/** Creates the account (or takes back one an earlier lab in this dir left behind). */
export async function ensureLabUser(dir: string, home: string): Promise<LabUser> {
	const name = labUserName(dir);
	const existing = await lookupUser(name);
	if (existing && !existing.gecos.startsWith(gecosMarker))
		throw new Error(
			`user ${name} exists and was not made by the pg-ops lab; remove it or choose another dir`,
		);
	// "*" rather than useradd's default "!": with UsePAM no, sshd refuses an account whose password starts with "!" as locked.
	const settings = [
		'--home-dir',
		home,
		'--shell',
		'/bin/sh',
		'--password',
		'*',
		'--comment',
		`${gecosMarker} ${dir}`,
	];
	if (existing) await withPasswdLock(() => runChecked('usermod', [...settings, name]));
	else
		await withPasswdLock(() =>
			runChecked('useradd', ['--system', '--user-group', '--no-create-home', ...settings, name]),
		);
	const user = await lookupUser(name);
	if (!user) throw new Error(`useradd reported success but ${name} is not in the user database`);
	mkdirSync(home, {recursive: true});
	chownSync(home, user.uid, user.gid);
	chmodSync(home, 0o755);
	return {name, uid: user.uid, gid: user.gid, home};
}

/** Ends every process the account still runs (units, SSH sessions, sudo children), then deletes it and its group. */
export async function removeLabUser(name: string): Promise<number> {
	const user = await lookupUser(name);
	if (!user?.gecos.startsWith(gecosMarker)) return 0;
	const ended = await endProcessesOf(user.uid);
	// A container init that never reaps leaves zombies owned by the account, which userdel counts as busy.
	await withPasswdLock(() =>
		runChecked('userdel', [name]).catch(error =>
			/currently used/.test(String(error)) ? runChecked('userdel', ['--force', name]) : Promise.reject(error),
		),
	);
	return ended;
}

async function endProcessesOf(uid: number): Promise<number> {
	let ended = 0;
	// A dying session can start a last child; a second sweep catches it.
	for (let round = 0; round < 2; round++) {
		const pids = listProcesses()
			.filter(entry => entry.uid === uid && entry.state !== 'Z')
			.map(entry => entry.pid);
		ended += await terminateAll(pids);
	}
	return ended;
}

async function lookupUser(name: string): Promise<{uid: number; gid: number; gecos: string} | undefined> {
	const result = await runCommand('getent', ['passwd', name]);
	if (result.code !== 0) return undefined;
	const [, , uid, gid, gecos] = result.stdout.trim().split(':');
	return {uid: Number(uid), gid: Number(gid), gecos: gecos ?? ''};
}

// Another lab starting or stopping at the same moment holds /etc/passwd's lock for a few ms.
async function withPasswdLock<T>(change: () => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await change();
		} catch (error) {
			if (attempt >= 10 || !/lock|try again/i.test(String(error))) throw error;
			await sleep(200 * attempt);
		}
	}
}
