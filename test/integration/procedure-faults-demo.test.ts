// Faults during a procedure, on the demo through the built CLI, judged by the world afterwards
// (issue 11 items 3 and 4): the disk under the audit log filling up mid-rotation, too little room to
// start at all, and Ctrl-C, SIGTERM and a closed terminal (SIGHUP) in the middle of a slot switch.
// The `current` link, the version served, the token accepted, the lock file and the audit log say
// what happened. Needs root (the full disk is a real tmpfs).
import {execFileSync} from 'node:child_process';
import {
	appendFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	readlinkSync,
	rmSync,
	truncateSync,
	statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemo, stopDemo, type DemoInfo} from '../../source/demo/index.js';
import {parseEnvFile} from '../../source/demo/env-file.js';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {runCli, startCli, type RunningCli} from '../support/cli.js';
import {waitFor} from '../support/wait.js';

let dir: string;
let stateDir: string;
let info: DemoInfo;
let env: NamedEnvironment;
const mounts: string[] = [];

beforeAll(async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-faults-'));
	stateDir = path.join(dir, 'state');
	info = await startDemo({dir: path.join(dir, 'demo')});
	env = pickEnvironment(loadConfigFile(info.config), 'demo', info.config);
}, 180_000);

afterAll(async () => {
	for (const mount of mounts) execFileSync('umount', [mount]);
	await stopDemo({dir: path.join(dir, 'demo')});
	rmSync(dir, {recursive: true, force: true});
});

/** A real filesystem of `size` (tmpfs) for pg-ops' state directory: the audit log's disk. */
function smallDisk(name: string, size: string): string {
	const mount = path.join(dir, name);
	mkdirSync(mount);
	execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', mount]);
	mounts.push(mount);
	return mount;
}

const token = () => parseEnvFile(readFileSync(info.envFile, 'utf8')).OPS_VERIFY_TOKEN!;
const verifyWith = async (value: string) =>
	(await fetch(`${info.http.baseUrl}/ops/verify`, {headers: {'x-ops-token': value}})).status;
const linkTarget = () => readlinkSync(path.join(info.root, 'opt/app/current'));
const served = async () =>
	(
		(await (await fetch(`${info.http.baseUrl}/ops/verify`, {headers: {'x-ops-token': token()}})).json()) as {
			slot: string;
		}
	).slot;
const auditLines = (state: string) =>
	readFileSync(path.join(state, 'audit.jsonl'), 'utf8').split('\n').filter(Boolean);

/** The CLI in the background; resolves once `text` is in its output. */
async function until(cli: RunningCli, text: string | RegExp, what: string): Promise<void> {
	const seen = () => {
		const {stdout, stderr} = cli.output();
		return typeof text === 'string' ? (stdout + stderr).includes(text) : text.test(stdout + stderr);
	};
	await waitFor(seen, 120_000, what);
}

describe('the disk under the audit log', () => {
	it('too little room to record anything: a change is refused before it starts, nothing restarts', () => {
		const state = smallDisk('tiny', '256k');
		const pid = () =>
			execFileSync(
				path.join(info.root, 'bin/systemctl'),
				['show', '-p', 'MainPID', '--value', 'app-intake'],
				{
					encoding: 'utf8',
				},
			).trim();
		const before = pid();
		const cli = runCli(['run', 'restart', '--service', 'app-intake', '--config', info.config, '--yes'], {
			env: {PGOPS_STATE_DIR: state},
		});
		expect(cli.code, cli.stdout + cli.stderr).toBe(1);
		expect(cli.stdout).toMatch(/refused: only \d+ KiB free in .*tiny, where the audit log is written/);
		expect(pid()).toBe(before);
	});

	it('filling up mid-rotation: the rotation finishes verified, the new token is shown, the exit code says done, the log keeps no half line', async () => {
		const state = smallDisk('fills', '8m');
		const old = token();
		const cli = startCli(['run', 'rotate-token', '--config', info.config, '--yes'], {
			env: {PGOPS_STATE_DIR: state},
			timeoutMs: 180_000,
		});
		try {
			// The service restarts with the new token from here: the worst moment to lose control. (Filled once
			// the restart is done, a busy machine could let the run write its last records first: no warning.)
			await until(cli, /\[running\] 3\. restart app-web/, 'the restart with the new token');
			fillUp(state);
		} catch (error) {
			cli.child.kill('SIGKILL');
			throw error;
		}
		const ended = await cli.done;
		expect(ended.code, ended.stdout + ended.stderr).toBe(0);
		const shown = /\n {2}([0-9a-f]{64})\n/.exec(ended.stdout)?.[1];
		expect(shown).toBeDefined();
		expect(token()).toBe(shown);
		expect(await verifyWith(shown!)).toBe(200);
		expect(await verifyWith(old)).toBe(401);
		expect(ended.stdout).toContain('rotate OPS_VERIFY_TOKEN: done and verified');
		expect(ended.stderr).toMatch(/WARNING: the audit log .* could not be written \(ENOSPC/);
		expect(ended.stderr).not.toMatch(/\n\s+at /); // no stack trace
		// Every line there is whole: the one cut short by the full disk was taken back.
		for (const line of auditLines(state)) expect(() => JSON.parse(line)).not.toThrow();
		// The old value is not left in a backup beside the env file.
		expect(readdirSync(path.dirname(info.envFile)).filter(n => n.includes('pg-ops-backup'))).toEqual([]);
	}, 240_000);
});

/** Fills the tmpfs, then frees 10 bytes inside the audit log's last page: the next line gets cut short there. */
function fillUp(state: string): void {
	const filler = path.join(state, 'filler');
	try {
		for (;;) appendFileSync(filler, Buffer.alloc(64 * 1024));
	} catch {
		// full
	}
	const log = path.join(state, 'audit.jsonl');
	try {
		for (;;) appendFileSync(log, '\n'); // blank lines: readers skip them
	} catch {
		// the log's last page is full too
	}
	truncateSync(log, statSync(log).size - 10);
}

/**
 * A person's next Ctrl-C comes a moment later: pg-ops takes a repeat within 300 ms for the echo a
 * library's exit hook sends (when-exit re-raises the signal it saw), so the test waits as a person would.
 */
const secondPress = () => new Promise(resolve => setTimeout(resolve, 1000));

describe('a signal in the middle of switch-slot', () => {
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
		it(`${signal} after the link step: the running step finishes, everything is put back, the lock released, the result written (exit 1)`, async () => {
			expect(linkTarget()).toBe('releases/blue');
			const cli = startCli(['run', 'switch-slot', '--config', info.config, '--yes'], {
				env: {PGOPS_STATE_DIR: stateDir},
				timeoutMs: 180_000,
			});
			await until(cli, /\[done\] 1\. point current at green/, 'the link step');
			cli.child.kill(signal);
			const ended = await cli.done;
			expect(ended.code, ended.stdout + ended.stderr).toBe(1);
			expect(ended.stdout).toMatch(new RegExp(`stopped by ${signal} after step \\d`));
			expect(ended.stdout).toMatch(/Everything it changed was put back; the system is as it was before/);
			expect(linkTarget()).toBe('releases/blue');
			expect(await served()).toBe('blue');
			expect(existsSync(env.lockFile!)).toBe(false);
			const correlationId = /correlation id (\S+)/.exec(ended.stdout)![1]!;
			const events = auditLines(stateDir)
				.map(
					line =>
						JSON.parse(line) as {correlationId: string; event: string; outcome?: string; detail?: string},
				)
				.filter(r => r.correlationId === correlationId);
			expect(events.find(r => r.event === 'interrupt')).toMatchObject({detail: signal});
			expect(events.at(-1)).toMatchObject({event: 'result', outcome: 'failed-undone'});
			expect(events.filter(r => r.event === 'undo').every(r => r.outcome === 'undone')).toBe(true);
		}, 240_000);

	it('a second Ctrl-C says what stopping right now would leave, and pg-ops still puts everything back', async () => {
		const cli = startCli(['run', 'switch-slot', '--config', info.config, '--yes'], {
			env: {PGOPS_STATE_DIR: stateDir},
			timeoutMs: 180_000,
		});
		await until(cli, /\[done\] 1\. point current at green/, 'the link step');
		cli.child.kill('SIGINT');
		await until(cli, 'stopping at the next safe point', 'the first answer');
		await secondPress();
		cli.child.kill('SIGINT');
		await until(cli, 'Stopping right now would leave:', 'the explanation');
		const ended = await cli.done;
		expect(ended.stderr, ended.stdout + ended.stderr).toContain(
			'1. point current at green: done, and not put back',
		);
		expect(ended.stderr).toMatch(/the lock .*pg-ops\.lock on local stays held/);
		expect(ended.stderr).toContain('Ctrl-C once more within 10s stops now anyway');
		expect(ended.code, ended.stdout + ended.stderr).toBe(1);
		expect(linkTarget()).toBe('releases/blue');
		expect(await served()).toBe('blue');
		expect(existsSync(env.lockFile!)).toBe(false);
	}, 240_000);

	it('three Ctrl-C in a row stop at once, leaving what the second one listed (exit 3)', async () => {
		const cli = startCli(['run', 'switch-slot', '--config', info.config, '--yes'], {
			env: {PGOPS_STATE_DIR: stateDir},
			timeoutMs: 180_000,
		});
		try {
			await until(cli, /\[done\] 1\. point current at green/, 'the link step');
			cli.child.kill('SIGINT');
			await until(cli, 'stopping at the next safe point', 'the first answer');
			await secondPress();
			cli.child.kill('SIGINT');
			await until(cli, 'Stopping right now would leave:', 'the explanation');
			await secondPress();
			cli.child.kill('SIGINT');
			const ended = await cli.done;
			expect(ended.code).toBe(3);
			expect(ended.stderr).toContain('stopping now, leaving what is listed above (exit 3)');
		} finally {
			// Put the world back for whatever runs next: the link, the service, the lock.
			await cli.done;
			rmSync(env.lockFile!, {force: true});
			if (linkTarget() !== 'releases/blue') {
				const back = runCli(['run', 'switch-slot', '--config', info.config, '--yes'], {
					env: {PGOPS_STATE_DIR: stateDir},
				});
				expect(back.code, back.stdout + back.stderr).toBe(0);
			}
		}
		expect(linkTarget()).toBe('releases/blue');
	}, 240_000);
});
