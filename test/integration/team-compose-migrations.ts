// examples/team-compose-migrations.yaml run for real on the lab (issue 13): its `migrate` action, with
// the built CLI (`pg-ops run migrate --input version=N --yes`), against the lab VM's real Compose v2
// project and real PostgreSQL. The one-off api container (`docker compose run --rm api python -m
// app.migrate --to N`) runs in the lab's dockerd; the team's migration module is a STAND-IN
// (examples/stand-ins/python-app-migrate-standin, installed as /usr/local/bin/python in the lab's
// image: the image has no Python), using the real psql under pg_advisory_lock(4242). Then, while
// another session holds that lock, a second run is refused at its first step: no container, no change.
//
// Only the example's addresses change, in its parsed YAML (environment prod): hosts, ssh (user, port,
// identity and known-hosts files), http.baseUrl, database.port, database.name and database.user, the
// api service's compose file, and that file's path in the migrate step's command. Its password stays
// {env: TRACKER_DB_PASSWORD} (the lab's, given in the CLI's environment); all else is the example's.
// Registered by compose-lab.test.ts on its own lab (teamComposeMigrationTests): a lab of their own,
// with its VM, dockerd, 400 MB image import and compose up, cost about 25 s a run for two tests.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import YAML from 'yaml';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {composeOneOffContainers} from '../lab/index.js';
import {composeInVm} from '../lab/compose/compose-layout.js';
import {runCliAsync} from '../support/cli.js';
import type {UsedLab} from '../support/use-lab.js';

const exampleFile = 'examples/team-compose-migrations.yaml';
const exampleComposeFile = '/srv/tracker/docker-compose.prod.yml';

type Example = {
	environments: {
		prod: {
			hosts: string[];
			ssh: Record<string, unknown>;
			http: {baseUrl: string};
			database: {name: string; user: string; port?: number};
			services: Array<{name: string; file: string}>;
			actions: Array<{name: string; steps: Array<{command?: string}>}>;
		};
	};
};

type RunJson = {
	outcome: string;
	steps: Array<{title: string; command: string; status: string; output?: string; exitCode?: number}>;
};

/** The example's two tests, on `lab` (a lab with compose: true, started by the caller's useLab). */
export function teamComposeMigrationTests(lab: UsedLab): void {
	let config: string;
	let home: string;
	let password: string;

	beforeAll(() => {
		const {info} = lab;
		const example = YAML.parse(readFileSync(exampleFile, 'utf8')) as Example;
		const prod = example.environments.prod;
		prod.hosts = [info.ssh.host];
		prod.ssh = {
			user: info.ssh.user,
			port: info.ssh.port,
			identityFile: info.ssh.identityFile,
			knownHostsFile: info.ssh.knownHostsFile,
		};
		prod.http.baseUrl = `http://127.0.0.1:${info.compose!.apiPort}`;
		prod.database = {
			...prod.database,
			port: info.database.port,
			name: info.database.name,
			user: info.database.user,
		};
		for (const service of prod.services)
			if (service.file === exampleComposeFile) service.file = composeInVm.file;
		const migrate = prod.actions.find(action => action.name === 'migrate')!;
		for (const step of migrate.steps)
			if (step.command) step.command = step.command.replace(exampleComposeFile, composeInVm.file);
		expect(migrate.steps[1]!.command).toBe(
			`docker compose -f ${composeInVm.file} run --rm api python -m app.migrate --to {{version}}`,
		);
		config = path.join(lab.dir, 'team-compose-migrations.yaml');
		writeFileSync(config, YAML.stringify(example));
		// The host lock lives under HOME: this file's own.
		home = path.join(lab.dir, 'home');
		mkdirSync(home, {recursive: true});
		password = readFileSync(info.database.passwordFile, 'utf8').trim();
	});

	let holder: pg.Client | undefined;
	afterAll(async () => {
		await holder?.end().catch(() => undefined);
	});

	const database = () =>
		new pg.Client({
			host: '127.0.0.1',
			port: lab.info.database.port,
			database: lab.info.database.name,
			user: lab.info.database.user,
			password,
			application_name: 'team-compose-migrations test',
		});

	async function query<T>(sql: string): Promise<T[]> {
		const client = database();
		await client.connect();
		try {
			return (await client.query(sql)).rows as T[];
		} finally {
			await client.end();
		}
	}

	async function migrate(version: number): Promise<{code: number | null; run: RunJson; output: string}> {
		const result = await runCliAsync(
			[
				'run',
				'migrate',
				'--input',
				`version=${version}`,
				'--yes',
				'--json',
				'--config',
				config,
				'--env',
				'prod',
			],
			{env: {TRACKER_DB_PASSWORD: password, HOME: home}, timeoutMs: 240_000},
		);
		const output = `${result.stdout}\n${result.stderr}`;
		let run: RunJson;
		try {
			run = JSON.parse(result.stdout) as RunJson;
		} catch {
			throw new Error(`pg-ops run --json printed no JSON (exit ${result.code}): ${output}`);
		}
		return {code: result.code, run, output};
	}

	const appliedVersions = async () =>
		(await query<{version: number}>('select version from schema_migrations order by version')).map(
			row => row.version,
		);

	it("migrate to version 2: a one-off api container in the lab's real Compose applies migrations 1 and 2 under the advisory lock, and the verification passes", async () => {
		const before = await query<{name: string}>("select to_regclass('schema_migrations')::text as name");
		expect(before[0]!.name).toBeNull();
		const began = new Date(Date.now() - 1000);
		const {code, run, output} = await migrate(2);
		expect(code, output).toBe(0);
		expect(run.outcome, output).toBe('succeeded');
		const [guard, container] = run.steps;
		expect(guard).toMatchObject({title: 'no other migration holds the advisory lock', status: 'done'});
		// As pg-ops ran it on the VM: through sudo -n (the deploy user's rule), the example's command otherwise.
		expect(container).toMatchObject({
			command: `sudo -n docker compose -f ${composeInVm.file} run --rm api python -m app.migrate --to 2`,
			status: 'done',
			exitCode: 0,
		});
		// The stand-in's own words, from inside the container: each migration applied holding the lock.
		expect(container!.output).toMatch(/applied migration 1 \(holding advisory lock 4242: t\)/);
		expect(container!.output).toMatch(/applied migration 2 \(holding advisory lock 4242: t\)/);
		expect(container!.output).toContain('app.migrate: schema at version 2');
		// The world: the schema is at 2, the lock released, and docker ran one one-off api container, then removed it (--rm).
		expect(await appliedVersions()).toEqual([1, 2]);
		const columns = await query<{column_name: string}>(
			"select column_name from information_schema.columns where table_name = 'tracker_issues' order by ordinal_position",
		);
		expect(columns.map(c => c.column_name)).toEqual(['id', 'title', 'opened_at', 'closed_at']);
		expect(await query("select 1 from pg_locks where locktype = 'advisory' and objid = 4242")).toHaveLength(
			0,
		);
		const containers = await composeOneOffContainers(lab.info, began);
		expect(containers).toHaveLength(1);
		expect(containers[0]).toMatchObject({service: 'api'});
		expect(containers[0]!.actions).toEqual(expect.arrayContaining(['create', 'start', 'die', 'destroy']));
	}, 300_000);

	it('while another session holds pg_advisory_lock(4242), migrate to version 3 is refused at its first step: no container runs, the schema stays at 2', async () => {
		holder = database();
		await holder.connect();
		await holder.query('select pg_advisory_lock(4242)');
		try {
			const began = new Date(Date.now() - 1000);
			const {code, run, output} = await migrate(3);
			expect(code, output).not.toBe(0);
			// The first step only reads (mutates: false in the example): refused there, nothing had changed.
			expect(run.outcome, output).toBe('failed-undone');
			// Refused by the first step's check (its query found the lock taken); the container step never started.
			expect(run.steps.map(step => step.status)).toEqual(['failed', 'pending']);
			expect(run.steps[0]!.output).toContain('check "the query returns 0" failed');
			expect(output).not.toMatch(/applied migration/);
			expect(await appliedVersions()).toEqual([1, 2]);
			expect(await composeOneOffContainers(lab.info, began)).toEqual([]);
			// The other session's lock is untouched.
			const locks = await query<{pid: number}>(
				"select pid from pg_locks where locktype = 'advisory' and objid = 4242 and granted",
			);
			expect(locks.map(l => l.pid)).toEqual([(holder as unknown as {processID: number}).processID]);
		} finally {
			await holder.end();
			holder = undefined;
		}
	}, 300_000);
}
