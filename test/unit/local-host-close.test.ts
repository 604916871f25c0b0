// LocalHost.close() leaves nothing running: it resolves once every command it killed has gone, and
// from the moment it starts no new command runs (a refresh under way gets the closed host's error).
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {randomBytes} from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {LocalHost} from '../../source/adapters/local-host.js';
import {processesRunning} from '../support/live-processes.js';
import {waitFor} from '../support/wait.js';

/** A sleep nobody else runs, so the test can look for it in the process table. */
const uniqueSleep = () => `sleep ${3000 + Math.floor(Math.random() * 5000)}.${randomBytes(2).readUInt16BE()}`;

let dir: string;
let hosts: LocalHost[];
let sleeps: string[];

beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-local-host-close-'));
	hosts = [];
	sleeps = [];
});

afterEach(async () => {
	// Whatever the test's outcome, nothing it started outlives it.
	await Promise.allSettled(hosts.map(h => h.close()));
	for (const sleep of sleeps)
		for (const p of processesRunning(sleep)) {
			try {
				process.kill(p.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	rmSync(dir, {recursive: true, force: true});
});

function newHost(): LocalHost {
	const host = new LocalHost();
	hosts.push(host);
	return host;
}

function newSleep(): string {
	const sleep = uniqueSleep();
	sleeps.push(sleep);
	return sleep;
}

/** Whether `pid` is still a process of this machine at all (a zombie nobody reaped yet counts). */
function exists(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

describe('LocalHost.close()', () => {
	it('resolves only once the running command and what it started are gone', async () => {
		const host = newHost();
		const [child, grandchild] = [newSleep(), newSleep()];
		let seen = '';
		// The shell prints its own pid: it is the group leader close() kills.
		const running = host.exec(`echo "$$"; (${grandchild}) & ${child}`, {
			timeoutMs: 60_000,
			onOutput: text => (seen += text),
		});
		await waitFor(
			() =>
				/^\d+\n/.test(seen) &&
				processesRunning(child).length === 1 &&
				processesRunning(grandchild).length === 1,
			5000,
			'the command and its background child to run',
		);
		const shellPid = Number(seen.trim());
		await host.close();
		expect(exists(shellPid)).toBe(false);
		expect(processesRunning(child)).toEqual([]);
		expect(processesRunning(grandchild)).toEqual([]);
		// The command's caller got its (killed) result, as before.
		expect(await running).toMatchObject({exitCode: null, signal: 'SIGKILL', timedOut: false});
	});

	it('refuses new commands once closed, and runs nothing for them', async () => {
		const host = newHost();
		await host.close();
		const marker = path.join(dir, 'ran');
		await expect(host.exec(`touch '${marker}'`, {timeoutMs: 5000})).rejects.toThrow(
			'local: closed: no new commands run',
		);
		expect(existsSync(marker)).toBe(false);
	});

	it('a refresh in flight during close starts nothing new', async () => {
		const host = newHost();
		const sleep = newSleep();
		const next = path.join(dir, 'next-command-ran');
		let seen = '';
		// A refresh's shape: one command, then the next once the first has answered.
		const refresh = (async () => {
			await host.exec(`echo first; ${sleep}`, {timeoutMs: 60_000, onOutput: text => (seen += text)});
			await host.exec(`touch '${next}'`, {timeoutMs: 5000});
		})();
		const outcome = refresh.then(
			() => 'finished',
			(error: Error) => error.message,
		);
		await waitFor(
			() => seen.includes('first') && processesRunning(sleep).length === 1,
			5000,
			'the first command to run',
		);
		await host.close();
		expect(await outcome).toBe('local: closed: no new commands run');
		expect(existsSync(next)).toBe(false);
		expect(processesRunning(sleep)).toEqual([]);
	});

	it('a group that does not go is reported, not waited on forever', async () => {
		const messages: string[] = [];
		// A group stuck in the kernel can't be made here: the process table is stood in as never emptying.
		const host = new LocalHost({
			closeWaitMs: 300,
			groupAlive: () => true,
			onLeftRunning: m => messages.push(m),
		});
		hosts.push(host);
		let seen = '';
		const running = host.exec(`echo "$$"; ${newSleep()}`, {
			timeoutMs: 60_000,
			onOutput: text => (seen += text),
		});
		await waitFor(() => /^\d+\n/.test(seen), 5000, 'the command to run');
		const started = Date.now();
		await host.close();
		expect(Date.now() - started).toBeLessThan(3000);
		expect(messages).toEqual([
			expect.stringMatching(
				new RegExp(
					`^local: process group ${seen.trim()} still running 0.3s after SIGKILL .*ps -o pid,stat,wchan,args -g ${seen.trim()}$`,
				),
			),
		]);
		await running;
	});

	it('close() twice, and close() with nothing running, resolve', async () => {
		const host = newHost();
		await host.close();
		await host.close();
		expect(await new LocalHost().close()).toBeUndefined();
	});
});
