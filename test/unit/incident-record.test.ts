// Severities and the response clock, the record's pure changes, and the review they become.
import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../source/core/config/parse.js';
import {
	defaultSeverities,
	responseClock,
	severityDefinitions,
	severityLine,
} from '../../source/core/incidents/severities.js';
import {
	actionKind,
	addNote,
	changeSeverity,
	closeIncident,
	firstResponseAt,
	leftOpenItems,
	mitigates,
	openIncident,
	recordAction,
	tickStep,
} from '../../source/core/incidents/record.js';
import {formatStatusText} from '../../source/core/format/status-text.js';
import {renderReview, reviewFileName} from '../../source/core/incidents/review.js';
import {snapshotEntry} from '../../source/core/incidents/snapshot.js';
import {checkIncidentRecord} from '../../source/core/incidents/record-schema.js';
import {incidentStatusText} from '../../source/core/incidents/status-text.js';
import {appendEntries} from '../../source/core/incidents/record.js';
import {fixtureNow, fixtureState} from '../fixtures/console-state.js';

const t = (minutes: number) => new Date(fixtureNow + minutes * 60_000).toISOString();

describe('severities', () => {
	it('defaults: P1 15 minutes to P4 a day, P1 first', () => {
		const all = severityDefinitions();
		expect(all.map(s => [s.severity, s.name, s.respondWithinMinutes])).toEqual([
			['P1', 'Critical', 15],
			['P2', 'High', 60],
			['P3', 'Medium', 240],
			['P4', 'Low', 1440],
		]);
		expect(severityLine(all[1]!)).toBe('P2 High: A major feature is degraded (respond within 1h)');
	});

	it('the config replaces the fields it gives and keeps the rest', () => {
		const config = parseConfig(
			'environments:\n  x:\n    transport: local\n    incidents:\n      severities:\n        P1: {respondWithin: 5m, definition: Checkout down}\n        P3: {name: Minor}\n',
			'pg-ops.yaml',
		);
		const all = severityDefinitions(config.environments.x!.incidents.severities);
		expect(all[0]).toEqual({...defaultSeverities.P1, definition: 'Checkout down', respondWithinMinutes: 5});
		expect(all[2]).toEqual({...defaultSeverities.P3, name: 'Minor'});
		expect(all[1]).toEqual(defaultSeverities.P2);
	});

	it('a bad respondWithin is a config error naming the field', () => {
		expect(() =>
			parseConfig(
				'environments:\n  x:\n    transport: local\n    incidents:\n      severities:\n        P2: {respondWithin: soon}\n',
				'pg-ops.yaml',
			),
		).toThrow(/pg-ops.yaml:6.*environments.x.incidents.severities.P2.respondWithin: .*duration/);
	});

	it('the response clock: time left, overdue, then met or missed', () => {
		const opened = {openedAt: t(0), respondBy: t(15)};
		expect(responseClock(opened, Date.parse(t(3))).text).toBe('12m left to respond');
		expect(responseClock(opened, Date.parse(t(20))).text).toBe('response OVERDUE by 5m');
		expect(responseClock({...opened, firstResponseAt: t(4)}, Date.parse(t(60))).text).toBe(
			'responded in 4m (target 15m): met',
		);
		expect(responseClock({...opened, firstResponseAt: t(16)}, Date.parse(t(60)))).toMatchObject({
			state: 'missed',
			text: 'responded in 16m (target 15m): MISSED',
		});
	});
});

function workedIncident() {
	let record = openIncident({
		id: '20261123-0400-abcd',
		env: 'staging',
		title: 'Checkout errors | after deploy',
		definition: defaultSeverities.P2,
		by: 'alice@laptop',
		at: t(0),
	});
	record = addNote(record, 'customers report 502s', t(1));
	record = appendEntries(record, [
		snapshotEntry(fixtureState().panes, fixtureNow, t(2), 'assessed: snapshot of every pane'),
	]);
	record = tickStep(record, 'assess', true, t(2), 'alice@laptop');
	record = recordAction(record, {
		at: t(5),
		title: 'restart orchestrator',
		kind: 'restart',
		commands: ['systemctl restart orchestrator.service'],
		outcome: 'succeeded',
		message: 'orchestrator restarted: active',
		correlationId: 'c0ffee01',
		changes: ['orchestrator: failed -> active'],
	});
	record = appendEntries(record, [
		{at: t(6), kind: 'pane', text: 'service orchestrator came back: failed -> active'},
	]);
	record = recordAction(record, {
		at: t(8),
		title: 'reset-stuck-jobs',
		kind: 'reset-stuck-jobs',
		commands: ["psql -c 'UPDATE jobs SET status = ''failed'''"],
		outcome: 'failed-undone',
		message: 'the reset did not take: undone',
	});
	record = tickStep(record, 'mitigate', true, t(9), 'alice@laptop');
	return record;
}

describe('the record', () => {
	it('opens with the severity, its definition and the respond-by time', () => {
		const record = openIncident({
			id: 'i',
			env: 'staging',
			title: 'Down',
			definition: defaultSeverities.P1,
			by: 'bob',
			at: t(0),
		});
		expect(record.respondBy).toBe(t(15));
		expect(record.timeline).toEqual([{at: t(0), kind: 'opened', text: 'opened by bob: P1 Critical: Down'}]);
		expect(Object.values(record.checklist).every(c => !c.done)).toBe(true);
		expect(checkIncidentRecord(JSON.parse(JSON.stringify(record)))).toMatchObject({ok: true});
	});

	it('ticks, notes and severity changes are timeline entries; the same tick twice changes nothing', () => {
		const record = workedIncident();
		expect(tickStep(record, 'assess', true, t(30), 'x')).toBe(record);
		expect(addNote(record, '   ', t(30))).toBe(record);
		const lowered = changeSeverity(record, defaultSeverities.P3, t(20));
		expect(lowered.respondBy).toBe(t(240));
		expect(lowered.timeline.at(-1)).toEqual({at: t(20), kind: 'severity', text: 'severity P2 -> P3 Medium'});
		const unticked = tickStep(record, 'mitigate', false, t(21), 'alice@laptop');
		expect(unticked.checklist.mitigate).toEqual({done: false});
		expect(unticked.timeline.at(-1)!.text).toBe('unticked mitigate');
	});

	it('the first response is the first thing done, not the opening or a note', () => {
		expect(firstResponseAt(workedIncident())).toBe(t(2));
		expect(
			firstResponseAt(
				addNote(
					openIncident({id: 'i', env: 'e', title: 'x', definition: defaultSeverities.P4, by: 'b', at: t(0)}),
					'hm',
					t(1),
				),
			),
		).toBeUndefined();
	});

	it('left open: unticked steps, actions that did not succeed, and what the operator named', () => {
		expect(leftOpenItems(workedIncident(), ['rotate the leaked token '])).toEqual([
			'checklist step not done: communicate',
			'checklist step not done: investigate',
			'checklist step not done: resolve',
			'checklist step not done: document',
			'reset-stuck-jobs: failed-undone (the reset did not take: undone)',
			'rotate the leaked token',
		]);
	});

	it('a saved file with a wrong field is named, not accepted', () => {
		const broken = {
			...JSON.parse(JSON.stringify(workedIncident())),
			severity: 'P9',
			timeline: [{at: 'yesterday', kind: 'note', text: 'x'}],
		};
		const checked = checkIncidentRecord(broken);
		expect(checked.ok).toBe(false);
		if (!checked.ok) {
			expect(checked.problems.join('\n')).toMatch(/^severity: /m);
			expect(checked.problems.join('\n')).toMatch(/^timeline\.0\.at: an ISO time/m);
		}
	});

	it('only a named procedure that succeeded ticks mitigate: not a backup, a runbook step, a test command or a maintenance step', () => {
		const fresh = () =>
			openIncident({
				id: 'i',
				env: 'staging',
				title: 'Down',
				definition: defaultSeverities.P2,
				by: 'bob',
				at: t(0),
			});
		const run = (kind: string | undefined, outcome = 'succeeded') =>
			recordAction(fresh(), {at: t(1), title: 'something', kind, commands: ['x'], outcome, message: ''});
		expect(run('restart').checklist.mitigate).toEqual({done: true, at: t(1), by: 'pg-ops (something)'});
		expect(run('reset-stuck-jobs').timeline.map(e => e.text)).toEqual([
			'opened by bob: P2 High: Down',
			'something: succeeded',
			'ticked mitigate',
		]);
		for (const kind of ['backup', 'runbook-step', 'test-command', 'maintenance', undefined]) {
			const record = run(kind);
			expect(record.actions).toHaveLength(1);
			expect(record.checklist.mitigate, String(kind)).toEqual({done: false});
		}
		expect(run('restart', 'failed-undone').checklist.mitigate).toEqual({done: false});
		expect(run('switch-slot', 'cancelled').checklist.mitigate).toEqual({done: false});
	});

	it("an action's kind: the plan's kind, or maintenance when a maintenance window tagged the run; kept in the saved file", () => {
		expect(actionKind('restart')).toBe('restart');
		expect(actionKind('runbook-step', 'a-step-id')).toBe('runbook-step');
		expect(actionKind('test-command', 'maintenance:test')).toBe('maintenance');
		expect(actionKind('restart', 'maintenance:runbook:{"file":"x.md","stepId":"s"}')).toBe('maintenance');
		expect(mitigates({kind: actionKind('restart', 'maintenance:runbook:{}')})).toBe(false);
		const saved = JSON.parse(JSON.stringify(workedIncident()));
		expect(saved.actions[0].kind).toBe('restart');
		expect(checkIncidentRecord(saved)).toMatchObject({ok: true});
		expect(checkIncidentRecord({...saved, actions: [{...saved.actions[0], kind: 3}]})).toMatchObject({
			ok: false,
		});
	});

	it('closing ticks document, by whoever closed it', () => {
		const closed = closeIncident(workedIncident(), {summary: 'fixed', at: t(30), by: 'bob'});
		expect(closed.checklist.document).toEqual({done: true, at: t(30), by: 'bob'});
		expect(closed.timeline.slice(-2).map(e => e.text)).toEqual(['ticked document', 'closed by bob']);
	});

	it("a snapshot's pane rows are laid out as pg-ops status prints them", () => {
		const {panes} = fixtureState();
		const entry = snapshotEntry(panes, fixtureNow, t(2));
		const status = formatStatusText({
			env: 'staging',
			host: 'local',
			status: 'unhealthy',
			panes,
			now: fixtureNow,
		}).split('\n');
		const rows = entry.detail!.filter(line => line.startsWith('  '));
		expect(rows.length).toBeGreaterThan(5);
		for (const row of rows) expect(status).toContain(row);
	});

	it('status text: severity, the clock, the checklist and the timeline tail', () => {
		const text = incidentStatusText(workedIncident(), Date.parse(t(10)), 3);
		expect(text).toContain('incident on staging: Checkout errors | after deploy');
		expect(text).toContain('responded in 2m (target 1h): met');
		expect(text).toContain('[x] assess');
		expect(text).toContain('[ ] communicate');
		expect(text).toContain('timeline (8 entries, last 3):');
		expect(text).toContain('ticked mitigate');
		expect(text).not.toContain('customers report');
	});
});

describe('the review', () => {
	const closed = closeIncident(workedIncident(), {
		summary: 'The orchestrator crashed after the deploy; a restart fixed it.',
		leftOpen: ['find why it crashed'],
		at: t(72),
		by: 'alice@laptop',
	});
	const review = renderReview(closed);

	it('heads with the severity, its target, the times and whether the target was met', () => {
		expect(review).toMatch(/^# Incident review: Checkout errors \| after deploy\n/);
		expect(review).toContain('| Severity | P2 High: A major feature is degraded (respond within 1h) |');
		expect(review).toContain('| Opened | 2026-11-23 04:00:00 UTC by alice@laptop |');
		expect(review).toContain('| Closed | 2026-11-23 05:12:00 UTC |');
		expect(review).toContain('| Duration | 1h12m |');
		expect(review).toContain('| Response | responded in 2m (target 1h): met |');
		expect(review).toContain('## Summary\n\nThe orchestrator crashed after the deploy; a restart fixed it.');
	});

	it('the checklist, and the timeline with pane changes and actions', () => {
		expect(review).toContain(
			'- [x] Assess: what is affected, how badly (a snapshot of every pane) (04:02:00 by alice@laptop)',
		);
		expect(review).toContain('- [ ] Communicate');
		expect(review).toContain('| 04:06:00 | service orchestrator came back: failed -> active |');
		expect(review).toContain(
			'| 04:05:00 | restart orchestrator: succeeded (orchestrator: failed -> active) |',
		);
		expect(review).toContain('| 04:01:00 | note: customers report 502s |');
		expect(review).toContain('| 05:12:00 | closed by alice@laptop |');
	});

	it('actions with their exact commands in code blocks, outcomes and correlation ids', () => {
		expect(review).toContain(
			'### 1. restart orchestrator: succeeded (04:05:00)\n\norchestrator restarted: active\n\n```sh\nsystemctl restart orchestrator.service\n```',
		);
		expect(review).toContain("```sh\npsql -c 'UPDATE jobs SET status = ''failed'''\n```");
		expect(review).toContain('Correlation id `c0ffee01`');
		expect(review).toContain('### 2. reset-stuck-jobs: failed-undone (04:08:00)');
	});

	it('what was left open, the notes and the snapshot as the panes showed it', () => {
		expect(review).toContain('## Left open\n\n- checklist step not done: communicate');
		expect(review).toContain(
			'- reset-stuck-jobs: failed-undone (the reset did not take: undone)\n- find why it crashed',
		);
		expect(review).toContain('## Notes\n\n- 04:01:00: customers report 502s');
		expect(review).toMatch(
			/## Snapshots\n\n### 04:02:00\n\n```text\nServices: CRITICAL\n[\s\S]*orchestrator {2}failed/,
		);
		expect(review).toContain('Stuck ETL jobs: CRITICAL\n  3 stuck > 1h');
	});

	it('a command with backticks cannot close its code block early', () => {
		const tricky = recordAction(workedIncident(), {
			at: t(10),
			title: 'x',
			commands: ['echo ```` done'],
			outcome: 'succeeded',
			message: '',
		});
		expect(renderReview(tricky)).toContain('`````sh\necho ```` done\n`````');
	});

	it('file name: the opening day, the environment and the title', () => {
		expect(reviewFileName(closed)).toBe('2026-11-23-staging-checkout-errors-after-deploy.md');
		expect(reviewFileName({...closed, title: '!!!'})).toBe('2026-11-23-staging-incident.md');
	});
});
