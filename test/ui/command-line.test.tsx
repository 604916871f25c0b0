// The `:` command line, driven as the user types it: each command does what its key does (:run opens
// the same previewed and confirmed plan, never runs without it), a line that does not parse stays
// open with what is wrong, and ↑/↓ recall this session's lines.
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {openConsole} from '../support/console-driver.js';
import {FixtureController, fixtureState, restartPlan} from '../fixtures/console-state.js';
import {FleetFixtureController, fleetState} from '../fixtures/fleet-state.js';
import {ConsoleApp} from '../../source/ui/ConsoleApp.js';
import type {CommandHistory} from '../../source/ui/command-line/run-command.js';
import type {ConsoleState} from '../../source/engine/store.js';

afterEach(() => cleanup());

const withRestart = (state: ConsoleState = fixtureState()) =>
	new FixtureController(state, {
		procedures: {restart: {plan: options => restartPlan(options, state.env.name)}},
	});

describe('the : command line', () => {
	it(': opens the line, shows what is typed and the commands; esc closes it and runs nothing', async () => {
		const ui = await openConsole({columns: 80});
		await ui.press(':');
		await ui.waitForScreen(':▌');
		ui.expectScreen(':env :host :run :logs :incident :q');
		await ui.type('env pr');
		await ui.waitForScreen(':env pr▌');
		await ui.press('escape');
		await ui.waitForScreen('q quit');
		ui.expectNotOnScreen(':env pr');
		expect(ui.switched).toEqual([]);
	});

	it(":env NAME switches environment; a name it does not know keeps the line open, and the next keys are the line's", async () => {
		const ui = await openConsole({columns: 80});
		await ui.press(':');
		await ui.type('env prod-sm');
		await ui.press('enter');
		await ui.waitForScreen('unknown environment prod-sm; known: staging, prod');
		ui.expectScreen(':env prod-sm▌');
		// What would open an incident on the panes is typed into the line instead.
		await ui.press('backspace', 'backspace', 'i', 'm', 'enter');
		await ui.waitForScreen('unknown environment prod-im');
		expect(ui.screen()).not.toContain('Open incident');
		await ui.press('backspace', 'backspace', 'backspace', 'enter');
		await ui.waitFor(() => ui.switched.length > 0, 'the switch');
		expect(ui.switched).toEqual(['prod']);
	});

	it('? lists : and every command, on one host and on a fleet, at 80x24', async () => {
		for (const controller of [new FixtureController(), new FleetFixtureController(fleetState(100))]) {
			const ui = await openConsole({controller, columns: 80});
			await ui.press('?');
			await ui.waitForScreen('esc, q or ? closes this help');
			ui.expectScreen(
				':          a command (the line below)',
				':env NAME  :host NAME  :run NAME [ARGS]  :logs SERVICE  :incident  :q',
			);
			expect(ui.screen().split('\n').length).toBeLessThanOrEqual(23);
			cleanup();
		}
	});

	it('an unknown command says so and lists the known ones', async () => {
		const ui = await openConsole({columns: 80});
		await ui.press(':frob\r');
		await ui.waitForScreen('unknown command :frob; known: :env :host :run :logs :incident :q');
		for (const line of ui.screen().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
	});

	it(':run restart SERVICE opens the same plan and confirmation as r, and runs nothing until confirmed', async () => {
		// The UI clock held: "before the dialog arms" stays so however busy the machine is.
		const ui = await openConsole({controller: withRestart(), holdClock: true});
		await ui.press(':run restart web\r');
		await ui.waitForScreen('$ systemctl restart web.service');
		ui.expectScreen('restart web on staging', 'Run it?', '[ Cancel ]');
		expect(ui.controller.calls).toContain('plan:restart:{"service":"web"}');
		// A y typed at once (in the same chunk, or before the dialog arms) is no confirmation.
		await ui.press('y');
		expect(ui.controller.calls.some(call => call.startsWith('runner:confirmed'))).toBe(false);
		await ui.press('escape');
		await ui.waitFor(() => ui.controller.calls.includes('runner:cancelled'), 'the cancel');
		expect(ui.controller.calls.some(call => call.startsWith('runner:confirmed'))).toBe(false);
	});

	it(':run in read-only mode is refused as its key is, before any plan', async () => {
		const state = fixtureState();
		const ui = await openConsole({controller: withRestart({...state, env: {...state.env, readOnly: true}})});
		await ui.press(':run restart web\r');
		await ui.waitForScreen('r restart a service: read-only mode; nothing was run');
		expect(ui.controller.calls.filter(call => call.startsWith('plan:'))).toEqual([]);
	});

	it(':logs SERVICE opens its details and logs in the log viewer; esc goes back', async () => {
		const ui = await openConsole();
		await ui.press(':logs web\r');
		await ui.waitForScreen('ConnectionError: upstream refused');
		ui.expectScreen('service web');
		expect(ui.controller.calls).toContain('logs:web');
		await ui.press('escape');
		await ui.waitForScreen('q quit');
		expect(ui.controller.calls).toContain('closeDetail');
	});

	it(':q quits; :incident does what i does', async () => {
		const ui = await openConsole();
		await ui.press(':incident\r');
		await ui.waitForScreen('incident: open or work one: not available in this console; nothing was opened');
		await ui.press(':q\r');
		await ui.waitFor(() => ui.quit, 'quit');
	});

	it('↑ and ↓ recall the lines entered this session, across consoles that share the history', async () => {
		const history: CommandHistory = {entries: []};
		const element = (controller: FixtureController, onQuit: () => void) => (
			<ConsoleApp
				engine={controller}
				environments={[{name: 'staging'}, {name: 'prod'}]}
				onSwitchEnv={() => {}}
				onQuit={onQuit}
				commandHistory={history}
			/>
		);
		const first = await openConsole({element});
		await first.press(':env staging\r');
		await first.press(':frob\r', 'escape');
		first.unmount();
		expect(history.entries).toEqual(['env staging', 'frob']);
		const ui = await openConsole({element});
		await ui.press(':', 'up');
		await ui.waitForScreen(':frob▌');
		await ui.press('up', 'up');
		await ui.waitForScreen(':env staging▌');
		await ui.press('down');
		await ui.waitForScreen(':frob▌');
		await ui.press('down');
		await ui.waitForScreen(/^:▌/m);
		// A recalled line is edited and run like a typed one.
		await ui.press(
			'up',
			'up',
			'backspace',
			'backspace',
			'backspace',
			'backspace',
			'backspace',
			'backspace',
			'backspace',
		);
		await ui.waitForScreen(/^:env ▌/m);
	});
});

describe('the : command line on a fleet', () => {
	it(':host NAME opens that host', async () => {
		const ui = await openConsole({controller: new FleetFixtureController(fleetState(40))});
		await ui.press(':host app-07\r');
		await ui.waitForScreen('host app-07');
	});

	it(':run restart with no service on a fleet is refused (the key needs its row); with one it rolls over every host after confirmation', async () => {
		const ui = await openConsole({controller: new FleetFixtureController(fleetState(40))});
		await ui.press(':run restart\r');
		await ui.waitForScreen(':run restart on a fleet names its service: :run restart SERVICE HOST');
		expect(ui.controller.calls.filter(call => call.startsWith('plan:'))).toEqual([]);
		await ui.press('escape', ':run restart worker app-07\r');
		await ui.waitFor(() => ui.controller.calls.some(call => call.startsWith('plan:')), 'the plan');
		expect(ui.controller.calls).toContain('plan:restart:{"service":"worker","host":"app-07"}');
		await ui.waitForScreen('[ Cancel ]');
	});

	it(":logs SERVICE HOST opens that host's service with its logs", async () => {
		const ui = await openConsole({controller: new FleetFixtureController(fleetState(40))});
		await ui.press(':logs worker app-12\r');
		await ui.waitForScreen('service worker on app-12');
		expect(ui.controller.calls).toContain('logs:worker@app-12');
	});
});
