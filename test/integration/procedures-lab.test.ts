// restart and reset-stuck-jobs over real SSH (sudo -n as a non-root user) and real PostgreSQL,
// judged by the world: the unit's pid, the rows in the database, the audit log.
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import {expect, it} from 'vitest';
import {createRuntime} from '../../source/engine/runtime.js';
import {plannerFor} from '../../source/engine/procedures/registry.js';
import {runProcedure} from '../../source/engine/procedures/runner.js';
import {readAuditLog} from '../../source/engine/audit.js';
import type {ProcedureName} from '../../source/core/procedures/plan.js';
import {runCli} from '../support/cli.js';
import {useLab} from '../support/use-lab.js';

const lab = useLab('pg-ops-proclab');

// The stand-in systemctl switches root to the lab's service user, as the sudo rule does.
const systemctl = (...args: string[]) =>
	execFileSync(path.join(lab.info.root, 'bin/systemctl'), args, {encoding: 'utf8'}).trim();

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

async function run(name: ProcedureName, options: Record<string, string> = {}) {
	const runtime = createRuntime(lab.env);
	try {
		return await runProcedure(runtime, await plannerFor(name)!(runtime, options), {
			confirm: async () => true,
			operator: 'lab-operator',
		});
	} finally {
		await runtime.close();
	}
}

it('restart over SSH runs systemctl through sudo -n and the unit really restarts', async () => {
	const before = Number(systemctl('show', '-p', 'MainPID', '--value', 'app-web'));
	const result = await run('restart', {service: 'app-web'});
	expect(result.outcome, result.message).toBe('succeeded');
	expect(result.steps[0]!.command).toBe('sudo -n systemctl restart app-web.service');
	const after = Number(systemctl('show', '-p', 'MainPID', '--value', 'app-web'));
	expect(after).not.toBe(before);
	expect(systemctl('show', '-p', 'ActiveState', '--value', 'app-web')).toBe('active');
	const step = readAuditLog().find(r => r.correlationId === result.correlationId && r.event === 'step');
	expect(step).toMatchObject({host: `${lab.info.ssh.user}@127.0.0.1:${lab.info.ssh.port}`, outcome: 'done'});
});

it('reset-stuck-jobs changes exactly the stuck rows in PostgreSQL, through the tunnel, and restarts the orchestrator', async () => {
	const before = await query<{id: string; status: string}>(
		'SELECT id::text AS id, status FROM jobs ORDER BY id',
	);
	expect(systemctl('show', '-p', 'ActiveState', '--value', 'app-orchestrator')).toBe('failed');
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
	expect(systemctl('show', '-p', 'ActiveState', '--value', 'app-orchestrator')).toBe('active');
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
