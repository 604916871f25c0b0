// The same Markdown runbook over real SSH and real PostgreSQL (the lab): the step runs on the host
// as the lab's non-root user, the SQL through the tunnel, the token goes on standard input and
// never into the audit log, a followed journal is stopped by the operator, read-only refuses.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ensureLabPrerequisites, startLab, stopLab, type LabInfo} from '../lab/index.js';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import type {Runbook, RunbookStep} from '../../source/core/runbooks/types.js';
import {localAuditFile} from '../../source/engine/audit.js';
import {runProcedure, type ProcedureEvent} from '../../source/engine/procedures/runner.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {planRunbookStep} from '../../source/engine/runbooks/plan-runbook-step.js';
import {opsRunbook} from '../support/ops-runbook.js';

let dir: string;
let lab: LabInfo;
let env: NamedEnvironment;
let runbook: Runbook;

beforeAll(async () => {
	await ensureLabPrerequisites();
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-runbooklab-'));
	process.env.PGOPS_STATE_DIR = path.join(dir, 'state');
	lab = await startLab({dir});
	env = pickEnvironment(loadConfigFile(lab.config), 'lab', lab.config);
	const file = path.join(dir, 'app-vm.md');
	writeFileSync(file, opsRunbook);
	runbook = parseRunbook(readFileSync(file, 'utf8'), file);
}, 120_000);

afterAll(async () => {
	delete process.env.PGOPS_STATE_DIR;
	if (dir) {
		await stopLab({dir});
		rmSync(dir, {recursive: true, force: true});
	}
});

const token = () => readFileSync(lab.envFile, 'utf8').match(/^OPS_VERIFY_TOKEN=(.*)$/m)![1]!.trim();

function step(find: (step: RunbookStep) => boolean): RunbookStep {
	return runbook.sections.flatMap(s => s.steps).find(find)!;
}

async function run(chosen: RunbookStep, values: Record<string, string> = {}, options: {readOnly?: boolean; onEvent?(event: ProcedureEvent): void; signal?: AbortSignal} = {}) {
	const runtime = createRuntime(env, {readOnly: options.readOnly});
	try {
		return await runProcedure(runtime, planRunbookStep(env, runbook, chosen, values), {confirm: async () => true, operator: 'lab-operator', onEvent: options.onEvent, signal: options.signal});
	} finally {
		await runtime.close();
	}
}

describe('a Markdown runbook on the lab', () => {
	it('a status step runs on the host over SSH and prints the unit', async () => {
		const result = await run(step(s => s.code.includes('systemctl status app-web')));
		expect(result.outcome, result.message).toBe('succeeded');
		expect(result.steps[0]!.output).toMatch(/Active: active \(running\)/);
	});

	it('an SQL step runs through the tunnel on the real PostgreSQL and returns the stuck rows', async () => {
		const result = await run(step(s => s.kind === 'sql'), {hours: '1'});
		expect(result.outcome, result.message).toBe('succeeded');
		expect(result.steps[0]!.output).toMatch(/^ id\s+\| kind\s+\| status/m);
		expect(result.steps[0]!.output).toContain('(3 rows)');
	});

	it('the token step gets 200 with the token on standard input; the token is in no audit line', async () => {
		const value = token();
		const result = await run(step(s => s.code.includes('/ops/verify')), {OPS_VERIFY_TOKEN: value, APP_URL: lab.http.baseUrl});
		expect(result.outcome, result.message).toBe('succeeded');
		expect(result.steps[0]!.output).toContain('200');
		const audit = readFileSync(localAuditFile(), 'utf8');
		expect(audit).toContain(result.correlationId);
		expect(audit).not.toContain(value);
	});

	it('a followed journal streams over SSH until the operator stops it', async () => {
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

	it('read-only refuses a runbook step before it reaches the host', async () => {
		const result = await run(step(s => s.code.includes('systemctl status app-web')), {}, {readOnly: true});
		expect(result.outcome).toBe('refused');
	});
});
