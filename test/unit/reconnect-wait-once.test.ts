// A run whose host's connection drops and stays down waits for it once, however many undo steps and
// locks meet it down afterwards: before, each undo step and then the lock's release waited the whole
// reconnect wait anew (2 minutes each by default: a restore that stops two services and drops
// mid-restore waited 5 times, 10 minutes, before its operator learned what is left to do by hand).
// A host that answers again and drops again is waited for anew.
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {ExecResult, Host, HostConnectionState} from '../../source/adapters/host.js';
import {parseConfig} from '../../source/core/config/parse.js';
import type {Plan} from '../../source/core/procedures/plan.js';
import {ReconnectWaits} from '../../source/engine/procedures/reconnect.js';
import {runProcedure} from '../../source/engine/procedures/runner.js';
import {runtimeOf} from '../../source/engine/runtime.js';
import {batchReply} from '../support/fake-fleet.js';

const savedStateDir = process.env.PGOPS_STATE_DIR;
let dir: string;
beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-reconnect-once-'));
	process.env.PGOPS_STATE_DIR = dir; // the audit log goes here
});
afterAll(() => {
	if (savedStateDir === undefined) delete process.env.PGOPS_STATE_DIR;
	else process.env.PGOPS_STATE_DIR = savedStateDir;
	rmSync(dir, {recursive: true, force: true});
});

/** An SSH host whose connection drops for good while step c runs: from then on every command fails, as over a dead link. */
class DroppingHost implements Host {
	readonly label = 'deploy@db-1';
	readonly transport = 'ssh' as const;
	status: HostConnectionState['status'] = 'connected';
	/** Commands sent, in order ('true' is a wait's "does it answer yet?"). */
	readonly sent: string[] = [];
	connectionState(): HostConnectionState {
		return {
			status: this.status,
			attempt: 1,
			...(this.status === 'connected' ? {} : {error: 'connection lost'}),
		};
	}
	async exec(script: string): Promise<ExecResult> {
		const ok = (stdout = ''): ExecResult => ({
			stdout,
			stderr: '',
			exitCode: 0,
			timedOut: false,
			durationMs: 1,
		});
		const name = script.includes('echo ACQUIRED')
			? 'lock'
			: script.includes('"correlationId":')
				? 'release'
				: script.includes('@@')
					? 'refresh'
					: script === 'true'
						? 'true'
						: (/\b(?:step|undo)-\w+/.exec(script)?.[0] ?? script);
		this.sent.push(name);
		if (this.status !== 'connected') throw new Error(`${this.label}: connection lost`);
		if (name === 'lock') return ok('ACQUIRED\n');
		if (name === 'refresh') return batchReply(script, () => '');
		if (name === 'step-c') {
			this.status = 'reconnecting';
			throw new Error(`${this.label}: connection lost`);
		}
		return ok();
	}
	async close() {}
}

const env = {
	...parseConfig(
		'environments:\n  x:\n    transport: ssh\n    hosts: [db-1]\n    lockFile: /run/lock/x.lock\n',
		'pg-ops.yaml',
	).environments.x!,
	name: 'x',
};

/** Three steps that change something, each with an undo; c's connection drops while it runs. */
function threeSteps(): Plan {
	const step = (name: string) => ({
		id: name,
		title: `step ${name}`,
		mutates: true,
		action: {kind: 'shell' as const, command: `echo step-${name}`},
		undo: {title: `undo ${name}`, action: {kind: 'shell' as const, command: `echo undo-${name}`}},
	});
	return {
		procedure: 'restart',
		title: 'three steps',
		env: 'x',
		summary: [],
		steps: [step('a'), step('b'), step('c')],
		secrets: {},
		restsOn: [],
	};
}

describe('a connection that stays down', () => {
	it('is waited for once: the later undo steps and the lock say it is still down and do not wait again', async () => {
		const host = new DroppingHost();
		const runtime = runtimeOf({env, hosts: [{name: 'db-1', host}], readOnly: false});
		const notes: string[] = [];
		const result = await runProcedure(runtime, threeSteps(), {
			confirm: async () => true,
			operator: 'tester',
			reconnectWaitSeconds: 1,
			onEvent: event => {
				if (event.type === 'note') notes.push(event.text);
			},
		});

		expect(result.outcome, result.message).toBe('failed-not-undone');
		// One wait, for the undo of c (the step that met the drop)...
		expect(notes.filter(n => n.includes('waiting up to'))).toEqual([
			'the connection to deploy@db-1 is down (connection lost): waiting up to 1s for it to come back, then trying again',
		]);
		// ...then b's and a's undo and the lock's release are told it is still down, each once.
		const notAgain =
			'the connection to deploy@db-1 is still down: not waiting again (it was given 1s to come back)';
		expect(notes.filter(n => n.includes('still down'))).toEqual([notAgain, notAgain, notAgain]);
		// Every undo was still tried (each may have gone through had the link come back), in reverse.
		expect(host.sent.filter(s => s.startsWith('undo-'))).toEqual(['undo-c', 'undo-b', 'undo-a']);
		// The "does it answer yet?" probes all belong to that one wait, before b's undo was tried.
		const probes = host.sent.flatMap((s, i) => (s === 'true' ? [i] : []));
		expect(probes.length).toBeGreaterThan(0);
		expect(Math.max(...probes)).toBeLessThan(host.sent.indexOf('undo-b'));
		expect(result.locksLeft).toEqual([{file: '/run/lock/x.lock', host: 'deploy@db-1'}]);
		expect(result.leftToDo.join('\n')).toContain('undo c');
	});
});

describe('ReconnectWaits', () => {
	const host = new DroppingHost();

	it('keeps one deadline for a host while it stays down, and a new one once it has answered', () => {
		let now = 1_000_000;
		const waits = new ReconnectWaits(120, () => now);
		expect(waits.until(host)).toBe(1_120_000);
		now += 60_000;
		// Found down again by a later undo: the same deadline, not another 2 minutes.
		expect(waits.until(host)).toBe(1_120_000);
		waits.answered(host);
		now += 10_000;
		expect(waits.until(host)).toBe(1_190_000);
	});

	it("is one host's: another host's wait starts when that host is first found down", () => {
		let now = 0;
		const waits = new ReconnectWaits(120, () => now);
		const other = new DroppingHost();
		expect(waits.until(host)).toBe(120_000);
		now = 50_000;
		expect(waits.until(other)).toBe(170_000);
	});
});
