// Process checks shared by the supervisor, the service-manager stand-in and stopDemo.
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';

export const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

/** True while the process exists and has not exited (a zombie counts as exited). */
export function isProcessAlive(pid: number): boolean {
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
	// Some container inits never reap orphans, and a zombie still answers signal 0.
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
		if (state === 'Z' || state === 'X') return false;
	} catch {
		// No /proc (macOS): signal 0 is the best we have.
	}
	return true;
}

/** The process's command line, or undefined when it is gone or unreadable. */
export function processCommandLine(pid: number): string | undefined {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim() || undefined;
	} catch {
		try {
			return (
				execFileSync('ps', ['-o', 'args=', '-p', String(pid)], {
					encoding: 'utf8',
					stdio: ['ignore', 'pipe', 'ignore'],
				}).trim() || undefined
			);
		} catch {
			return undefined;
		}
	}
}

/** Alive and started by this demo: its command line names the marker (the demo dir), so a reused pid is never ours. */
export function isDemoProcess(pid: number, marker: string): boolean {
	return isProcessAlive(pid) && (processCommandLine(pid)?.includes(marker) ?? false);
}

/** Polls until the predicate holds or the time is up; returns whether it held. */
export async function waitUntil(
	predicate: () => boolean | Promise<boolean>,
	timeoutMs: number,
	intervalMs = 50,
): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await predicate()) return true;
		if (Date.now() >= deadline) return false;
		await sleep(intervalMs);
	}
}

/** SIGTERM, then SIGKILL after the grace period; resolves once the process is gone. */
export async function terminateProcess(pid: number, graceMs = 5000): Promise<'exited' | 'killed' | 'absent'> {
	if (!isProcessAlive(pid)) return 'absent';
	signal(pid, 'SIGTERM');
	if (await waitUntil(() => !isProcessAlive(pid), graceMs)) return 'exited';
	signal(pid, 'SIGKILL');
	await waitUntil(() => !isProcessAlive(pid), 5000);
	return 'killed';
}

function signal(pid: number, name: NodeJS.Signals): void {
	try {
		process.kill(pid, name);
	} catch {
		// Already gone between the check and the signal.
	}
}
