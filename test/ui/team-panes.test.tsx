// The team's own panes (6 Checks, 7 Alerts) in the console: placed by the pane registry at 80x24 and
// 120x40, focused by their digits and tab, their rows and details; left out of the grid (and their
// digit refused with the reason) where they are not configured.
import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {openConsole} from '../support/console-driver.js';
import {FixtureController, fixtureState, teamPanes} from '../fixtures/console-state.js';
import {gridLayout, shownPanes} from '../../source/ui/layout.js';
import {paneIds} from '../../source/core/panes.js';

afterEach(() => cleanup());

const withTeamPanes = () => {
	const state = fixtureState();
	return new FixtureController({...state, panes: {...state.panes, ...teamPanes()}});
};

describe('the Checks and Alerts panes', () => {
	it('the grid places every shown pane once, within the screen, at 80x24 and 120x40 (one host and a fleet)', () => {
		for (const [columns, rows] of [
			[80, 24],
			[120, 40],
		] as const)
			for (const fleet of [undefined, {servicesLines: 12}]) {
				const layout = gridLayout(columns, rows, paneIds, fleet);
				const placed = layout.rows.flat().map(b => b.pane);
				expect([...placed].sort()).toEqual([...paneIds].sort());
				const height = layout.rows.reduce((sum, row) => sum + row[0]!.height, 0);
				expect(height).toBeLessThanOrEqual(rows - 4);
				for (const row of layout.rows) expect(row.reduce((w, b) => w + b.width, 0)).toBe(columns);
				// Every pane keeps at least one line of content.
				for (const box of layout.rows.flat()) expect(box.height).toBeGreaterThanOrEqual(3);
			}
		// Not configured, a team's pane takes no room; a built-in one still says "not configured".
		expect(shownPanes(fixtureState().panes)).toEqual(['services', 'jobs', 'disk', 'etl', 'slo']);
	});

	it('at 80x24 all seven panes show, 6 Checks and 7 Alerts with their worst rows', async () => {
		const ui = await openConsole({controller: withTeamPanes(), columns: 80, rows: 24});
		ui.expectScreen('1 Services', '5 SLO', '6 Checks', '7 Alerts');
		ui.expectScreen(/✗ daily-report\s+exit 1/, /✗ ModelServingDown\s+firing/);
		const lines = ui.screen().split('\n');
		expect(lines.length).toBeLessThanOrEqual(23);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
	});

	it('at 120x40: digits 6 and 7 and tab focus them; enter shows a check and an alert in full', async () => {
		const ui = await openConsole({controller: withTeamPanes(), columns: 120, rows: 40});
		ui.expectScreen(
			'CRITICAL 3 tables missing rows',
			'1 firing, 1 pending',
			/ModelServingDown\s+firing\s+critical\s+5m the model server/,
		);
		await ui.press('6', 'enter');
		await ui.waitFor(() => ui.screen().includes('check daily-report'), 'the check details');
		ui.expectScreen('command: /opt/app/bin/daily-check', '3 tables missing rows');
		await ui.press('escape', 'tab', 'j', 'enter');
		await ui.waitFor(() => ui.screen().includes('alert QueueGrowing'), 'the alert details');
		ui.expectScreen('pending', 'jobs queue above 100');
	});

	it('where they are not configured, 6 says so and tab skips them', async () => {
		const ui = await openConsole();
		ui.expectNotOnScreen('6 Checks', '7 Alerts');
		await ui.press('6');
		await ui.waitFor(() => ui.screen().includes('not configured'), 'the notice');
		ui.expectScreen('6 Checks: not configured on staging');
		// From SLO (5) tab goes round to Services (1), past 6 and 7: enter shows its selected (worst) row.
		await ui.press('5', 'tab', 'enter');
		await ui.waitFor(() => ui.screen().includes('service orchestrator'), 'the services pane details');
		expect(ui.controller.calls).toContain('logs:orchestrator');
	});
});
