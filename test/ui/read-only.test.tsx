// Read-only mode as the operator meets it (issue 12, section 3): every screen's header says
// READ-ONLY, the hint lines show the keys that would change something as off with the reason,
// and such a key is refused at once, before any purpose, reason, note or value is asked for.
import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {openConsole} from '../support/console-driver.js';
import {fixtureState} from '../fixtures/console-state.js';
import {MaintenanceFixtureController, maintenanceRecord} from '../fixtures/maintenance-fixture.js';
import {fixtureIncident, IncidentFixtureController} from '../fixtures/incident-fixture.js';

afterEach(() => cleanup());

const readOnlyState = () => fixtureState({env: {...fixtureState().env, readOnly: true}});
const footerLine = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';

describe('read-only mode', () => {
	it('the panes: READ-ONLY in the header, r x b B t s m i off together with the reason; m and i with nothing open ask for nothing', async () => {
		const controller = new MaintenanceFixtureController(undefined, {}, readOnlyState());
		const ui = await openConsole({controller, columns: 80});
		ui.expectScreen('READ-ONLY');
		expect(footerLine(ui.screen())).toMatch(/^r x b B t s m i: read-only .*\? help.*q quit/);
		await ui.press('m');
		ui.expectScreen(
			'm: read-only mode opens no maintenance window (none is open); nothing was opened',
		).expectNotOnScreen('What is this window for?');
		await ui.press('i');
		ui.expectScreen(
			'i: read-only mode opens no incident (none is open); nothing was opened',
		).expectNotOnScreen('Open an incident');
		await ui.press('?');
		ui.expectScreen(
			'r x b B t s: read-only mode',
			'm: read-only mode opens no',
			'i: read-only mode opens no incident',
		);
		expect(controller.maintenance.calls).toEqual([]);
	});

	it('not read-only, the same footer offers every key by its word', async () => {
		const ui = await openConsole({controller: new MaintenanceFixtureController(), columns: 120});
		ui.expectNotOnScreen('READ-ONLY');
		// The fixture's engine runs no procedure: those keys are off as "coming"; m and i are live.
		expect(footerLine(ui.screen())).toMatch(/^r x b B t s: coming {2}m maint {2}i incident {2}\? help/);
	});

	it('an open window: READ-ONLY above it, its changing keys off on the hint line, each refused before a reason or note is asked', async () => {
		const controller = new MaintenanceFixtureController(maintenanceRecord(), {}, readOnlyState());
		const ui = await openConsole({controller, columns: 100});
		await ui.press('m');
		ui.expectScreen('Maintenance: upgrade PostgreSQL to 16.4', 'READ-ONLY');
		expect(footerLine(ui.screen())).toMatch(/enter S: read-only/);
		for (const key of ['S', 'enter']) {
			await ui.press(key);
			ui.expectScreen(
				`${key}: read-only mode, the window can be looked at, not changed; nothing was changed`,
			);
			ui.expectNotOnScreen('Why skip');
		}
		// Execute's keys: a note is refused before its line opens.
		await ui.press('j', 'j', 'a');
		ui.expectScreen('a: read-only mode').expectNotOnScreen('Note:');
		await ui.press('?');
		ui.expectScreen('read-only mode: enter, S, space, a, d are refused at once');
		expect(controller.maintenance.calls).toEqual([]);
	});

	it('a closed window: n starts no new one and asks no title', async () => {
		const record = maintenanceRecord({}, {closedAt: maintenanceRecord().startedAt});
		const controller = new MaintenanceFixtureController(record, {}, readOnlyState());
		const ui = await openConsole({controller, columns: 100});
		await ui.press('m');
		ui.expectScreen('READ-ONLY');
		expect(footerLine(ui.screen())).toMatch(/n: read-only/);
		await ui.press('n');
		ui.expectScreen('n: read-only mode').expectNotOnScreen('What is this window for?');
		expect(controller.maintenance.calls).toEqual([]);
	});

	it('an open incident: READ-ONLY above its checklist too', async () => {
		const controller = new IncidentFixtureController({incident: fixtureIncident(), state: readOnlyState()});
		const ui = await openConsole({controller, columns: 80});
		expect(footerLine(ui.screen())).toMatch(/^r x b B t s m: read-only {1,2}i (incident P2|inc P2|P2) /);
		await ui.press('i');
		await ui.waitForScreen('INCIDENT P2 High: orchestrator down');
		ui.expectScreen('READ-ONLY');
	});
});
