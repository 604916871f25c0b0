// A runbook step as a plan: the filled command, masked placeholders as plan secrets on standard
// input, every step mutating (read-only refuses it), shown blocks refused, and the step's outcome
// (status, exit code, output) as the checklist keeps it.
import {describe, expect, it} from 'vitest';
import {environmentSchema} from '../../source/core/config/schema.js';
import {describeAction} from '../../source/core/procedures/describe.js';
import {formatPlanText} from '../../source/core/procedures/format.js';
import {planMutates, type ShellAction, type SqlAction} from '../../source/core/procedures/plan.js';
import type {Runbook, RunbookStep} from '../../source/core/runbooks/types.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import {PlanError} from '../../source/engine/procedures/options.js';
import {planRunbookStep, planRunbookStepUnfilled, runbookStepTimeoutSeconds} from '../../source/engine/runbooks/plan-runbook-step.js';
import {exitCodeOf, stepAfterRun} from '../../source/engine/runbooks/step-outcome.js';
import {formatSqlRows} from '../../source/core/format/sql-rows.js';
import type {FinishedRun} from '../../source/engine/procedure-session.js';

const env = {...environmentSchema.parse({transport: 'local'}), name: 'staging'};

function step(overrides: Partial<RunbookStep>): RunbookStep {
	return {id: '1.1', section: 'Check the service', title: 'systemctl status app-web', kind: 'shell', language: 'bash', code: 'systemctl status app-web', explanation: [], placeholders: [], longRunning: false, line: 12, file: 'ops/app-vm.md', ...overrides};
}

function runbookOf(...steps: RunbookStep[]): Runbook {
	return {file: 'ops/app-vm.md', title: 'App VM', sections: [{title: 'Check the service', level: 2, line: 10, explanation: [], steps}]};
}

const verify = step({
	id: '2.1',
	section: 'Verify the token',
	title: 'curl /ops/verify',
	code: 'curl -sS -H "x-ops-token: $OPS_VERIFY_TOKEN" "http://127.0.0.1:8080/ops/verify?run=<run_id>"',
	explanation: ['The service answers 200 with its git sha when the token is right.', 'A 401 means the env file and the service disagree.', 'Restart the service after a change.', 'Fourth line.'],
	placeholders: [
		{token: '$OPS_VERIFY_TOKEN', name: 'OPS_VERIFY_TOKEN', secret: true, style: 'variable'},
		{token: '<run_id>', name: 'run_id', secret: false, style: 'angle'},
	],
	line: 40,
});

describe('planRunbookStep', () => {
	it('a shell step: the filled command, one step that mutates, no undo, the file and line in the summary', () => {
		const plan = planRunbookStep(env, runbookOf(step({explanation: ['See whether the unit is up.']})), step({explanation: ['See whether the unit is up.']}), {});
		expect(plan.procedure).toBe('runbook-step');
		expect(plan.title).toBe('runbook: systemctl status app-web');
		expect(plan.env).toBe('staging');
		expect(plan.restsOn).toEqual([]);
		expect(plan.summary[0]).toBe('App VM: ops/app-vm.md:12, section "Check the service", step 1.1');
		expect(plan.summary).toContain('See whether the unit is up.');
		expect(plan.summary.at(-1)).toBe("this step is the team's own command: pg-ops can't undo it");
		expect(plan.steps).toHaveLength(1);
		const only = plan.steps[0]!;
		expect(only).toMatchObject({id: '1.1', title: 'systemctl status app-web', mutates: true});
		expect(only.undo).toBeUndefined();
		const action = only.action as ShellAction;
		expect(action.kind).toBe('shell');
		expect(action.command).toContain('systemctl status app-web');
		expect(action.follow).toBeUndefined();
		expect(action.stdinSecrets).toBeUndefined();
		expect(action.timeoutSeconds).toBe(runbookStepTimeoutSeconds);
		expect(planMutates(plan)).toBe(true);
	});

	it('masked placeholders become plan secrets read on standard input; their values appear in no description', () => {
		const token = 'tok-3f9a8b7c6d5e4f3a2b1c';
		const plan = planRunbookStep(env, runbookOf(verify), verify, {OPS_VERIFY_TOKEN: token, run_id: '4411'});
		const action = plan.steps[0]!.action as ShellAction;
		expect(plan.secrets).toEqual({OPS_VERIFY_TOKEN: token});
		expect(action.stdinSecrets).toEqual(['OPS_VERIFY_TOKEN']);
		expect(action.command).not.toContain(token);
		expect(action.command).toContain('4411');
		expect(describeAction(action, plan.secrets)).not.toContain(token);
		const text = formatPlanText(plan, false, false);
		expect(text).not.toContain(token);
		expect(text).toContain('$OPS_VERIFY_TOKEN: given, masked, sent on standard input');
		expect(text).toContain('<run_id> = 4411');
		// Three lines of the explanation, then an ellipsis: the rest is on the screen.
		expect(plan.summary).toContain('Restart the service after a change.');
		expect(plan.summary).not.toContain('Fourth line.');
		expect(plan.summary).toContain('…');
	});

	it('a step missing a placeholder value is not planned', () => {
		expect(() => planRunbookStep(env, runbookOf(verify), verify, {run_id: '1'})).toThrow(new PlanError('ops/app-vm.md:40: step 2.1 needs a value for $OPS_VERIFY_TOKEN (OPS_VERIFY_TOKEN, masked)'));
	});

	it('a long-running step follows its output, with the long time limit, and says it runs until stopped', () => {
		const follow = step({id: '3.1', title: 'journalctl -f -u app-web', code: 'journalctl -f -u app-web', longRunning: true});
		const plan = planRunbookStep(env, runbookOf(follow), follow, {});
		const action = plan.steps[0]!.action as ShellAction;
		expect(action.follow).toBe(true);
		expect(action.timeoutSeconds).toBeUndefined(); // the runner's own limit for followed commands
		expect(plan.summary.some(line => line.startsWith('runs until you stop it'))).toBe(true);
	});

	it('an SQL step runs its statements in one transaction, placeholders as parameters', () => {
		const sql = step({id: '4.1', title: 'SELECT id, status FROM jobs', kind: 'sql', language: 'sql', code: "SELECT id, status FROM jobs WHERE id = <job_id>", placeholders: [{token: '<job_id>', name: 'job_id', secret: false, style: 'angle'}]});
		const plan = planRunbookStep(env, runbookOf(sql), sql, {job_id: '4411'});
		const action = plan.steps[0]!.action as SqlAction;
		expect(action.kind).toBe('sql');
		expect(action.transaction).toBe(true);
		expect(action.showRows).toBe(true);
		expect(action.statements.length).toBeGreaterThan(0);
		expect(JSON.stringify(action.statements)).toContain('4411');
		expect(plan.steps[0]!.mutates).toBe(true);
		expect(plan.secrets).toEqual({});
	});

	it('a block that is only shown (JSON, YAML, output) can not be planned', () => {
		const shown = step({id: '5.1', title: 'expected answer', kind: 'show', language: 'json', code: '{"ok": true}'});
		expect(() => planRunbookStep(env, runbookOf(shown), shown, {})).toThrow(PlanError);
		expect(() => planRunbookStep(env, runbookOf(shown), shown, {})).toThrow('ops/app-vm.md:12: step 5.1 is a json block: pg-ops shows it but does not run it');
	});
});

describe('planRunbookStepUnfilled (--dry-run)', () => {
	it('leaves placeholders named in the command, reads masked ones from standard input, and masks nothing', () => {
		const plan = planRunbookStepUnfilled(env, runbookOf(verify), verify);
		const action = plan.steps[0]!.action as ShellAction;
		expect(plan.secrets).toEqual({});
		expect(action.stdinSecrets).toEqual(['OPS_VERIFY_TOKEN']);
		const text = formatPlanText(plan, false, false);
		expect(text).toContain("'<run_id>'");
		expect(text).toContain('$OPS_VERIFY_TOKEN');
		expect(text).not.toContain('********');
		expect(text).toContain('$OPS_VERIFY_TOKEN: asked for when it runs, masked');
		expect(text).toContain('<run_id>: asked for when it runs');
	});
});

describe('steps parsed from Markdown', () => {
	const markdown = [
		'# Web VM',
		'',
		'## Restart web',
		'',
		'Check it first.',
		'',
		'```bash',
		'systemctl status app-web --no-pager',
		'```',
		'',
		'## Stuck jobs',
		'',
		'```sql',
		"SELECT id FROM jobs WHERE status = 'processing' AND created_at < now() - interval '<hours> hours';",
		'```',
		'',
		'```json',
		'{"ok": true}',
		'```',
	].join('\n');
	const runbook = parseRunbook(markdown, 'web.md');
	const steps = runbook.sections.flatMap(section => section.steps);

	it('plans the shell and SQL steps and refuses the JSON one', () => {
		const [shell, sql, json] = steps;
		expect(shell!.kind).toBe('shell');
		expect(describeAction(planRunbookStep(env, runbook, shell!, {}).steps[0]!.action, {})).toContain('systemctl status app-web --no-pager');
		const sqlAction = planRunbookStep(env, runbook, sql!, {hours: '1'}).steps[0]!.action as SqlAction;
		expect(sqlAction.statements[0]!.params).toEqual(['1']);
		expect(sqlAction.statements[0]!.sql).not.toContain('<hours>');
		expect(() => planRunbookStep(env, runbook, json!, {})).toThrow(PlanError);
	});
});

describe('a finished run on the checklist', () => {
	const run = (overrides: Partial<FinishedRun>): FinishedRun => ({name: 'runbook-step', title: 'runbook: x', commands: ['x'], outcome: 'succeeded', message: 'runbook: x: done and verified', changes: [], tag: 'runbook-desk:1.1', outputs: ['● app-web.service\n   Active: active (running)'], at: 1, correlationId: 'c1', ...overrides});
	const pending = {status: 'pending' as const, output: [], runs: 0};

	it('a shell step that succeeded: done, exit 0, its output kept', () => {
		expect(stepAfterRun(pending, step({}), run({}))).toMatchObject({status: 'done', exitCode: 0, runs: 1, output: ['● app-web.service', '   Active: active (running)'], correlationId: 'c1'});
	});

	it('a shell step that failed: failed, with the exit code the runner reported', () => {
		const after = stepAfterRun(pending, step({}), run({outcome: 'failed-not-undone', message: 'step 1 failed', outputs: ['exit 3: Unit app-nope.service could not be found.']}));
		expect(after).toMatchObject({status: 'failed', exitCode: 3, runs: 1, message: 'step 1 failed'});
	});

	it('a refused run leaves the step as it was, with the refusal', () => {
		const after = stepAfterRun(pending, step({}), run({outcome: 'refused', message: 'refused: read-only', outputs: ['']}));
		expect(after).toMatchObject({status: 'pending', runs: 0, message: 'refused: read-only'});
	});

	it('a followed command stopped by the operator is "stopped", not failed', () => {
		const follow = step({longRunning: true});
		expect(stepAfterRun(pending, follow, run({message: 'runbook: x: stopped by the operator'})).status).toBe('stopped');
	});

	it('an SQL step has no exit code', () => {
		expect(stepAfterRun(pending, step({kind: 'sql'}), run({outputs: ['3 rows']})).exitCode).toBeUndefined();
	});

	it('exit codes are read from the runner\'s "exit N:" only', () => {
		expect(exitCodeOf('exit 127: sh: 1: nope: not found')).toBe(127);
		expect(exitCodeOf('timed out after 600s')).toBeUndefined();
		expect(exitCodeOf('exited fine')).toBeUndefined();
	});
});

describe('formatSqlRows', () => {
	it('prints rows as psql does: aligned columns, a rule, the count', () => {
		expect(formatSqlRows([{id: 4411, status: 'processing'}, {id: 4414, status: null}])).toBe([' id   | status', '------+------------', ' 4411 | processing', ' 4414 |', '(2 rows)'].join('\n'));
		expect(formatSqlRows([])).toBe('(0 rows)');
	});

	it('cuts long values and long results, and says so', () => {
		const text = formatSqlRows(Array.from({length: 60}, (_, i) => ({id: i, note: 'x'.repeat(100)})));
		expect(text).toContain(`${'x'.repeat(59)}…`);
		expect(text).toContain(' … 10 more');
		expect(text.endsWith('(60 rows)')).toBe(true);
	});
});
