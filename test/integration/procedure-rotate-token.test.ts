// rotate-token judged by the world, on the demo (local) and the lab (real SSH, non-root user): the
// service really accepts the new token and refuses the old one, the env file really holds it with its
// mode and owner, a failed verification really puts the old token back, and no token reaches a log.
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemo, stopDemo, type DemoInfo} from '../../source/demo/index.js';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import {type LabInfo, vmSystemctl} from '../lab/index.js';
import {useLab} from '../support/use-lab.js';
import {shortenSteadyHolds, testSteadySeconds} from '../support/steady-holds.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {parseEnvFile} from '../../source/demo/env-file.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {plannerFor, type ProcedureOptions} from '../../source/engine/procedures/registry.js';
import {runProcedure} from '../../source/engine/procedures/runner.js';
import {runCli} from '../support/cli.js';

// Bounds, not expectations: on a loaded 2-core machine a demo or a lab VM starts in 30 to 90 s, and a
// procedure with its restarts and checks, run twice through the CLI, can take a minute.
const startTimeoutMs = 400_000;
const procedureTestTimeoutMs = 180_000;

// The demo's tests start the demo and the lab's start the lab, each in its describe's hooks: the
// demo is stopped before the lab VM boots, nothing idles beside the tests that do not use it, and a
// run of the demo's tests alone (-t "two operators") starts no VM.
let dir: string;
/** Where pg-ops keeps the audit log: the demo's tests' dir, then the lab's. */
let stateDir: string;
let demo: DemoInfo;
let lab: LabInfo;
let demoEnv: NamedEnvironment;
let labEnv: NamedEnvironment;

async function rotate(env: NamedEnvironment, options: ProcedureOptions = {}, readOnly = false) {
	const runtime = createRuntime(env, {readOnly});
	try {
		const plan = await plannerFor('rotate-token')!(runtime, options);
		return {
			plan,
			result: await runProcedure(runtime, plan, {confirm: async () => true, operator: 'test-operator'}),
		};
	} finally {
		await runtime.close();
	}
}

const tokenIn = (envFile: string) => parseEnvFile(readFileSync(envFile, 'utf8')).OPS_VERIFY_TOKEN!;
const statusWith = async (baseUrl: string, token: string) =>
	(await fetch(`${baseUrl}/ops/verify`, {headers: {'x-ops-token': token}})).status;
const auditText = () => readFileSync(path.join(stateDir, 'audit.jsonl'), 'utf8');
const filesBeside = (file: string) =>
	readdirSync(path.dirname(file)).filter(name => name !== path.basename(file));
/** No service restarts after the write, and the verify endpoint is given 2 s (not 10) to accept the value it never will. */
const failingRotation = (env: NamedEnvironment): NamedEnvironment => {
	const secret = env.secrets[0]!;
	return {...env, secrets: [{...secret, restart: [], verify: {...secret.verify!, withinSeconds: 2}}]};
};
const modeAndOwner = (file: string) => {
	const stats = statSync(file);
	return {mode: stats.mode & 0o7777, uid: stats.uid, gid: stats.gid};
};

describe('rotate-token on the demo', {timeout: procedureTestTimeoutMs}, () => {
	beforeAll(async () => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-rotate-'));
		stateDir = path.join(dir, 'state');
		process.env.PGOPS_STATE_DIR = stateDir;
		demo = await startDemo({dir: path.join(dir, 'demo')});
		// What is judged is the token files and what the service accepts; the hold after a start has tests of its own.
		shortenSteadyHolds(demo.config);
		demoEnv = pickEnvironment(loadConfigFile(demo.config), 'demo', demo.config);
	}, startTimeoutMs);

	// By dir, not by what started: a half-started demo is stopped too.
	afterAll(async () => {
		if (!dir) return;
		await stopDemo({dir: path.join(dir, 'demo')});
		delete process.env.PGOPS_STATE_DIR;
		rmSync(dir, {recursive: true, force: true});
	}, startTimeoutMs);

	it('through pg-ops run with a hand-off: the new token works, the old is refused, mode kept, no token in the output or the audit log', async () => {
		const old = tokenIn(demo.envFile);
		const before = modeAndOwner(demo.envFile);
		const handedTo = path.join(dir, 'handed-off-token');
		const config = YAML.parse(readFileSync(demo.config, 'utf8')) as {
			environments: {demo: {secrets: Array<Record<string, unknown>>}};
		};
		config.environments.demo.secrets[0]!.handOff = {command: `cat > '${handedTo}'`};
		const configFile = path.join(dir, 'demo-hand-off.yaml');
		writeFileSync(configFile, YAML.stringify(config));

		const cli = runCli(['run', 'rotate-token', '--config', configFile, '--yes'], {
			env: {PGOPS_STATE_DIR: stateDir},
		});
		expect(cli.code, cli.stdout + cli.stderr).toBe(0);
		const fresh = tokenIn(demo.envFile);
		expect(fresh).toMatch(/^[0-9a-f]{64}$/);
		expect(fresh).not.toBe(old);
		expect(await statusWith(demo.http.baseUrl, fresh)).toBe(200);
		expect(await statusWith(demo.http.baseUrl, old)).toBe(401);
		expect(modeAndOwner(demo.envFile)).toEqual(before);
		expect(readFileSync(handedTo, 'utf8').trim()).toBe(fresh);
		// The backup held the old value: once the new one is verified and handed off, it is removed.
		expect(filesBeside(demo.envFile).filter(name => name.includes('.pg-ops-backup-'))).toEqual([]);
		expect(cli.stdout).toMatch(/\[done\] \d+\. remove the backup .*pg-ops-backup-/);
		for (const text of [cli.stdout, cli.stderr, auditText()]) {
			expect(text).not.toContain(old);
			expect(text).not.toContain(fresh);
		}
	});

	it('without a hand-off, the new value is shown once and the old never', async () => {
		const old = tokenIn(demo.envFile);
		const {result} = await rotate(demoEnv);
		expect(result.outcome, result.message).toBe('succeeded');
		const fresh = tokenIn(demo.envFile);
		expect(result.reveal?.value).toBe(fresh);
		expect(await statusWith(demo.http.baseUrl, fresh)).toBe(200);
		expect(auditText()).not.toContain(old);
		expect(auditText()).not.toContain(fresh);
		for (const name of filesBeside(demo.envFile)) rmSync(path.join(path.dirname(demo.envFile), name));
	});

	it('a verification that fails (nothing restarts, so the service keeps the old token) puts the old value back', async () => {
		const old = tokenIn(demo.envFile);
		const bytes = readFileSync(demo.envFile);
		const before = modeAndOwner(demo.envFile);
		// Nothing restarts, so the new value is never accepted: a short wait for it proves the same undo.
		const noRestart = failingRotation(demoEnv);
		const {result} = await rotate(noRestart);
		expect(result.outcome, result.message).toBe('failed-undone');
		expect(result.message).toContain('accepts the new value');
		expect(readFileSync(demo.envFile)).toEqual(bytes);
		expect(modeAndOwner(demo.envFile)).toEqual(before);
		expect(await statusWith(demo.http.baseUrl, old)).toBe(200);
		expect(filesBeside(demo.envFile)).toEqual([]); // no temp file, and the (identical) backup removed
		expect(auditText()).not.toContain(old);
	});

	it("two operators (issue 11 item 9): bob rotates while alice reads her plan; alice's stale plan never undoes bob's token unseen", async () => {
		const runtime = createRuntime(demoEnv);
		const replan = () => plannerFor('rotate-token')!(runtime, {});
		let bobs = '';
		// Bob's whole rotation, through the CLI, while alice's plan waits at her confirmation.
		const bobRotates = async () => {
			const cli = runCli(['run', 'rotate-token', '--config', demo.config, '--yes'], {
				env: {PGOPS_STATE_DIR: stateDir},
			});
			expect(cli.code, cli.stdout + cli.stderr).toBe(0);
			bobs = tokenIn(demo.envFile);
			return true;
		};
		try {
			// Nobody to ask again (as with --yes): refused, bob's token stays and works.
			const refused = await runProcedure(runtime, await replan(), {
				confirm: bobRotates,
				replan,
				operator: 'alice',
			});
			expect(refused.outcome, refused.message).toBe('refused');
			expect(refused.message).toContain(
				'changed since the plan was made (its value is not shown)); nothing was run',
			);
			expect(tokenIn(demo.envFile)).toBe(bobs);
			expect(await statusWith(demo.http.baseUrl, bobs)).toBe(200);

			// Asked again with the plan made under the lock: she sees the change, confirms, and replaces bob's value knowingly.
			const asked: string[][] = [];
			const again = await runProcedure(runtime, await replan(), {
				confirm: bobRotates,
				replan,
				reconfirm: async (_fresh, changes) => {
					asked.push(changes);
					return true;
				},
				operator: 'alice',
			});
			expect(again.outcome, again.message).toBe('succeeded');
			expect(asked).toHaveLength(1);
			expect(asked[0]!.join('\n')).toMatch(/OPS_VERIFY_TOKEN in .* changed since the plan was made/);
			const alices = tokenIn(demo.envFile);
			expect(again.reveal?.value).toBe(alices);
			expect(await statusWith(demo.http.baseUrl, alices)).toBe(200);
			// Her check that the old value is refused tested bob's value, the one really replaced.
			expect(await statusWith(demo.http.baseUrl, bobs)).toBe(401);
			for (const text of [JSON.stringify(asked), refused.message, auditText()]) {
				expect(text).not.toContain(bobs);
				expect(text).not.toContain(alices);
			}
		} finally {
			await runtime.close();
		}
	});

	it('read-only refuses it and nothing changes', async () => {
		const bytes = readFileSync(demo.envFile);
		const {result} = await rotate(demoEnv, {}, true);
		expect(result.outcome, result.message).toBe('refused');
		expect(readFileSync(demo.envFile)).toEqual(bytes);
		expect(filesBeside(demo.envFile)).toEqual([]);
	});
});

describe('rotate-token on the lab (over SSH, as a non-root user)', {timeout: procedureTestTimeoutMs}, () => {
	const used = useLab('pg-ops-rotate-lab', {steadySeconds: testSteadySeconds});
	beforeAll(() => {
		lab = used.info;
		stateDir = used.stateDir;
		labEnv = used.env;
		// The lab's config can't name a hand-off yet: the laptop's copy of the token is DIR/ops-token.
		labEnv.secrets[0]!.handOff = {command: `cat > '${path.join(lab.dir, 'ops-token')}'`};
	});

	const opsToken = () => readFileSync(path.join(lab.dir, 'ops-token'), 'utf8').trim();

	it('the new token works, the old is refused, mode and owner kept, and the laptop copy updated', async () => {
		const old = tokenIn(lab.envFile);
		expect(opsToken()).toBe(old);
		const before = modeAndOwner(lab.envFile);
		const webPid = await vmSystemctl(lab, 'show', '-p', 'MainPID', '--value', 'app-web');
		const {result} = await rotate(labEnv);
		expect(result.outcome, result.message).toBe('succeeded');
		expect(result.reveal).toBeUndefined();
		// The VM's systemd restarted the unit that reads the env file.
		expect(await vmSystemctl(lab, 'show', '-p', 'MainPID', '--value', 'app-web')).not.toBe(webPid);
		const fresh = tokenIn(lab.envFile);
		expect(fresh).not.toBe(old);
		expect(await statusWith(lab.http.baseUrl, fresh)).toBe(200);
		expect(await statusWith(lab.http.baseUrl, old)).toBe(401);
		expect(modeAndOwner(lab.envFile)).toEqual(before);
		expect(opsToken()).toBe(fresh);
		expect(filesBeside(lab.envFile).filter(name => name.includes('.pg-ops-backup-'))).toEqual([]);
		expect(auditText()).not.toContain(old);
		expect(auditText()).not.toContain(fresh);
	});

	it('a verification that fails puts the old value back, and the old token still works', async () => {
		const old = tokenIn(lab.envFile);
		const bytes = readFileSync(lab.envFile);
		const before = modeAndOwner(lab.envFile);
		const leftovers = filesBeside(lab.envFile);
		const noRestart = failingRotation(labEnv);
		const {result} = await rotate(noRestart);
		expect(result.outcome, result.message).toBe('failed-undone');
		expect(readFileSync(lab.envFile)).toEqual(bytes);
		expect(modeAndOwner(lab.envFile)).toEqual(before);
		expect(await statusWith(lab.http.baseUrl, old)).toBe(200);
		expect(opsToken()).toBe(old); // the hand-off never ran
		expect(filesBeside(lab.envFile)).toEqual(leftovers);
	});

	it('read-only refuses it and nothing changes', async () => {
		const bytes = readFileSync(lab.envFile);
		const leftovers = filesBeside(lab.envFile);
		const {result} = await rotate(labEnv, {}, true);
		expect(result.outcome, result.message).toBe('refused');
		expect(readFileSync(lab.envFile)).toEqual(bytes);
		expect(filesBeside(lab.envFile)).toEqual(leftovers);
	});
});
