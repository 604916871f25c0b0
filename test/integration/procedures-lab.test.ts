// restart and reset-stuck-jobs over real SSH (sudo -n as a non-root user) against the lab VM's real
// systemd and PostgreSQL, judged by the world: the unit's MainPID, the rows in the database, the
// journal, the audit log; and the read-only user, refused by the VM's own sudo and PostgreSQL.
import {readFileSync} from 'node:fs';
import pg from 'pg';
import {expect, it} from 'vitest';
import {createRuntime} from '../../source/engine/runtime.js';
import {plannerFor} from '../../source/engine/procedures/registry.js';
import {runProcedure, type ProcedureEvent} from '../../source/engine/procedures/runner.js';
import {readAuditLog} from '../../source/engine/audit.js';
import type {ProcedureName} from '../../source/core/procedures/plan.js';
import {runCli} from '../support/cli.js';
import {breakVmUnit, repairVmUnit, vmSystemctl} from '../lab/index.js';
import {useLab} from '../support/use-lab.js';

const lab = useLab('pg-ops-proclab');

const systemctl = (...args: string[]) => vmSystemctl(lab.info, ...args);

async function query<T extends Record<string, unknown>>(sql: string): Promise<T[]> {
	const client = new pg.Client({
		host: '127.0.0.1',
		port: lab.info.database.port,
		user: lab.info.database.user,
		database: lab.info.database.name,
		password: readFileSync(lab.info.database.passwordFile, 'utf8').trim(),
	});
	await client.connect();
	try {
		return (await client.query(sql)).rows as T[];
	} finally {
		await client.end();
	}
}

async function run(
	name: ProcedureName,
	options: Record<string, string> = {},
	onEvent?: (event: ProcedureEvent) => void,
) {
	const runtime = createRuntime(lab.env);
	try {
		return await runProcedure(runtime, await plannerFor(name)!(runtime, options), {
			confirm: async () => true,
			operator: 'lab-operator',
			onEvent,
		});
	} finally {
		await runtime.close();
	}
}

it('restart over SSH runs systemctl through sudo -n and the unit really restarts', async () => {
	const before = Number(await systemctl('show', '-p', 'MainPID', '--value', 'app-web'));
	const result = await run('restart', {service: 'app-web'});
	expect(result.outcome, result.message).toBe('succeeded');
	expect(result.steps[0]!.command).toBe('sudo -n systemctl restart app-web.service');
	const after = Number(await systemctl('show', '-p', 'MainPID', '--value', 'app-web'));
	expect(after).not.toBe(before);
	expect(await systemctl('show', '-p', 'ActiveState', '--value', 'app-web')).toBe('active');
	expect((await fetch(`${lab.info.http.baseUrl}/healthz`)).status).toBe(200);
	const step = readAuditLog().find(r => r.correlationId === result.correlationId && r.event === 'step');
	expect(step).toMatchObject({host: `${lab.info.ssh.user}@127.0.0.1:${lab.info.ssh.port}`, outcome: 'done'});
});

it('reset-stuck-jobs changes exactly the stuck rows in PostgreSQL, through the tunnel, and restarts the orchestrator', async () => {
	const before = await query<{id: string; status: string}>(
		'SELECT id::text AS id, status FROM jobs ORDER BY id',
	);
	expect(await systemctl('show', '-p', 'ActiveState', '--value', 'app-orchestrator')).toBe('failed');
	const failedPid = Number(await systemctl('show', '-p', 'ExecMainPID', '--value', 'app-orchestrator'));
	const result = await run('reset-stuck-jobs');
	expect(result.outcome, result.message).toBe('succeeded');
	const after = await query<{id: string; status: string}>(
		'SELECT id::text AS id, status FROM jobs ORDER BY id',
	);
	const changed = after.filter((row, i) => row.status !== before[i]!.status);
	expect(changed.map(r => `${r.id}:${r.status}`).sort()).toEqual([
		'4411:failed',
		'4414:failed',
		'4417:failed',
	]);
	expect(await systemctl('show', '-p', 'ActiveState', '--value', 'app-orchestrator')).toBe('active');
	const mainPid = Number(await systemctl('show', '-p', 'MainPID', '--value', 'app-orchestrator'));
	expect(mainPid).toBeGreaterThan(0);
	expect(mainPid).not.toBe(failedPid);
	expect(result.changes).toEqual(
		expect.arrayContaining(['stuck jobs: 3 -> 0', 'app-orchestrator: failed -> active']),
	);
});

it('pg-ops run --read-only refuses over SSH too, and the database is untouched', async () => {
	await query("UPDATE jobs SET status = 'processing' WHERE id = 4411");
	const cli = runCli(
		['run', 'reset-stuck-jobs', '--config', lab.info.config, '--env', 'lab', '--read-only', '--yes'],
		{env: {PGOPS_STATE_DIR: lab.stateDir}},
	);
	expect(cli.code).toBe(1);
	expect(cli.stdout).toMatch(/refused: reset 1 stuck job changes the environment, and lab is open read-only/);
	expect((await query<{status: string}>('SELECT status FROM jobs WHERE id = 4411'))[0]!.status).toBe(
		'processing',
	);
});

it('a unit that keeps failing: restart ends failed, not undone, with the lines its real journal has', async () => {
	breakVmUnit(
		lab.info,
		'app-intake',
		'intake: spool directory /srv/spool/incoming is not writable (lab switch)',
	);
	try {
		let diagnosis = '';
		const result = await run('restart', {service: 'app-intake'}, event => {
			if (event.type === 'diagnose') diagnosis += event.output;
		});
		expect(result.outcome, result.message).toBe('failed-not-undone');
		// systemd retried it (Restart=on-failure) until its start limit: failed, with the exit code.
		expect(await systemctl('show', '-p', 'ActiveState', '--value', 'app-intake')).toBe('failed');
		expect(await systemctl('show', '-p', 'Result', '--value', 'app-intake')).toBe('exit-code');
		expect(diagnosis).toContain('intake: spool directory /srv/spool/incoming is not writable');
		expect(diagnosis).toContain("app-intake.service: Failed with result 'exit-code'.");
	} finally {
		repairVmUnit(lab.info, 'app-intake');
		await systemctl('reset-failed', 'app-intake');
		await systemctl('start', 'app-intake');
	}
	expect(await systemctl('is-active', 'app-intake')).toBe('active');
}, 90_000);

it("the read-only user is refused by the VM itself: no sudo, systemd's Access denied, PostgreSQL's permission", async () => {
	const runtime = createRuntime(lab.env, {readOnly: true});
	try {
		expect((await runtime.host.exec('id -un', {timeoutMs: 10_000})).stdout.trim()).toBe(
			lab.info.ssh.readOnlyUser,
		);
		const withSudo = await runtime.host.exec('sudo -n systemctl restart app-web.service', {
			timeoutMs: 10_000,
		});
		expect(withSudo.exitCode).not.toBe(0);
		expect(withSudo.stderr).toContain('a password is required');
		const without = await runtime.host.exec('systemctl restart app-web.service', {timeoutMs: 10_000});
		expect(without.exitCode).toBe(4);
		expect(without.stderr).toContain('Failed to restart app-web.service: Access denied');
		// The server refuses the role's write even outside pg-ops' read-only transaction.
		await expect(
			runtime.database!.query("BEGIN READ WRITE; UPDATE jobs SET status = 'failed' WHERE id = 4411; COMMIT"),
		).rejects.toThrow(/permission denied for table jobs/);
	} finally {
		await runtime.close();
	}
});

it('reset-stuck-jobs --dry-run touches no row: a trigger on the table never fires (its sequence stays put); a real plan says it tries the UPDATE', async () => {
	// A rolled-back UPDATE still fires triggers, and what they do to a sequence is not rolled back.
	await query(
		[
			'CREATE SEQUENCE IF NOT EXISTS pgops_dry_probe',
			"CREATE OR REPLACE FUNCTION pgops_dry_probe() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('pgops_dry_probe'); RETURN NEW; END $$",
			'DROP TRIGGER IF EXISTS pgops_dry_probe ON jobs',
			'CREATE TRIGGER pgops_dry_probe BEFORE UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION pgops_dry_probe()',
			"UPDATE jobs SET status = 'processing' WHERE id = 4414",
		].join('; '),
	);
	const probe = async () =>
		(
			await query<{last_value: string; is_called: boolean}>(
				'SELECT last_value::text, is_called FROM pgops_dry_probe',
			)
		)[0];
	try {
		const before = await probe();
		const cli = (...extra: string[]) =>
			runCli(['run', 'reset-stuck-jobs', '--config', lab.info.config, '--env', 'lab', ...extra], {
				env: {PGOPS_STATE_DIR: lab.stateDir},
			});
		const dry = cli('--dry-run');
		expect(dry.code, dry.stdout + dry.stderr).toBe(0);
		expect(dry.stdout).toContain('as a SELECT finds them (a dry run touches no row');
		expect(dry.stdout).toContain('id 4414');
		expect(await probe()).toEqual(before);
		expect((await query<{status: string}>('SELECT status FROM jobs WHERE id = 4414'))[0]!.status).toBe(
			'processing',
		);
		// Without --dry-run the plan is made by trying the UPDATE (here cancelled at the question: no terminal, no --yes).
		const runtime = createRuntime(lab.env);
		const planned = await plannerFor('reset-stuck-jobs')!(runtime, {}).finally(() => runtime.close());
		expect(planned.summary[0]).toContain(
			'the UPDATE, tried in a rolled-back transaction, changes exactly these',
		);
		expect(await probe()).not.toEqual(before);
	} finally {
		await query(
			'DROP TRIGGER IF EXISTS pgops_dry_probe ON jobs; DROP FUNCTION IF EXISTS pgops_dry_probe(); DROP SEQUENCE IF EXISTS pgops_dry_probe',
		);
	}
});
