// The demo environment end to end: start it in a temp dir, read it the way pg-ops' probes do
// (HTTP, pg, the sandbox's systemctl), act on its units, and stop it without leaving a process behind.
// Needs the built demo (npm run build): the demo's processes run from dist/.
import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync, readdirSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gunzipSync} from 'node:zlib';
import pg from 'pg';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {expectSeededSloBands} from './support/seeded-slo.js';
import YAML from 'yaml';
import {configSchema} from '../source/core/config/schema.js';
import {
	type DemoInfo,
	DemoAlreadyRunningError,
	readDemoInfo,
	startDemo,
	stopDemo,
} from '../source/demo/index.js';
import {isProcessAlive} from '../source/demo/processes.js';

let dir: string;
let info: DemoInfo;
let token: string;
// Every pid the demo ever ran, to prove stopDemo leaves none behind.
const seenPids = new Set<number>();

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'pg-ops-demo-'));
	info = await startDemo({dir});
	seenPids.add(info.pid);
	token = /^OPS_VERIFY_TOKEN=(.*)$/m.exec(readFileSync(info.envFile, 'utf8'))![1]!;
	// A machine's first demo makes the database snapshot: about a minute on a loaded 2-core machine.
}, 240_000);

afterAll(async () => {
	await stopDemo({dir});
	rmSync(dir, {recursive: true, force: true});
}, 30_000);

function run(
	tool: 'systemctl' | 'journalctl',
	...args: string[]
): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(join(info.root, 'bin', tool), args, (error, stdout, stderr) => {
			resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr});
		});
	});
}

async function show(unit: string, ...properties: string[]): Promise<Record<string, string>> {
	const {stdout} = await run('systemctl', 'show', `--property=${properties.join(',')}`, unit);
	return Object.fromEntries(
		stdout
			.trim()
			.split('\n')
			.map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
	);
}

async function get(
	path: string,
	headers: Record<string, string> = {},
): Promise<{status: number; body: any; type: string}> {
	const response = await fetch(`${info.http.baseUrl}${path}`, {headers});
	const text = await response.text();
	const type = response.headers.get('content-type') ?? '';
	return {status: response.status, body: type.includes('json') ? JSON.parse(text) : text, type};
}

describe('the demo environment', () => {
	// How fast it starts is the bench's to say (npm run bench -- --only demo), not a test's.
	test('starts and describes itself in demo.json', () => {
		expect(readDemoInfo(dir)).toEqual(info);
		expect(isProcessAlive(info.pid)).toBe(true);
		expect(info).toMatchObject({
			dir,
			config: join(dir, 'pg-ops.yaml'),
			root: join(dir, 'root'),
			tokenKey: 'OPS_VERIFY_TOKEN',
		});
		expect(info.http).toEqual({
			baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
			verifyPath: '/ops/verify',
		});
		expect(info.database).toEqual({
			host: '127.0.0.1',
			port: expect.any(Number),
			name: 'postgres',
			user: 'postgres',
			ready: true, // startDemo waits for the database unless asked to open as soon as the services run
		});
		expect(info.services).toEqual(['app-web.service', 'app-orchestrator.service', 'app-intake.service']);
		expect(Number.isNaN(Date.parse(info.startedAt))).toBe(false);
	});

	test('writes a pg-ops.yaml that the config schema accepts', () => {
		const config = configSchema.parse(YAML.parse(readFileSync(info.config, 'utf8')));
		const demo = config.environments.demo!;
		expect(demo.transport).toBe('local');
		expect(demo.shellPath).toEqual([join(info.root, 'bin')]);
		expect(demo.http?.baseUrl).toBe(info.http.baseUrl);
		expect(demo.services.map(s => s.name)).toEqual(['app-web', 'app-orchestrator', 'app-intake']);
		expect(demo.database?.port).toBe(info.database.port);
		expect(demo.disk!.warnPercent).toBeLessThan(demo.disk!.critPercent);
		expect(demo.secrets[0]).toMatchObject({
			key: 'OPS_VERIFY_TOKEN',
			envFile: info.envFile,
			restart: ['app-web'],
		});
	});

	test('serves health, the token-guarded ops endpoints and job freshness over HTTP', async () => {
		expect(await get('/healthz')).toMatchObject({status: 200, body: {ok: true}, type: 'application/json'});
		expect(await get('/readyz')).toMatchObject({status: 200, body: {ok: true, db: 'ok'}});
		expect(await get('/ops/verify')).toMatchObject({
			status: 401,
			body: {ok: false, error: 'invalid ops token'},
		});
		expect(await get('/ops/verify', {'x-ops-token': 'wrong'})).toMatchObject({status: 401});
		const blueSha = readFileSync(join(info.root, 'opt/app/releases/blue/.gitsha'), 'utf8').trim();
		expect(await get('/ops/verify', {'x-ops-token': token})).toMatchObject({
			status: 200,
			body: {ok: true, git_sha: blueSha, slot: 'blue', version: '2026.11.2'},
		});
		expect((await get('/ops/deploy-status', {'x-ops-token': token})).body).toMatchObject({
			current_sha: blueSha,
			last_deploy: {deployed_sha: blueSha, slot: 'blue'},
		});

		const health = (await get('/ops/model-health')).body;
		expect(health.pipeline_ok).toBe(true);
		expect(health.pipeline_blockers).toEqual([]);
		const stale = Object.entries(health.jobs_freshness as Record<string, {stale: boolean}>)
			.filter(([, job]) => job.stale)
			.map(([name]) => name);
		expect(stale).toEqual(['calibration_trainer']);
		expect(health.jobs_freshness.calibration_trainer.stale_after_minutes).toBe(720);

		const jobs = (await get('/ops/jobs')).body as Array<{job_name: string; status: string}>;
		expect(jobs.map(job => job.job_name).sort()).toEqual([
			'alpha_feature_discovery',
			'alpha_research',
			'calibration_trainer',
			'result_resolution',
		]);
		expect(jobs.find(job => job.job_name === 'alpha_research')?.status).toBe('failed');
		expect((await get('/no/such/path')).status).toBe(404);
	});

	test('reports SLO figures near the seed, with only the error rate past its warning', async () => {
		const slo = (await get('/api/monitoring/slo')).body;
		expect(slo.window).toBe('1h');
		expectSeededSloBands(slo);
	});

	test('exposes Prometheus metrics that parse', async () => {
		const {status, body, type} = await get('/metrics');
		expect(status).toBe(200);
		expect(type).toContain('version=0.0.4');
		const samples = (body as string)
			.trim()
			.split('\n')
			.filter(line => !line.startsWith('#'));
		for (const line of samples) expect(line).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? -?[0-9.e+]+$/);
		const value = (name: string) =>
			Number(
				samples
					.find(line => line.startsWith(name))
					?.split(' ')
					.pop(),
			);
		const requests = value('app_http_request_duration_seconds_count');
		expect(
			(value('app_http_requests_total{code="500"}') + value('app_http_requests_total{code="503"}')) /
				requests,
		).toBeCloseTo(0.024, 2);
		// 503s are the unavailable share: availability 99.62% as the SLO endpoint says.
		expect(value('app_http_requests_total{code="503"}') / requests).toBeCloseTo(0.0038, 3);
		expect(body).toContain('# TYPE app_http_request_duration_seconds histogram');
		expect(body).toMatch(/app_build_info\{git_sha="[0-9a-f]{40}",slot="blue",version="2026\.11\.2"\} 1/);
		expect(body).toContain('app_job_last_success_timestamp_seconds{job="calibration_trainer"}');
	});

	test('holds exactly three stuck jobs in PostgreSQL', async () => {
		const {host, port, user, name: database} = info.database;
		const client = new pg.Client({host, port, user, database});
		await client.connect();
		try {
			const {rows} = await client.query<{id: string}>(
				"SELECT id FROM jobs WHERE status = 'processing' AND created_at < now() - interval '2 hours' ORDER BY id",
			);
			expect(rows.map(row => Number(row.id))).toEqual([4411, 4414, 4417]);
			const young = await client.query(
				"SELECT count(*)::int AS n FROM jobs WHERE status = 'processing' AND created_at > now() - interval '1 hour'",
			);
			expect(young.rows[0].n).toBe(1);
		} finally {
			await client.end();
		}
	});

	test('answers systemctl show like systemd, with app-orchestrator failed', async () => {
		const {code, stdout} = await run(
			'systemctl',
			'show',
			'-p',
			'Id,ActiveState,Result',
			'--no-pager',
			'app-web',
			'app-orchestrator',
			'app-intake',
		);
		expect(code).toBe(0);
		expect(stdout).toBe(
			[
				'Id=app-web.service\nActiveState=active\nResult=success',
				'Id=app-orchestrator.service\nActiveState=failed\nResult=exit-code',
				'Id=app-intake.service\nActiveState=active\nResult=success',
			].join('\n\n') + '\n',
		);
		expect(await show('no-such-unit', 'LoadState', 'ActiveState', 'SubState')).toEqual({
			LoadState: 'not-found',
			ActiveState: 'inactive',
			SubState: 'dead',
		});
		expect((await run('systemctl', 'is-active', 'app-web', 'app-orchestrator')).code).toBe(3);
		expect((await run('journalctl', '-u', 'app-orchestrator', '-n', '3')).stdout).toMatch(
			/app-orchestrator\.service: Failed with result 'exit-code'\.\n$/,
		);
	});

	test('restarts the failed app-orchestrator into active', async () => {
		const {code, stderr} = await run('systemctl', 'restart', 'app-orchestrator');
		expect({code, stderr}).toEqual({code: 0, stderr: ''});
		const after = await show('app-orchestrator.service', 'ActiveState', 'SubState', 'MainPID', 'Result');
		expect(after).toMatchObject({ActiveState: 'active', SubState: 'running', Result: 'success'});
		seenPids.add(Number(after.MainPID));
	});

	test('restarts app-web with a new pid and health back', async () => {
		const before = Number((await show('app-web', 'MainPID')).MainPID);
		seenPids.add(before);
		expect((await run('systemctl', 'restart', 'app-web.service')).code).toBe(0);
		const after = Number((await show('app-web', 'MainPID')).MainPID);
		seenPids.add(after);
		expect(after).not.toBe(before);
		expect(isProcessAlive(before)).toBe(false);
		expect((await get('/healthz')).status).toBe(200);
	});

	test('stops app-web, then starts it again', async () => {
		expect((await run('systemctl', 'stop', 'app-web')).code).toBe(0);
		expect(await show('app-web', 'ActiveState', 'MainPID', 'InactiveEnterTimestamp')).toMatchObject({
			ActiveState: 'inactive',
			MainPID: '0',
			InactiveEnterTimestamp: expect.stringMatching(/^\w{3} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/),
		});
		await expect(fetch(`${info.http.baseUrl}/healthz`)).rejects.toThrow();
		expect((await run('systemctl', 'start', 'app-web')).code).toBe(0);
		seenPids.add(Number((await show('app-web', 'MainPID')).MainPID));
		expect((await get('/healthz')).status).toBe(200);
		expect((await run('systemctl', 'start', 'no-such-unit')).code).toBe(5);
	});

	test('keeps three dated nightly backups whose SQL restores', async () => {
		const dir = join(info.root, 'opt/app/backups');
		const files = readdirSync(dir).sort();
		expect(files).toHaveLength(3);
		for (const file of files) {
			const mtime = statSync(join(dir, file)).mtime;
			const date = `${mtime.getFullYear()}-${String(mtime.getMonth() + 1).padStart(2, '0')}-${String(mtime.getDate()).padStart(2, '0')}`;
			expect(file).toBe(`db_${date}.sql.gz`);
		}
		const {host, port, user, name: database} = info.database;
		const client = new pg.Client({host, port, user, database});
		await client.connect();
		try {
			await client.query(gunzipSync(readFileSync(join(dir, files.at(-1)!))).toString('utf8'));
			expect((await client.query('SELECT count(*)::int AS n FROM jobs')).rows[0].n).toBe(22);
		} finally {
			await client.end();
		}
		expect((await get('/readyz')).status).toBe(200);
	});

	test('refuses a second demo in the same dir', async () => {
		await expect(startDemo({dir})).rejects.toBeInstanceOf(DemoAlreadyRunningError);
		await expect(startDemo({dir})).rejects.toThrow(`pg-ops demo stop --dir ${dir}`);
	});

	test('stops without leaving a process behind, and stopping twice is harmless', async () => {
		const intake = Number((await show('app-intake', 'MainPID')).MainPID);
		seenPids.add(intake);
		expect(await stopDemo({dir})).toEqual({wasRunning: true});
		for (const pid of seenPids) expect({pid, alive: isProcessAlive(pid)}).toEqual({pid, alive: false});
		expect(readDemoInfo(dir)).toBeUndefined();
		expect(await stopDemo({dir})).toEqual({wasRunning: false});
	}, 20_000);
});
