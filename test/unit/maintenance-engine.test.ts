// The engine side of a maintenance window without a demo: close archives before it posts (a retry
// can't post twice), ids that two windows can't share, a step left by a dead pg-ops or a reused pid
// is interrupted, a step an unexpected error left running is failed, read-only mode can look at the
// window and change nothing (the runner itself refuses the test command), and a skipped item keeps
// its reason.
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {environmentSchema, type NamedEnvironment} from '../../source/core/config/schema.js';
import {addNote, beginStep, finishStep, MaintenanceError} from '../../source/core/maintenance/record.js';
import {planTestCommand} from '../../source/core/maintenance/test-plan.js';
import type {MaintenanceRecord} from '../../source/core/maintenance/types.js';
import {MaintenanceDesk} from '../../source/engine/maintenance/maintenance-desk.js';
import {
	maintenancePaths,
	readClosedWindow,
	readOpenWindow,
	saveOpenWindow,
} from '../../source/engine/maintenance/maintenance-file.js';
import {
	closeNow,
	isPgOpsProcess,
	runnerAlive,
	startWindow,
} from '../../source/engine/maintenance/maintenance-steps.js';
import {runProcedure} from '../../source/engine/procedures/runner.js';
import type {FinishedRun, ProcedureSessions} from '../../source/engine/procedure-session.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {Store, type ConsoleState, type Notice} from '../../source/engine/store.js';
import {fixtureState} from '../fixtures/console-state.js';
import {waitFor} from '../support/wait.js';

let dir: string;
const children: ChildProcess[] = [];
beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-mw-'));
	process.env.PGOPS_STATE_DIR = path.join(dir, 'state');
	process.env.PGOPS_OPERATOR = 'ana@laptop';
});
afterEach(() => {
	for (const child of children.splice(0)) child.kill('SIGKILL');
	delete process.env.PGOPS_STATE_DIR;
	delete process.env.PGOPS_OPERATOR;
	delete process.env.PGOPS_TEST_MW_HOOK;
	rmSync(dir, {recursive: true, force: true});
});

function environment(extra: Record<string, unknown> = {}): NamedEnvironment {
	return {
		...environmentSchema.parse({transport: 'local', maintenance: {test: {command: 'echo ok'}}, ...extra}),
		name: 'staging',
		configFile: path.join(dir, 'conf', 'pg-ops.yaml'),
	};
}

/** Every step before close done, as a window that is ready to close. */
function readyToClose(record: MaintenanceRecord): MaintenanceRecord {
	let next = record;
	for (const step of ['announce', 'backup', 'test', 'verify'] as const) {
		if (step === 'test') next = {...next, steps: {...next.steps, execute: {status: 'done', attempts: 1}}};
		next = finishStep(
			beginStep(next, step, new Date().toISOString()),
			step,
			{ok: true},
			new Date().toISOString(),
		);
	}
	return next;
}

function desk(env: NamedEnvironment, options: {readOnly?: boolean; refreshNow?: () => Promise<void>} = {}) {
	const store = new Store<ConsoleState>(fixtureState());
	const notices: Array<{text: string; level?: Notice['level']}> = [];
	const listeners = new Set<(run: FinishedRun) => void>();
	const sessions = {
		onFinished: (listener: (run: FinishedRun) => void) => (
			listeners.add(listener),
			() => listeners.delete(listener)
		),
	} as unknown as ProcedureSessions;
	const maintenance = new MaintenanceDesk({
		runtime: createRuntime(env, {readOnly: options.readOnly}),
		store,
		sessions,
		refreshNow: options.refreshNow ?? (async () => {}),
		notify: (text, level) => notices.push({text, level}),
	});
	return {
		maintenance,
		store,
		notices,
		finish: (run: Partial<FinishedRun>) =>
			listeners.forEach(l =>
				l({
					name: 'restart',
					title: 'restart web',
					commands: ['systemctl restart web'],
					outcome: 'succeeded',
					message: 'ok',
					changes: [],
					outputs: [],
					at: Date.now(),
					...run,
				}),
			),
	};
}

describe('closing a window', () => {
	it('archives the record before it posts, then adds the post to the archived record; the summary goes to reviewDir relative to the config file', async () => {
		let seenAtPost: {open: boolean; closed: boolean} | undefined;
		const server = http.createServer((request, response) => {
			request.resume();
			request.on('end', () => {
				seenAtPost = {
					open: existsSync(maintenancePaths('staging').open),
					closed: existsSync(path.join(maintenancePaths('staging').closedDir, `${id}.json`)),
				};
				response.writeHead(200).end('ok');
			});
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		process.env.PGOPS_TEST_MW_HOOK = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
		const env = environment({
			notify: {webhook: {url: {env: 'PGOPS_TEST_MW_HOOK'}}},
			incidents: {reviewDir: 'reviews'},
		});
		const runtime = createRuntime(env);
		const started = await startWindow(runtime, 'upgrade PostgreSQL');
		const id = started.id;
		saveOpenWindow(readyToClose(started));
		try {
			const closed = await closeNow(runtime);
			expect(seenAtPost).toEqual({open: false, closed: true});
			expect(closed.summaryFile).toBe(
				path.join(
					dir,
					'conf',
					'reviews',
					`${closed.closedAt!.slice(0, 10)}-staging-maintenance-upgrade-postgresql.md`,
				),
			);
			expect(readFileSync(closed.summaryFile!, 'utf8')).toContain('# Maintenance: upgrade PostgreSQL');
			expect(closed.steps.close.output).toEqual([
				`summary written to ${closed.summaryFile}`,
				'posted to the webhook (HTTP 200)',
			]);
			expect(readClosedWindow('staging', id)).toEqual(closed);
			// Closed once: a second close finds no open window and writes no second summary.
			await expect(closeNow(runtime)).rejects.toThrow('no maintenance window is open on staging');
		} finally {
			await new Promise(resolve => server.close(resolve));
			await runtime.close();
		}
	});
});

describe('window ids', () => {
	it('two windows with the same title started in the same second get ids of their own', async () => {
		const runtime = createRuntime(environment());
		const now = new Date('2026-11-23T05:00:00.123Z');
		const first = await startWindow(runtime, 'Upgrade PostgreSQL', now);
		rmSync(maintenancePaths('staging').open);
		const second = await startWindow(runtime, 'Upgrade PostgreSQL', now);
		expect(first.id).toMatch(/^20261123T050000Z-[0-9a-f]{6}-upgrade-postgresql$/);
		expect(second.id).not.toBe(first.id);
		await runtime.close();
	});
});

describe('who runs a step', () => {
	const spawnScript = (script: string, cwd = dir) => {
		const child = spawn(process.execPath, [script], {cwd, stdio: 'ignore'});
		children.push(child);
		return child.pid!;
	};

	it('a live pid that is not a pg-ops process is a reused pid: the step was interrupted', async () => {
		const sleeper = spawn('sleep', ['30'], {stdio: 'ignore'});
		children.push(sleeper);
		await waitFor(
			() =>
				existsSync(`/proc/${sleeper.pid}/cmdline`) &&
				readFileSync(`/proc/${sleeper.pid}/cmdline`, 'utf8').includes('sleep'),
			5000,
			'sleep to start',
		);
		expect(runnerAlive(`${os.hostname()}:${sleeper.pid}`)).toBe(false);
		// Another machine's pg-ops can't be looked at: it is assumed to run.
		expect(runnerAlive(`elsewhere:${sleeper.pid}`)).toBe(true);
		// A pid nobody has.
		expect(runnerAlive(`${os.hostname()}:${2 ** 22 + 17}`)).toBe(false);
	});

	it('pg-ops is known by its command, an installed package path, or the same entry script as this process', async () => {
		if (!existsSync('/proc/self/cmdline')) return;
		const installed = path.join(dir, 'lib', 'node_modules', 'pg-ops', 'dist');
		mkdirSync(installed, {recursive: true});
		writeFileSync(path.join(installed, 'cli.js'), 'setInterval(() => {}, 1000);\n');
		const checkout = path.join(dir, 'checkout', 'dist');
		mkdirSync(checkout, {recursive: true});
		writeFileSync(path.join(checkout, 'cli.js'), 'setInterval(() => {}, 1000);\n');
		const viaPackage = spawnScript(path.join(installed, 'cli.js'));
		// `node dist/cli.js` from the checkout: a relative path, resolved against the process's own directory.
		const viaCheckout = spawnScript('dist/cli.js', path.join(dir, 'checkout'));
		await waitFor(
			() =>
				[viaPackage, viaCheckout].every(pid =>
					readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('cli.js'),
				),
			5000,
			'both to start',
		);
		expect(isPgOpsProcess(viaPackage, '/somewhere/else.js')).toBe(true);
		expect(isPgOpsProcess(viaCheckout, path.join(checkout, 'cli.js'))).toBe(true);
		expect(isPgOpsProcess(viaCheckout, '/somewhere/else.js')).toBe(false);
	});

	it('on resume, a step whose runner pid now belongs to another program comes back failed, interrupted', async () => {
		const sleeper = spawn('sleep', ['30'], {stdio: 'ignore'});
		children.push(sleeper);
		await waitFor(
			() => readFileSync(`/proc/${sleeper.pid}/cmdline`, 'utf8').includes('sleep'),
			5000,
			'sleep to start',
		);
		const env = environment();
		const started = await startWindow(createRuntime(env), 'upgrade');
		saveOpenWindow(
			beginStep(started, 'announce', new Date().toISOString(), `${os.hostname()}:${sleeper.pid}`),
		);
		const {maintenance, store} = desk(env);
		maintenance.resume();
		maintenance.dispose();
		expect(store.getSnapshot().maintenance?.steps.announce).toMatchObject({
			status: 'failed',
			reason: expect.stringMatching(/^interrupted: /),
		});
		expect(readOpenWindow('staging')?.steps.announce.status).toBe('failed');
	});
});

describe('the console desk', () => {
	it('a step an unexpected error left running is finished as failed, with the error', async () => {
		const env = environment();
		const started = await startWindow(createRuntime(env), 'upgrade');
		let next = finishStep(
			beginStep(started, 'announce', new Date().toISOString()),
			'announce',
			{ok: true},
			new Date().toISOString(),
		);
		for (const step of ['backup', 'execute', 'test'] as const)
			next = {...next, steps: {...next.steps, [step]: {status: 'skipped', attempts: 0, reason: 'not today'}}};
		saveOpenWindow(next);
		const {maintenance, store, notices} = desk(env, {
			refreshNow: async () => Promise.reject(new Error('the panes could not be refreshed')),
		});
		maintenance.resume();
		maintenance.runStep('verify');
		await maintenance.settled();
		maintenance.dispose();
		expect(notices.at(-1)).toEqual({text: 'the panes could not be refreshed', level: 'error'});
		const verify = readOpenWindow('staging')!.steps.verify;
		expect(verify).toMatchObject({
			status: 'failed',
			reason: expect.stringContaining('pg-ops stopped with an error: the panes could not be refreshed'),
		});
		expect(verify.runBy).toBeUndefined();
		expect(store.getSnapshot().maintenance?.steps.verify.status).toBe('failed');
	});

	it('skipping an Execute item needs a reason, which is saved with it', async () => {
		const env = environment();
		saveOpenWindow(
			addNote(await startWindow(createRuntime(env), 'upgrade'), 'drain the queue', new Date().toISOString()),
		);
		const {maintenance, notices} = desk(env);
		maintenance.markItem('i1', 'skipped');
		await maintenance.settled();
		expect(notices.at(-1)).toEqual({
			text: 'skipping i1 needs a reason (it is kept in the summary)',
			level: 'warning',
		});
		expect(readOpenWindow('staging')!.execute[0]!.status).toBe('pending');
		maintenance.markItem('i1', 'skipped', 'the queue was empty');
		await maintenance.settled();
		expect(readOpenWindow('staging')!.execute[0]).toMatchObject({
			status: 'skipped',
			reason: 'the queue was empty',
		});
		maintenance.dispose();
	});

	it('read-only: the window is shown, and nothing changes it (start, steps, notes, skips, runs)', async () => {
		const env = environment();
		const saved = addNote(
			await startWindow(createRuntime(env), 'upgrade'),
			'drain',
			new Date().toISOString(),
		);
		saveOpenWindow(saved);
		const {maintenance, store, notices, finish} = desk(env, {readOnly: true});
		maintenance.resume();
		expect(store.getSnapshot().maintenance?.id).toBe(saved.id);
		expect(notices.at(-1)?.text).toBe(
			'maintenance window "upgrade" resumed (m shows it; read-only: it can be looked at, not changed)',
		);
		maintenance.runStep('announce');
		maintenance.skipStep('announce', 'told on the call');
		maintenance.addNote('more');
		maintenance.markItem('i1', 'done');
		maintenance.finishExecute();
		maintenance.start('another');
		finish({});
		await maintenance.settled();
		maintenance.dispose();
		expect(notices.slice(1).map(n => n.text)).toEqual(
			Array(6).fill(
				'staging is open read-only: the maintenance window can be looked at, not changed; run pg-ops without --read-only to work it',
			),
		);
		expect(readOpenWindow('staging')).toEqual(saved);
		await expect(startWindow(createRuntime(env, {readOnly: true}), 'x')).rejects.toThrow(MaintenanceError);
	});

	it('read-only: the runner itself refuses the test command (it is the team own, so it counts as a change)', async () => {
		const env = environment();
		const plan = planTestCommand(env)!;
		expect(plan.steps.every(step => step.mutates)).toBe(true);
		const runtime = createRuntime(env, {readOnly: true});
		const result = await runProcedure(runtime, plan, {confirm: async () => true});
		expect(result).toMatchObject({
			outcome: 'refused',
			message: 'refused: maintenance test command changes the environment, and staging is open read-only',
		});
		await runtime.close();
	});
});
