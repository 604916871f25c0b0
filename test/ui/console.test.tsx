import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {openConsole} from '../support/console-driver.js';
import {FixtureController, fixtureState} from '../fixtures/console-state.js';
import {evaluateSlo} from '../../source/core/policy/slo.js';
import type {PaneData} from '../../source/core/panes.js';
import {MaintenanceFixtureController, maintenanceRecord} from '../fixtures/maintenance-fixture.js';

afterEach(() => cleanup());

describe('the console on fixed data', () => {
	it('shows the header and all five panes with their problems', async () => {
		const ui = await openConsole();
		ui.expectScreen('pg-ops', 'staging', 'slot blue 2026.11.2 a1b2c3d', 'refreshed just now');
		ui.expectScreen('1 Services', '2 Job freshness', '3 Disk', '4 Stuck ETL jobs', '5 SLO');
		ui.expectScreen(
			/✗ orchestrator\s+failed/,
			/calibration\s+13h\s+STALE \(12h\)/,
			'near 80%',
			'3 stuck > 1h  oldest 5h  id 4411',
			/errors\s+2\.4%\s+WARNING \(>2%\)/,
		);
		expect(ui.controller.calls).toContain('start');
	});

	it('an SLO figure off its target but short of WARNING is marked off target, never a green ✓ ok', async () => {
		const state = fixtureState();
		const slo = {
			availability: {target: 99.5, warn: 99, crit: 98},
			p95Ms: {target: 500, warn: 800, crit: 1500},
			errorRatePercent: {target: 1, warn: 2, crit: 5},
		};
		const items = evaluateSlo({availabilityPercent: 99.3, p95Ms: 420, errorRatePercent: 1.4}, slo as never);
		state.panes.slo = {...state.panes.slo, status: 'ok', data: {window: '1h', items}};
		const ui = await openConsole({controller: new FixtureController(state)});
		ui.expectScreen(
			/~ availability\s+99\.30%\s+off target\s+target >=99\.5%/,
			/~ errors\s+1\.4%\s+off target\s+target <1%/,
		);
		ui.expectScreen(/✓ p95\s+420ms\s+ok/);
	});

	it('the stuck-jobs pane marks the rows x resets; a row stuck 1h30m (under resetAfter 2h) is not marked', async () => {
		const state = fixtureState();
		const etl = state.panes.etl.data as PaneData['etl'];
		const young = {
			id: '4420',
			status: 'processing',
			createdAt: new Date(Date.now() - 5400_000).toISOString(),
			ageSeconds: 5400,
		};
		state.panes.etl = {
			...state.panes.etl,
			data: {...etl, count: 4, resetAfterSeconds: 7200, resettable: 3, items: [...etl.items, young]},
		};
		const ui = await openConsole({controller: new FixtureController(state)});
		ui.expectScreen('4 stuck > 1h', '↺ x resets 3 of 4 (> 2h)', /↺ 4411\s+processing\s+5h/);
		await ui.press('4', 'j', 'j', 'j');
		ui.expectScreen(/! 4420\s+processing\s+1h30m/);
		await ui.press('enter');
		ui.expectScreen('jobs row 4420', /x resets it\s+not yet \(only rows stuck > 2h\)/);
	});

	it('fits 80 columns and 24 rows', async () => {
		const ui = await openConsole({columns: 80});
		const lines = ui.screen().split('\n');
		expect(lines.length).toBeLessThanOrEqual(23);
		for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
		ui.expectScreen('1 Services', '5 SLO', 'q quit');
	});

	it('the selection starts on the worst row: enter right after start-up opens the failed service', async () => {
		const ui = await openConsole();
		await ui.press('enter');
		ui.expectScreen('service orchestrator', 'exit-code (status 1)', 'ConnectionError: upstream refused');
		expect(ui.controller.calls).toContain('logs:orchestrator');
		await ui.press('escape');
		ui.expectScreen('1 Services', '5 SLO');
		expect(ui.controller.calls).toContain('closeDetail');
		await ui.press('4', 'j', 'j', 'enter');
		ui.expectScreen('jobs row 4416', 'stuck for', '2h10m');
	});

	it("a row's details offer only the keys that act there (esc back, q quit), not the panes' actions", async () => {
		const ui = await openConsole();
		const footer = () => ui.screen().trimEnd().split('\n').at(-1)!;
		expect(footer()).toMatch(/^r x b B t s/);
		await ui.press('enter');
		ui.expectScreen('service orchestrator');
		expect(footer().trim()).toBe('esc back  q quit');
		// and r there restarts nothing
		await ui.press('r');
		expect(ui.controller.calls.filter(call => call.startsWith('start:'))).toEqual([]);
		await ui.press('escape');
		expect(footer()).toMatch(/^r x b B t s/);
	});

	it('tab and shift+tab cycle the panes; enter on a job shows its threshold', async () => {
		const ui = await openConsole();
		await ui.press('tab', 'enter'); // the stale job is the worst row there
		ui.expectScreen('job calibration', 'stale after  12h', 'YES');
		await ui.press('escape', 'shift+tab', 'shift+tab', 'enter');
		ui.expectScreen('SLO errors', '< 1%'); // the gauge at WARNING is the worst row
	});

	it('filters the focused pane and clears the filter with esc', async () => {
		const ui = await openConsole();
		await ui.press('/');
		await ui.type('orch');
		ui.expectScreen('/orch');
		await ui.press('enter');
		ui.expectScreen('filter: orch (1 of 3)').expectNotOnScreen('intake');
		await ui.press('escape');
		ui.expectScreen('intake').expectNotOnScreen('filter: orch');
	});

	it('narrows the pane as the filter is typed, before enter; esc clears it', async () => {
		const ui = await openConsole();
		await ui.press('/');
		await ui.type('orch');
		await ui.waitForScreen('filter: orch (1 of 3)');
		ui.expectScreen('/orch▌').expectNotOnScreen('intake');
		await ui.press('backspace', 'backspace', 'backspace');
		await ui.waitForScreen('filter: o (');
		await ui.press('escape');
		await ui.waitForScreen('intake');
		ui.expectNotOnScreen('filter: o', '/o▌');
	});

	it('keys typed faster than the screen redraws all count', async () => {
		const ui = await openConsole();
		await ui.burst('/', 'o', 'r', 'c', 'h', 'enter');
		ui.expectScreen('filter: orch (1 of 3)');
		await ui.burst('escape', '4', 'j', 'j', 'enter');
		ui.expectScreen('jobs row 4416');
	});

	it('shows every key in the help screen, and esc closes it', async () => {
		const ui = await openConsole();
		await ui.press('?');
		ui.expectScreen(
			'pg-ops keys',
			'ctrl+r',
			'refresh every pane now',
			'restart a service',
			'r x b B t s: coming in a later version',
			'esc',
			'quit',
		);
		await ui.press('escape');
		ui.expectScreen('1 Services');
	});

	it('the help screen fits 80x24 with every description whole, read-only too', async () => {
		for (const readOnly of [false, true]) {
			const ui = await openConsole({
				columns: 80,
				controller: new FixtureController(fixtureState({env: {...fixtureState().env, readOnly}})),
			});
			await ui.press('?');
			const lines = ui.screen().split('\n');
			expect(lines.length).toBeLessThanOrEqual(23);
			for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
			const box = lines.slice(
				lines.findIndex(line => line.startsWith('┌')),
				lines.findIndex(line => line.startsWith('└')) + 1,
			);
			expect(box.filter(line => line.includes('…'))).toEqual([]);
			ui.expectScreen('i  incident: open or work one', 'esc, q or ? closes this help');
			cleanup();
		}
	});

	it('action keys say they are not built yet and run nothing', async () => {
		const ui = await openConsole();
		await ui.press('x');
		ui.expectScreen('x reset stuck ETL jobs: coming in a later version; nothing was run');
		expect(ui.controller.calls).toEqual(['start']);
	});

	it('in read-only mode actions are disabled with the reason', async () => {
		const ui = await openConsole({
			controller: new FixtureController(fixtureState({env: {...fixtureState().env, readOnly: true}})),
		});
		ui.expectScreen('READ-ONLY');
		await ui.press('r');
		ui.expectScreen('restart a service: read-only mode; nothing was run');
		await ui.press('?');
		ui.expectScreen('actions that change things are disabled', 'r x b B t s: read-only mode');
	});

	it('in read-only mode m still shows the maintenance window (the engine refuses changes to it)', async () => {
		const readOnly = fixtureState({env: {...fixtureState().env, readOnly: true}});
		const controller = new MaintenanceFixtureController(maintenanceRecord(), {}, readOnly);
		const ui = await openConsole({controller});
		await ui.press('m');
		ui.expectScreen('Maintenance: upgrade PostgreSQL to 16.4').expectNotOnScreen(
			'read-only mode; nothing was run',
		);
	});

	it('ctrl+r refreshes, e offers the other environments, q quits', async () => {
		const ui = await openConsole();
		await ui.press('ctrl+r');
		expect(ui.controller.calls).toContain('refresh');
		await ui.press('e');
		ui.expectScreen('Choose an environment', 'staging (current)', 'prod (protected)');
		await ui.press('j', 'enter');
		expect(ui.switched).toEqual(['prod']);
		await ui.waitForDialogGuard(); // keys right after a dialog closes are the dialog's
		await ui.press('q');
		expect(ui.quit).toBe(true);
	});

	it('shows a probe error in its pane without disturbing the others, and marks stale data', async () => {
		const state = fixtureState();
		state.panes.jobs = {
			...state.panes.jobs,
			status: 'error',
			error: 'GET http://127.0.0.1:8080/ops/model-health: connection refused',
			stale: true,
		};
		const ui = await openConsole({controller: new FixtureController(state)});
		ui.expectScreen(
			'ERROR STALE',
			'✗ GET http://127.0.0.1:8080/ops/model-health',
			'refused',
			'1 Services',
			/✗ orchestrator/,
		);
	});

	it('marks a protected environment loudly', async () => {
		const ui = await openConsole({
			controller: new FixtureController(
				fixtureState({env: {...fixtureState().env, name: 'prod', protected: true}}),
			),
		});
		ui.expectScreen(' prod ', 'PROTECTED');
	});
});

describe('drawing only what changed', () => {
	it('a refresh that brings the same figures draws no new frame; a changed figure does', async () => {
		const ui = await openConsole();
		const frames = () => ui.frameCount();
		const before = frames();
		const state = ui.controller.store.getSnapshot();
		// Same data, fresh timestamps, two seconds later: nothing on screen changes.
		ui.controller.store.update(s => ({
			...s,
			now: s.now + 2000,
			lastRefreshAt: s.now + 2000,
			panes: {...s.panes, slo: {...s.panes.slo, updatedAt: s.now + 2000}},
		}));
		await new Promise(resolve => setTimeout(resolve, 50));
		expect(frames()).toBe(before);
		const slo = state.panes.slo.data as {items: Array<{value: number}>};
		ui.controller.store.update(s => ({
			...s,
			panes: {
				...s.panes,
				slo: {
					...s.panes.slo,
					data: {...slo, items: slo.items.map((item, i) => (i === 0 ? {...item, value: 99.55} : item))},
				} as typeof s.panes.slo,
			},
		}));
		await new Promise(resolve => setTimeout(resolve, 50));
		expect(frames()).toBeGreaterThan(before);
		ui.expectScreen('99.55%');
	});
});
