// A runbook step as a plan: the filled command, masked placeholders as plan secrets (on standard
// input for a shell step, query parameters masked everywhere for an SQL step), every step mutating
// (read-only refuses it) except one that only follows a log, shown blocks refused, and the step's
// outcome (status, exit code and stop as the run's fields, output) as the checklist keeps it.
import {describe, expect, it} from 'vitest';
import {environmentSchema} from '../../source/core/config/schema.js';
import {describeAction} from '../../source/core/procedures/describe.js';
import {formatPlanText} from '../../source/core/procedures/format.js';
import {planMutates, type ShellAction, type SqlAction} from '../../source/core/procedures/plan.js';
import type {Runbook, RunbookStep} from '../../source/core/runbooks/types.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import {PlanError} from '../../source/engine/procedures/options.js';
import {
	planRunbookStep,
	planRunbookStepUnfilled,
	runbookStepTimeoutSeconds,
} from '../../source/engine/runbooks/plan-runbook-step.js';
import {stepAfterRun} from '../../source/engine/runbooks/step-outcome.js';
import {onlyFollowsALog} from '../../source/core/runbooks/follow-only.js';
import {formatSqlRows} from '../../source/core/format/sql-rows.js';
import type {FinishedRun} from '../../source/engine/procedure-session.js';

const env = {...environmentSchema.parse({transport: 'local'}), name: 'staging'};

function step(overrides: Partial<RunbookStep>): RunbookStep {
	return {
		id: '1.1',
		section: 'Check the service',
		title: 'systemctl status app-web',
		kind: 'shell',
		language: 'bash',
		code: 'systemctl status app-web',
		explanation: [],
		placeholders: [],
		longRunning: false,
		line: 12,
		file: 'ops/app-vm.md',
		...overrides,
	};
}

function runbookOf(...steps: RunbookStep[]): Runbook {
	return {
		file: 'ops/app-vm.md',
		title: 'App VM',
		sections: [{title: 'Check the service', level: 2, line: 10, explanation: [], steps}],
	};
}

const verify = step({
	id: '2.1',
	section: 'Verify the token',
	title: 'curl /ops/verify',
	code: 'curl -sS -H "x-ops-token: $OPS_VERIFY_TOKEN" "http://127.0.0.1:8080/ops/verify?run=<run_id>"',
	explanation: [
		'The service answers 200 with its git sha when the token is right.',
		'A 401 means the env file and the service disagree.',
		'Restart the service after a change.',
		'Fourth line.',
	],
	placeholders: [
		{token: '$OPS_VERIFY_TOKEN', name: 'OPS_VERIFY_TOKEN', secret: true, style: 'variable'},
		{token: '<run_id>', name: 'run_id', secret: false, style: 'angle'},
	],
	line: 40,
});

describe('planRunbookStep', () => {
	it('a shell step: the filled command, one step that mutates, no undo, the file and line in the summary', () => {
		const plan = planRunbookStep(
			env,
			runbookOf(step({explanation: ['See whether the unit is up.']})),
			step({explanation: ['See whether the unit is up.']}),
			{},
		);
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
		expect(() => planRunbookStep(env, runbookOf(verify), verify, {run_id: '1'})).toThrow(
			new PlanError(
				'ops/app-vm.md:40: step 2.1 needs a value for $OPS_VERIFY_TOKEN (OPS_VERIFY_TOKEN, masked)',
			),
		);
	});

	it('a long-running step follows its output, with the long time limit, and says it runs until stopped', () => {
		const follow = step({
			id: '3.1',
			title: 'journalctl -f -u app-web',
			code: 'journalctl -f -u app-web',
			longRunning: true,
		});
		const plan = planRunbookStep(env, runbookOf(follow), follow, {});
		const action = plan.steps[0]!.action as ShellAction;
		expect(action.follow).toBe(true);
		expect(action.timeoutSeconds).toBeUndefined(); // the runner's own limit for followed commands
		expect(plan.summary).toContain(
			'runs until you stop it (pg-ops stops it after 30m); its output streams as it comes',
		);
	});

	it('an SQL step: placeholders as parameters; several statements in one transaction, one alone by itself (VACUUM can run)', () => {
		const sql = step({
			id: '4.1',
			title: 'SELECT id, status FROM jobs',
			kind: 'sql',
			language: 'sql',
			code: 'SELECT id, status FROM jobs WHERE id = <job_id>',
			placeholders: [{token: '<job_id>', name: 'job_id', secret: false, style: 'angle'}],
		});
		const plan = planRunbookStep(env, runbookOf(sql), sql, {job_id: '4411'});
		const action = plan.steps[0]!.action as SqlAction;
		expect(action.kind).toBe('sql');
		expect(action.transaction).toBe(false);
		expect(action.showRows).toBe(true);
		const two = step({
			id: '4.2',
			kind: 'sql',
			language: 'sql',
			code: 'UPDATE jobs SET status = 1;\nUPDATE jobs SET status = 2;',
		});
		expect((planRunbookStep(env, runbookOf(two), two, {}).steps[0]!.action as SqlAction).transaction).toBe(
			true,
		);
		expect(action.statements.length).toBeGreaterThan(0);
		expect(JSON.stringify(action.statements)).toContain('4411');
		expect(plan.steps[0]!.mutates).toBe(true);
		expect(plan.secrets).toEqual({});
	});

	it("an SQL step's masked value is a plan secret: masked in the plan text and every description, said to be a query parameter", () => {
		const secret = 'S3CRET-tok-9f8e7d';
		const sql = step({
			id: '4.3',
			title: 'UPDATE api_tokens',
			kind: 'sql',
			language: 'sql',
			code: 'UPDATE api_tokens SET token = <new_token> WHERE id = 1;',
			placeholders: [{token: '<new_token>', name: 'new_token', secret: true, style: 'angle'}],
		});
		const plan = planRunbookStep(env, runbookOf(sql), sql, {new_token: secret});
		const action = plan.steps[0]!.action as SqlAction;
		expect(action.statements[0]!.params).toEqual([secret]); // the value reaches the database, as a parameter
		expect(plan.secrets).toEqual({new_token: secret});
		expect(describeAction(action, plan.secrets)).toBe(
			"UPDATE api_tokens SET token = $1 WHERE id = 1;  -- '********'",
		);
		const text = formatPlanText(plan, false, false);
		expect(text).not.toContain(secret);
		expect(text).toContain('<new_token>: given, masked, passed as a query parameter');
		expect(text).not.toContain('standard input');
	});

	it("an SQL step's masked value too short to mask is refused before anything runs", () => {
		const sql = step({
			id: '4.4',
			kind: 'sql',
			language: 'sql',
			code: 'SELECT <pin>::int',
			placeholders: [{token: '<pin>', name: 'pin', secret: true, style: 'angle'}],
		});
		expect(() => planRunbookStep(env, runbookOf(sql), sql, {pin: '123'})).toThrow(
			new PlanError(
				'ops/app-vm.md:12: the masked value for <pin> is shorter than 4 characters, too short for pg-ops to mask wherever the SQL is shown and logged; nothing was run',
			),
		);
		expect(planRunbookStep(env, runbookOf(sql), sql, {pin: '1234'}).secrets).toEqual({pin: '1234'});
	});

	it('a step that only follows a log changes nothing (no host lock, not refused read-only); a follow after a change is a change', () => {
		const follow = step({id: '3.1', code: 'sudo journalctl -u app-web -f', longRunning: true});
		expect(planMutates(planRunbookStep(env, runbookOf(follow), follow, {}))).toBe(false);
		const restartThenFollow = step({
			id: '3.2',
			code: 'systemctl restart app-web && journalctl -u app-web -f',
			longRunning: true,
		});
		expect(planMutates(planRunbookStep(env, runbookOf(restartThenFollow), restartThenFollow, {}))).toBe(true);
	});

	it('a block that is only shown (JSON, YAML, output) can not be planned', () => {
		const shown = step({
			id: '5.1',
			title: 'expected answer',
			kind: 'show',
			language: 'json',
			code: '{"ok": true}',
		});
		expect(() => planRunbookStep(env, runbookOf(shown), shown, {})).toThrow(PlanError);
		expect(() => planRunbookStep(env, runbookOf(shown), shown, {})).toThrow(
			'ops/app-vm.md:12: step 5.1 is a json block: pg-ops shows it but does not run it',
		);
	});
});

describe('onlyFollowsALog', () => {
	const follows = (code: string) => onlyFollowsALog(step({code, longRunning: true}));

	it('one command that reads a log as it grows, maybe through grep', () => {
		for (const code of [
			'journalctl -u app-web -f',
			'sudo journalctl -fu app-web',
			'sudo -u postgres tail -n 50 -F /var/log/postgresql/postgresql.log',
			'tail -n 20 -f "$APP_DIR/logs/web/access.log"',
			'tail -f ${LOG_DIR}/app.log | grep --line-buffered ERROR',
			'# the web log\ntail -f /var/log/app.log',
			'docker compose -f docker-compose.prod.yml logs -f api',
			'kubectl -n prod logs -f deploy/api',
			'docker logs -f --tail 50 web',
		])
			expect(follows(code), code).toBe(true);
	});

	it('anything more, or anything it can not be sure of, is a change', () => {
		for (const code of [
			'systemctl restart app-web && journalctl -u app-web -f',
			'systemctl restart app-web\njournalctl -u app-web -f',
			'journalctl -u app-web -f; rm -rf /tmp/x',
			'tail -f app.log > copy.log',
			'tail -f app.log | tee copy.log',
			'journalctl --vacuum-time=1d -f',
			'tail -f $(ls -t /var/log/app/*.log | head -1)',
			'watch -n 5 systemctl restart app-web',
			'docker exec web tail -f logs/app.log',
			'sudo -s tail -f app.log',
			'LOG=1 tail -f app.log',
			'ping 10.0.0.1',
		])
			expect(follows(code), code).toBe(false);
		expect(onlyFollowsALog(step({code: 'journalctl -u app-web -f', longRunning: false}))).toBe(false);
		expect(onlyFollowsALog(step({code: 'journalctl -u app-web -f', kind: 'sql'}))).toBe(false);
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
		expect(describeAction(planRunbookStep(env, runbook, shell!, {}).steps[0]!.action, {})).toContain(
			'systemctl status app-web --no-pager',
		);
		const sqlAction = planRunbookStep(env, runbook, sql!, {hours: '1'}).steps[0]!.action as SqlAction;
		expect(sqlAction.statements[0]!.params).toEqual(['1']);
		expect(sqlAction.statements[0]!.sql).not.toContain('<hours>');
		expect(() => planRunbookStep(env, runbook, json!, {})).toThrow(PlanError);
	});
});

describe('a finished run on the checklist', () => {
	const run = (overrides: Partial<FinishedRun>): FinishedRun => ({
		name: 'runbook-step',
		title: 'runbook: x',
		commands: ['x'],
		outcome: 'succeeded',
		message: 'runbook: x: done and verified',
		changes: [],
		tag: 'runbook-desk:1.1',
		outputs: ['● app-web.service\n   Active: active (running)'],
		at: 1,
		correlationId: 'c1',
		...overrides,
	});
	const pending = {status: 'pending' as const, output: [], runs: 0};

	it("a machine's step: the command's record when it ran, the check's when the check failed", () => {
		const ran = run({outputs: ['', 'restarted'], exitCodes: [0, 0]});
		expect(stepAfterRun(pending, step({}), ran)).toMatchObject({
			status: 'done',
			exitCode: 0,
			output: ['restarted'],
		});
		// The check passed and the command timed out silently: the command's record (no exit code), not the check's 0.
		const timedOut = run({outcome: 'failed-not-undone', outputs: ['', ''], exitCodes: [0, undefined]});
		expect(stepAfterRun(pending, step({}), timedOut)).toMatchObject({status: 'failed', exitCode: undefined});
		const refused = run({
			outcome: 'failed-undone',
			outputs: ['pg-ops: this host is db-1, not db-2: nothing was run; run this step on db-2', ''],
			exitCodes: [97, undefined],
		});
		expect(stepAfterRun(pending, step({}), refused)).toMatchObject({
			status: 'failed',
			exitCode: 97,
			output: ['pg-ops: this host is db-1, not db-2: nothing was run; run this step on db-2'],
		});
	});

	it('a shell step that succeeded: done, exit 0, its output kept', () => {
		expect(stepAfterRun(pending, step({}), run({exitCodes: [0]}))).toMatchObject({
			status: 'done',
			exitCode: 0,
			runs: 1,
			output: ['● app-web.service', '   Active: active (running)'],
			correlationId: 'c1',
		});
	});

	it('a shell step that failed: failed, with the exit code the run carries', () => {
		const after = stepAfterRun(
			pending,
			step({}),
			run({
				outcome: 'failed-not-undone',
				message: 'step 1 failed',
				outputs: ['exit 3: Unit app-nope.service could not be found.'],
				exitCodes: [3],
			}),
		);
		expect(after).toMatchObject({status: 'failed', exitCode: 3, runs: 1, message: 'step 1 failed'});
	});

	it("the exit code is the run's field, never read from the text: a timeout has none, whatever its output says", () => {
		const after = stepAfterRun(
			pending,
			step({}),
			run({
				outcome: 'failed-not-undone',
				outputs: ['timed out after 600s: exit 7: printed by the command'],
				exitCodes: [undefined],
			}),
		);
		expect(after.status).toBe('failed');
		expect(after.exitCode).toBeUndefined();
	});

	it('a refused run leaves the step as it was, with the refusal', () => {
		const after = stepAfterRun(
			pending,
			step({}),
			run({outcome: 'refused', message: 'refused: read-only', outputs: ['']}),
		);
		expect(after).toMatchObject({status: 'pending', runs: 0, message: 'refused: read-only'});
	});

	it('a followed command stopped (by the operator or at the limit) is "stopped", not failed, with no exit code', () => {
		const follow = step({longRunning: true});
		expect(stepAfterRun(pending, follow, run({stopped: ['operator'], exitCodes: [undefined]}))).toMatchObject(
			{status: 'stopped', exitCode: undefined},
		);
		expect(stepAfterRun(pending, follow, run({stopped: ['limit']})).status).toBe('stopped');
		// A line the command printed that says "stopped" is not a stop.
		expect(
			stepAfterRun(
				pending,
				follow,
				run({outputs: ['app-web: stopped by systemd'], exitCodes: [0], stopped: [undefined]}),
			),
		).toMatchObject({status: 'done', exitCode: 0});
	});

	it('an SQL step has no exit code', () => {
		expect(stepAfterRun(pending, step({kind: 'sql'}), run({outputs: ['3 rows']})).exitCode).toBeUndefined();
	});
});

describe('formatSqlRows', () => {
	it('prints rows as psql does: aligned columns, a rule, the count', () => {
		expect(
			formatSqlRows([
				{id: 4411, status: 'processing'},
				{id: 4414, status: null},
			]),
		).toBe([' id   | status', '------+------------', ' 4411 | processing', ' 4414 |', '(2 rows)'].join('\n'));
		expect(formatSqlRows([])).toBe('(0 rows)');
	});

	it('cuts long values and long results, and says so', () => {
		const text = formatSqlRows(Array.from({length: 60}, (_, i) => ({id: i, note: 'x'.repeat(100)})));
		expect(text).toContain(`${'x'.repeat(59)}…`);
		expect(text).toContain(' … 10 more');
		expect(text.endsWith('(60 rows)')).toBe(true);
	});
});
