// The probes against a real demo environment: every pane's data as the seed made it, then the
// console engine through a failure (a stopped service, a hung command) and back.
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {execFileSync} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {waitFor} from '../support/wait.js';
import {startDemo, stopDemo, type DemoInfo} from '../../source/demo/index.js';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {collectStatus} from '../../source/engine/status-report.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import type {PaneData} from '../../source/core/panes.js';

let dir: string;
let info: DemoInfo;
let env: NamedEnvironment;

beforeAll(async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-probes-'));
	info = await startDemo({dir});
	env = pickEnvironment(loadConfigFile(info.config), 'demo', info.config);
}, 60_000);

afterAll(async () => {
	await stopDemo({dir});
	rmSync(dir, {recursive: true, force: true});
});

describe('every pane from the demo, read through the probes', () => {
	it('shows the seeded problems and nothing else', async () => {
		const {report, panes, slot} = await collectStatus(env);
		expect(report.status).toBe('unhealthy');

		const services = panes.services.data as PaneData['services'];
		expect(services.items.map(s => [s.name, s.state, s.level])).toEqual([
			['app-web', 'active', 'ok'],
			['app-orchestrator', 'failed', 'critical'],
			['app-intake', 'active', 'ok'],
		]);
		expect(services.items[0]!.health).toMatchObject({ok: true, status: 200});
		expect(services.items[1]!.since).toBeDefined();

		const jobs = panes.jobs.data as PaneData['jobs'];
		expect(jobs.items.filter(j => j.stale).map(j => j.name)).toEqual(['calibration_trainer']);
		expect(jobs.blockers).toEqual([]);
		expect(panes.jobs.status).toBe('warning');

		const disk = panes.disk.data as PaneData['disk'];
		expect(disk.items).toHaveLength(1);
		expect(disk.items[0]).toMatchObject({level: 'ok', near: true});
		expect(disk.largest.length).toBeGreaterThan(0);
		expect(disk.largest[0]!.path.startsWith(path.join(info.root, 'opt/app/logs'))).toBe(true);

		const etl = panes.etl.data as PaneData['etl'];
		expect(etl.count).toBe(3);
		expect(etl.items.map(i => i.id)).toContain('4411');
		expect(etl.items.every(i => i.ageSeconds > 2 * 3600)).toBe(true);
		expect(panes.etl.status).toBe('critical');

		const slo = panes.slo.data as PaneData['slo'];
		expect(slo.items.map(i => [i.name, i.level])).toEqual([
			['availability', 'ok'],
			['p95', 'ok'],
			['errorRate', 'warning'],
		]);

		const gitsha = execFileSync('cat', [path.join(info.root, 'opt/app/releases/blue/.gitsha')], {
			encoding: 'utf8',
		}).trim();
		expect(slot).toMatchObject({release: 'blue', runningSha: gitsha, deployedSha: gitsha});
	});

	it('reads job freshness from the SQL table as well as from HTTP', async () => {
		const sqlEnv: NamedEnvironment = {
			...env,
			jobs: {
				source: {
					sql: {
						table: 'scheduler_job_runs',
						nameColumn: 'job_name',
						finishedColumn: 'finished_at',
						statusColumn: 'status',
						errorColumn: 'error_snippet',
					},
				},
				staleAfterMinutes: {calibration_trainer: 720},
			},
		};
		const {panes} = await collectStatus(sqlEnv);
		const jobs = panes.jobs.data as PaneData['jobs'];
		expect(jobs.items.find(j => j.name === 'calibration_trainer')).toMatchObject({stale: true});
		expect(jobs.items.find(j => j.name === 'alpha_research')).toMatchObject({
			lastStatus: 'failed',
			level: 'warning',
		});
	});
});

describe('the console engine through failures', () => {
	it('a stopped service shows as failed with its health down, other panes keep working, and it recovers', async () => {
		const engine = new ConsoleEngine({...env, refreshSeconds: 1});
		const state = () => engine.store.getSnapshot();
		const web = () =>
			(state().panes.services.data as PaneData['services'] | undefined)?.items.find(
				s => s.name === 'app-web',
			);
		const systemctl = (...args: string[]) =>
			execFileSync(path.join(info.root, 'bin/systemctl'), args, {encoding: 'utf8'});
		try {
			engine.start();
			await waitFor(() => web()?.state === 'active', 10_000, 'app-web active');
			systemctl('stop', 'app-web');
			await waitFor(
				() => web()?.state === 'inactive' && web()?.health?.ok === false,
				10_000,
				'app-web stopped and its health down',
			);
			expect(state().panes.jobs.status).toBe('error'); // its endpoint is the stopped service
			expect(state().panes.jobs.error).toMatch(/connection refused/);
			expect(state().panes.disk.status).not.toBe('error');
			expect(state().panes.etl.status).toBe('critical');
			systemctl('start', 'app-web');
			await waitFor(
				() =>
					web()?.state === 'active' && web()?.health?.ok === true && state().panes.jobs.status === 'warning',
				10_000,
				'app-web back',
			);
		} finally {
			await engine.dispose();
		}
	});

	it('a hung command times out in its own pane only', async () => {
		const slowBin = path.join(dir, 'slow-bin');
		mkdirSync(slowBin, {recursive: true});
		writeFileSync(path.join(slowBin, 'df'), '#!/bin/sh\nsleep 30\n');
		chmodSync(path.join(slowBin, 'df'), 0o755);
		const slowEnv: NamedEnvironment = {
			...env,
			shellPath: [slowBin, ...env.shellPath],
			// Long enough for the other sections' commands on a busy machine, far short of df's 30 s.
			probeTimeoutSeconds: 4,
		};
		const started = Date.now();
		const {panes} = await collectStatus(slowEnv);
		expect(Date.now() - started).toBeLessThan(25_000);
		expect(panes.disk.status).toBe('error');
		expect(panes.disk.error).toBe('df timed out on the host');
		expect(panes.services.status, panes.services.error).toBe('critical'); // its own section still ran
		expect(panes.slo.status).toBe('warning');
		expect(panes.etl.status).toBe('critical');
	});
});
