// restore-backup's plan and the facts it rests on: the listing, the choice of backup, the rows a dump
// holds (the awk program, run on pg_dump's three data formats), and a plan that keeps the password off every command line.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import {afterAll, describe, expect, it} from 'vitest';
import {parseConfig} from '../../source/core/config/parse.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {describeAction} from '../../source/core/procedures/describe.js';
import {planMutates} from '../../source/core/procedures/plan.js';
import {
	backupNameProblem,
	chooseBackup,
	parseBackupListing,
	parseRowCounts,
	planRestoreBackup,
	rowCountCommand,
	safetyDumpName,
	type RestoreFacts,
} from '../../source/core/procedures/restore-backup.js';

const password = 'Sup3r-s3cret-pw';

function environment(extra = ''): NamedEnvironment {
	const config = parseConfig(
		`environments:
  prod:
    hosts: [app-1]
    services:
      - {name: app-web, manager: systemd, health: /healthz}
      - {name: app-orchestrator, manager: systemd}
    http: {baseUrl: "http://127.0.0.1:8080"}
    database: {host: 10.0.0.5, port: 5433, name: analytics, user: ops, password: {env: PGOPS_TEST_DB_PASSWORD}}
    etl: {table: jobs}
    backups: {dir: /opt/app/backups/, pattern: "db_*.sql.gz", stop: [app-web, app-orchestrator]${extra}}
`,
		'pg-ops.yaml',
	);
	return {...config.environments.prod!, name: 'prod'};
}

const listing = parseBackupListing(
	[
		'1795000000',
		'1794970800 2048 /opt/app/backups/db_2026-11-22.sql.gz',
		'1794884400 1900 /opt/app/backups/db_2026-11-21.sql.gz',
		'1794999000 3000 /opt/app/backups/pg-ops-safety-20261123T051500Z.sql.gz',
		'garbage line',
	].join('\n'),
);
const facts = (
	rowCounts: RestoreFacts['rowCounts'] = [
		{table: 'public.jobs', rows: 22},
		{table: 'public.scheduler_job_runs', rows: 32},
	],
): RestoreFacts => ({
	listing,
	chosen: listing.files.find(f => f.name === 'db_2026-11-22.sql.gz')!,
	rowCounts,
	serviceStates: {'app-web': 'active', 'app-orchestrator': 'failed'},
	now: new Date('2026-11-23T05:20:00.123Z'),
});

describe('facts', () => {
	it('lists backups newest first, with size and modification time, safety dumps included', () => {
		expect(listing.hostNow).toBe(1_795_000_000);
		expect(listing.files.map(f => f.name)).toEqual([
			'pg-ops-safety-20261123T051500Z.sql.gz',
			'db_2026-11-22.sql.gz',
			'db_2026-11-21.sql.gz',
		]);
		expect(listing.files[1]).toEqual({name: 'db_2026-11-22.sql.gz', bytes: 2048, modifiedAt: 1_794_970_800});
	});

	it('chooses the newest backup that is not a safety dump; a safety dump only by name', () => {
		const backups = environment().backups!;
		expect(chooseBackup(listing, backups)).toMatchObject({ok: true, file: {name: 'db_2026-11-22.sql.gz'}});
		expect(chooseBackup(listing, backups, 'pg-ops-safety-20261123T051500Z.sql.gz')).toMatchObject({ok: true});
		expect(chooseBackup(listing, backups, 'db_1999-01-01.sql.gz')).toMatchObject({
			ok: false,
			reason: expect.stringContaining('have: pg-ops-safety-'),
		});
		expect(chooseBackup({hostNow: 0, files: []}, backups)).toEqual({
			ok: false,
			reason: 'no backups in /opt/app/backups/ (db_*.sql.gz)',
		});
	});

	it('refuses names that leave the directory or look like options', () => {
		for (const name of ['../etc/shadow', 'a/b.sql.gz', '..', '-rf', 'two words.sql.gz', ''])
			expect(backupNameProblem(name)).toContain('not a backup');
		expect(backupNameProblem('db_2026-11-22.sql.gz')).toBeUndefined();
	});

	it('names the safety dump after the UTC time, sortable', () => {
		expect(safetyDumpName(new Date('2026-11-23T05:20:00.123Z'))).toBe(
			'pg-ops-safety-20261123T052000Z.sql.gz',
		);
	});
});

describe('rows in a dump', () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-rows-'));
	afterAll(() => rmSync(dir, {recursive: true, force: true}));
	const count = (sql: string) => {
		const file = path.join(dir, `${Math.random().toString(36).slice(2)}.sql.gz`);
		writeFileSync(file, gzipSync(sql));
		return parseRowCounts(execFileSync('sh', ['-c', rowCountCommand(file)], {encoding: 'utf8'}));
	};

	it('counts COPY blocks (pg_dump), empty ones too', () => {
		expect(
			count(
				'\\restrict abc\nCOPY public.jobs (id, kind) FROM stdin;\n1\ta\n2\tINSERT INTO x VALUES (1);\n\\.\nCOPY public."Odd" (id) FROM stdin;\n\\.\n',
			),
		).toEqual([
			{table: 'public.jobs', rows: 2},
			{table: 'public."Odd"', rows: 0},
		]);
	});

	it('counts one-row INSERTs (--inserts) and multi-row INSERTs (--rows-per-insert, the demo)', () => {
		expect(
			count(
				"INSERT INTO public.jobs VALUES (1, 'a');\nINSERT INTO public.jobs VALUES (2, 'b');\nINSERT INTO jobs (id, kind) VALUES\n\t(3, 'c'),\n\t(4, 'd');\nSELECT 1;\n\t(5, 'not a row');\n",
			),
		).toEqual([
			{table: 'public.jobs', rows: 2},
			{table: 'jobs', rows: 2},
		]);
	});

	it('fails, rather than counting nothing, when the file does not decompress', () => {
		const file = path.join(dir, 'corrupt.sql.gz');
		writeFileSync(file, 'not gzip');
		expect(() => execFileSync('sh', ['-c', rowCountCommand(file)], {stdio: 'pipe'})).toThrow();
	});

	it('leaves out names that are not plain identifiers', () => {
		expect(parseRowCounts('public.jobs 3\njobs;drop 4\nx y 5\n')).toEqual([{table: 'public.jobs', rows: 3}]);
	});
});

describe('the plan', () => {
	const env = environment();
	const plan = planRestoreBackup(env, facts(), password);
	const commands = plan.steps.flatMap(s => [
		s.action,
		...(s.verify ?? []).map(v => v.action),
		...(s.undo ? [s.undo.action] : []),
	]);

	it('checks first, dumps for safety, stops, restores, starts, and checks the database last', () => {
		expect(plan.steps.map(s => s.id)).toEqual([
			'check-backup',
			'safety-dump',
			'stop-app-web',
			'stop-app-orchestrator',
			'restore',
			'start-app-web',
			'start-app-orchestrator',
			'check-database',
		]);
		expect(plan.steps.map(s => s.mutates)).toEqual([false, true, true, true, true, true, true, false]);
		expect(planMutates(plan)).toBe(true);
		expect(describeAction(plan.steps[0]!.action, plan.secrets)).toBe(
			'gunzip -t /opt/app/backups/db_2026-11-22.sql.gz',
		);
	});

	it('runs pg_dump and psql under pipefail with the database as the host sees it, the password on stdin only', () => {
		const dump = plan.steps[1]!.action;
		const restore = plan.steps[4]!.action;
		for (const action of [dump, restore]) {
			expect(action).toMatchObject({kind: 'shell', stdinSecret: 'dbPassword', timeoutSeconds: 900});
			expect(describeAction(action, plan.secrets)).toMatch(
				/^bash -o pipefail -c 'IFS= read -r pgops_password; .*-h 10\.0\.0\.5 -p 5433 -U ops -d analytics/,
			);
			// Only pg_dump and psql get it, in their own environment: never exported to gzip, gunzip or mv.
			expect(describeAction(action, plan.secrets)).not.toContain('export');
		}
		expect(describeAction(dump, plan.secrets)).toContain(
			'PGPASSWORD="$pgops_password" pg_dump --clean --if-exists --no-password',
		);
		expect(describeAction(dump, plan.secrets)).toContain(
			'| gzip > /opt/app/backups/pg-ops-safety-20261123T052000Z.sql.gz.partial && mv ',
		);
		expect(describeAction(restore, plan.secrets)).toContain(
			'gunzip -c /opt/app/backups/db_2026-11-22.sql.gz | PGPASSWORD="$pgops_password" psql -X -q -v ON_ERROR_STOP=1 --single-transaction',
		);
		expect(plan.secrets).toEqual({dbPassword: password});
		expect(JSON.stringify(commands)).not.toContain(password);
	});

	it('undoes the restore with the safety dump, the stops with starts and the starts with stops', () => {
		expect(describeAction(plan.steps[4]!.undo!.action, {})).toContain(
			'gunzip -c /opt/app/backups/pg-ops-safety-20261123T052000Z.sql.gz | PGPASSWORD="$pgops_password" psql',
		);
		expect(describeAction(plan.steps[2]!.undo!.action, {})).toBe('systemctl start app-web.service');
		expect(describeAction(plan.steps[5]!.undo!.action, {})).toBe('systemctl stop app-web.service');
		// The safety dump itself stays; only an unfinished one is removed.
		expect(describeAction(plan.steps[1]!.undo!.action, {})).toBe(
			'rm -f /opt/app/backups/pg-ops-safety-20261123T052000Z.sql.gz.partial',
		);
		expect(plan.steps[5]!.verify!.map(v => v.title)).toEqual([
			'app-web is active',
			'app-web answers /healthz',
		]);
		// An undo counts only when it is seen to work: the service up again, the database answering on the safety data.
		expect(plan.steps[2]!.undo!.verify!.map(v => v.title)).toEqual([
			'app-web is active',
			'app-web answers /healthz',
		]);
		expect(plan.steps[4]!.undo!.verify!.map(v => v.title)).toEqual(['the database answers again']);
	});

	it('checks the restored tables hold exactly the rows the backup holds', () => {
		const check = plan.steps[4]!.verify![0]!;
		expect(check.title).toBe(
			"the tables hold the backup's rows (public.jobs 22, public.scheduler_job_runs 32)",
		);
		expect(check.action).toMatchObject({
			kind: 'sql',
			expectRows: 0,
			statements: [{params: ['public.jobs', 22, 'public.scheduler_job_runs', 32]}],
		});
		expect(plan.steps[7]!.action).toMatchObject({
			kind: 'sql',
			statements: [{sql: 'SELECT count(*) AS rows FROM ONLY jobs'}],
			expectRows: 1,
		});
	});

	it('without row counts, says so and checks only that the database answers', () => {
		const uncounted = planRestoreBackup(
			env,
			facts('it could not be read: gzip: stdin: not in gzip format'),
			password,
		);
		expect(uncounted.steps.find(s => s.id === 'restore')!.verify).toBeUndefined();
		expect(uncounted.summary.join('\n')).toContain(
			'its rows were not counted (it could not be read: gzip: stdin: not in gzip format)',
		);
	});

	it('says what it will do before anything runs: the backups with age and size, the safety net, the services', () => {
		const text = plan.summary.join('\n');
		expect(text).toMatch(/\n {2}db_2026-11-22\.sql\.gz +2K +8h6m ago {2}<- restore this one\n/);
		expect(text).toContain(
			'db_2026-11-22.sql.gz (2K, 8h6m ago) replaces the data in analytics at 10.0.0.5:5433 (as ops, as the host sees it)',
		);
		expect(text).toContain('(safety dump)');
		expect(text).toContain('app-web (active), app-orchestrator (failed)');
		expect(text).toContain('--backup pg-ops-safety-20261123T052000Z.sql.gz puts it back later');
	});

	it('uses the configured tools and no password when none is configured (~/.pgpass on the host)', () => {
		const custom = environment(
			', pgDump: /usr/lib/postgresql/15/bin/pg_dump, psql: /usr/lib/postgresql/15/bin/psql, checkTable: public.scheduler_job_runs',
		);
		const noPassword = {...custom, database: {...custom.database!, password: undefined}};
		const other = planRestoreBackup(noPassword, facts(), undefined);
		expect(describeAction(other.steps[1]!.action, {})).toMatch(
			/^bash -o pipefail -c 'umask 077 && \/usr\/lib\/postgresql\/15\/bin\/pg_dump /,
		);
		expect(describeAction(other.steps[4]!.action, {})).toContain('| /usr/lib/postgresql/15/bin/psql -X');
		expect(other.steps[1]!.action).not.toHaveProperty('stdinSecret', 'dbPassword');
		expect(other.secrets).toEqual({});
		expect(other.steps.at(-1)!.title).toBe(
			'the restored database answers (public.scheduler_job_runs can be read)',
		);
	});
});
