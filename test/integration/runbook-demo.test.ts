// examples/runbooks/app-vm.md on the demo, every runnable step through the real runner in the
// file's order, judged by what the steps print and change: the units' status (and the exit code
// of the one that reports a failed unit), the live release, the stuck jobs' rows, a backup's
// integrity, the orchestrator restarted, a followed log stopped by the operator; the ops token
// given as a masked value and never in the audit log; read-only refusing every step; and the
// console's runbook desk walking a step to "done, exit 0".
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemo, stopDemo, type DemoInfo} from '../../source/demo/index.js';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import type {Runbook, RunbookStep} from '../../source/core/runbooks/types.js';
import {localAuditFile} from '../../source/engine/audit.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {runProcedure, type ProcedureResult} from '../../source/engine/procedures/runner.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {planRunbookStep} from '../../source/engine/runbooks/plan-runbook-step.js';
import {exitCodeOf} from '../../source/engine/runbooks/step-outcome.js';
import {appVmRunbook, appVmRunbookFile, appVmValues, runnableSteps, stepWith, valuesFor} from '../support/app-vm-runbook.js';

let dir: string;
let info: DemoInfo;
let env: NamedEnvironment;
let runbook: Runbook;
let values: Record<string, string>;

beforeAll(async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-runbook-'));
	process.env.PGOPS_STATE_DIR = path.join(dir, 'state');
	info = await startDemo({dir: path.join(dir, 'demo')});
	env = pickEnvironment(loadConfigFile(info.config), 'demo', info.config);
	runbook = appVmRunbook();
	// job_id comes from the stuck-jobs step's own answer, below.
	values = appVmValues(env, {baseUrl: info.http.baseUrl, envFile: info.envFile, jobId: ''});
}, 60_000);

afterAll(async () => {
	await stopDemo({dir: path.join(dir, 'demo')});
	delete process.env.PGOPS_STATE_DIR;
	rmSync(dir, {recursive: true, force: true});
});

const systemctl = (...args: string[]) => execFileSync(path.join(info.root, 'bin/systemctl'), args, {encoding: 'utf8'}).trim();

/** A step through the one runner; a followed one is stopped once its first lines arrived, as an operator would. */
async function run(step: RunbookStep, given: Record<string, string>, options: {readOnly?: boolean} = {}): Promise<ProcedureResult> {
	const runtime = createRuntime(env, {readOnly: options.readOnly});
	const stop = new AbortController();
	try {
		return await runProcedure(runtime, planRunbookStep(env, runbook, step, given), {
			confirm: async () => true,
			operator: 'runbook-test',
			signal: stop.signal,
			onEvent: event => event.type === 'output' && stop.abort(),
		});
	} finally {
		await runtime.close();
	}
}

describe('examples/runbooks/app-vm.md on the demo', () => {
	it('runs every runnable step in order, each with the outcome the VM gives it', async () => {
		const results = new Map<string, ProcedureResult>();
		for (const step of runnableSteps(runbook)) {
			const result = await run(step, valuesFor(step, values));
			results.set(step.id, result);
			const output = result.steps[0]!.output ?? '';
			if (step.code.includes('systemctl status app-web app-orchestrator app-intake')) {
				// app-orchestrator is failed on the demo: systemctl says so with exit 3, and the step fails with it.
				expect(result.outcome, output).toBe('failed-not-undone');
				expect(exitCodeOf(output)).toBe(3);
				expect(output).toMatch(/app-orchestrator\.service[\s\S]*Active: failed/);
				continue;
			}
			expect(result.outcome, `${step.id} ${step.title}: ${result.message}`).toBe('succeeded');
			if (step.kind === 'sql' && !values.job_id) values.job_id = /^\s*(\d+)\s*\|/m.exec(output.split('\n').slice(2).join('\n'))![1]!;
		}
		const out = (text: string) => results.get(stepWith(runbook, text).id)!.steps[0]!.output!;
		expect(out('systemctl status app-web --no-pager')).toMatch(/Active: active \(running\)/);
		expect(out('systemctl show -p Id')).toMatch(/ActiveState=failed/);
		expect(out('/healthz')).toContain('"ok":true');
		const slot = out('readlink');
		expect(slot).toMatch(/^releases\/(blue|green)$/m);
		const liveSha = readFileSync(path.join(values.APP_DIR!, 'current', '.gitsha'), 'utf8').trim();
		expect(out('/ops/verify')).toContain(liveSha);
		expect(out('journalctl -u app-orchestrator')).toMatch(/app-orchestrator/);
		// The stuck jobs' rows, then the one picked from them.
		expect(out("WHERE status = 'processing'")).toMatch(/^ id\s+\| kind\s+\| status/m);
		expect(out("WHERE status = 'processing'")).toContain('(3 rows)');
		expect(out('WHERE id = <job_id>')).toMatch(new RegExp(`^\\s*${values.job_id}\\s*\\|.*\\| processing`, 'm'));
		expect(out('WHERE id = <job_id>')).toContain('(1 row)');
		expect(out('/api/monitoring/slo')).toContain('availability');
		expect(out('df -h')).toMatch(/Filesystem/);
		expect(out('gunzip -t')).toContain(`OK: db_${values['YYYY-MM-DD']}.sql.gz is intact`);
		expect(out('tail -n 20 -f')).toMatch(/stopped by the operator/);
		// The one step that changes the system did: the orchestrator is back.
		expect(systemctl('is-active', 'app-orchestrator')).toBe('active');
	}, 120_000);

	it('the token is given as a masked value: it works (the service answers), and no audit line holds it', async () => {
		const step = stepWith(runbook, '/ops/verify');
		const result = await run(step, valuesFor(step, values));
		expect(result.outcome, result.message).toBe('succeeded');
		expect(result.steps[0]!.command).not.toContain(values.OPS_VERIFY_TOKEN);
		const audit = readFileSync(localAuditFile(), 'utf8');
		expect(audit).toContain(result.correlationId);
		expect(audit).not.toContain(values.OPS_VERIFY_TOKEN);
	});

	it('with a wrong token the step fails with curl\'s exit code for the 401', async () => {
		const step = stepWith(runbook, '/ops/verify');
		const result = await run(step, {...valuesFor(step, values), OPS_VERIFY_TOKEN: 'not-the-token-at-all'});
		expect(result.outcome).toBe('failed-not-undone');
		expect(exitCodeOf(result.steps[0]!.output!)).toBe(22);
		expect(result.steps[0]!.output).toContain('401');
	});

	it('read-only: every step is refused, even one that only reads', async () => {
		for (const step of runnableSteps(runbook).slice(0, 3)) {
			const result = await run(step, valuesFor(step, values), {readOnly: true});
			expect(result.outcome).toBe('refused');
			expect(result.message).toContain('read-only');
		}
	});

	it('in the console: the desk runs a step through the session and keeps done, exit 0 and its output', async () => {
		const engine = new ConsoleEngine(env);
		try {
			expect(engine.runbook.open(appVmRunbookFile)).toBe(true);
			const step = stepWith(runbook, 'systemctl status app-web --no-pager');
			expect(engine.runbook.runStep(step.id, {})).toBe(true);
			await until(() => engine.store.getSnapshot().procedure?.phase === 'plan-ready');
			engine.confirmProcedure('y');
			await until(() => engine.store.getSnapshot().procedure?.phase === 'done', 30_000);
			const state = engine.store.getSnapshot().runbook!.steps[step.id]!;
			expect(state).toMatchObject({status: 'done', exitCode: 0, runs: 1});
			expect(state.output.join('\n')).toMatch(/Active: active \(running\)/);
		} finally {
			await engine.dispose();
		}
	}, 40_000);

	it('in the console: a followed log streams until the operator stops it, and the step is marked stopped', async () => {
		const engine = new ConsoleEngine(env);
		try {
			engine.runbook.open(appVmRunbookFile);
			const step = stepWith(runbook, 'tail -n 20 -f');
			expect(engine.runbook.runStep(step.id, valuesFor(step, values))).toBe(true);
			await until(() => engine.store.getSnapshot().procedure?.phase === 'plan-ready');
			engine.confirmProcedure('y');
			await until(() => (engine.store.getSnapshot().procedure?.steps[0]?.output ?? '').length > 0, 30_000);
			engine.stopProcedureStep();
			await until(() => engine.store.getSnapshot().procedure?.phase === 'done', 30_000);
			const state = engine.store.getSnapshot().runbook!.steps[step.id]!;
			expect(state).toMatchObject({status: 'stopped', runs: 1});
			expect(state.exitCode).toBeUndefined();
			expect(state.output.at(-1)).toMatch(/^stopped by the operator/);
		} finally {
			await engine.dispose();
		}
	}, 60_000);
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('timed out waiting');
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}
