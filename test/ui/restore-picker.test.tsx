// Issue 12, section 2, `b`: the backup picker starts with nothing chosen (the cursor on Cancel);
// enter there, esc and q plan nothing; a file whose `gunzip -t` failed (or has not finished) cannot
// be chosen; hostile file names are shown with placeholders; and the console at 80x24 (footer, `?`
// help, the picker) stays whole with `b restore` and `B backup`. The picker alone, then in the
// console over a fixture controller whose picker state is set as the engine would set it.
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {cleanup, render} from 'ink-testing-library';
import {
	initialPickerState,
	listedPicker,
	withCheck,
	type BackupPickerState,
} from '../../source/core/procedures/backup-picker.js';
import type {ProcedureName} from '../../source/core/procedures/plan.js';
import type {ProcedureOptions} from '../../source/engine/procedures/options.js';
import {RestorePicker} from '../../source/ui/procedures/RestorePicker.js';
import {FixtureController, fixtureState, restartPlan} from '../fixtures/console-state.js';
import {openConsole} from '../support/console-driver.js';
import {inputListening, settleInk} from '../support/ink-settle.js';

afterEach(() => cleanup());

const hostNow = Date.parse('2026-11-23T04:00:00Z') / 1000;
const hostile = 'db_2026-11-21\u001b]0;pwned\u0007\u001b[8m\r\u202Eevil.sql.gz';
const hostileShown = 'db_2026-11-21␛]0;pwned␇␛[8m␍⟨U+202E⟩evil.sql.gz';

/** Three backups (the newest failed its check, the next intact, a hostile name intact) and a safety dump. */
function checkedPicker(): BackupPickerState {
	let state = listedPicker(
		initialPickerState('backup', 'restore-backup', {dir: '/opt/app/backups', pattern: 'db_*.sql.gz'}),
		{
			hostNow,
			files: [
				{name: 'db_2026-11-23.sql.gz', bytes: 4096, modifiedAt: hostNow - 2 * 3600},
				{name: 'pg-ops-safety-20261122T101500Z.sql.gz', bytes: 8192, modifiedAt: hostNow - 18 * 3600},
				{name: 'db_2026-11-22.sql.gz', bytes: 5120, modifiedAt: hostNow - 26 * 3600},
				{name: hostile, bytes: 5120, modifiedAt: hostNow - 50 * 3600},
			],
		},
	);
	state = withCheck(state, 'db_2026-11-23.sql.gz', {
		status: 'failed',
		reason: 'invalid compressed data--crc error',
	});
	state = withCheck(state, 'db_2026-11-22.sql.gz', {status: 'intact'});
	state = withCheck(state, hostile, {status: 'intact'});
	state = withCheck(state, 'pg-ops-safety-20261122T101500Z.sql.gz', {status: 'intact'});
	return state;
}

async function openPicker(picker: BackupPickerState, columns = 80, height = 20) {
	const chosen: string[] = [];
	let cancelled = 0;
	const app = render(
		<RestorePicker
			picker={picker}
			width={columns}
			height={height}
			onChoose={name => chosen.push(name)}
			onCancel={() => cancelled++}
		/>,
	);
	const settle = () => settleInk(app.stdout);
	await settle();
	const press = async (...keys: string[]) => {
		for (const key of keys) {
			await inputListening(app.stdin);
			app.stdin.write(key);
			await settle();
		}
	};
	return {app, chosen, cancelled: () => cancelled, press, screen: () => app.lastFrame() ?? ''};
}

describe('the backup picker', () => {
	it('starts on Cancel: enter there chooses nothing and cancels', async () => {
		const ui = await openPicker(checkedPicker());
		expect(ui.screen()).toMatch(/> \[ Cancel: restore nothing \]/);
		expect(ui.screen()).toContain('nothing chosen: move to a backup, then enter');
		await ui.press('\r');
		expect(ui.cancelled()).toBe(1);
		expect(ui.chosen).toEqual([]);
	});

	it('esc and q cancel too, whatever the cursor is on', async () => {
		const ui = await openPicker(checkedPicker());
		await ui.press('j', 'j', '\u001b');
		await ui.press('q');
		expect(ui.cancelled()).toBe(2);
		expect(ui.chosen).toEqual([]);
	});

	it('a file whose gunzip -t failed is shown failed and cannot be chosen; the next intact one can', async () => {
		const ui = await openPicker(checkedPicker());
		expect(ui.screen()).toMatch(/✗ db_2026-11-23\.sql\.gz\s+4K\s+2h ago\s+FAILED gunzip -t/);
		await ui.press('j', '\r');
		expect(ui.chosen).toEqual([]);
		expect(ui.cancelled()).toBe(0);
		expect(ui.screen()).toContain(
			'db_2026-11-23.sql.gz: gunzip -t failed (invalid compressed data--crc error)',
		);
		await ui.press('j', '\r');
		expect(ui.chosen).toEqual(['db_2026-11-22.sql.gz']);
	});

	it('a file still being checked cannot be chosen yet, and the progress says how far the checks are', async () => {
		const picker = listedPicker(
			initialPickerState('backup', 'restore-backup', {dir: '/opt/app/backups', pattern: 'db_*.sql.gz'}),
			{hostNow, files: [{name: 'db_2026-11-23.sql.gz', bytes: 4096, modifiedAt: hostNow - 60}]},
		);
		const ui = await openPicker(withCheck(picker, 'db_2026-11-23.sql.gz', {status: 'checking'}));
		expect(ui.screen()).toContain('checking 1 of 1 with gunzip -t…');
		await ui.press('j', '\r');
		expect(ui.chosen).toEqual([]);
		expect(ui.screen()).toContain('gunzip -t has not finished on it yet');
	});

	it('safety dumps are listed apart, after the backups, marked as such', async () => {
		const ui = await openPicker(checkedPicker());
		const lines = ui.screen().split('\n');
		const heading = lines.findIndex(l => l.includes('safety dumps (made by pg-ops before a restore):'));
		const dump = lines.findIndex(l => l.includes('pg-ops-safety-20261122T101500Z.sql.gz'));
		const oldest = lines.findIndex(l => l.includes('db_2026-11-21'));
		expect(heading).toBeGreaterThan(oldest);
		expect(dump).toBeGreaterThan(heading);
		expect(lines[dump]).toContain('safety dump');
	});

	it('a hostile file name is shown with placeholders, and cannot be chosen (the restore refuses such a name)', async () => {
		const ui = await openPicker(checkedPicker(), 120);
		expect(ui.screen()).toContain(hostileShown);
		expect(ui.screen()).not.toMatch(/[\u0007\u202e]|\u001b\]/);
		await ui.press('j', 'j', 'j', '\r');
		expect(ui.chosen).toEqual([]);
		expect(ui.screen()).toContain('its name has spaces or control characters');
	});

	it('fits 80 columns: every line at most 80, the rows that do not fit counted', async () => {
		const many = listedPicker(
			initialPickerState('backup', 'restore-backup', {dir: '/opt/app/backups', pattern: 'db_*.sql.gz'}),
			{
				hostNow,
				files: Array.from({length: 45}, (_, i) => ({
					name: `db_2026-10-${String(i + 1).padStart(2, '0')}-a-rather-long-backup-file-name.sql.gz`,
					bytes: 5_000_000 + i,
					modifiedAt: hostNow - (i + 1) * 86_400,
				})),
			},
		);
		// The newest 40 are listed and checked; the older ones are counted.
		expect([many.files.length, many.notListed]).toEqual([40, 5]);
		const ui = await openPicker(many, 80, 18);
		const lines = ui.screen().split('\n');
		expect(lines.length).toBeLessThanOrEqual(18);
		for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
		expect(ui.screen()).toMatch(/… \d+ more below/);
	});
});

/** A fixture console with a picker: opening sets the state the engine would (already checked). */
class PickerFixture extends FixtureController {
	openPicker(name: ProcedureName, options: ProcedureOptions = {}): boolean {
		this.calls.push(`picker:${name}:${JSON.stringify(options)}`);
		this.store.update(s => ({...s, picker: checkedPicker()}));
		return true;
	}
	choosePicked(name: string): void {
		this.calls.push(`chose:${name}`);
		this.store.update(s => ({...s, picker: undefined}));
		this.startProcedure('restore-backup', {backup: name});
	}
	closePicker(): void {
		this.calls.push('closePicker');
		this.store.update(s => ({...s, picker: undefined}));
	}
}

const runnable = {
	procedures: {
		restart: {plan: () => restartPlan()},
		'reset-stuck-jobs': {plan: () => restartPlan()},
		'restore-backup': {plan: () => restartPlan()},
		'rotate-token': {plan: () => restartPlan()},
		'switch-slot': {plan: () => restartPlan()},
		backup: {plan: () => restartPlan()},
	},
} as const;

const fitsScreen = (screen: string, columns = 80, rows = 24) => {
	const lines = screen.split('\n');
	expect(lines.length).toBeLessThanOrEqual(rows - 1);
	for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(columns);
};

describe('b and B in the console at 80x24', () => {
	it('the footer offers b restore and B backup with every action on, and still ends in q quit', async () => {
		const ui = await openConsole({
			controller: new PickerFixture(fixtureState(), runnable),
			columns: 80,
			rows: 24,
		});
		fitsScreen(ui.screen());
		const footer = ui.screen().split('\n').at(-1)!;
		expect(footer).toContain('b restore');
		expect(footer).toContain('B backup');
		expect(footer).toMatch(/\? help q quit$/);
	});

	it('the ? help lists both keys with what they do, and fits', async () => {
		const ui = await openConsole({
			controller: new PickerFixture(fixtureState(), runnable),
			columns: 80,
			rows: 24,
		});
		await ui.press('?');
		ui.expectScreen('b  restore a chosen backup', 'B  take a fresh backup', 'e          switch environment');
		fitsScreen(ui.screen());
	});

	it('b opens the picker on Cancel; enter there plans nothing; b, j j, enter plans the chosen file', async () => {
		const controller = new PickerFixture(fixtureState(), runnable);
		const ui = await openConsole({controller, columns: 80, rows: 24});
		await ui.press('b');
		await ui.waitForScreen('Restore which backup?');
		fitsScreen(ui.screen());
		ui.expectScreen('> [ Cancel: restore nothing ]');
		await ui.press('enter');
		await ui.waitFor(() => controller.calls.includes('closePicker'), 'the picker to close');
		expect(controller.calls.filter(c => c.startsWith('start:') || c.startsWith('plan:'))).toEqual([]);
		ui.expectScreen('restore-backup: cancelled; no backup chosen, nothing was planned or run');
		await ui.waitForDialogGuard();
		await ui.press('b');
		await ui.waitForScreen('Restore which backup?');
		await ui.press('j', 'j', 'enter');
		await ui.waitFor(
			() => controller.calls.includes('plan:restore-backup:{"backup":"db_2026-11-22.sql.gz"}'),
			'the chosen file to be planned',
		);
	});

	it('B plans a fresh backup at once (no picker)', async () => {
		const controller = new PickerFixture(fixtureState(), runnable);
		const ui = await openConsole({controller, columns: 80, rows: 24});
		await ui.press('B');
		await ui.waitFor(() => controller.calls.includes('plan:backup:{}'), 'the backup to be planned');
		expect(controller.calls.some(c => c.startsWith('picker:'))).toBe(false);
	});

	it('read-only refuses b and B before anything is asked or listed', async () => {
		const controller = new PickerFixture(
			fixtureState({env: {...fixtureState().env, readOnly: true}}),
			runnable,
		);
		const ui = await openConsole({controller, columns: 80, rows: 24});
		await ui.press('b');
		ui.expectScreen('b restore a chosen backup: read-only mode; nothing was run');
		await ui.press('B');
		ui.expectScreen('B take a fresh backup: read-only mode; nothing was run');
		expect(controller.calls.filter(c => c !== 'start')).toEqual([]);
		expect(ui.screen().split('\n').at(-1)).toContain('b B');
		fitsScreen(ui.screen());
	});
});
