// The three systems of issue 13 as shipped in examples/, run locally (`transport: local`) with no code
// written for them: the daily check script (its stand-in exits 0, 1 or 2), the ML service (an HTTP
// stand-in of the service AND of its Prometheus on 127.0.0.1, promote and rollback through the
// stand-in CLI), and the compose VM's migrations under an advisory lock (planned only). All three run
// on the lab too, only their addresses changed: the daily check and the ML service over SSH on the
// lab VM, through the lab's real Prometheus with examples/team-ml-service.rules.yml
// (test/integration/team-examples-lab.test.ts); the migrations in the lab's real Compose project,
// with a stand-in for the team's migrate module (test/integration/team-compose-migrations.ts).
import {spawn} from 'node:child_process';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cliPath} from '../support/cli.js';

let dir: string;
let server: http.Server;
const key = 'reg-key-5d1e0b77';

const slot = () => {
	const file = path.join(dir, 'slots', 'blue');
	return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
};

beforeAll(async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-team-examples-'));
	cpSync('examples/stand-ins', path.join(dir, 'stand-ins'), {recursive: true});
	mkdirSync(path.join(dir, 'state'));
	// Stand-in of the ML service (it serves the run promoted to slot blue) and of its Prometheus.
	server = http.createServer((req, res) => {
		const json = (status: number, body: unknown) => {
			res.writeHead(status, {'content-type': 'application/json'});
			res.end(JSON.stringify(body));
		};
		const run = slot();
		if (req.url === '/health') return json(200, {ok: true});
		if (req.url === '/ready') return run ? json(200, {model: run}) : json(503, {error: 'no model loaded'});
		if (req.url === '/ops/model')
			return json(200, {serving: {run_id: run ?? null}, promoted: {run_id: run ?? null}});
		if (req.url?.startsWith('/api/v1/query'))
			return json(200, {
				status: 'success',
				data: {
					resultType: 'vector',
					result: [
						{metric: {slot: 'blue'}, value: [Date.now() / 1000, '0.1']},
						{metric: {slot: 'green'}, value: [Date.now() / 1000, '0.9']},
					],
				},
			});
		if (req.url === '/api/v1/alerts')
			return json(200, {
				status: 'success',
				data: {
					alerts: [
						{
							labels: {alertname: 'ModelNotReady', severity: 'critical'},
							annotations: {summary: 'no model loaded in slot blue'},
							state: 'firing',
							activeAt: new Date(Date.now() - 120_000).toISOString(),
							value: '1',
						},
					],
				},
			});
		json(404, {});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	for (const file of ['team-daily-check.yaml', 'team-ml-service.yaml', 'team-compose-migrations.yaml'])
		writeFileSync(
			path.join(dir, file),
			readFileSync(path.join('examples', file), 'utf8').replace(
				/127\.0\.0\.1:(8080|9090)/g,
				`127.0.0.1:${port}`,
			),
		);
});
afterAll(async () => {
	await new Promise<void>(resolve => server.close(() => resolve()));
	rmSync(dir, {recursive: true, force: true});
});

// Asynchronous: the stand-in service answers from this process while the CLI runs.
const cli = (config: string, args: string[], input = '') =>
	new Promise<{code: number | null; stdout: string; stderr: string}>((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args, '--config', path.join(dir, config)], {
			cwd: dir,
			env: {...process.env, NO_COLOR: '1', PGOPS_STATE_DIR: path.join(dir, 'state'), HOME: dir}, // the host lock under this HOME: no other test's
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
		child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
		const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
		child.on('error', reject);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
		child.stdin.end(input);
	});

type Item = {name: string; level: string; value?: string; message: string; series?: string};
const checks = (stdout: string) => JSON.parse(stdout).panes.checks.items as Item[];

describe('examples/team-*.yaml', () => {
	it(
		'the daily check script: exit 0 healthy, 2 unhealthy with its reason, 1 critical',
		{timeout: 120_000},
		async () => {
			const state = path.join(dir, 'daily-check.state');
			writeFileSync(state, '2');
			const insufficient = await cli('team-daily-check.yaml', ['status', '--json']);
			expect(insufficient.code).toBe(2);
			expect(checks(insufficient.stdout)).toEqual([
				expect.objectContaining({
					name: 'daily-report',
					level: 'warning',
					value: 'exit 2',
					message: 'insufficient data: 2 of 5 sources reported today',
				}),
			]);
			writeFileSync(state, '1');
			const text = await cli('team-daily-check.yaml', ['status']);
			expect(text.code).toBe(2);
			expect(text.stdout).toMatch(/daily-report\s+exit 1 .*CRITICAL error: the reports database refused/);
			writeFileSync(state, '0');
			expect((await cli('team-daily-check.yaml', ['status'])).code).toBe(0);
			const rerun = await cli('team-daily-check.yaml', ['run', 'rerun-daily-check', '--read-only', '--yes']);
			expect(rerun.code).toBe(0);
		},
	);

	it(
		'the ML service: /health and /ready apart, PromQL per slot, its alert firing; promote and rollback through the stand-in CLI',
		{timeout: 120_000},
		async () => {
			const before = await cli('team-ml-service.yaml', ['status', '--json']);
			expect(before.code, before.stdout + before.stderr).toBe(2);
			const report = JSON.parse(before.stdout);
			expect(report.panes.alerts.items[0]).toMatchObject({
				name: 'ModelNotReady',
				state: 'firing',
				level: 'critical',
			});
			const byName = Object.fromEntries(checks(before.stdout).map(i => [`${i.name}${i.series ?? ''}`, i]));
			expect(byName['health']).toMatchObject({level: 'ok'});
			expect(byName['ready']).toMatchObject({level: 'critical', message: 'HTTP 503, expected 2xx'});
			expect(byName['error-rate{slot="blue"}']).toMatchObject({level: 'ok', value: '0.1'});
			expect(byName['error-rate{slot="green"}']).toMatchObject({level: 'warning', value: '0.9'});

			const promoted = await cli(
				'team-ml-service.yaml',
				['run', 'promote', '--input', 'run_id=run-2026-12-04', '--yes'],
				`${key}\n`,
			);
			expect(promoted.code).toBe(0);
			expect(promoted.stdout).toContain('ok: check ready');
			expect(slot()).toBe('run-2026-12-04');
			expect(
				`${promoted.stdout}${readFileSync(path.join(dir, 'state', 'audit.jsonl'), 'utf8')}`,
			).not.toContain(key);
			const after = checks((await cli('team-ml-service.yaml', ['status', '--json'])).stdout);
			expect(after.find(i => i.name === 'ready')).toMatchObject({level: 'ok'});
			expect(after.find(i => i.name === 'model')).toMatchObject({level: 'ok'});

			// A second promotion, then rollback: slot blue serves the first run again, ready and verified.
			const second = await cli(
				'team-ml-service.yaml',
				['run', 'promote', '--input', 'run_id=run-2026-12-05', '--yes'],
				`${key}\n`,
			);
			expect(second.code).toBe(0);
			expect(slot()).toBe('run-2026-12-05');
			const rolledBack = await cli('team-ml-service.yaml', ['run', 'rollback', '--yes']);
			expect(rolledBack.code).toBe(0);
			expect(rolledBack.stdout).toContain('ok: check ready');
			expect(slot()).toBe('run-2026-12-04');
		},
	);

	it(
		'the compose VM: migrations planned under the advisory lock, refused without the version',
		{timeout: 120_000},
		async () => {
			const missing = await cli('team-compose-migrations.yaml', ['run', 'migrate', '--dry-run']);
			expect(missing.code).toBe(1);
			expect(missing.stderr).toContain('version is needed (number: the schema version to reach)');
			const plan = await cli('team-compose-migrations.yaml', [
				'run',
				'migrate',
				'--input',
				'version=12',
				'--dry-run',
			]);
			expect(plan.stdout).toContain('pg_try_advisory_lock(4242)');
			expect(plan.stdout).toContain('run --rm api python -m app.migrate --to 12');
			expect(plan.stdout).toMatch(/select max\(version\) from schema_migrations.*'12'/);
		},
	);
});
