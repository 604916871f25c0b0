// Process groups on this machine: signalling a command's process (or its whole group), and telling
// whether a group still has a live member, for a LocalHost that must not leave one behind.
import {readFileSync, readdirSync} from 'node:fs';

export function killProcess(pid: number | undefined, signal: NodeJS.Signals): void {
	if (!pid) return;
	try {
		process.kill(pid, signal);
	} catch {
		// already gone
	}
}

export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	if (!pid) return;
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

/**
 * Whether the process group has a member that is not a zombie. A killed command's background
 * children are re-parented to init, and a container's init may never reap them: a zombie has
 * stopped running, so it does not count.
 */
export function groupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
	} catch (error) {
		// EPERM: a member exists that this user may not signal.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
	return process.platform === 'linux' ? liveMemberOnLinux(pgid) : true;
}

function liveMemberOnLinux(pgid: number): boolean {
	let names: string[];
	try {
		names = readdirSync('/proc');
	} catch {
		return true; // no /proc to look in: the signal's answer stands
	}
	for (const name of names) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			// After the command name (which may hold spaces and parentheses): state, ppid, pgrp.
			const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(group) === pgid && state !== 'Z' && state !== 'X') return true;
		} catch {
			// gone between the listing and the read
		}
	}
	return false;
}

/**
 * Resolves true once the group has no live member, false if it still has one at `deadline`.
 * `leaderExited` settles when the group's leader (the command's shell) has been reaped.
 */
export async function waitForGroupGone(
	pgid: number,
	leaderExited: Promise<void>,
	deadline: number,
	alive: (pgid: number) => boolean = groupAlive,
	everyMs = 20,
): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	const timeUp = new Promise<void>(
		resolve => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))),
	);
	await Promise.race([leaderExited, timeUp]);
	clearTimeout(timer);
	while (alive(pgid)) {
		if (Date.now() >= deadline) return false;
		await new Promise(resolve => setTimeout(resolve, everyMs));
	}
	return true;
}

/**
 * The direct children of a process (Linux; elsewhere none). util-linux `script` starts its command in a
 * session of its own: that session's group is the child's pid, and signalling `script`'s group alone
 * would leave it running.
 */
export function childrenOf(pid: number | undefined): number[] {
	if (!pid || process.platform !== 'linux') return [];
	try {
		return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
			.trim()
			.split(/\s+/)
			.filter(Boolean)
			.map(Number);
	} catch {
		return [];
	}
}
