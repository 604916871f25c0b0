// examples/runbooks/app-vm.md over real SSH and real PostgreSQL (the lab): every runnable step in
// order on the host as the lab's non-root user, the SQL through the tunnel, the token on standard
// input and never in the audit log, a followed log stopped by the operator, read-only refusing.
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import type {RunbookStep} from '../../source/core/runbooks/types.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import {localAuditFile} from '../../source/engine/audit.js';
import {runProcedure} from '../../source/engine/procedures/runner.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {planRunbookStep} from '../../source/engine/runbooks/plan-runbook-step.js';
import {
	appVmRunbook,
	appVmValues,
	runStep,
	stepWith,
	valuesFor,
	walkRunnableSteps,
} from '../support/app-vm-runbook.js';
import {vmSystemctl} from '../lab/index.js';
import {useLab} from '../support/use-lab.js';
import {runHeredocTranscript} from '../support/heredoc-transcript.js';

const lab = useLab('pg-ops-runbooklab');
const runbook = appVmRunbook();
let values: Record<string, string>;
beforeAll(() => {
	values = appVmValues(lab.env, {
		baseUrl: lab.info.http.baseUrl,
		envFile: lab.info.envFile,
		jobId: '',
		hostRoot: lab.info.root,
	});
});

const systemctl = (...args: string[]) => vmSystemctl(lab.info, ...args);

const run = (step: RunbookStep, given: Record<string, string>, options: {readOnly?: boolean} = {}) =>
	runStep(lab.env, runbook, step, given, {...options, operator: 'lab-operator'});

describe('examples/runbooks/app-vm.md on the lab', () => {
	it('runs every runnable step in order over SSH, each with the outcome the VM gives it', async () => {
		const results = await walkRunnableSteps(lab.env, runbook, values, 'lab-operator');
		const out = (text: string) => results.get(stepWith(runbook, text).id)!.steps[0]!.output!;
		expect(out('systemctl status app-web --no-pager')).toMatch(/Active: active \(running\)/);
		expect(out('/ops/verify')).toContain(
			readFileSync(path.join(lab.info.root, values.APP_DIR!, 'current', '.gitsha'), 'utf8').trim(),
		);
		expect(out("WHERE status = 'processing'")).toContain('(3 rows)');
		expect(out('WHERE id = <job_id>')).toContain('(1 row)');
		expect(out('gunzip -t')).toContain('is intact');
		expect(out('tail -n 20 -f')).toMatch(/stopped by the operator/);
		expect(await systemctl('is-active', 'app-orchestrator')).toBe('active');
		const audit = readFileSync(localAuditFile(), 'utf8');
		expect(audit).toContain(results.get(stepWith(runbook, '/ops/verify').id)!.correlationId);
		expect(audit).not.toContain(values.OPS_VERIFY_TOKEN);
	}, 180_000);

	it('read-only refuses a runbook step before it reaches the host', async () => {
		const step = stepWith(runbook, 'systemctl status app-web --no-pager');
		const result = await run(step, {}, {readOnly: true});
		expect(result.outcome).toBe('refused');
	});
});

// After the walk above: it restarts app-orchestrator, which the walk finds failed as seeded.
describe('a transcript with a here-document (issue 14) on the lab', () => {
	it('writes the body into the file over SSH, then runs the next command: the unit restarts', async () => {
		const file = path.posix.join(values.APP_DIR!, 'ingest.conf');
		await runHeredocTranscript(lab.env, file, {
			readFile: name => readFileSync(path.join(lab.info.root, name), 'utf8'),
			mainPid: () => systemctl('show', '-p', 'MainPID', '--value', 'app-orchestrator'),
		});
	}, 180_000);
});

// A step typed in the shell `ssh <node>` opened runs only on that machine: over SSH on the lab's VM,
// under the name the VM gives itself it runs; under another it runs nothing and says which host it is.
describe('a step for the machine an ssh opened (issue 14) on the lab', () => {
	it('runs on the VM under its own name, and under another name runs nothing', async () => {
		const marker = path.posix.join(values.APP_DIR!, 'machine-step-ran');
		const book = parseRunbook(
			['# Node', '```sh', 'ssh <node>', '```', '```sh', `touch ${marker}`, '```'].join('\n'),
			'node.md',
		);
		const step = book.sections[0]!.steps[1]!;
		const runMachineStep = async (node: string) => {
			const runtime = createRuntime(lab.env);
			try {
				return await runProcedure(runtime, planRunbookStep(lab.env, book, step, {node}), {
					confirm: async () => true,
					operator: 'lab-operator',
				});
			} finally {
				await runtime.close();
			}
		};
		// The check is a step of its own that changes nothing: failing, the run says the system is as it was.
		const elsewhere = await runMachineStep('not-the-lab-vm');
		expect(elsewhere.outcome).toBe('failed-undone');
		expect(elsewhere.message).toContain('the system is as it was before');
		expect(elsewhere.steps.map(s => [s.status, s.exitCode])).toEqual([
			['failed', 97],
			['pending', undefined],
		]);
		const said = /pg-ops: this host is (\S+), not not-the-lab-vm: nothing was run/.exec(
			elsewhere.steps[0]!.output ?? '',
		);
		expect(said).not.toBeNull();
		expect(existsSync(path.join(lab.info.root, marker))).toBe(false);
		const there = await runMachineStep(said![1]!);
		expect(there.outcome).toBe('succeeded');
		expect(existsSync(path.join(lab.info.root, marker))).toBe(true);
	}, 120_000);
});
