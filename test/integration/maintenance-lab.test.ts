// The backup procedure over real OpenSSH against the lab's real PostgreSQL and pg_dump, judged by
// the world: the file on disk is an intact gzip holding every table with exactly the rows the
// database has, restore-backup lists it, a failed dump leaves nothing behind, read-only refuses,
// and the database password is nowhere in the audit log.
import {execFileSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import {beforeAll, expect, it} from 'vitest';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {parseRowCounts, rowCountCommand} from '../../source/core/procedures/restore-backup.js';
import {readAuditLog} from '../../source/engine/audit.js';
import {plannerFor} from '../../source/engine/procedures/registry.js';
import {runProcedure} from '../../source/engine/procedures/runner.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {useLab} from '../support/use-lab.js';

const lab = useLab('pg-ops-maintlab');
let password: string;
beforeAll(() => {
	password = readFileSync(lab.info.database.passwordFile, 'utf8').trim();
});

const backupsDir = () => path.join(lab.info.root, 'opt/app/backups');

async function tableRows(): Promise<Map<string, number>> {
	const client = new pg.Client({
		host: '127.0.0.1',
		port: lab.info.database.port,
		user: lab.info.database.user,
		database: lab.info.database.name,
		password,
	});
	await client.connect();
	try {
		const tables = (
			await client.query<{name: string}>(
				`SELECT quote_ident(schemaname) || '.' || quote_ident(relname) AS name FROM pg_stat_user_tables ORDER BY 1`,
			)
		).rows.map(r => r.name);
		const counts = new Map<string, number>();
		for (const table of tables)
			counts.set(
				table,
				Number((await client.query<{n: string}>(`SELECT count(*) AS n FROM ONLY ${table}`)).rows[0]!.n),
			);
		return counts;
	} finally {
		await client.end();
	}
}

async function backup(environment: NamedEnvironment = lab.env, readOnly = false) {
	const runtime = createRuntime(environment, {readOnly});
	try {
		const plan = await plannerFor('backup')!(runtime, {});
		return {
			plan,
			result: await runProcedure(runtime, plan, {confirm: async () => true, operator: 'lab-operator'}),
		};
	} finally {
		await runtime.close();
	}
}

it('dumps the real database over SSH into a verified file holding every table with its rows', async () => {
	const before = readdirSync(backupsDir());
	const rows = await tableRows();
	expect(rows.size).toBeGreaterThan(0);
	const {plan, result} = await backup();
	expect(result.outcome, result.message).toBe('succeeded');
	const created = readdirSync(backupsDir()).filter(f => !before.includes(f));
	expect(created).toHaveLength(1);
	expect(created[0]).toMatch(/^db_\d{8}T\d{6}Z\.sql\.gz$/);
	expect(plan.title).toBe(`backup ${lab.info.database.name} to ${created[0]}`);
	const file = path.join(backupsDir(), created[0]!);
	execFileSync('gunzip', ['-t', file]);
	// Real pg_dump output, with --clean so restore-backup can put it back.
	const text = execFileSync('sh', ['-c', `gunzip -c '${file}'`], {
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	expect(text).toContain('-- PostgreSQL database dump');
	expect(text).toMatch(/DROP TABLE IF EXISTS public\.\w+/);
	// The dump's rows per table are exactly the database's.
	const dumped = new Map(
		parseRowCounts(execFileSync('sh', ['-c', rowCountCommand(file)], {encoding: 'utf8'})).map(r => [
			r.table,
			r.rows,
		]),
	);
	expect(dumped).toEqual(rows);
	// The checks ran on the host, and the table check listed them.
	const checks = readAuditLog().filter(r => r.correlationId === result.correlationId && r.event === 'verify');
	expect(checks.map(c => c.outcome)).toEqual(['passed', 'passed', 'passed']);
	expect(checks[2]!.detail).toContain('public.jobs');

	// restore-backup now offers it as the newest backup.
	const runtime = createRuntime(lab.env, {readOnly: true});
	try {
		expect((await plannerFor('restore-backup')!(runtime, {})).title).toBe(`restore ${created[0]}`);
	} finally {
		await runtime.close();
	}
});

it('a dump that fails leaves no file and no .partial behind: nothing changed', async () => {
	const before = readdirSync(backupsDir()).sort();
	const {result} = await backup({...lab.env, backups: {...lab.env.backups!, pgDump: '/nonexistent/pg_dump'}});
	expect(result.outcome).toBe('failed-undone');
	expect(result.message).toContain('step 2 (dump');
	expect(readdirSync(backupsDir()).sort()).toEqual(before);
});

it('read-only refuses before anything runs, without asking for the password', async () => {
	const before = readdirSync(backupsDir()).sort();
	const {plan, result} = await backup(lab.env, true);
	expect(result.outcome).toBe('refused');
	expect(plan.secrets).toEqual({});
	expect(readdirSync(backupsDir()).sort()).toEqual(before);
});

it('never writes the database password anywhere it could be read', () => {
	expect(password.length).toBeGreaterThan(8);
	const audit = path.join(lab.stateDir, 'audit.jsonl');
	expect(existsSync(audit)).toBe(true);
	expect(readFileSync(audit, 'utf8')).not.toContain(password);
	expect(readFileSync(audit, 'utf8')).toContain('<<< $dbPassword');
});
