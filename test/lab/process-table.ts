// The machine's processes as /proc lists them: who owns each and who started it, so the lab can
// find its own sshd sessions and everything its user left running.
import {readFileSync, readdirSync} from 'node:fs';
import {isProcessAlive, terminateProcess} from '../../source/demo/processes.js';

export interface ProcessEntry {
	pid: number;
	ppid: number;
	uid: number;
	comm: string;
	state: string;
}

export function listProcesses(): ProcessEntry[] {
	const entries: ProcessEntry[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const close = stat.lastIndexOf(')');
			const [state, ppid] = stat.slice(close + 2).split(' ');
			const uidLine = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'));
			entries.push({
				pid: Number(name),
				ppid: Number(ppid),
				uid: Number(uidLine?.[1] ?? -1),
				comm: stat.slice(stat.indexOf('(') + 1, close),
				state: state!,
			});
		} catch {
			// Gone between the listing and the read.
		}
	}
	return entries;
}

/** Every live descendant of `pid` (children, grandchildren, ...). */
export function descendantsOf(pid: number, processes = listProcesses()): ProcessEntry[] {
	const found: ProcessEntry[] = [];
	let frontier = [pid];
	while (frontier.length) {
		const children = processes.filter(entry => frontier.includes(entry.ppid) && entry.state !== 'Z');
		found.push(...children);
		frontier = children.map(entry => entry.pid);
	}
	return found;
}

/** SIGTERM to all at once, SIGKILL to whoever is still there after the grace period. */
export async function terminateAll(pids: number[], graceMs = 3000): Promise<number> {
	const alive = pids.filter(isProcessAlive);
	await Promise.all(alive.map(pid => terminateProcess(pid, graceMs)));
	return alive.length;
}
