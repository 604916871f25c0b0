// A Markdown runbook's steps on the demo through the real runner, judged by what they print and
// change: the service's status, the stuck jobs' rows, the ops token accepted (and never in the
// audit log), a followed journal stopped by the operator, a failing command's exit code, read-only
// refusing every step; and the console's runbook desk walking a step to "done, exit 0".
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemo, stopDemo, type DemoInfo} from '../../source/demo/index.js';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import type {Runbook, RunbookStep} from '../../source/core/runbooks/types.js';
import {localAuditFile} from '../../source/engine/audit.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {runProcedure, type ProcedureEvent} from '../../source/engine/procedures/runner.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {planRunbookStep} from '../../source/engine/runbooks/plan-runbook-step.js';
import {exitCodeOf} from '../../source/engine/runbooks/step-outcome.js';
import {opsRunbook} from '../support/ops-runbook.js';

let dir: string;
let info: DemoInfo;
let env: NamedEnvironment;
let runbook: Runbook;
let file: string;

beforeAll(async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-runbook-'));
	process.env.PGOPS_STATE_DIR = path.join(dir, 'state');
	info = await startDemo({dir: path.join(dir, 'demo')});
	env = pickEnvironment(loadConfigFile(info.config), 'demo', info.config);
	file = path.join(dir, 'app-vm.md');
	writeFileSync(file, opsRunbook);
	runbook = parseRunbook(readFileSync(file, 'utf8'), file);
}, 60_000);

afterAll(async () => {
	await stopDemo({dir: path.join(dir, 'demo')});
	delete process.env.PGOPS_STATE_DIR;
	rmSync(dir, {recursive: true, force: true});
});

const token = () => readFileSync(info.envFile, 'utf8').match(/^OPS_VERIFY_TOKEN=(.*)$/m)![1]!.trim();

function step(find: (step: RunbookStep) => boolean): RunbookStep {
	const found = runbook.sections.flatMap(s => s.steps).find(find);
	if (!found) throw new Error(`no such step in the test runbook; it has: ${runbook.sections.flatMap(s => s.steps).map(s => s.title).join(' | ')}`);
	return found;
}

async function run(chosen: RunbookStep, values: Record<string, string> = {}, options: {readOnly?: boolean; onEvent?(event: ProcedureEvent): void; signal?: AbortSignal} = {}) {
	const runtime = createRuntime(env, {readOnly: options.readOnly});
	try {
		const plan = planRunbookStep(env, runbook, chosen, values);
		return await runProcedure(runtime, plan, {confirm: async () => true, operator: 'runbook-test', onEvent: options.onEvent, signal: options.signal});
	} finally {
		await runtime.close();
	}
}

describe('a Markdown runbook on the demo', () => {
	it('a status step prints the unit as the service manager sees it', async () => {
		const result = await run(step(s => s.code.includes('systemctl status app-web')));
		expect(result.outcome, result.message).toBe('succeeded');
		expect(result.steps[0]!.output).toMatch(/app-web\.service/);
		expect(result.steps[0]!.output).toMatch(/Active: active \(running\)/);
	});

	it('an SQL step with a placeholder returns the stuck jobs\' rows', async () => {
		const result = await run(step(s => s.kind === 'sql'), {hours: '1'});
		expect(result.outcome, result.message).toBe('succeeded');
		const output = result.steps[0]!.output!;
		expect(output).toMatch(/^ id\s+\| kind\s+\| status/m);
		expect(output.match(/\| processing /g)).toHaveLength(3);
		expect(output).toContain('(3 rows)');
	});

	it('a step using $OPS_VERIFY_TOKEN gets 200 with the token given as a masked value, and the token is in no audit line', async () => {
		const value = token();
		const result = await run(step(s => s.code.includes('/ops/verify')), {OPS_VERIFY_TOKEN: value, APP_URL: info.http.baseUrl});
		expect(result.outcome, result.message).toBe('succeeded');
		expect(result.steps[0]!.output).toContain('200');
		expect(result.steps[0]!.command).not.toContain(value);
		const audit = readFileSync(localAuditFile(), 'utf8');
		expect(audit).toContain(result.correlationId);
		expect(audit).not.toContain(value);
	});

	it('the same step with a wrong token fails, with the command\'s exit code', async () => {
		const result = await run(step(s => s.code.includes('/ops/verify')), {OPS_VERIFY_TOKEN: 'not-the-token-at-all', APP_URL: info.http.baseUrl});
		expect(result.outcome).toBe('failed-not-undone');
		expect(exitCodeOf(result.steps[0]!.output!)).toBe(22); // curl --fail on HTTP 401
	});

	it('a followed journal streams its lines until the operator stops it, and that is not a failure', async () => {
		const stop = new AbortController();
		const streamed: string[] = [];
		const result = await run(step(s => s.longRunning), {}, {
			signal: stop.signal,
			onEvent: event => {
				if (event.type !== 'output') return;
				streamed.push(event.text);
				stop.abort();
			},
		});
		expect(result.outcome, result.message).toBe('succeeded');
		expect(streamed.join('')).toMatch(/app-web/);
		expect(result.steps[0]!.output).toMatch(/stopped by the operator/);
	}, 30_000);

	it('read-only: every step is refused, even one that only reads', async () => {
		const result = await run(step(s => s.code.includes('systemctl status app-web')), {}, {readOnly: true});
		expect(result.outcome).toBe('refused');
		expect(result.message).toContain('read-only');
	});

	it('in the console: the desk runs a step through the session and keeps done, exit 0 and its output', async () => {
		const engine = new ConsoleEngine(env);
		try {
			expect(engine.runbook.open(file)).toBe(true);
			const chosen = step(s => s.code.includes('systemctl status app-web'));
			expect(engine.runbook.runStep(chosen.id, {})).toBe(true);
			await until(() => engine.store.getSnapshot().procedure?.phase === 'plan-ready');
			engine.confirmProcedure('y');
			await until(() => engine.store.getSnapshot().procedure?.phase === 'done', 30_000);
			const state = engine.store.getSnapshot().runbook!.steps[chosen.id]!;
			expect(state).toMatchObject({status: 'done', exitCode: 0, runs: 1});
			expect(state.output.join('\n')).toMatch(/Active: active \(running\)/);
		} finally {
			await engine.dispose();
		}
	}, 40_000);
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('timed out waiting');
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}
