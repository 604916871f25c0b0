// switch-slot judged by the world, on the demo (local) and the lab (real SSH, non-root user): `current`
// really points at the other release and the service really serves its sha; a broken release really
// ends with `current` back on the old one and the old version served.
import {readdirSync, readFileSync, readlinkSync, renameSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemoAndLab, stopDemoAndLab} from '../support/demo-and-lab.js';
import {testSteadySeconds} from '../support/steady-holds.js';
import type {DemoInfo} from '../../source/demo/index.js';
import {type LabInfo, vmSystemctl} from '../lab/index.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {parseEnvFile} from '../../source/demo/env-file.js';
import type {Plan} from '../../source/core/procedures/plan.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {plannerFor} from '../../source/engine/procedures/registry.js';
import {runProcedure} from '../../source/engine/procedures/runner.js';
import {runCli} from '../support/cli.js';

// Bounds, not expectations: on a loaded 2-core machine a demo and a lab VM start in 30 to 90 s, and a
// procedure with its restarts and checks, run twice through the CLI, can take a minute.
const startTimeoutMs = 400_000;
const procedureTestTimeoutMs = 180_000;

let dir: string;
// Its own temp dir: the lab user must be able to reach it, and mkdtemp's parent is private.
let labDir: string;
let stateDir: string;
let demo: DemoInfo;
let lab: LabInfo;
let demoEnv: NamedEnvironment;
let labEnv: NamedEnvironment;

beforeAll(async () => {
	({dir, labDir, stateDir, demo, lab, demoEnv, labEnv} = await startDemoAndLab('pg-ops-switch', {
		steadySeconds: testSteadySeconds,
	}));
}, startTimeoutMs);

afterAll(() => stopDemoAndLab({dir, labDir}));

type World = {root: string; envFile: string; baseUrl: string};
const demoWorld = (): World => ({root: demo.root, envFile: demo.envFile, baseUrl: demo.http.baseUrl});
const labWorld = (): World => ({root: lab.root, envFile: lab.envFile, baseUrl: lab.http.baseUrl});

const appBase = (w: World) => path.join(w.root, 'opt/app');
const linkTarget = (w: World) => readlinkSync(path.join(appBase(w), 'current'));
const shaOf = (w: World, release: string) =>
	readFileSync(path.join(appBase(w), 'releases', release, '.gitsha'), 'utf8').trim();
const tempLinks = (w: World) => readdirSync(appBase(w)).filter(name => name.includes('.tmp.'));
async function served(w: World): Promise<{git_sha: string; slot: string}> {
	const token = parseEnvFile(readFileSync(w.envFile, 'utf8')).OPS_VERIFY_TOKEN!;
	const response = await fetch(`${w.baseUrl}/ops/verify`, {headers: {'x-ops-token': token}});
	expect(response.status).toBe(200);
	return (await response.json()) as {git_sha: string; slot: string};
}

async function planSwitch(
	env: NamedEnvironment,
	readOnly = false,
): Promise<{plan: Plan; run: () => ReturnType<typeof runProcedure>}> {
	const runtime = createRuntime(env, {readOnly});
	const plan = await plannerFor('switch-slot')!(runtime, {});
	return {
		plan,
		run: () =>
			runProcedure(runtime, plan, {confirm: async () => true, operator: 'test-operator'}).finally(() =>
				runtime.close(),
			),
	};
}

async function expectServing(w: World, release: 'blue' | 'green'): Promise<void> {
	expect(linkTarget(w)).toBe(`releases/${release}`);
	expect(await served(w)).toMatchObject({git_sha: shaOf(w, release), slot: release});
	expect(tempLinks(w)).toEqual([]);
}

describe('switch-slot on the demo', {timeout: procedureTestTimeoutMs}, () => {
	it('through pg-ops run: current points at green and green is served; run again: back to blue', async () => {
		await expectServing(demoWorld(), 'blue');
		const toGreen = runCli(['run', 'switch-slot', '--config', demo.config, '--yes'], {
			env: {PGOPS_STATE_DIR: stateDir},
		});
		expect(toGreen.code, toGreen.stdout + toGreen.stderr).toBe(0);
		expect(toGreen.stdout).toMatch(
			/blue \(sha [0-9a-f]{7}, 2026\.11\.2\) -> green \(sha [0-9a-f]{7}, 2026\.11\.3\)/,
		);
		await expectServing(demoWorld(), 'green');
		const toBlue = runCli(['run', 'switch-slot', '--config', demo.config, '--yes'], {
			env: {PGOPS_STATE_DIR: stateDir},
		});
		expect(toBlue.code, toBlue.stdout + toBlue.stderr).toBe(0);
		expect(toBlue.stdout).toContain('switch slot green -> blue');
		await expectServing(demoWorld(), 'blue');
	});

	it('a new release whose service fails to start: switched back, restarted, the old version served', async () => {
		const releaseFile = path.join(appBase(demoWorld()), 'releases/green/release.json');
		const {plan, run} = await planSwitch(demoEnv);
		renameSync(releaseFile, `${releaseFile}.broken`); // app-web can't read its release: it exits at start-up
		try {
			const result = await run();
			expect(plan.title).toBe('switch slot blue -> green');
			expect(result.outcome, result.message).toBe('failed-undone');
			expect(result.message).toContain('restart app-web');
			await expectServing(demoWorld(), 'blue');
		} finally {
			renameSync(`${releaseFile}.broken`, releaseFile);
		}
	});

	it('read-only refuses it and nothing changes', async () => {
		const before = (await served(demoWorld())).git_sha;
		const result = await (await planSwitch(demoEnv, true)).run();
		expect(result.outcome, result.message).toBe('refused');
		expect(linkTarget(demoWorld())).toBe('releases/blue');
		expect((await served(demoWorld())).git_sha).toBe(before);
	});
});

describe('switch-slot on the lab (over SSH, as a non-root user)', {timeout: procedureTestTimeoutMs}, () => {
	it('current points at green and green is served; run again: back to blue', async () => {
		await expectServing(labWorld(), 'blue');
		const webPid = await vmSystemctl(lab, 'show', '-p', 'MainPID', '--value', 'app-web');
		const toGreen = await (await planSwitch(labEnv)).run();
		// The VM's systemd restarted app-web onto the new release.
		expect(await vmSystemctl(lab, 'show', '-p', 'MainPID', '--value', 'app-web')).not.toBe(webPid);
		expect(toGreen.outcome, toGreen.message).toBe('succeeded');
		await expectServing(labWorld(), 'green');
		const toBlue = await (await planSwitch(labEnv)).run();
		expect(toBlue.outcome, toBlue.message).toBe('succeeded');
		await expectServing(labWorld(), 'blue');
	});

	it('the new release serves another sha than planned: the verification fails, it is switched back and the old version served', async () => {
		const shaFile = path.join(appBase(labWorld()), 'releases/green/.gitsha');
		const original = readFileSync(shaFile, 'utf8');
		// The planned sha is never served: 3 s (not 10) to serve it proves the same switch back, whose own
		// check (blue served again, right after its restart answered its health URL) has as long.
		const slots = labEnv.slots!;
		const {plan, run} = await planSwitch({
			...labEnv,
			slots: {...slots, verify: {...slots.verify, withinSeconds: 3}},
		});
		writeFileSync(shaFile, `${'0'.repeat(40)}\n`); // a different build landed in green after the plan was read
		try {
			const result = await run();
			expect(plan.summary[0]).toContain(`green (sha ${original.slice(0, 7)}`);
			expect(result.outcome, result.message).toBe('failed-undone');
			expect(result.message).toContain('git_sha');
			await expectServing(labWorld(), 'blue');
		} finally {
			writeFileSync(shaFile, original);
		}
	});

	it('read-only refuses it and nothing changes', async () => {
		const result = await (await planSwitch(labEnv, true)).run();
		expect(result.outcome, result.message).toBe('refused');
		await expectServing(labWorld(), 'blue');
	});
});
