// The console's incident desk on a store of fixture panes: it records pane changes, procedure runs,
// ticks, notes, messages and logs into a file that survives the console, resumes it, reports a
// broken file instead of replacing it, and closes into a review that never overwrites another.
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {environmentSchema} from '../../source/core/config/schema.js';
import type {PaneData, PaneState} from '../../source/core/panes.js';
import {IncidentDesk, type IncidentDeskDeps} from '../../source/engine/incident/incident-desk.js';
import {
	incidentPaths,
	readOpenIncident,
	updateOpenIncident,
} from '../../source/engine/incident/incident-file.js';
import {addNote} from '../../source/core/incidents/record.js';
import {severityDefinitions} from '../../source/core/incidents/severities.js';
import type {Plan} from '../../source/core/procedures/plan.js';
import {openNewIncident, recordProcedureResult} from '../../source/engine/incident/incident-actions.js';
import type {ProcedureResult} from '../../source/engine/procedures/runner.js';
import type {FinishedRun} from '../../source/engine/procedure-session.js';
import {Store, type ConsoleState, type Notice} from '../../source/engine/store.js';
import {fixtureNow, fixtureState} from '../fixtures/console-state.js';
import {waitFor} from '../support/wait.js';

let stateDir: string;
beforeEach(() => {
	stateDir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-desk-'));
	process.env.PGOPS_STATE_DIR = stateDir;
});
afterEach(() => {
	delete process.env.PGOPS_STATE_DIR;
	rmSync(stateDir, {recursive: true, force: true});
});

const env = {
	...environmentSchema.parse({
		transport: 'local',
		services: [{name: 'orchestrator', manager: 'systemd', unit: 'orchestrator.service'}],
		notify: {webhook: {url: {env: 'PGOPS_TEST_HOOK'}}},
		incidents: {reviewDir: 'REVIEWS', logLines: 50},
	}),
	name: 'staging',
};

function setUp(overrides: Partial<IncidentDeskDeps> = {}) {
	const store = new Store<ConsoleState>(fixtureState());
	const finished = new Set<(run: FinishedRun) => void>();
	const notices: Array<{text: string; level?: Notice['level']}> = [];
	const posted: Array<{text: string}> = [];
	let clock = fixtureNow;
	const desk = new IncidentDesk({
		env: {...env, incidents: {...env.incidents, reviewDir: path.join(stateDir, 'reviews-here')}},
		store,
		sessions: {onFinished: listener => (finished.add(listener), () => finished.delete(listener))},
		hostLabel: 'local',
		showLogs: async (service, lines) => ({
			kind: 'logs',
			title: service,
			command: `journalctl -u ${service}.service -n ${lines} --no-pager`,
			status: 'ok',
			lines: ['a', 'b', 'c'],
		}),
		notify: (text, level) => notices.push({text, level}),
		post: async (_notify, message) => (posted.push(message), {ok: true, status: 200}),
		now: () => clock,
		operator: 'alice@laptop',
		pollMs: 20,
		...overrides,
	});
	return {
		store,
		desk,
		notices,
		posted,
		advance: (minutes: number) => void (clock += minutes * 60_000),
		finish: (run: Partial<FinishedRun>) =>
			finished.forEach(l =>
				l({
					name: 'restart',
					title: 'restart orchestrator',
					commands: ['systemctl restart orchestrator.service'],
					outcome: 'succeeded',
					message: 'restarted',
					changes: ['orchestrator: failed -> active'],
					outputs: [],
					at: clock,
					...run,
				}),
			),
		incident: () => store.getSnapshot().incident!,
	};
}

/** The orchestrator back to active, as a new services reading. */
function orchestratorActive(state: ConsoleState): ConsoleState {
	const pane = state.panes.services as PaneState<'services'>;
	const data: PaneData['services'] = {
		items: pane.data!.items.map(s =>
			s.name === 'orchestrator' ? {...s, state: 'active', detail: 'running', level: 'ok'} : s,
		),
	};
	return {
		...state,
		panes: {...state.panes, services: {...pane, status: 'ok', data, updatedAt: fixtureNow + 60_000}},
	};
}

describe('IncidentDesk', () => {
	it('opens one incident, saved at once, and refuses a second', () => {
		const {desk, incident, notices} = setUp();
		desk.start();
		desk.open({severity: 'P2', title: 'Checkout errors'});
		expect(incident()).toMatchObject({
			severity: 'P2',
			title: 'Checkout errors',
			openedBy: 'alice@laptop',
			respondBy: new Date(fixtureNow + 3600_000).toISOString(),
		});
		expect(readOpenIncident('staging')).toEqual(incident());
		desk.open({severity: 'P1', title: 'Another'});
		expect(notices.at(-1)).toMatchObject({
			level: 'error',
			text: expect.stringContaining(
				'already open on staging: "Checkout errors" (P2, opened 0s ago by alice@laptop)',
			),
		});
		expect(readOpenIncident('staging')!.title).toBe('Checkout errors');
		desk.dispose();
	});

	it('records pane changes and procedure runs only while open; ticks, notes, snapshots, messages and logs', async () => {
		const {desk, store, incident, advance, finish, posted} = setUp();
		desk.start();
		store.update(orchestratorActive); // no incident: nothing recorded
		store.update(s => ({...s, panes: fixtureState().panes}));
		desk.open({severity: 'P2', title: 'Checkout errors'});
		advance(2);
		desk.tick('assess', true);
		expect(incident().timeline.map(e => e.kind)).toEqual(['opened', 'snapshot', 'checklist']);
		expect(incident().timeline[1]!.text).toMatch(
			/^assessed: snapshot of every pane: Services CRITICAL, Job freshness WARNING/,
		);
		expect(incident().timeline[1]!.detail).toContain('Stuck ETL jobs: CRITICAL');
		advance(1);
		finish({});
		store.update(orchestratorActive);
		expect(incident().actions).toEqual([
			expect.objectContaining({
				title: 'restart orchestrator',
				commands: ['systemctl restart orchestrator.service'],
				outcome: 'succeeded',
				changes: ['orchestrator: failed -> active'],
			}),
		]);
		expect(
			incident()
				.timeline.slice(-3)
				.map(e => e.text),
		).toEqual([
			'restart orchestrator: succeeded',
			'ticked mitigate',
			'service orchestrator came back: failed -> active',
		]);
		expect(incident().checklist.mitigate).toMatchObject({done: true, by: 'pg-ops (restart orchestrator)'});
		desk.note('restart fixed it\nwatching the error rate');
		await desk.communicate('orchestrator restarted, watching');
		expect(posted).toEqual([
			expect.objectContaining({
				text: '[staging P2] Checkout errors: orchestrator restarted, watching',
				env: 'staging',
				kind: 'incident',
			}),
		]);
		expect(incident().checklist.investigate.done).toBe(false);
		await desk.investigate('orchestrator');
		// Looking at the logs is investigating: ticked as assess and mitigate are.
		expect(incident().checklist.investigate).toMatchObject({
			done: true,
			by: "pg-ops (looked at orchestrator's logs)",
		});
		const tail = incident().timeline.slice(-4, -1);
		expect(tail[0]).toMatchObject({
			kind: 'note',
			text: 'restart fixed it',
			detail: ['watching the error rate'],
		});
		expect(tail[1]).toMatchObject({
			kind: 'message',
			text: 'message posted to the webhook (HTTP 200)',
			detail: ['orchestrator restarted, watching'],
		});
		expect(tail[2]).toMatchObject({
			kind: 'logs',
			text: "looked at orchestrator's logs: 3 of the last 50 lines",
			detail: ['$ journalctl -u orchestrator.service -n 50 --no-pager'],
		});
		expect(readOpenIncident('staging')).toEqual(incident());
		desk.dispose();
	});

	it('records a run into an incident opened from the CLI that the store has not caught up with, without start()', () => {
		// `pg-ops runbook` never starts the engine, and the file is polled only every few seconds.
		const {desk, store, finish} = setUp({pollMs: 60_000});
		openNewIncident('staging', {
			title: 'Disk filling',
			definition: desk.severities[1]!,
			by: 'bob@cli',
			at: new Date(fixtureNow).toISOString(),
		});
		expect(store.getSnapshot().incident).toBeUndefined();
		finish({
			name: 'runbook-step',
			title: 'runbook step: look at the log',
			commands: ['journalctl -u orchestrator.service -n 50'],
			changes: [],
			tag: 'look-at-log',
		});
		const saved = readOpenIncident('staging')!;
		expect(saved.actions).toEqual([
			expect.objectContaining({
				title: 'runbook step: look at the log',
				kind: 'runbook-step',
				outcome: 'succeeded',
				commands: ['journalctl -u orchestrator.service -n 50'],
			}),
		]);
		expect(saved.checklist.mitigate).toEqual({done: false});
		expect(store.getSnapshot().incident).toEqual(saved);
		// A maintenance window's step is recorded but mitigates nothing; a named procedure does.
		finish({
			name: 'test-command',
			title: 'maintenance test command',
			commands: ['make check'],
			changes: [],
			tag: 'maintenance:test',
		});
		expect(readOpenIncident('staging')!.actions.at(-1)).toMatchObject({kind: 'maintenance'});
		expect(readOpenIncident('staging')!.checklist.mitigate).toEqual({done: false});
		finish({});
		expect(readOpenIncident('staging')!.checklist.mitigate).toMatchObject({
			done: true,
			by: 'pg-ops (restart orchestrator)',
		});
		desk.dispose();
		finish({title: 'after dispose'});
		expect(readOpenIncident('staging')!.actions.map(a => a.title)).not.toContain('after dispose');
	});

	it('a run with no incident open records nothing and writes no file', () => {
		const {desk, finish, store, notices} = setUp();
		finish({});
		expect(existsSync(incidentPaths('staging').open)).toBe(false);
		expect(store.getSnapshot().incident).toBeUndefined();
		expect(notices).toEqual([]);
		desk.dispose();
	});

	it('pg-ops run: a named procedure ticks mitigate, a backup or a runbook step is only recorded', () => {
		openNewIncident('staging', {
			title: 'Slow',
			definition: severityDefinitions()[2]!,
			by: 'bob@cli',
			at: new Date(fixtureNow).toISOString(),
		});
		const plan = (procedure: Plan['procedure']): Plan => ({
			procedure,
			title: `${procedure} plan`,
			env: 'staging',
			summary: [],
			steps: [{id: 's', title: 'step', mutates: true, action: {kind: 'shell', command: 'echo hi'}}],
			secrets: {},
			restsOn: [],
		});
		const result: ProcedureResult = {
			outcome: 'succeeded',
			message: 'done',
			steps: [],
			leftToDo: [],
			changes: [],
			correlationId: 'c0ffee02',
		};
		const at = new Date(fixtureNow).toISOString();
		expect(recordProcedureResult(env, plan('backup'), result, at)!.checklist.mitigate).toEqual({done: false});
		expect(recordProcedureResult(env, plan('runbook-step'), result, at)!.checklist.mitigate).toEqual({
			done: false,
		});
		const after = recordProcedureResult(env, plan('reset-stuck-jobs'), result, at)!;
		expect(after.actions.map(a => a.kind)).toEqual(['backup', 'runbook-step', 'reset-stuck-jobs']);
		expect(after.checklist.mitigate).toMatchObject({done: true, by: 'pg-ops (reset-stuck-jobs plan)'});
		expect(readOpenIncident('staging')).toEqual(after);
	});

	it('records the connection dropping and coming back, and a severity change with its new target', () => {
		const {desk, store, incident} = setUp({hostLabel: 'deploy@app-1'});
		desk.start();
		store.update(s => ({...s, connection: {status: 'connected', attempt: 0}}));
		desk.open({severity: 'P3', title: 'Flaky host'});
		store.update(s => ({...s, connection: {status: 'reconnecting', attempt: 1, error: 'connection lost'}}));
		store.update(s => ({
			...s,
			connection: {status: 'reconnecting', attempt: 2, error: 'connect ECONNREFUSED'},
		}));
		store.update(s => ({...s, connection: {status: 'connected', attempt: 0}}));
		desk.setSeverity('P1');
		expect(
			incident()
				.timeline.slice(1)
				.map(e => e.text),
		).toEqual([
			'connection to deploy@app-1 dropped: connection lost',
			'connection to deploy@app-1 back',
			'severity P3 -> P1 Critical',
		]);
		expect(incident().respondBy).toBe(new Date(fixtureNow + 15 * 60_000).toISOString());
		desk.dispose();
	});

	it('a failed post is recorded with its reason, never the URL', async () => {
		const {desk, incident, notices} = setUp({post: async () => ({ok: false, error: 'webhook: HTTP 500'})});
		desk.start();
		desk.open({severity: 'P3', title: 'Slow'});
		await desk.communicate('looking');
		expect(incident().timeline.at(-1)!.text).toBe('message NOT posted: webhook: HTTP 500');
		expect(notices.at(-1)).toEqual({text: 'message not posted: webhook: HTTP 500', level: 'error'});
		desk.dispose();
	});

	it('resumes in a new console, and a change that happened while none watched is recorded', () => {
		const first = setUp();
		first.desk.start();
		first.desk.open({severity: 'P1', title: 'Down'});
		first.desk.dispose();

		const second = setUp();
		second.desk.start();
		expect(second.incident().title).toBe('Down');
		expect(second.incident().timeline.at(-1)).toMatchObject({
			kind: 'resumed',
			text: 'resumed in the console by alice@laptop',
		});
		expect(second.notices[0]).toMatchObject({text: 'incident resumed: P1 Down'});
		// The new console's first reading: the orchestrator came back while nobody watched.
		second.store.update(orchestratorActive);
		expect(second.incident().timeline.at(-1)!.text).toBe('service orchestrator came back: failed -> active');
		second.desk.dispose();
	});

	it("another terminal's changes and close reach the console", async () => {
		const {desk, store, incident} = setUp();
		desk.start();
		desk.open({severity: 'P2', title: 'Checkout errors'});
		updateOpenIncident('staging', r =>
			addNote(r, 'from the other terminal', new Date(fixtureNow).toISOString()),
		);
		await waitFor(
			() => incident().timeline.at(-1)!.text === 'from the other terminal',
			5000,
			"the other terminal's note",
		);
		rmSync(incidentPaths('staging').open);
		await waitFor(
			() => store.getSnapshot().incident === undefined,
			5000,
			'the removed incident to leave the store',
		);
		desk.dispose();
	});

	it('a broken incident file is reported with its path and never replaced', () => {
		const file = incidentPaths('staging').open;
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, '{"version": 1, "id": "x"');
		const {desk, notices, store} = setUp();
		desk.start();
		expect(notices[0]!.text).toContain(`${file} is not a readable incident`);
		desk.open({severity: 'P2', title: 'x'});
		expect(notices.at(-1)!.text).toContain(file);
		expect(readFileSync(file, 'utf8')).toBe('{"version": 1, "id": "x"');
		expect(store.getSnapshot().incident).toBeUndefined();
		desk.dispose();
	});

	it('closes into a review (never over another file), archives the record and keeps it in the store', async () => {
		const {desk, incident, advance} = setUp();
		desk.start();
		desk.open({severity: 'P2', title: 'Checkout errors'});
		advance(30);
		const reviews = path.join(stateDir, 'reviews-here');
		mkdirSync(reviews, {recursive: true});
		writeFileSync(path.join(reviews, '2026-11-23-staging-checkout-errors.md'), 'an earlier review');
		await expect(desk.close({summary: '   '})).rejects.toThrow('closing needs a summary');
		const file = await desk.close({summary: 'Restarted; fine since.', leftOpen: ['root cause']});
		expect(file).toBe(path.join(reviews, '2026-11-23-staging-checkout-errors-2.md'));
		expect(readFileSync(path.join(reviews, '2026-11-23-staging-checkout-errors.md'), 'utf8')).toBe(
			'an earlier review',
		);
		const review = readFileSync(file, 'utf8');
		expect(review).toContain('| Duration | 30m |');
		expect(review).toContain('- root cause');
		expect(incident()).toMatchObject({
			closedAt: new Date(fixtureNow + 30 * 60_000).toISOString(),
			reviewFile: file,
		});
		expect(existsSync(incidentPaths('staging').open)).toBe(false);
		expect(
			JSON.parse(readFileSync(path.join(incidentPaths('staging').closedDir, `${incident().id}.json`), 'utf8'))
				.reviewFile,
		).toBe(file);
		desk.dispose();
	});
});

describe('IncidentDesk in a read-only console (issue 11 item 6)', () => {
	it('opens nothing: no file, no webhook, the reason told', () => {
		const {desk, notices, posted} = setUp({readOnly: true});
		desk.start();
		desk.open({severity: 'P2', title: 'Checkout errors'});
		expect(existsSync(incidentPaths('staging').open)).toBe(false);
		expect(posted).toEqual([]);
		expect(notices.at(-1)).toMatchObject({level: 'warning', text: expect.stringContaining('open read-only')});
		desk.dispose();
	});

	it('shows an incident opened elsewhere and changes nothing in its file: no entry, tick, note, message, snapshot, close, run or pane change', async () => {
		openNewIncident('staging', {
			title: 'Checkout errors',
			definition: severityDefinitions()[1]!,
			by: 'bob@laptop',
			at: new Date(fixtureNow).toISOString(),
		});
		const before = readFileSync(incidentPaths('staging').open, 'utf8');
		const {desk, store, incident, finish, posted, notices} = setUp({readOnly: true});
		desk.start();
		expect(incident().title).toBe('Checkout errors');
		desk.tick('assess', true);
		desk.note('seen it');
		desk.snapshot();
		desk.setSeverity('P1');
		await desk.communicate('we are on it');
		await desk.investigate('orchestrator');
		await expect(desk.close({summary: 'fixed'})).rejects.toThrow(/open read-only/);
		store.update(orchestratorActive);
		finish({});
		await new Promise(resolve => setTimeout(resolve, 60)); // past a poll: nothing is written meanwhile either
		expect(readFileSync(incidentPaths('staging').open, 'utf8')).toBe(before);
		expect(posted).toEqual([]);
		expect(existsSync(path.join(stateDir, 'reviews-here'))).toBe(false);
		expect(notices.filter(n => n.text.includes('open read-only')).length).toBeGreaterThanOrEqual(6);
		desk.dispose();
	});
});
