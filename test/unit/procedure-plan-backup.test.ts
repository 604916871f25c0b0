// backup's plan: the file's name (inside backups.pattern), the dump under pipefail into a .partial
// moved into place, the checks (run here on real gzip files: intact, big enough, holding every table
// with its rows), the undo, and a password that never reaches a command line.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import {afterAll, describe, expect, it} from 'vitest';
import {parseConfig} from '../../source/core/config/parse.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {
	backupFileName,
	holdsTablesCommand,
	matchesPattern,
	minimumBackupBytes,
	planBackup,
	type BackupFacts,
} from '../../source/core/procedures/backup.js';
import {describeAction} from '../../source/core/procedures/describe.js';
import {planMutates} from '../../source/core/procedures/plan.js';
import {parseBackupListing} from '../../source/core/procedures/restore-backup.js';

const password = 'Sup3r-s3cret-pw';
const now = new Date('2026-11-23T05:15:00.123Z');

function environment(
	backups = 'dir: /opt/app/backups/, pattern: "db_*.sql.gz"',
	db = 'password: {env: PGOPS_TEST_DB_PASSWORD}',
): NamedEnvironment {
	const config = parseConfig(
		`environments:
  prod:
    hosts: [app-1]
    database: {host: 10.0.0.5, port: 5433, name: analytics, user: ops, ${db}}
    backups: {${backups}}
`,
		'pg-ops.yaml',
	);
	return {...config.environments.prod!, name: 'prod'};
}

const listing = parseBackupListing(
	['1795000000', '1794970800 2048 /opt/app/backups/db_2026-11-22.sql.gz'].join('\n'),
);
const facts = (
	tables: BackupFacts['tables'] = [
		{table: 'public.jobs', rows: 22},
		{table: 'public.empty_one', rows: 0},
	],
): BackupFacts => ({tables, listing, freeKb: 1_000_000, now});

describe('backup file name', () => {
	it('puts a UTC stamp where the pattern has its star, so restore-backup lists it', () => {
		expect(backupFileName('db_*.sql.gz', now)).toBe('db_20261123T051500Z.sql.gz');
		// A second backup in the same second is not refused as "taken": it gets the next free suffix.
		expect(
			backupFileName(
				'db_*.sql.gz',
				now,
				new Set(['db_20261123T051500Z.sql.gz', 'db_20261123T051500Z-2.sql.gz']),
			),
		).toBe('db_20261123T051500Z-3.sql.gz');
		expect(backupFileName('*.sql.gz', now)).toBe('db_20261123T051500Z.sql.gz');
		expect(backupFileName('nightly-*.gz', now)).toBe('nightly-20261123T051500Z.gz');
		// Patterns a stamp can't be fitted into fall back to db_STAMP.sql.gz (the plan then says restore-backup won't list it).
		expect(backupFileName('db_????.sql.gz', now)).toBe('db_20261123T051500Z.sql.gz');
		expect(backupFileName('db_*.sql', now)).toBe('db_20261123T051500Z.sql.gz');
	});

	it('matches names against find -name patterns', () => {
		expect(matchesPattern('db_20261123T051500Z.sql.gz', 'db_*.sql.gz')).toBe(true);
		expect(matchesPattern('db_1.sql.gz', 'db_?.sql.gz')).toBe(true);
		expect(matchesPattern('db_1.sql.gz', 'db_[0-9].sql.gz')).toBe(true);
		expect(matchesPattern('dbx1.sql.gz', 'db_*.sql.gz')).toBe(false);
		expect(matchesPattern('db_1.sqlxgz', 'db_*.sql.gz')).toBe(false);
	});
});

describe('backup plan', () => {
	process.env.PGOPS_TEST_DB_PASSWORD = password;
	const plan = planBackup(environment(), facts(), password);
	const file = '/opt/app/backups/db_20261123T051500Z.sql.gz';
	const commands = plan.steps
		.flatMap(s => [s.action, ...(s.verify ?? []).map(v => v.action), ...(s.undo ? [s.undo.action] : [])])
		.map(a => describeAction(a, plan.secrets));

	it('checks the name is free first (changing nothing), then dumps into .partial and moves it into place', () => {
		expect(plan.procedure).toBe('backup');
		expect(plan.title).toBe('backup analytics to db_20261123T051500Z.sql.gz');
		expect(plan.steps.map(s => [s.id, s.mutates])).toEqual([
			['check-name', false],
			['dump', true],
		]);
		expect(planMutates(plan)).toBe(true);
		expect(commands[0]).toContain(`test ! -e ${file}`);
		const dump = describeAction(plan.steps[1]!.action, plan.secrets);
		expect(dump).toMatch(/^bash -o pipefail -c /);
		expect(dump).toContain(
			'pg_dump --clean --if-exists --no-password -h 10.0.0.5 -p 5433 -U ops -d analytics | gzip >',
		);
		expect(dump.indexOf(`${file}.partial`)).toBeLessThan(dump.indexOf(`mv ${file}.partial ${file}`));
	});

	it('verifies gzip, size and tables, and its undo removes the new file', () => {
		const dump = plan.steps[1]!;
		expect(dump.verify!.map(v => v.title)).toEqual([
			'db_20261123T051500Z.sql.gz is an intact gzip file',
			`db_20261123T051500Z.sql.gz holds at least ${minimumBackupBytes} bytes`,
			"db_20261123T051500Z.sql.gz holds the database's 2 tables (with rows in the 1 that had rows)",
		]);
		expect(dump.undo!.action).toMatchObject({kind: 'shell', command: `rm -f ${file}.partial ${file}`});
	});

	it('keeps the password on standard input only, masked everywhere', () => {
		expect(plan.secrets).toEqual({dbPassword: password});
		expect(plan.steps[1]!.action).toMatchObject({stdinSecret: 'dbPassword'});
		for (const command of commands) expect(command).not.toContain(password);
		expect(JSON.stringify(plan.summary)).not.toContain(password);
	});

	it('without a password the tools find it in ~/.pgpass and nothing is read from stdin', () => {
		const plain = planBackup(environment(undefined, 'via: ssh'), facts());
		expect(plain.secrets).toEqual({});
		expect(plain.steps[1]!.action).not.toHaveProperty('stdinSecret', 'dbPassword');
		expect(describeAction(plain.steps[1]!.action, {})).not.toContain('read -r');
		expect(describeAction(plain.steps[1]!.action, {})).not.toContain('PGPASSWORD');
	});

	it('says what it rests on in its summary: the tables, the newest backup, free space, whether restore-backup lists it', () => {
		const text = plan.summary.join('\n');
		expect(text).toContain('public.jobs: 22 rows');
		expect(text).toContain('the newest backup now: db_2026-11-22.sql.gz');
		expect(text).toContain('restore-backup will list it');
		const unlisted = planBackup(environment('dir: /b, pattern: "db_????.sql.gz"'), facts(), password);
		expect(unlisted.summary.join('\n')).toContain('does not match backups.pattern');
		const unknown = planBackup(environment(), facts('database x: connection refused'), password);
		expect(unknown.summary.join('\n')).toContain(
			'tables could not be listed (database x: connection refused)',
		);
		expect(unknown.steps[1]!.verify).toHaveLength(2);
	});
});

describe('the dump holds the tables (run on real gzip files)', () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-backup-unit-'));
	afterAll(() => rmSync(dir, {recursive: true, force: true}));
	const write = (name: string, text: string) => {
		const file = path.join(dir, name);
		writeFileSync(file, gzipSync(text));
		return file;
	};
	const run = (command: string) => {
		try {
			return {
				ok: true,
				output: execFileSync('sh', ['-c', command], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']}),
			};
		} catch (error) {
			const e = error as {stdout: string; status: number};
			return {ok: false, output: e.stdout, status: e.status};
		}
	};
	const dump = [
		'-- PostgreSQL database dump',
		'COPY public.jobs (id, status) FROM stdin;',
		'1\tdone',
		'2\tfailed',
		'\\.',
		'COPY public.empty_one (id) FROM stdin;',
		'\\.',
		'INSERT INTO public."Mixed" (id) VALUES',
		'\t(1),',
		'\t(2);',
	].join('\n');

	it('passes when every table is there with rows where the database had rows, and prints the counts', () => {
		const file = write('good.sql.gz', dump);
		const result = run(
			holdsTablesCommand(file, [
				{table: 'public.jobs', rows: 2},
				{table: 'public.empty_one', rows: 0},
				{table: 'public."Mixed"', rows: 2},
			]),
		);
		expect(result.ok, result.output).toBe(true);
		expect(result.output).toContain('public.jobs 2');
		expect(result.output).toContain('public."Mixed" 2');
	});

	it('fails naming a missing table, and a table that lost its rows', () => {
		const file = write('short.sql.gz', dump);
		const missing = run(
			holdsTablesCommand(file, [
				{table: 'public.jobs', rows: 2},
				{table: 'public.runs', rows: 5},
			]),
		);
		expect(missing.ok).toBe(false);
		expect(missing.output).toContain('missing from the dump: public.runs');
		const emptied = run(holdsTablesCommand(file, [{table: 'public.empty_one', rows: 4}]));
		expect(emptied.ok).toBe(false);
		expect(emptied.output).toContain('no rows in the dump: public.empty_one');
	});

	it('fails on a file that does not decompress (pipefail)', () => {
		const file = path.join(dir, 'broken.sql.gz');
		writeFileSync(file, gzipSync(dump).subarray(0, 30));
		expect(run(holdsTablesCommand(file, [])).ok).toBe(false);
	});
});
