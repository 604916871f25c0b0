// restore-backup on the demo (PGlite, with the stand-in pg_dump and psql) and on the lab (real OpenSSH,
// real PostgreSQL 15, real pg_dump/psql/gunzip), judged by the world: the rows in the database, the
// safety dump on disk, the services' processes. Failure paths and read-only too; the password never shows.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {gunzipSync, gzipSync} from 'node:zlib';
import pg from 'pg';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemo, stopDemo} from '../../source/demo/index.js';
import {readAuditLog} from '../../source/engine/audit.js';
import {ensureLabPrerequisites, startLab, stopLab, vmSystemctl, type LabInfo} from '../lab/index.js';
import {runCli} from '../support/cli.js';

type World = {
	name: 'demo' | 'lab';
	config: string;
	root: string;
	connection: pg.ClientConfig;
	/** The database password, where there is one: it must never show. */
	password?: string;
};

const units = ['app-web', 'app-orchestrator', 'app-intake'];
let dir: string;
// Its own dir under /tmp: the lab user must be able to pass through every directory above it.
let labDir: string;
let stateDir: string;
const worlds: Partial<Record<World['name'], World>> = {};
let labInfo: LabInfo;

beforeAll(async () => {
	await ensureLabPrerequisites();
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-restore-'));
	labDir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-restore-lab-'));
	stateDir = path.join(dir, 'state');
	process.env.PGOPS_STATE_DIR = stateDir;
	const [demo, lab] = await Promise.all([startDemo({dir: path.join(dir, 'demo')}), startLab({dir: labDir})]);
	worlds.demo = {
		name: 'demo',
		config: demo.config,
		root: demo.root,
		connection: {
			host: demo.database.host,
			port: demo.database.port,
			user: demo.database.user,
			database: demo.database.name,
		},
	};
	labInfo = lab;
	const password = readFileSync(lab.database.passwordFile, 'utf8').trim();
	worlds.lab = {
		name: 'lab',
		config: lab.config,
		root: lab.root,
		password,
		connection: {
			host: lab.database.host,
			port: lab.database.port,
			user: lab.database.user,
			database: lab.database.name,
			password,
		},
	};
}, 90_000);

afterAll(async () => {
	await Promise.allSettled([stopDemo({dir: path.join(dir, 'demo')}), stopLab({dir: labDir})]);
	delete process.env.PGOPS_STATE_DIR;
	for (const d of [dir, labDir]) rmSync(d, {recursive: true, force: true});
});

describe.each(['demo', 'lab'] as const)('restore-backup on the %s', name => {
	const world = () => worlds[name]!;
	const backups = () => path.join(world().root, 'opt/app/backups');
	const safetyDumps = () =>
		readdirSync(backups())
			.filter(f => f.startsWith('pg-ops-safety-'))
			.sort();
	// The demo's stand-in systemctl on this machine; the lab VM's real one, as root in the VM.
	const systemctl = async (...args: string[]) =>
		name === 'lab'
			? vmSystemctl(labInfo, ...args)
			: execFileSync(path.join(world().root, 'bin/systemctl'), args, {encoding: 'utf8'}).trim();
	const unitState = async () =>
		Object.fromEntries(
			await Promise.all(
				units.map(
					async u =>
						[
							u,
							`${await systemctl('show', '-p', 'ActiveState', '--value', u)} ${await systemctl('show', '-p', 'MainPID', '--value', u)}`,
						] as const,
				),
			),
		);
	const outputs: string[] = [];
	const restore = (...args: string[]) => {
		const result = runCli(['run', 'restore-backup', '--config', world().config, '--env', name, ...args], {
			env: {PGOPS_STATE_DIR: stateDir},
		});
		outputs.push(result.stdout, result.stderr);
		return result;
	};

	async function query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
		const client = new pg.Client(world().connection);
		await client.connect();
		try {
			return (await client.query(sql, params)).rows as T[];
		} finally {
			await client.end();
		}
	}
	const jobs = () =>
		query<{id: string; kind: string; status: string}>(
			'SELECT id::text AS id, kind, status FROM jobs ORDER BY id',
		);

	/** A backup file of our own making, older than the real ones so it is never "the newest". */
	function writeBackup(file: string, content: Buffer): string {
		const full = path.join(backups(), file);
		writeFileSync(full, content);
		utimesSync(full, new Date('2026-01-01T02:00:00Z'), new Date('2026-01-01T02:00:00Z'));
		return full;
	}

	it('read-only refuses: no safety dump, nothing stopped, no row changed', async () => {
		const [before, state, dumps] = [await jobs(), await unitState(), safetyDumps()];
		const cli = restore('--read-only', '--yes');
		expect(cli.code).toBe(1);
		expect(cli.stdout).toContain('refused');
		expect(safetyDumps()).toEqual(dumps);
		expect(await unitState()).toEqual(state);
		expect(await jobs()).toEqual(before);
	});

	it('a corrupt backup is refused at the integrity check, before anything stops or is dumped', async () => {
		const file = writeBackup('db_2026-01-01-corrupt.sql.gz', Buffer.from('this is not gzip data at all\n'));
		try {
			await query(
				"INSERT INTO jobs (id, kind, status, created_at, updated_at) VALUES (990001, 'before-corrupt', 'done', now(), now())",
			);
			const [before, state, dumps] = [await jobs(), await unitState(), safetyDumps()];
			const cli = restore('--backup', path.basename(file), '--yes', '--json');
			expect(cli.code).toBe(1);
			const result = JSON.parse(cli.stdout) as {outcome: string; steps: Array<{id: string; status: string}>};
			expect(result.outcome).toBe('failed-undone');
			expect(result.steps[0]).toMatchObject({id: 'check-backup', status: 'failed'});
			expect(result.steps.slice(1).every(s => s.status === 'pending')).toBe(true);
			expect(await unitState()).toEqual(state);
			expect(safetyDumps()).toEqual(dumps);
			expect(await jobs()).toEqual(before);
		} finally {
			rmSync(file, {force: true});
			await query('DELETE FROM jobs WHERE id = 990001');
		}
	});

	it('restores the chosen backup: its rows are back, the marker is gone, the safety dump keeps it, services run', async () => {
		const chosen = readdirSync(backups())
			.filter(f => /^db_\d{4}-\d\d-\d\d\.sql\.gz$/.test(f))
			.sort()[0]!;
		const takenAt = statSync(path.join(backups(), chosen)).mtime.getTime();
		const marker = `marker-${Math.random().toString(36).slice(2)}`;
		await query('DELETE FROM jobs WHERE id < 4405');
		await query(
			"INSERT INTO jobs (id, kind, status, created_at, updated_at) VALUES (990002, $1, 'done', now(), now())",
			[marker],
		);
		const dumps = safetyDumps();

		const cli = restore('--backup', chosen, '--yes');
		expect(cli.stderr).toBe('');
		expect(cli.code).toBe(0);
		expect(cli.stdout).toContain(`restore ${chosen}: done and verified`);

		// The backup's data: every job of it, nothing else, as of the time it was taken (its newest row is a minute older).
		const after = await jobs();
		expect(after.map(j => j.id)).toEqual(Array.from({length: 22}, (_, i) => String(4401 + i)));
		expect(after.some(j => j.kind === marker)).toBe(false);
		const [{newest}] = await query<{newest: Date}>('SELECT max(updated_at) AS newest FROM jobs');
		expect(takenAt - newest!.getTime()).toBe(60_000);
		expect((await query<{n: number}>('SELECT count(*)::int AS n FROM scheduler_job_runs'))[0]!.n).toBe(32);

		// Nothing was lost: the safety dump is whole and holds the data as it was, marker included.
		const [safety] = safetyDumps().filter(f => !dumps.includes(f));
		expect(safety).toMatch(/^pg-ops-safety-\d{8}T\d{6}Z\.sql\.gz$/);
		execFileSync('gunzip', ['-t', path.join(backups(), safety!)]);
		const safetySql = gunzipSync(readFileSync(path.join(backups(), safety!))).toString('utf8');
		expect(safetySql).toContain(marker);
		expect(statSync(path.join(backups(), safety!)).mode & 0o077).toBe(0); // a copy of the data: not for other users

		expect(Object.values(await unitState()).every(s => s.startsWith('active '))).toBe(true);
	});

	it('a restore that fails part-way puts the safety dump back: the same rows, services running, failed and undone', async () => {
		const broken = [
			'DROP TABLE IF EXISTS jobs CASCADE;',
			'CREATE TABLE jobs (id bigint PRIMARY KEY, kind text NOT NULL);',
			"INSERT INTO jobs VALUES (1, 'half-restored');",
			'SELECT no_such_function();',
			'',
		].join('\n');
		const file = writeBackup('db_2026-01-01-broken.sql.gz', gzipSync(broken));
		try {
			await query(
				"INSERT INTO jobs (id, kind, status, created_at, updated_at) VALUES (990003, 'before-broken', 'done', now(), now())",
			);
			const before = await jobs();
			const dumps = safetyDumps();
			const cli = restore('--backup', path.basename(file), '--yes', '--json');
			expect(cli.code).toBe(1);
			const result = JSON.parse(cli.stdout) as {
				outcome: string;
				correlationId: string;
				steps: Array<{id: string; status: string}>;
			};
			expect(result.outcome).toBe('failed-undone');
			expect(result.steps.find(s => s.id === 'restore')!.status).toBe('undone');
			const undo = readAuditLog().find(
				r => r.correlationId === result.correlationId && r.event === 'undo' && r.step?.includes('restore'),
			);
			expect(undo).toMatchObject({outcome: 'undone'});
			expect(undo!.command).toContain(safetyDumps().find(f => !dumps.includes(f)));
			expect(await jobs()).toEqual(before);
			expect(Object.values(await unitState()).every(s => s.startsWith('active '))).toBe(true);
		} finally {
			rmSync(file, {force: true});
		}
	});

	it('refuses a backup name that leaves the backups directory', () => {
		const cli = restore('--backup', '../../etc/app/backend.env', '--yes');
		expect(cli.code).toBe(1);
		expect(cli.stderr).toContain("not a backup's file name");
	});

	it('never shows the database password: not in any output above, not in the audit log', () => {
		const password = world().password;
		if (!password) return; // the demo's PGlite has none
		const dry = restore('--dry-run');
		expect(dry.stdout).toContain('<<< $dbPassword');
		const audit = readFileSync(path.join(stateDir, 'audit.jsonl'), 'utf8');
		expect(audit).toContain(`"env":"${name}"`);
		expect(audit).not.toContain(password);
		expect(outputs.join('\n')).not.toContain(password);
	});
});
