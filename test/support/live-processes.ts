// The machine's live processes (zombies left out: a container init may never reap them), for tests
// that must show a stopped command left nothing behind.
import {readFileSync, readdirSync} from 'node:fs';

export type LiveProcess = {pid: number; pgid: number; uid: number; commandLine: string};

export function liveProcesses(): LiveProcess[] {
	const found: LiveProcess[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const [state, , pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (state === 'Z' || state === 'X') continue;
			const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1] ?? -1);
			const commandLine = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
			found.push({pid: Number(name), pgid: Number(pgid), uid, commandLine});
		} catch {
			// Gone between the listing and the read.
		}
	}
	return found;
}

/** Live processes whose command line is exactly this (arguments joined by spaces). */
export function processesRunning(commandLine: string): LiveProcess[] {
	return liveProcesses().filter(p => p.commandLine === commandLine);
}

/** Live processes whose command line contains every one of these strings. */
export function processesMatching(...parts: string[]): LiveProcess[] {
	return liveProcesses().filter(p => parts.every(part => p.commandLine.includes(part)));
}

/** The demo's stand-in journalctl processes following a unit, of this sandbox only (its root is in their environment). */
export function demoJournalFollowers(root: string): LiveProcess[] {
	return liveProcesses().filter(
		p =>
			p.commandLine.includes('service-manager.js journalctl') &&
			/ -f( |$)/.test(p.commandLine) &&
			environmentOf(p.pid).includes(`PGOPS_DEMO_ROOT=${root}`),
	);
}

function environmentOf(pid: number): string[] {
	try {
		return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
	} catch {
		return [];
	}
}
