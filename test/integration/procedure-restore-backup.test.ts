// restore-backup on the demo (PGlite, with the stand-in pg_dump and psql) and on the lab (real OpenSSH,
// real PostgreSQL 15, real pg_dump/psql/gunzip), judged by the world: the rows in the database, the
// safety dump on disk, the services' processes. Failure paths and read-only too; the password never shows.
import {execFileSync} from 'node:child_process';
import {
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {gunzipSync, gzipSync} from 'node:zlib';
import pg from 'pg';
import YAML from 'yaml';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {startDemo, stopDemo} from '../../source/demo/index.js';
import {readAuditLog} from '../../source/engine/audit.js';
import {
	ensureLabPrerequisites,
	inVm,
	restartSshd,
	startLab,
	stopLab,
	stopSshd,
	vmSystemctl,
	type LabInfo,
} from '../lab/index.js';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import {plannerFor} from '../../source/engine/procedures/registry.js';
import {runProcedure, type ProcedureEvent} from '../../source/engine/procedures/runner.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {waitFor} from '../support/wait.js';
import {runCli} from '../support/cli.js';
import {shortenSteadyHolds} from '../support/steady-holds.js';

// Each test runs whole procedures (and plans them twice: again under the lock); on a loaded machine that takes longer than the default.
vi.setConfig({testTimeout: 120_000});

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
	// What is judged here is rows, dumps, pids and locks; the hold after each start has tests of its own.
	for (const config of [demo.config, lab.config]) shortenSteadyHolds(config);
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
	const mainPids = async (names: string[]) =>
		Object.fromEntries(
			await Promise.all(
				names.map(async u => [u, await systemctl('show', '-p', 'MainPID', '--value', u)] as const),
			),
		);
	/** backups.stop in the world's config: the services the restore stops, then starts. */
	const stoppedUnits = () =>
		(
			YAML.parse(readFileSync(world().config, 'utf8')) as {
				environments: Record<string, {backups?: {stop?: string[]}}>;
			}
		).environments[name]!.backups?.stop ?? [];
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
		// The units the restore stops and starts (issue 15): each gets a new process, read before and after.
		const stopped = stoppedUnits();
		expect(stopped.length).toBeGreaterThan(0);
		// A unit seeded failed (MainPID 0) before: started, it has one now.
		const pidsBefore = await mainPids(stopped);

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
		const pidsAfter = await mainPids(stopped);
		for (const unit of stopped) {
			expect(pidsAfter[unit], unit).not.toBe('0');
			expect(pidsAfter[unit], `${unit} was stopped and started: a new MainPID`).not.toBe(pidsBefore[unit]);
		}
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

describe('the database password on the lab reaches pg_dump and psql only', () => {
	// Stand-ins in front of PATH that say whether PGPASSWORD is in their environment, then run the real tool.
	const tools = ['pg_dump', 'psql', 'gzip', 'gunzip', 'mv', 'stat'];
	const envChecks = (output: string) =>
		Object.fromEntries(
			[...output.matchAll(/env-check (\S+) PGPASSWORD=(\w*)/g)].map(m => [m[1], m[2] || 'absent']),
		);

	it('a backup and its restore: the tools of the pipeline around them never see it, and it still works', async () => {
		// In the VM's own root, where the deploy user's shell finds them first.
		const inside = '/opt/env-check-bin';
		const wrappers = path.join(labInfo.root, inside);
		mkdirSync(wrappers, {recursive: true});
		for (const tool of tools) {
			const real = (await inVm(labInfo, ['sh', '-c', `command -v ${tool}`])).trim();
			writeFileSync(
				path.join(wrappers, tool),
				`#!/bin/sh\necho "env-check ${tool} PGPASSWORD=\${PGPASSWORD:+present}" >&2\nexec ${real} "$@"\n`,
				{mode: 0o755},
			);
		}
		const yaml = YAML.parse(readFileSync(worlds.lab!.config, 'utf8')) as {
			environments: {lab: Record<string, unknown>};
		};
		yaml.environments.lab.shellPath = [inside];
		const config = path.join(labDir, 'pg-ops.env-check.yaml');
		writeFileSync(config, YAML.stringify(yaml));
		const run = (...args: string[]) => {
			const result = runCli(['run', ...args, '--config', config, '--env', 'lab', '--yes', '--json'], {
				env: {PGOPS_STATE_DIR: stateDir},
			});
			expect(result.code, result.stdout + result.stderr).toBe(0);
			return JSON.parse(result.stdout) as {steps: Array<{id: string; output?: string}>};
		};

		// Which tools saw it: exactly the database tool of each step, of all the tools the step ran.
		const sawIt = (output: string) =>
			Object.entries(envChecks(output))
				.filter(([, seen]) => seen === 'present')
				.map(([tool]) => tool);
		const backup = run('backup');
		const dump = backup.steps.find(s => s.id === 'dump')!.output!;
		expect(envChecks(dump)).toMatchObject({gzip: 'absent', mv: 'absent', stat: 'absent'});
		expect(sawIt(dump)).toEqual(['pg_dump']);
		const file = /(db_[^/\s:]+\.sql\.gz): \d+ bytes/.exec(dump)![1]!;

		const restore = run('restore-backup', '--backup', file);
		const restored = restore.steps.find(s => s.id === 'restore')!.output!;
		expect(envChecks(restored)).toMatchObject({gunzip: 'absent'});
		expect(sawIt(restored)).toEqual(['psql']);
		const safety = restore.steps.find(s => s.id === 'safety-dump')!.output!;
		expect(envChecks(safety)).toMatchObject({gzip: 'absent', mv: 'absent'});
		expect(sawIt(safety)).toEqual(['pg_dump']);
		rmSync(path.join(worlds.lab!.root, 'opt/app/backups', file), {force: true});
		rmSync(wrappers, {recursive: true, force: true});
	}, 180_000);
});

describe('an SSH drop mid-restore on the lab (issue 11 item 10)', () => {
	const backupsDir = () => path.join(labInfo.root, 'opt/app/backups');
	const units = ['app-web', 'app-orchestrator', 'app-intake'];
	const active = async () =>
		Promise.all(units.map(u => vmSystemctl(labInfo, 'show', '-p', 'ActiveState', '--value', u)));
	// The default lock is under the deploy user's home (~/...): looked at there, as root.
	const inVmShell = (file: string) =>
		file.startsWith('~/')
			? `"$(getent passwd ${labInfo.ssh.user} | cut -d: -f6)"/'${file.slice(2)}'`
			: `'${file}'`;
	const lockExists = async (file: string) =>
		(await inVm(labInfo, ['sh', '-c', `test -e ${inVmShell(file)} && echo yes || echo no`])).trim() === 'yes';

	/** A backup whose restore takes half a minute (pg_sleep first): the drop lands while psql runs. */
	function slowBackup(): string {
		const real = readdirSync(backupsDir())
			.filter(f => /^db_\d{4}-\d\d-\d\d\.sql\.gz$/.test(f))
			.sort()[0]!;
		const sql = gunzipSync(readFileSync(path.join(backupsDir(), real))).toString('utf8');
		const file = 'db_2026-01-01-slow.sql.gz';
		const full = path.join(backupsDir(), file);
		writeFileSync(full, gzipSync(`SELECT pg_sleep(30);\n${sql}`));
		utimesSync(full, new Date('2026-01-01T02:00:00Z'), new Date('2026-01-01T02:00:00Z'));
		return file;
	}

	async function restoreWithDrop(reconnectWaitSeconds: number, sshdBackWhenWaiting: boolean) {
		const env = pickEnvironment(loadConfigFile(labInfo.config), 'lab', labInfo.config);
		const runtime = createRuntime(env);
		const notes: string[] = [];
		let drop: Promise<void> | undefined;
		try {
			const plan = await plannerFor('restore-backup')!(runtime, {backup: slowBackup()});
			const onEvent = (event: ProcedureEvent) => {
				if (event.type === 'note') notes.push(event.text);
				// The services are stopped and the restore runs: the moment the issue names.
				if (event.type === 'step' && event.record.id === 'restore' && event.record.status === 'running')
					drop ??= (async () => {
						await stopSshd(labDir);
						if (!sshdBackWhenWaiting) return;
						await waitFor(() => notes.some(n => n.includes('is down')), 120_000, 'the undo to wait');
						await restartSshd(labDir);
					})();
			};
			const result = await runProcedure(runtime, plan, {
				confirm: async () => true,
				operator: 'lab-operator',
				reconnectWaitSeconds,
				onEvent,
			});
			await drop;
			const lock = readAuditLog().find(
				r => r.correlationId === result.correlationId && r.event === 'lock' && r.outcome === 'acquired',
			)!.detail!;
			return {result, notes, lock};
		} finally {
			await runtime.close();
		}
	}

	it('the undo waits for the connection to come back (saying so), then puts everything back: services running, rows as before, the lock released', async () => {
		const before = await query('SELECT id::text AS id, status FROM jobs ORDER BY id');
		try {
			const {result, notes, lock} = await restoreWithDrop(240, true);
			expect(result.outcome, result.message).toBe('failed-undone');
			expect(notes.join('\n')).toMatch(
				/the connection to .* is down .*: waiting up to \d+s for it to come back/,
			);
			expect(notes.join('\n')).toContain('answers again: trying again');
			expect(await active()).toEqual(['active', 'active', 'active']);
			expect(await query('SELECT id::text AS id, status FROM jobs ORDER BY id')).toEqual(before);
			expect(await lockExists(lock)).toBe(false);
			expect(result.locksLeft).toBeUndefined();
		} finally {
			await restartSshd(labDir);
			rmSync(path.join(backupsDir(), 'db_2026-01-01-slow.sql.gz'), {force: true});
		}
	}, 400_000);

	it('a connection that stays down: the result names what is left, the lock left behind and how to clear it', async () => {
		let lock = '';
		try {
			const ran = await restoreWithDrop(5, false);
			lock = ran.lock;
			const {result} = ran;
			expect(result.outcome, result.message).toBe('failed-not-undone');
			expect(result.locksLeft).toEqual([{file: lock, host: expect.any(String)}]);
			expect(result.message).toContain(`The lock ${lock} is still held`);
			expect(result.leftToDo.join('\n')).toContain(`rm ${lock}`);
			expect(result.leftToDo.join('\n')).toMatch(/--break-lock after \d+ min/);
			await restartSshd(labDir);
			expect(await lockExists(lock)).toBe(true);
		} finally {
			// Put the lab back: sshd, the services, the lock.
			await restartSshd(labDir);
			for (const unit of units) await vmSystemctl(labInfo, 'start', unit);
			if (lock) await inVm(labInfo, ['sh', '-c', `rm -f ${inVmShell(lock)}`]);
			rmSync(path.join(backupsDir(), 'db_2026-01-01-slow.sql.gz'), {force: true});
		}
		expect(await active()).toEqual(['active', 'active', 'active']);
	}, 400_000);

	async function query(sql: string): Promise<unknown[]> {
		const client = new pg.Client(worlds.lab!.connection);
		await client.connect();
		try {
			return (await client.query(sql)).rows;
		} finally {
			await client.end();
		}
	}
});
