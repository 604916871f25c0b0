// A maintenance window's moves: steps in order, a failed step retried, a skip that needs a reason,
// Execute's items, a resume after a crash, and the close.
import {describe, expect, it} from 'vitest';
import {
	addNote,
	addRunItem,
	beginStep,
	blockedBy,
	cancelStep,
	closeWindow,
	currentStep,
	finishExecute,
	finishStep,
	interruptRunning,
	MaintenanceError,
	markItem,
	openWindow,
	skipStep,
} from '../../source/core/maintenance/record.js';
import {checkMaintenanceRecord} from '../../source/core/maintenance/record-schema.js';
import type {MaintenanceRecord} from '../../source/core/maintenance/types.js';

const at = (minute: number) => `2026-11-23T05:${String(minute).padStart(2, '0')}:00.000Z`;
const open = () =>
	openWindow({
		id: 'w1',
		env: 'prod',
		title: '  Upgrade PostgreSQL 15.4 -> 15.6 ',
		startedAt: at(0),
		startedBy: 'ana@laptop',
	});
const done = (record: MaintenanceRecord, step: 'announce' | 'backup' | 'test' | 'verify', minute: number) =>
	finishStep(beginStep(record, step, at(minute)), step, {ok: true, output: [`${step} ok`]}, at(minute));

describe('a maintenance window', () => {
	it('opens with a trimmed title and six pending steps; an empty title is refused', () => {
		const record = open();
		expect(record.title).toBe('Upgrade PostgreSQL 15.4 -> 15.6');
		expect(Object.values(record.steps).map(s => s.status)).toEqual([
			'pending',
			'pending',
			'pending',
			'pending',
			'pending',
			'pending',
		]);
		expect(currentStep(record)).toBe('announce');
		expect(() => openWindow({id: 'w', env: 'prod', title: '  ', startedAt: at(0), startedBy: 'x'})).toThrow(
			MaintenanceError,
		);
		expect(checkMaintenanceRecord(JSON.parse(JSON.stringify(record)))).toEqual({ok: true, record});
	});

	it('runs steps in order: a step waits for the ones before it', () => {
		const record = open();
		expect(blockedBy(record, 'backup')).toBe(
			'first announce (each step runs once the ones before it are done or skipped)',
		);
		expect(() => beginStep(record, 'verify', at(1))).toThrow(
			"can't run verify: first announce, backup, execute, test",
		);
		const announced = done(record, 'announce', 1);
		expect(blockedBy(announced, 'backup')).toBeUndefined();
		expect(currentStep(announced)).toBe('backup');
		expect(() => beginStep(announced, 'announce', at(2))).toThrow('announce is done');
	});

	it('a running step can not run twice; its outcome arrives once', () => {
		const running = beginStep(open(), 'announce', at(1), 'laptop:42');
		expect(running.steps.announce).toMatchObject({
			status: 'running',
			attempts: 1,
			startedAt: at(1),
			runBy: 'laptop:42',
		});
		expect(() => beginStep(running, 'announce', at(1))).toThrow('announce is running');
		const finished = finishStep(running, 'announce', {ok: true, output: ['posted']}, at(2));
		expect(finished.steps.announce).toMatchObject({status: 'done', endedAt: at(2), output: ['posted']});
		expect(finished.steps.announce.runBy).toBeUndefined();
		// A late second answer changes nothing.
		expect(finishStep(finished, 'announce', {ok: false}, at(3))).toBe(finished);
	});

	it('a failed step keeps why, and runs again (a retry counts its attempts)', () => {
		const announced = done(open(), 'announce', 1);
		const failed = finishStep(
			beginStep(announced, 'backup', at(2)),
			'backup',
			{ok: false, reason: 'pg_dump: connection refused', correlationId: 'c1'},
			at(3),
		);
		expect(failed.steps.backup).toMatchObject({
			status: 'failed',
			reason: 'pg_dump: connection refused',
			attempts: 1,
			correlationId: 'c1',
		});
		expect(blockedBy(failed, 'execute')).toContain('first backup');
		const retried = beginStep(failed, 'backup', at(4));
		expect(retried.steps.backup).toMatchObject({status: 'running', attempts: 2});
		expect(retried.steps.backup.reason).toBeUndefined();
	});

	it('a skip needs a reason, keeps it, and opens the next step; close cannot be skipped', () => {
		const announced = done(open(), 'announce', 1);
		expect(() => skipStep(announced, 'backup', '   ', at(2))).toThrow('skipping backup needs a reason');
		expect(() => skipStep(announced, 'test', 'no suite', at(2))).toThrow(
			"can't skip test: first backup, execute",
		);
		const skipped = skipStep(announced, 'backup', ' dumped by the nightly job 10 minutes ago ', at(2));
		expect(skipped.steps.backup).toMatchObject({
			status: 'skipped',
			reason: 'dumped by the nightly job 10 minutes ago',
		});
		expect(currentStep(skipped)).toBe('execute');
		expect(() => skipStep(skipped, 'close', 'x', at(3))).toThrow('close ends the window');
		expect(() => skipStep(done(skipped, 'announce', 1), 'announce', 'x', at(3))).toThrow();
	});

	it('a cancelled run puts the step back as it was', () => {
		const announced = done(open(), 'announce', 1);
		const running = beginStep(announced, 'backup', at(2));
		expect(cancelStep(running, 'backup', announced.steps.backup).steps.backup).toEqual(
			announced.steps.backup,
		);
	});

	it('on resume, a step left running by a pg-ops that is gone is failed as interrupted; one still running is left alone', () => {
		const announced = done(open(), 'announce', 1);
		const running = beginStep(announced, 'backup', at(2), 'laptop:99');
		const resumed = interruptRunning(running, at(5), () => false);
		expect(resumed.steps.backup.status).toBe('failed');
		expect(resumed.steps.backup.reason).toMatch(/^interrupted: pg-ops stopped while this step ran/);
		expect(interruptRunning(running, at(5), () => true)).toBe(running);
		expect(interruptRunning(announced, at(5), () => false)).toBe(announced);
	});
});

describe('execute', () => {
	const ready = () => done(done(open(), 'announce', 1), 'backup', 2);

	it('notes are items ticked by hand; the first item starts execute', () => {
		const noted = addNote(ready(), ' drain the queue ', at(3));
		expect(noted.execute).toEqual([
			{id: 'i1', kind: 'note', title: 'drain the queue', status: 'pending', at: at(3)},
		]);
		expect(noted.steps.execute).toMatchObject({status: 'running', startedAt: at(3)});
		expect(() => addNote(noted, '', at(3))).toThrow('a note needs some text');
		const ticked = markItem(noted, 'i1', 'done', at(4));
		expect(ticked.execute[0]).toMatchObject({status: 'done', at: at(4)});
		expect(() => markItem(ticked, 'i1', 'skipped', at(4), 'not needed')).toThrow(
			'i1 (drain the queue) is already done',
		);
		expect(() => markItem(ticked, 'i9', 'done', at(4))).toThrow('no item i9 in execute (have: i1)');
	});

	it('skipping an item needs a reason, which is kept with the item (and checked when read back)', () => {
		const noted = addNote(ready(), 'drain the queue', at(3));
		expect(() => markItem(noted, 'i1', 'skipped', at(4))).toThrow(
			'skipping i1 needs a reason (it is kept in the summary)',
		);
		expect(() => markItem(noted, 'i1', 'skipped', at(4), '  ')).toThrow(MaintenanceError);
		const skipped = markItem(noted, 'i1', 'skipped', at(4), ' the queue was empty ');
		expect(skipped.execute[0]).toMatchObject({status: 'skipped', reason: 'the queue was empty', at: at(4)});
		expect(checkMaintenanceRecord(JSON.parse(JSON.stringify(skipped)))).toEqual({ok: true, record: skipped});
		// A tick needs no reason, and keeps none.
		expect(markItem(noted, 'i1', 'done', at(4), 'ignored').execute[0]?.reason).toBeUndefined();
	});

	it('items may be noted before execute is reached; execute stays pending until then', () => {
		const early = addNote(open(), 'tell support', at(1));
		expect(early.steps.execute.status).toBe('pending');
		expect(early.execute).toHaveLength(1);
	});

	it('procedure runs are items with their commands, recorded even after execute is finished', () => {
		const {record, id} = addRunItem(
			ready(),
			{
				kind: 'procedure',
				title: 'restart app-orchestrator',
				commands: ['sudo -n systemctl restart app-orchestrator.service'],
				status: 'done',
				outcome: 'succeeded',
			},
			at(3),
		);
		expect(id).toBe('i1');
		expect(record.steps.execute.status).toBe('running');
		const finished = finishExecute(record, at(4));
		expect(finished.steps.execute).toMatchObject({status: 'done', output: ['1 item: 1 done']});
		const later = addRunItem(
			finished,
			{
				kind: 'procedure',
				title: 'restart app-web',
				commands: ['x'],
				status: 'failed',
				outcome: 'failed-undone',
			},
			at(5),
		).record;
		expect(later.execute.map(i => i.id)).toEqual(['i1', 'i2']);
		expect(later.steps.execute.status).toBe('done');
		expect(() => addNote(later, 'too late', at(6))).toThrow('execute is finished: no more items');
	});

	it('finishing needs every item ticked or skipped, and the steps before it', () => {
		expect(() => finishExecute(done(open(), 'announce', 1), at(2))).toThrow(
			"can't finish execute: first backup",
		);
		const noted = addNote(addNote(ready(), 'a', at(3)), 'b', at(3));
		expect(() => finishExecute(noted, at(4))).toThrow(
			"can't finish execute: 2 items not ticked or skipped: i1 a; i2 b",
		);
		const finished = finishExecute(
			markItem(markItem(noted, 'i1', 'done', at(4)), 'i2', 'skipped', at(4), 'not needed'),
			at(5),
		);
		expect(finished.steps.execute).toMatchObject({
			status: 'done',
			output: ['2 items: 1 done, 1 skipped'],
			endedAt: at(5),
		});
		// With nothing to do, execute can be finished at once.
		expect(finishExecute(ready(), at(3)).steps.execute).toMatchObject({status: 'done', output: ['no items']});
	});
});

describe('close', () => {
	it('needs every step before it done or skipped, then records the end and the summary', () => {
		let record = done(done(open(), 'announce', 1), 'backup', 2);
		expect(() => closeWindow(record, {lines: []}, at(9))).toThrow(
			"can't run close: first execute, test, verify",
		);
		record = skipStep(
			done(finishExecute(record, at(3)), 'test', 4),
			'verify',
			'SLO is recovering: watched by hand',
			at(5),
		);
		const closed = closeWindow(
			beginStep(record, 'close', at(6)),
			{lines: ['summary'], file: '/tmp/s.md', output: ['summary written']},
			at(7),
		);
		expect(closed).toMatchObject({closedAt: at(7), summary: ['summary'], summaryFile: '/tmp/s.md'});
		expect(closed.steps.close).toMatchObject({status: 'done', attempts: 1, output: ['summary written']});
		expect(blockedBy(closed, 'close')).toBe('the window is closed');
		expect(() => addNote(closed, 'x', at(8))).toThrow('the window is closed');
	});

	it('a saved record that was edited badly is refused with the field', () => {
		const value = JSON.parse(JSON.stringify(open()));
		value.steps.backup.status = 'half-done';
		delete value.title;
		const checked = checkMaintenanceRecord(value);
		expect(checked.ok).toBe(false);
		expect(checked.ok ? [] : checked.problems.join('\n')).toMatch(
			/title:.*\n?.*steps\.backup\.status|steps\.backup\.status[\s\S]*title/,
		);
	});
});
