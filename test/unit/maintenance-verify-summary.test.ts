// Verify's judgement (what is not green, in an operator's words), the test command's plan and outcome,
// and the window's summary: lines for the record and the Markdown written at close.
import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../source/core/config/parse.js';
import {
	addNote,
	addRunItem,
	beginStep,
	closeWindow,
	finishExecute,
	finishStep,
	markItem,
	openWindow,
	skipStep,
} from '../../source/core/maintenance/record.js';
import {closingMessage, summaryLines, summaryMarkdown} from '../../source/core/maintenance/summary.js';
import {planTestCommand, testOutcome} from '../../source/core/maintenance/test-plan.js';
import {notGreen} from '../../source/core/maintenance/verify.js';
import {testStepOutcome} from '../../source/engine/maintenance/maintenance-steps.js';
import type {PaneState} from '../../source/core/panes.js';
import {fixtureNow, fixtureState} from '../fixtures/console-state.js';

describe('verify: what is not green', () => {
	it('lists every failed service, stale job, stuck ETL job and SLO off target, and each health URL not answering 2xx', () => {
		const {panes} = fixtureState();
		const lines = notGreen(
			panes,
			[
				{service: 'web', url: 'http://127.0.0.1:8080/healthz', status: 200},
				{service: 'api', url: 'http://127.0.0.1:8080/api/healthz', status: 503},
				{
					service: 'intake',
					url: 'http://127.0.0.1:9/healthz',
					error: 'connection refused (is the service running?)',
				},
			],
			fixtureNow,
		);
		expect(lines).toEqual([
			'services: orchestrator failed (exit-code (status 1))',
			'jobs: calibration stale (last run 13h ago)',
			'ETL: 3 stuck jobs in jobs',
			'SLO: errors 2.4% WARNING',
			'health: http://127.0.0.1:8080/api/healthz answered 503 (api)',
			'health: http://127.0.0.1:9/healthz did not answer: connection refused (is the service running?) (intake)',
		]);
	});

	it('a disk near its threshold is still green; a disk over it is not', () => {
		const {panes} = fixtureState();
		const disk = panes.disk as PaneState<'disk'>;
		expect(
			notGreen(
				{
					...panes,
					services: unconfigured('services'),
					jobs: unconfigured('jobs'),
					etl: unconfigured('etl'),
					slo: unconfigured('slo'),
				},
				[],
				fixtureNow,
			),
		).toEqual([]);
		const full = {
			...disk,
			status: 'critical',
			data: {...disk.data!, items: [{...disk.data!.items[0]!, usedPercent: 93.4, level: 'critical'}]},
		} as PaneState;
		expect(notGreen({...panes, disk: full}, [], fixtureNow)).toContain('disk: / 93% used CRITICAL');
	});

	it('stale panes, failing probes and panes without data are not green; panes not configured are not judged', () => {
		const {panes} = fixtureState();
		const lines = notGreen(
			{
				...panes,
				services: {
					...panes.services,
					stale: true,
					error: 'ssh: connection lost',
					updatedAt: fixtureNow - 95_000,
				},
				jobs: {
					id: 'jobs',
					status: 'error',
					error: 'GET /ops/model-health: HTTP 500',
					stale: false,
					configured: true,
				},
				disk: {id: 'disk', status: 'loading', stale: false, configured: true},
				etl: unconfigured('etl'),
				slo: {...panes.slo, status: 'error', error: 'no answer within 5s'},
			},
			[],
			fixtureNow,
		);
		expect(lines).toEqual([
			'services: stale: its data is 1m old (last refresh failed: ssh: connection lost)',
			'services: orchestrator failed (exit-code (status 1))',
			'jobs: no data: GET /ops/model-health: HTTP 500',
			'disk: no data yet',
			'SLO: the last refresh failed: no answer within 5s',
			'SLO: errors 2.4% WARNING',
		]);
	});

	it('a pipeline blocker and a failed job are named', () => {
		const {panes} = fixtureState();
		const jobs = panes.jobs as PaneState<'jobs'>;
		const blocked = {
			...jobs,
			status: 'critical',
			data: {
				...jobs.data!,
				blockers: ['calibration older than 12h'],
				items: [
					{
						name: 'settlement',
						lastRunAt: new Date(fixtureNow - 600_000).toISOString(),
						stale: false,
						lastStatus: 'error',
						level: 'critical',
					},
				],
			},
		} as PaneState;
		expect(notGreen({...panes, jobs: blocked}, [], fixtureNow).filter(l => l.startsWith('jobs'))).toEqual([
			'jobs: pipeline blocked: calibration older than 12h',
			'jobs: settlement error (last run 10m ago)',
		]);
	});
});

function unconfigured(id: PaneState['id']): PaneState {
	return {id, status: 'ok', stale: false, configured: false};
}

describe('the test command', () => {
	const env = (test = '') => ({
		...parseConfig(`environments:\n  prod:\n    hosts: [app-1]\n${test}`, 'pg-ops.yaml').environments.prod!,
		name: 'prod',
	});

	it('is a plan of its own kind: the command as configured, privileged and timed as configured', () => {
		expect(planTestCommand(env())).toBeUndefined();
		const plan = planTestCommand(
			env(
				'    maintenance:\n      test: {command: "cd /opt/app && ./smoke.sh --quick", timeoutSeconds: 120, privileged: true}\n',
			),
		)!;
		expect(plan.procedure).toBe('test-command');
		expect(plan.steps).toHaveLength(1);
		expect(plan.steps[0]!.action).toEqual({
			kind: 'shell',
			command: 'cd /opt/app && ./smoke.sh --quick',
			privileged: true,
			timeoutSeconds: 120,
		});
		expect(plan.summary[0]).toContain('(privileged), for up to 120s');
	});

	it('keeps the exit code from the run (a field, not the text) and the output', () => {
		expect(testOutcome(true, 'ok 1\nok 2', 0)).toEqual({exitCode: 0, output: ['ok 1', 'ok 2']});
		expect(testOutcome(false, 'exit 3: not ok 2 - checkout\n# 1 of 2 failed', 3)).toEqual({
			exitCode: 3,
			output: ['not ok 2 - checkout', '# 1 of 2 failed'],
		});
		expect(testOutcome(false, 'exit 2', 2)).toEqual({exitCode: 2, output: []});
		// Output that merely looks like an exit line is the command's own: the code comes from the field.
		expect(testOutcome(false, 'exit 9: from the script itself', 1)).toEqual({
			exitCode: 1,
			output: ['exit 9: from the script itself'],
		});
		expect(testOutcome(false, 'exit 9: no code known')).toEqual({
			exitCode: null,
			output: ['exit 9: no code known'],
		});
		expect(testOutcome(false, 'timed out after 600s: still waiting')).toEqual({
			exitCode: null,
			output: ['timed out after 600s: still waiting'],
		});
		const long = testOutcome(true, Array.from({length: 100}, (_, i) => `line ${i}`).join('\n'));
		expect(long.output[0]).toBe('… 40 earlier lines');
		expect(long.output.at(-1)).toBe('line 99');
	});

	it("reads a finished run into the Test step: its exit code field, or the run's message when nothing ran", () => {
		const run = {
			name: 'test-command' as const,
			title: 'maintenance test command',
			commands: ['./smoke.sh'],
			correlationId: 'c1',
		};
		expect(
			testStepOutcome({
				...run,
				outcome: 'failed-not-undone',
				message: 'step 1 failed',
				outputs: ['exit 3: not ok 2'],
				exitCodes: [3],
			}),
		).toEqual({
			ok: false,
			output: ['not ok 2'],
			exitCode: 3,
			reason: 'the test command exited with 3',
			correlationId: 'c1',
		});
		expect(
			testStepOutcome({...run, outcome: 'succeeded', message: 'done', outputs: ['all good'], exitCodes: [0]}),
		).toEqual({ok: true, output: ['all good'], exitCode: 0, reason: undefined, correlationId: 'c1'});
		expect(
			testStepOutcome({
				...run,
				outcome: 'failed-not-undone',
				message: 'step 1 timed out',
				outputs: ['timed out after 300s'],
				exitCodes: [undefined],
			}),
		).toMatchObject({ok: false, exitCode: null, reason: 'step 1 timed out'});
		expect(
			testStepOutcome({
				...run,
				outcome: 'refused',
				message: 'refused: another procedure holds the lock',
				outputs: [''],
				exitCodes: [undefined],
			}),
		).toEqual({
			ok: false,
			output: ['refused: another procedure holds the lock'],
			exitCode: null,
			reason: 'refused: another procedure holds the lock',
			correlationId: 'c1',
		});
	});
});

describe('the summary', () => {
	const at = (minute: number) => `2026-11-23T05:${String(minute).padStart(2, '0')}:00.000Z`;
	let record = openWindow({
		id: 'w1',
		env: 'prod',
		title: 'Upgrade PostgreSQL',
		startedAt: at(0),
		startedBy: 'ana@laptop',
	});
	record = finishStep(
		beginStep(record, 'announce', at(1)),
		'announce',
		{ok: true, output: ['announced', 'posted to the webhook (HTTP 200)']},
		at(1),
	);
	record = finishStep(
		beginStep(record, 'backup', at(2)),
		'backup',
		{
			ok: true,
			output: ['backup postgres to db_20261123T050200Z.sql.gz', '/b/db_20261123T050200Z.sql.gz: 5311 bytes'],
		},
		at(4),
	);
	record = addRunItem(
		record,
		{
			kind: 'procedure',
			title: 'restart app-orchestrator',
			commands: ['systemctl restart app-orchestrator.service'],
			status: 'done',
			outcome: 'succeeded',
		},
		at(5),
	).record;
	record = markItem(addNote(record, 'drain the queue', at(6)), 'i2', 'done', at(7));
	record = markItem(
		addNote(record, 'tell support', at(7)),
		'i3',
		'skipped',
		at(7),
		'support was on the call',
	);
	record = finishExecute(record, at(8));
	record = finishStep(
		beginStep(record, 'test', at(9)),
		'test',
		{ok: false, output: ['not ok 2 - ```checkout```'], exitCode: 3, reason: 'the test command exited with 3'},
		at(10),
	);
	record = skipStep(record, 'test', 'checkout test is flaky (OPS-12); checked by hand', at(11));
	record = skipStep(record, 'verify', 'SLO error rate recovering, watched by hand', at(12));
	const closed = closeWindow(record, {lines: []}, at(45));

	it('has a line per step with every skip reason, and every item', () => {
		expect(summaryLines(closed)).toEqual([
			'maintenance "Upgrade PostgreSQL" on prod',
			'started 2026-11-23 05:00 UTC by ana@laptop, closed 2026-11-23 05:45 UTC (45m)',
			'announce: done (announced)',
			'backup: done (backup postgres to db_20261123T050200Z.sql.gz)',
			'execute: done (3 items: 2 done, 1 skipped)',
			'  [x] restart app-orchestrator (procedure, succeeded)',
			'  [x] drain the queue (note, done)',
			'  [-] tell support (note, skipped: support was on the call)',
			'test: skipped: checkout test is flaky (OPS-12); checked by hand',
			'verify: skipped: SLO error rate recovering, watched by hand',
			'close: done',
		]);
		expect(closingMessage(closed)).toBe(
			'maintenance "Upgrade PostgreSQL" on prod closed after 45m; skipped: test (checkout test is flaky (OPS-12); checked by hand), verify (SLO error rate recovering, watched by hand)',
		);
	});

	it('in Markdown: facts, steps with their output, the exact commands executed, and what was skipped', () => {
		const markdown = summaryMarkdown(closed);
		expect(markdown).toMatch(
			/^# Maintenance: Upgrade PostgreSQL\n\n- Environment: prod\n- Started: 2026-11-23 05:00 UTC by ana@laptop\n- Closed: 2026-11-23 05:45 UTC\n- Duration: 45m\n/,
		);
		expect(markdown).toContain(
			'2. **backup**: done (backup postgres to db_20261123T050200Z.sql.gz) at 2026-11-23 05:04 UTC',
		);
		expect(markdown).toContain('   /b/db_20261123T050200Z.sql.gz: 5311 bytes');
		expect(markdown).toContain(
			'4. **test**: skipped: checkout test is flaky (OPS-12); checked by hand at 2026-11-23 05:11 UTC',
		);
		// Output holding backticks can't end its block early.
		expect(markdown).toContain('   ````\n   not ok 2 - ```checkout```\n   ````');
		expect(markdown).toContain(
			'- [x] restart app-orchestrator (procedure, succeeded), 2026-11-23 05:05 UTC\n\n  ```sh\n  systemctl restart app-orchestrator.service\n  ```',
		);
		expect(markdown).toContain(
			'## Skipped\n\n- test: checkout test is flaky (OPS-12); checked by hand\n- verify: SLO error rate recovering, watched by hand\n- execute item: tell support: support was on the call\n',
		);
		expect(markdown).not.toMatch(/\n{3,}/);
	});
});
