// A maintenance window on the demo through the console's engine, judged by the world: the webhook's
// messages, the backup file on disk (intact, listed by restore-backup), the restart's new process,
// the test command's exit code, what Verify finds, the summary file, the audit log. Halfway the
// engine is disposed and a new one resumes the window where it stood.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {readAuditLog} from '../../source/engine/audit.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {maintenancePaths} from '../../source/engine/maintenance/maintenance-file.js';
import {plannerFor} from '../../source/engine/procedures/registry.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {runCli} from '../support/cli.js';
import {waitFor} from '../support/wait.js';
import {useDemo} from '../support/use-demo.js';
import {testSteadySeconds} from '../support/steady-holds.js';
import YAML from 'yaml';

const demo = useDemo('pg-ops-maint', {steadySeconds: testSteadySeconds});
let env: NamedEnvironment;
let server: http.Server;
let hookUrl: string;
const posted: Array<{text: string}> = [];
const engines: ConsoleEngine[] = [];

beforeAll(async () => {
	const dir = demo.dir;
	server = http.createServer((request, response) => {
		let body = '';
		request.on('data', chunk => (body += chunk));
		request.on('end', () => {
			posted.push(JSON.parse(body) as {text: string});
			response.writeHead(200).end('ok');
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	// The URL carries its own token, as chat webhooks do: it must never show anywhere.
	hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/T0KEN-in-the-url-5f1c`;
	process.env.PGOPS_TEST_MAINT_WEBHOOK = hookUrl;
	const info = demo.info;
	// The test command reads its verdict from two files, so the test can make it pass or fail.
	writeFileSync(path.join(dir, 'verdict'), 'smoke: checkout FAILED\n');
	writeFileSync(path.join(dir, 'exit-code'), '3\n');
	env = {
		...pickEnvironment(loadConfigFile(info.config), 'demo', info.config),
		maintenance: {
			test: {
				command: `cat ${path.join(dir, 'verdict')}; exit "$(cat ${path.join(dir, 'exit-code')})"`,
				timeoutSeconds: 30,
				privileged: false,
			},
			runbooks: ['runbooks/window-checks.md', 'runbooks/missing.md'],
		},
		notify: {webhook: {url: {env: 'PGOPS_TEST_MAINT_WEBHOOK'}, format: 'slack', timeoutSeconds: 5}},
		// Runbook paths are relative to the config file, wherever pg-ops runs from.
		configFile: path.join(dir, 'pg-ops.yaml'),
	};
	mkdirSync(path.join(dir, 'runbooks'));
	writeFileSync(
		path.join(dir, 'runbooks', 'window-checks.md'),
		[
			'# Window checks',
			'',
			'## Before',
			'',
			'1. Look at the web unit:',
			'',
			'   ```sh',
			'   systemctl show -p ActiveState app-web',
			'   ```',
			'',
			'## Notes',
			'',
			'```json',
			'{"not": "a command"}',
			'```',
			'',
		].join('\n'),
	);
}, 90_000);

afterAll(async () => {
	await Promise.allSettled(engines.map(e => e.dispose()));
	await new Promise(resolve => server.close(resolve));
	delete process.env.PGOPS_TEST_MAINT_WEBHOOK;
});

async function openConsole(): Promise<ConsoleEngine> {
	const engine = new ConsoleEngine(env);
	engines.push(engine);
	engine.start();
	await waitFor(
		() => engine.store.getSnapshot().panes.services.updatedAt !== undefined,
		20_000,
		'the first services data',
	);
	return engine;
}

const windowOf = (engine: ConsoleEngine) => engine.store.getSnapshot().maintenance!;

/** The procedure dialog as an operator works it: the plan arrives, y, the run, the result closed. */
async function confirmAndFinish(engine: ConsoleEngine, what: string): Promise<void> {
	const session = () => engine.store.getSnapshot().procedure;
	await waitFor(
		() => session()?.phase === 'plan-ready' || session()?.phase === 'done',
		30_000,
		`${what}: its plan`,
	);
	if (session()?.phase === 'plan-ready') engine.confirmProcedure('y');
	await waitFor(() => session()?.phase === 'done', 120_000, `${what}: its result`);
	const result = session()!.result!;
	engine.closeProcedure();
	await engine.maintenance.settled();
	expect(result.outcome, `${what}: ${result.message}`).toBeDefined();
}

describe('a maintenance window on the demo', () => {
	let backupFile = '';

	it('starts, announces to the webhook, and backs up through the procedure dialog', async () => {
		const engine = await openConsole();
		engine.maintenance.start("Upgrade the demo's app");
		await engine.maintenance.settled();
		expect(windowOf(engine)).toMatchObject({title: "Upgrade the demo's app", env: 'demo'});
		expect(existsSync(maintenancePaths('demo').open)).toBe(true);

		// Out of order: refused with why, nothing changes.
		engine.maintenance.runStep('verify');
		await engine.maintenance.settled();
		expect(engine.store.getSnapshot().notice?.text).toContain(
			"can't run verify: first announce, backup, execute, test",
		);
		expect(windowOf(engine).steps.verify.status).toBe('pending');

		engine.maintenance.runStep('announce');
		await engine.maintenance.settled();
		expect(windowOf(engine).steps.announce).toMatchObject({status: 'done', attempts: 1});
		expect(windowOf(engine).steps.announce.output).toContain('posted to the webhook (HTTP 200)');
		expect(posted.map(p => p.text)).toEqual([
			"maintenance starting on demo: Upgrade the demo's app (" + windowOf(engine).startedBy + ')',
		]);

		// Backing out of the backup's dialog runs nothing and leaves the step as it was.
		engine.maintenance.runStep('backup');
		await waitFor(
			() => engine.store.getSnapshot().procedure?.phase === 'plan-ready',
			30_000,
			'the backup plan',
		);
		expect(windowOf(engine).steps.backup.status).toBe('running');
		engine.cancelProcedure();
		await waitFor(
			() => windowOf(engine).steps.backup.status === 'pending',
			5000,
			'the backup step back to pending',
		);
		expect(windowOf(engine).steps.backup.attempts).toBe(0);

		engine.maintenance.runStep('backup');
		await confirmAndFinish(engine, 'backup');
		const backup = windowOf(engine).steps.backup;
		expect(backup.status, backup.reason).toBe('done');
		expect(backup.correlationId).toBeTruthy();
		const line = backup.output!.find(l => /\/db_\d{8}T\d{6}Z\.sql\.gz: \d+ bytes$/.test(l));
		expect(line, backup.output!.join('\n')).toBeDefined();
		backupFile = line!.slice(0, line!.indexOf(': '));
		expect(path.dirname(backupFile)).toBe(path.join(demo.info.root, 'opt/app/backups'));
		execFileSync('gunzip', ['-t', backupFile]);
		expect(readdirSync(path.dirname(backupFile)).filter(f => f.endsWith('.partial'))).toEqual([]);
		// restore-backup now offers it as the newest backup.
		const runtime = createRuntime(env, {readOnly: true});
		try {
			const plan = await plannerFor('restore-backup')!(runtime, {});
			expect(plan.title).toBe(`restore ${path.basename(backupFile)}`);
		} finally {
			await runtime.close();
		}
	});

	it('resumes in a new console at the same step, after the first one is gone', async () => {
		await engines.shift()!.dispose();
		const engine = await openConsole();
		const resumed = windowOf(engine);
		expect(resumed.steps.announce.status).toBe('done');
		expect(resumed.steps.backup.status).toBe('done');
		expect(resumed.steps.execute.status).toBe('pending');
		expect(engine.store.getSnapshot().notice?.text).toContain('resumed');
	});

	it('executes: a note ticked by hand, a restart run meanwhile and a runbook step, recorded with their exact commands', async () => {
		const engine = engines[0]!;
		engine.maintenance.addNote('drain the intake queue');
		await engine.maintenance.settled();
		engine.maintenance.finishExecute();
		await engine.maintenance.settled();
		expect(engine.store.getSnapshot().notice?.text).toContain(
			"can't finish execute: 1 item not ticked or skipped: i1 drain the intake queue",
		);
		engine.maintenance.markItem('i1', 'done');
		await engine.maintenance.settled();

		engine.startProcedure('restart', {service: 'app-orchestrator'});
		await confirmAndFinish(engine, 'restart');
		await waitFor(() => windowOf(engine).execute.length === 2, 5000, 'the restart recorded as an item');
		expect(windowOf(engine).execute[1]).toMatchObject({
			kind: 'procedure',
			title: 'restart app-orchestrator',
			status: 'done',
			outcome: 'succeeded',
		});
		expect(windowOf(engine).execute[1]!.commands!.join('\n')).toContain(
			'systemctl restart app-orchestrator.service',
		);

		// A step of a configured runbook, through the same dialog; a block that is not a command can't be run.
		const [checks, missing] = engine.maintenance.runbooks;
		expect(checks).toMatchObject({
			file: 'runbooks/window-checks.md',
			title: 'Window checks',
			steps: [
				{id: '2.1', kind: 'shell'},
				{id: '3.1', kind: 'show'},
			],
		});
		expect(missing!.error).toContain(
			`runbooks/missing.md (${path.join(demo.dir, 'runbooks', 'missing.md')}): no such file`,
		);
		engine.maintenance.runRunbookStep('runbooks/window-checks.md', '3.1', {});
		await engine.maintenance.settled();
		expect(engine.store.getSnapshot().notice?.text).toContain('pg-ops shows it but does not run it');
		engine.maintenance.runRunbookStep('runbooks/window-checks.md', '2.1', {});
		await engine.maintenance.settled();
		await confirmAndFinish(engine, 'runbook step');
		await waitFor(() => windowOf(engine).execute.length === 3, 5000, 'the runbook step recorded as an item');
		expect(windowOf(engine).execute[2]).toMatchObject({
			kind: 'runbook-step',
			runbook: {file: 'runbooks/window-checks.md', stepId: '2.1'},
			status: 'done',
		});
		expect(windowOf(engine).execute[2]!.commands!.join('\n')).toContain(
			'systemctl show -p ActiveState app-web',
		);

		engine.maintenance.finishExecute();
		await engine.maintenance.settled();
		expect(windowOf(engine).steps.execute).toMatchObject({status: 'done', output: ['3 items: 3 done']});
	});

	it('tests: a failing test command keeps its output and exit 3, and is skipped with a reason', async () => {
		const engine = engines[0]!;
		engine.maintenance.runStep('test');
		await confirmAndFinish(engine, 'test');
		expect(windowOf(engine).steps.test).toMatchObject({
			status: 'failed',
			exitCode: 3,
			output: ['smoke: checkout FAILED'],
			reason: 'the test command exited with 3',
		});
		engine.maintenance.skipStep('test', '');
		await engine.maintenance.settled();
		expect(windowOf(engine).steps.test.status).toBe('failed');
		engine.maintenance.skipStep('test', 'checkout smoke test is flaky on the demo (OPS-12); checked by hand');
		await engine.maintenance.settled();
		expect(windowOf(engine).steps.test).toMatchObject({
			status: 'skipped',
			reason: 'checkout smoke test is flaky on the demo (OPS-12); checked by hand',
		});
	});

	it("verifies: the demo's seeded problems are listed, then skipped with a reason", async () => {
		const engine = engines[0]!;
		engine.maintenance.runStep('verify');
		await engine.maintenance.settled();
		const verify = windowOf(engine).steps.verify;
		expect(verify.status).toBe('failed');
		const found = verify.output!.join('\n');
		expect(found).toContain('ETL: 3 stuck jobs in jobs');
		expect(found).toMatch(/^SLO: errors \d+\.\d% WARNING$/m);
		expect(found).toMatch(/^jobs: \S+ stale \(last run/m);
		// The restart above fixed the failed service.
		expect(found).not.toContain('app-orchestrator');
		engine.maintenance.skipStep('verify', 'seeded demo problems, known and accepted');
		await engine.maintenance.settled();
		expect(windowOf(engine).steps.verify.status).toBe('skipped');
	});

	it('closes: the summary with every skip reason, written to a file, posted, the record archived and audited', async () => {
		const engine = engines[0]!;
		engine.maintenance.runStep('close');
		await engine.maintenance.settled();
		const closed = windowOf(engine);
		expect(closed.closedAt).toBeTruthy();
		expect(closed.summary).toContain(
			'test: skipped: checkout smoke test is flaky on the demo (OPS-12); checked by hand',
		);
		expect(closed.summary).toContain('verify: skipped: seeded demo problems, known and accepted');
		expect(closed.summaryFile!.startsWith(path.join(demo.dir, 'state', 'reviews'))).toBe(true);
		const markdown = readFileSync(closed.summaryFile!, 'utf8');
		expect(markdown).toContain("# Maintenance: Upgrade the demo's app");
		expect(markdown).toContain(path.basename(backupFile));
		expect(markdown).toContain('systemctl restart app-orchestrator.service');
		expect(markdown).toContain('- verify: seeded demo problems, known and accepted');
		expect(posted.at(-1)!.text).toContain('closed after');
		expect(posted.at(-1)!.text).toContain('test (checkout smoke test is flaky');
		expect(existsSync(maintenancePaths('demo').open)).toBe(false);
		expect(existsSync(path.join(maintenancePaths('demo').closedDir, `${closed.id}.json`))).toBe(true);

		const audit = readAuditLog().filter(r => r.procedure === 'maintenance' && r.correlationId === closed.id);
		expect(audit.map(r => `${r.event}${r.step ? ` ${r.step}` : ''}`)).toEqual([
			'start',
			'step announce',
			'step backup',
			'step execute',
			'step test',
			'skip test',
			'step verify',
			'skip verify',
			'close',
		]);
		expect(
			readAuditLog().some(r => r.procedure === 'backup' && r.event === 'result' && r.outcome === 'succeeded'),
		).toBe(true);
		// The webhook's URL (and its token) is nowhere: not in the record, the summary or the audit log.
		const everything = [
			JSON.stringify(closed),
			markdown,
			readFileSync(path.join(demo.dir, 'state', 'audit.jsonl'), 'utf8'),
		].join('\n');
		expect(everything).not.toContain('T0KEN-in-the-url');
	});

	it('a second window: a passing test keeps its output and exit 0; steps skipped up front keep their reasons', async () => {
		const engine = engines[0]!;
		writeFileSync(path.join(demo.dir, 'verdict'), 'smoke: 3 checks passed\n');
		writeFileSync(path.join(demo.dir, 'exit-code'), '0\n');
		engine.maintenance.start('Rotate logs');
		await engine.maintenance.settled();
		expect(windowOf(engine).closedAt).toBeUndefined();
		engine.maintenance.skipStep('announce', 'quiet hours: nobody to tell');
		engine.maintenance.skipStep('backup', 'nothing in the database changes');
		engine.maintenance.finishExecute();
		await engine.maintenance.settled();
		engine.maintenance.runStep('test');
		await confirmAndFinish(engine, 'test');
		expect(windowOf(engine).steps.test).toMatchObject({
			status: 'done',
			exitCode: 0,
			output: ['smoke: 3 checks passed'],
		});
	});
});

describe('pg-ops maintenance without the console', () => {
	let config: string;
	let stateDir: string;
	const cli = (...args: string[]) =>
		runCli(['maintenance', ...args, '--config', config, '--env', 'demo'], {
			env: {PGOPS_STATE_DIR: stateDir},
			timeoutMs: 120_000,
		});

	beforeAll(() => {
		stateDir = path.join(demo.dir, 'cli-state');
		const document = YAML.parse(readFileSync(demo.info.config, 'utf8')) as {
			environments: {demo: Record<string, unknown>};
		};
		document.environments.demo.maintenance = {
			test: {
				command: `cat ${path.join(demo.dir, 'verdict')}; exit "$(cat ${path.join(demo.dir, 'exit-code')})"`,
				timeoutSeconds: 30,
			},
		};
		config = path.join(demo.dir, 'pg-ops-maintenance.yaml');
		writeFileSync(config, YAML.stringify(document));
		writeFileSync(path.join(demo.dir, 'verdict'), 'smoke: checkout FAILED\n');
		writeFileSync(path.join(demo.dir, 'exit-code'), '3\n');
	});

	it('walks a window from start to close; out-of-order steps, missing reasons and --yes are refused with why', () => {
		expect(cli('status').stdout).toContain('no maintenance window is open on demo');
		expect(cli('start').stderr).toContain('maintenance start needs a title');
		expect(cli('start', '--title', 'Nightly upgrade').code).toBe(0);
		const again = cli('start', '--title', 'Another one');
		expect(again.code).toBe(1);
		expect(again.stderr).toContain('a maintenance window is already open on demo: "Nightly upgrade"');

		const early = cli('run', 'backup', '--yes');
		expect(early.code).toBe(1);
		expect(early.stderr).toContain("can't run backup: first announce");
		const announced = cli('run', 'announce');
		expect(announced.code, announced.stderr).toBe(0);
		expect(announced.stdout).toContain('no webhook configured (notify.webhook): nothing was posted');
		expect(cli('run', 'backup').stderr).toContain('backup needs --yes without a terminal');

		const backup = cli('run', 'backup', '--yes');
		expect(backup.code, backup.stdout + backup.stderr).toBe(0);
		expect(backup.stdout).toMatch(/backup postgres to db_\d{8}T\d{6}Z\.sql\.gz on demo/);
		expect(backup.stdout).toMatch(/backup: done \(\S+\/db_\d{8}T\d{6}Z\.sql\.gz: \d+ bytes\)/);

		const note = cli('note', 'drain', 'the', 'intake', 'queue');
		expect(note.stdout).toContain('i1: drain the intake queue');
		// Read-only is for looking: status prints the window, nothing changes it.
		const readOnlyNote = cli('note', 'more', '--read-only');
		expect(readOnlyNote.code).toBe(1);
		expect(readOnlyNote.stderr).toContain(
			'demo is open read-only: the maintenance window can be looked at, not changed',
		);
		expect(cli('status', '--read-only').stdout).toContain('i1 [ ] drain the intake queue');
		// A procedure run with `pg-ops run` while the window is open lands in Execute.
		const restart = runCli(
			['run', 'restart', '--service', 'app-intake', '--yes', '--config', config, '--env', 'demo'],
			{env: {PGOPS_STATE_DIR: stateDir}},
		);
		expect(restart.code, restart.stdout + restart.stderr).toBe(0);
		expect(restart.stdout).toContain('recorded in the open maintenance window "Nightly upgrade"');
		expect(cli('execute-done').stderr).toContain('1 item not ticked or skipped: i1 drain the intake queue');
		expect(cli('done', 'i1').code).toBe(0);
		expect(cli('execute-done').stdout).toContain('execute: done (2 items: 2 done)');

		const readOnly = cli('run', 'test', '--yes', '--read-only');
		expect(readOnly.code).toBe(1);
		expect(readOnly.stderr).toContain(
			'demo is open read-only: the maintenance window can be looked at, not changed',
		);
		const test = cli('run', 'test', '--yes');
		expect(test.code).toBe(1);
		expect(test.stdout).toContain('test: FAILED (exit 3): the test command exited with 3');
		expect(test.stdout).toContain('smoke: checkout FAILED');
		expect(cli('skip', 'test').stderr).toContain('skipping test needs --reason');
		expect(cli('skip', 'test', '--reason', 'flaky checkout test (OPS-12)').stdout).toContain(
			'test: skipped: flaky checkout test (OPS-12)',
		);

		const verify = cli('run', 'verify');
		expect(verify.code).toBe(1);
		expect(verify.stdout).toContain('ETL: 3 stuck jobs in jobs');
		expect(cli('skip', 'verify', '--reason', 'seeded demo problems').code).toBe(0);

		const status = JSON.parse(cli('status', '--json').stdout) as {
			open: boolean;
			current: string;
			window: {steps: Record<string, {status: string}>; execute: Array<{title: string}>};
		};
		expect(status).toMatchObject({open: true, current: 'close'});
		expect(status.window.execute.map(i => i.title)).toEqual(['drain the intake queue', 'restart app-intake']);

		const closed = cli('run', 'close');
		expect(closed.code, closed.stderr).toBe(0);
		expect(closed.stdout).toContain('test: skipped: flaky checkout test (OPS-12)');
		const file = /summary written to (\S+\.md)/.exec(closed.stdout)![1]!;
		expect(readFileSync(file, 'utf8')).toContain('- verify: seeded demo problems');
		expect(cli('status').stdout).toContain('no maintenance window is open on demo');
	}, 300_000); // a dozen CLI runs against the demo: over two minutes on a busy 2-core machine
});
