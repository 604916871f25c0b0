// The cgroup the VM's systemd-nspawn runs in: made by the lab (there is no systemd on the host to
// make one) and removed with everything in it when the lab stops. nspawn boots the VM with pure
// cgroup v2 (SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1), so it needs a cgroup in the host's v2 hierarchy:
// /sys/fs/cgroup on a v2 host, /sys/fs/cgroup/unified on a hybrid one (plus v1's named systemd hierarchy there).
import {existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync} from 'node:fs';
import {join} from 'node:path';
import {isProcessAlive, sleep} from '../../../source/demo/processes.js';

/** The hierarchies a process of the VM must be put in: v2's first. */
export function cgroupHierarchies(): string[] {
	if (existsSync('/sys/fs/cgroup/cgroup.controllers')) return ['/sys/fs/cgroup'];
	return ['/sys/fs/cgroup/unified', '/sys/fs/cgroup/systemd'].filter(dir =>
		existsSync(join(dir, 'cgroup.procs')),
	);
}

/** Every hierarchy mounted under /sys/fs/cgroup: where dockerd's cgroupfs driver makes its containers' cgroups. */
export function everyHierarchy(): string[] {
	if (existsSync('/sys/fs/cgroup/cgroup.controllers')) return ['/sys/fs/cgroup'];
	return readdirSync('/sys/fs/cgroup')
		.map(entry => join('/sys/fs/cgroup', entry))
		.filter(dir => existsSync(join(dir, 'cgroup.procs')));
}

export function makeCgroups(name: string): string[] {
	const dirs = cgroupHierarchies().map(base => join(base, name));
	if (dirs.length === 0)
		throw new Error('no cgroup v2 hierarchy under /sys/fs/cgroup: systemd-nspawn cannot boot the lab VM');
	for (const dir of dirs) mkdirSync(dir, {recursive: true});
	return dirs;
}

/** Every live pid in the cgroup `name` (any depth) of these hierarchies: the VM's by default. */
export function cgroupPids(name: string, hierarchies = cgroupHierarchies()): number[] {
	const pids = new Set<number>();
	for (const base of hierarchies) collect(join(base, name), pids);
	return [...pids].filter(isProcessAlive);
}

/** SIGKILLs whatever is still in them, then removes them, deepest first. True when any existed. */
export async function removeCgroups(name: string, hierarchies = cgroupHierarchies()): Promise<boolean> {
	const dirs = hierarchies.map(base => join(base, name)).filter(existsSync);
	if (dirs.length === 0) return false;
	for (let attempt = 0; attempt < 50; attempt++) {
		const left = cgroupPids(name, hierarchies);
		if (left.length === 0) break;
		for (const pid of left) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// Gone meanwhile.
			}
		}
		await sleep(100);
	}
	for (const dir of dirs) removeTree(dir);
	return true;
}

function collect(dir: string, pids: Set<number>): void {
	if (!existsSync(dir)) return;
	try {
		for (const line of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n'))
			if (line.trim()) pids.add(Number(line));
		for (const entry of readdirSync(dir, {withFileTypes: true}))
			if (entry.isDirectory()) collect(join(dir, entry.name), pids);
	} catch {
		// Removed meanwhile.
	}
}

function removeTree(dir: string): void {
	try {
		for (const entry of readdirSync(dir, {withFileTypes: true}))
			if (entry.isDirectory()) removeTree(join(dir, entry.name));
		rmdirSync(dir);
	} catch {
		// A cgroup with a process that is still exiting: the next stop removes it.
	}
}
