// The procedure engine on the demo, judged by the world: pids, rows, files. Failure paths, read-only,
// the lock, cancel and the audit trail too.
import {execFileSync} from 'node:child_process';
import {mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {plannerFor, PlanError} from '../../source/engine/procedures/registry.js';
import {runProcedure} from '../../source/engine/procedures/runner.js';
import {readAuditLog} from '../../source/engine/audit.js';
import type {ProcedureName} from '../../source/core/procedures/plan.js';
import pg from 'pg';
import {runCli, runCliAsync} from '../support/cli.js';
import {testSteadySeconds} from '../support/steady-holds.js';
import {useDemo} from '../support/use-demo.js';

// These tests judge pids, rows, lock files and audit lines, not the hold after a start (steady-holds.ts).
const demo = useDemo('pg-ops-proc', {steadySeconds: testSteadySeconds});

const systemctl = (...args: string[]) =>
	execFileSync(path.join(demo.info.root, 'bin/systemctl'), args, {encoding: 'utf8'}).trim();
const mainPid = (unit: string) => Number(systemctl('show', '-p', 'MainPID', '--value', unit));
const activeState = (unit: string) => systemctl('show', '-p', 'ActiveState', '--value', unit);

async function query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
	const client = new pg.Client({
		host: demo.info.database.host,
		port: demo.info.database.port,
		user: demo.info.database.user,
		database: demo.info.database.name,
	});
	await client.connect();
	try {
		return (await client.query(sql, params)).rows as T[];
	} finally {
		await client.end();
	}
}

async function run(
	name: ProcedureName,
	options: Record<string, string> = {},
	settings: {
		readOnly?: boolean;
		confirm?: boolean;
		breakStaleLock?: boolean;
		environment?: NamedEnvironment;
	} = {},
) {
	const runtime = createRuntime(settings.environment ?? demo.env, {readOnly: settings.readOnly});
	try {
		const plan = await plannerFor(name)!(runtime, options);
		return await runProcedure(runtime, plan, {
			confirm: async () => settings.confirm ?? true,
			breakStaleLock: settings.breakStaleLock,
			operator: 'test-operator',
		});
	} finally {
		await runtime.close();
	}
}

describe('restart', () => {
	it('restarts the failed service: a new process, active, and the panes saw it', async () => {
		expect(activeState('app-orchestrator')).toBe('failed');
		const result = await run('restart', {service: 'app-orchestrator'});
		expect(result.outcome, result.message).toBe('succeeded');
		expect(activeState('app-orchestrator')).toBe('active');
		expect(result.changes).toContain('app-orchestrator: failed -> active');
	});

	it('restarts a running service into a new pid with its health URL answering', async () => {
		const before = mainPid('app-web');
		const result = await run('restart', {service: 'app-web'});
		expect(result.outcome, result.message).toBe('succeeded');
		expect(mainPid('app-web')).not.toBe(before);
		expect((await fetch(`${demo.info.http.baseUrl}/healthz`)).status).toBe(200);
	});

	it('a restart that fails shows the last log lines and says what is left to do (exit 3)', async () => {
		// Break the unit on purpose: its program no longer exists.
		const unitFile = path.join(demo.info.root, 'etc/service-manager/app-intake.json');
		const original = readFileSync(unitFile, 'utf8');
		const unit = JSON.parse(original) as {exec: string[]};
		writeFileSync(unitFile, JSON.stringify({...unit, exec: [unit.exec[0], '/nonexistent/worker.js']}));
		try {
			const cli = runCli(
				['run', 'restart', '--config', demo.info.config, '--service', 'app-intake', '--yes'],
				{
					env: {PGOPS_STATE_DIR: demo.stateDir},
				},
			);
			expect(cli.code).toBe(3);
			expect(cli.stdout).toContain('last log lines of app-intake');
			expect(cli.stdout).toMatch(/Left to do by hand:\n {2}- restart app-intake failed part-way/);
			expect(activeState('app-intake')).not.toBe('active');
		} finally {
			writeFileSync(unitFile, original);
			systemctl('start', 'app-intake');
		}
	});
});

describe('reset-stuck-jobs', () => {
	it('changes exactly the stuck rows it previewed, and no other row', async () => {
		const before = await query<{id: string; status: string}>(
			'SELECT id::text AS id, status FROM jobs ORDER BY id',
		);
		const stuck = before.filter(r => r.status === 'processing').map(r => r.id);
		const runtime = createRuntime(demo.env);
		const plan = await plannerFor('reset-stuck-jobs')!(runtime, {});
		await runtime.close();
		expect(plan.summary.join('\n')).toContain('id 4411');
		// The dialog counts what the pane counts beside what x changes, in the pane's duration format.
		// The row was seeded 5 h before the demo started: 5h1m once the demo has run a minute (a busy machine).
		expect(plan.summary[0]).toContain('3 stuck (> 1h), 3 old enough to reset (older than 2h)');
		expect(plan.summary.join('\n')).toMatch(/id 4411, created [\d-]+ [\d:]+ UTC \(5h(\d+m)? ago\)/);
		const result = await run('reset-stuck-jobs');
		expect(result.outcome, result.message).toBe('succeeded');
		const after = await query<{id: string; status: string}>(
			'SELECT id::text AS id, status FROM jobs ORDER BY id',
		);
		const changed = after.filter((row, i) => row.status !== before[i]!.status);
		expect(changed.map(r => r.id).sort()).toEqual(['4411', '4414', '4417']);
		expect(changed.every(r => r.status === 'failed')).toBe(true);
		// The young processing job (not past resetAfter) is still processing.
		const stillProcessing = after.filter(r => r.status === 'processing').map(r => r.id);
		expect(stillProcessing).toHaveLength(1);
		expect(stuck).toContain(stillProcessing[0]);
		expect(result.changes).toContain('stuck jobs: 3 -> 0');
		expect(activeState('app-orchestrator')).toBe('active');
	});

	it('with nothing stuck, says so and plans nothing', async () => {
		const runtime = createRuntime(demo.env);
		try {
			await expect(plannerFor('reset-stuck-jobs')!(runtime, {})).rejects.toBeInstanceOf(PlanError);
		} finally {
			await runtime.close();
		}
	});

	it('a job stuck 1h30m counts as stuck but is not reset: the refusal says both', async () => {
		const [young] = await query<{id: string; created_at: Date}>(
			"SELECT id::text AS id, created_at FROM jobs WHERE status = 'processing'",
		);
		await query("UPDATE jobs SET created_at = now() - interval '90 minutes' WHERE id = $1", [young!.id]);
		const runtime = createRuntime(demo.env);
		try {
			await expect(plannerFor('reset-stuck-jobs')!(runtime, {})).rejects.toThrow(
				'1 stuck (> 1h), none old enough to reset (older than 2h): nothing to reset yet',
			);
		} finally {
			await runtime.close();
			await query('UPDATE jobs SET created_at = $2 WHERE id = $1', [young!.id, young!.created_at]);
		}
	});
});

describe('safety nets', () => {
	beforeEach(async () => {
		await query("UPDATE jobs SET status = 'processing' WHERE id IN (4411, 4414, 4417)");
	});

	it('read-only refuses through the engine and through pg-ops run, and nothing changes', async () => {
		const pid = mainPid('app-web');
		const result = await run('restart', {service: 'app-web'}, {readOnly: true});
		expect(result.outcome, result.message).toBe('refused');
		expect(result.message).toContain('read-only');
		const cli = runCli(['run', 'reset-stuck-jobs', '--config', demo.info.config, '--read-only', '--yes'], {
			env: {PGOPS_STATE_DIR: demo.stateDir},
		});
		expect(cli.code).toBe(1);
		expect(cli.stdout).toContain('will be refused');
		expect(mainPid('app-web')).toBe(pid);
		expect((await query("SELECT count(*)::int AS n FROM jobs WHERE status = 'processing'"))[0]!.n).toBe(4);
		const readOnlyEnv = {...demo.env, readOnly: true};
		expect((await run('reset-stuck-jobs', {}, {environment: readOnlyEnv})).outcome).toBe('refused');
	});

	it('cancel changes nothing, and a dry run neither', async () => {
		const pid = mainPid('app-web');
		expect((await run('restart', {service: 'app-web'}, {confirm: false})).outcome).toBe('cancelled');
		const dry = runCli(
			['run', 'restart', '--config', demo.info.config, '--service', 'app-web', '--dry-run'],
			{
				env: {PGOPS_STATE_DIR: demo.stateDir},
			},
		);
		expect(dry.code).toBe(0);
		expect(dry.stdout).toContain('$ systemctl restart app-web.service');
		expect(mainPid('app-web')).toBe(pid);
	});

	it('without a terminal and without --yes, pg-ops run refuses rather than hang', () => {
		const cli = runCli(['run', 'reset-stuck-jobs', '--config', demo.info.config], {
			env: {PGOPS_STATE_DIR: demo.stateDir},
		});
		expect(cli.code).toBe(1);
		expect(cli.stderr).toContain('needs --yes without a terminal');
	});

	it('a second operator meets the lock and is told who holds it; a stale lock breaks only when asked', async () => {
		const lockFile = demo.env.lockFile!;
		writeFileSync(
			lockFile,
			JSON.stringify({
				operator: 'alice@laptop',
				procedure: 'switch-slot',
				correlationId: 'c0ffee',
				since: new Date().toISOString(),
			}),
		);
		try {
			const held = await run('restart', {service: 'app-web'});
			expect(held.outcome).toBe('refused');
			expect(held.message).toContain('alice@laptop is running switch-slot');
			expect((await run('restart', {service: 'app-web'}, {breakStaleLock: true})).outcome).toBe('refused'); // fresh: never broken
			writeFileSync(
				lockFile,
				JSON.stringify({
					operator: 'bob@laptop',
					procedure: 'restart',
					correlationId: 'dead',
					since: new Date(Date.now() - 3 * 3600_000).toISOString(),
				}),
			);
			const stale = await run('restart', {service: 'app-web'});
			expect(stale.message).toContain('looks stale');
			expect((await run('restart', {service: 'app-web'}, {breakStaleLock: true})).outcome).toBe('succeeded');
			expect(() => readFileSync(lockFile)).toThrow(); // released after the run
		} finally {
			rmSync(lockFile, {force: true});
		}
	});

	it('a directory made at the lock path: two operators are both refused, nothing restarts, nothing is linked inside it', async () => {
		const lockFile = demo.env.lockFile!;
		mkdirSync(lockFile, {recursive: true});
		try {
			const before = mainPid('app-intake.service');
			const args = ['run', 'restart', '--service', 'app-intake', '--config', demo.info.config, '--yes'];
			const [alice, bob] = await Promise.all(
				['alice', 'bob'].map(operator =>
					runCliAsync(args, {env: {PGOPS_STATE_DIR: demo.stateDir, PGOPS_OPERATOR: operator}}),
				),
			);
			for (const cli of [alice!, bob!]) {
				expect(cli.code, cli.stdout + cli.stderr).toBe(1);
				expect(cli.stdout).toContain('is a directory, not a lock file');
			}
			expect(mainPid('app-intake.service')).toBe(before);
			expect(readdirSync(lockFile)).toEqual([]);
		} finally {
			rmSync(lockFile, {recursive: true, force: true});
		}
	});

	it('with auditFile set, the same lines are appended on the host too', async () => {
		const hostAudit = path.join(demo.info.root, 'var/log/pg-ops/audit.jsonl');
		const result = await run(
			'restart',
			{service: 'app-intake'},
			{environment: {...demo.env, auditFile: hostAudit}},
		);
		const onHost = readFileSync(hostAudit, 'utf8')
			.trim()
			.split('\n')
			.map(line => JSON.parse(line) as {correlationId: string; event: string});
		expect(onHost.filter(r => r.correlationId === result.correlationId).map(r => r.event)).toEqual([
			'plan',
			'confirm',
			'lock',
			'verify',
			'step',
			'result',
		]);
	});

	it('every step leaves a line in the audit log, with one correlation id per run', async () => {
		const result = await run('restart', {service: 'app-intake'});
		const records = readAuditLog().filter(r => r.correlationId === result.correlationId);
		expect(records.map(r => r.event)).toEqual(['plan', 'confirm', 'lock', 'verify', 'step', 'result']);
		expect(records.every(r => r.operator === 'test-operator' && r.env === 'demo' && r.host === 'local')).toBe(
			true,
		);
		expect(records.find(r => r.event === 'step')!.command).toBe('systemctl restart app-intake.service');
		const cli = runCli(['audit', '--env', 'demo', '--json'], {env: {PGOPS_STATE_DIR: demo.stateDir}});
		expect(cli.stdout).toContain(result.correlationId);
	});
});
