// `b` from the incident's Mitigate and the maintenance window's Execute does what `b` does on the
// panes: it opens the backup picker (nothing chosen, nothing planned) instead of planning the newest
// backup at once. Over fixture controllers whose picker records that it was opened.
import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import type {ProcedureName} from '../../source/core/procedures/plan.js';
import type {ProcedureOptions} from '../../source/engine/procedures/options.js';
import {restartPlan} from '../fixtures/console-state.js';
import {fixtureIncident, IncidentFixtureController} from '../fixtures/incident-fixture.js';
import {openConsole} from '../support/console-driver.js';

afterEach(() => cleanup());

class PickerIncidentFixture extends IncidentFixtureController {
	openPicker(name: ProcedureName, options: ProcedureOptions = {}): boolean {
		this.calls.push(`picker:${name}:${JSON.stringify(options)}`);
		return true;
	}
	choosePicked(): void {}
	closePicker(): void {}
}

describe('b from Mitigate', () => {
	it('opens the backup picker; nothing is planned', async () => {
		const controller = new PickerIncidentFixture({
			incident: fixtureIncident(),
			procedures: {'restore-backup': {plan: () => restartPlan()}},
		});
		const ui = await openConsole({controller, columns: 80});
		await ui.press('i', 'j', 'j', 'enter');
		await ui.waitForScreen('Mitigate: run a procedure');
		await ui.press('b');
		await ui.waitFor(() => controller.calls.includes('picker:restore-backup:{}'), 'the picker to open');
		expect(controller.calls.filter(c => c.startsWith('plan:') || c.startsWith('start:'))).toEqual([]);
	});
});
