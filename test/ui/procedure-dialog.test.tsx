// The confirmation dialog of a procedure: opens on Cancel, ignores keys while it arms, `y` or the
// protected environment's name, esc and any other key cancel, stale data asks twice.
import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {openConsole} from '../support/console-driver.js';
import {FixtureController, fixtureState, restartPlan} from '../fixtures/console-state.js';
import type {ConsoleState} from '../../source/engine/store.js';

afterEach(() => cleanup());

const withRestart = (state: ConsoleState = fixtureState()) =>
	new FixtureController(state, {
		procedures: {restart: {plan: options => restartPlan(options, state.env.name)}},
	});
const confirmed = (controller: FixtureController) => controller.calls.includes('runner:confirmed:restart');

describe('the plan dialog', () => {
	it('r on the selected service lists exactly what will run, and opens on Cancel', async () => {
		const ui = await openConsole({controller: withRestart(), columns: 80});
		await ui.press('r'); // pane 1 has focus; the selection starts on the worst row, orchestrator
		await ui.waitForScreen('$ systemctl restart orchestrator.service');
		ui.expectScreen(
			'restart orchestrator on staging',
			'orchestrator (orchestrator.service) is failed',
			/check: orchestrator is active: until systemctl show -p\s*║\s*║\s+ActiveState,MainPID,NRestarts orchestrator\.service \(≤30s, holds 2s\)/,
			'undo:  none',
			'Run it?',
			'[ Cancel ]',
			'keys ignored for a moment',
		);
		expect(ui.controller.calls).toContain('plan:restart:{"service":"orchestrator"}');
		for (const line of ui.screen().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
		await ui.waitForArming();
		ui.expectScreen('y runs it', 'esc cancels').expectNotOnScreen('keys ignored');
	});

	it('y right after it opens does nothing; once armed, y runs it', async () => {
		const ui = await openConsole({controller: withRestart()});
		await ui.press('r');
		await ui.waitForScreen('[ Cancel ]');
		await ui.press('y');
		expect(ui.controller.calls.filter(c => c.startsWith('confirm'))).toEqual([]);
		ui.expectScreen('Run it?');
		await ui.waitForArming();
		await ui.press('y');
		expect(ui.controller.calls).toContain('confirm:y');
		await ui.waitForScreen('DONE');
		expect(confirmed(ui.controller)).toBe(true);
	});

	it("a cancelled run's status line goes when the next run starts: not under DONE, not back on the panes", async () => {
		const ui = await openConsole({controller: withRestart()});
		await ui.press('r');
		await ui.waitForScreen('[ Cancel ]');
		await ui.press('escape');
		await ui.waitForScreen('cancelled; nothing was run');
		await ui.waitForDialogGuard();
		await ui.press('r');
		await ui.waitForScreen('[ Cancel ]');
		await ui.waitForArming();
		await ui.press('y');
		await ui.waitForScreen('DONE');
		ui.expectNotOnScreen('cancelled');
		await ui.press('escape');
		await ui.waitForScreen('1 Services');
		ui.expectNotOnScreen('cancelled');
	});

	it('key auto-repeat (r held down, y y y) confirms nothing', async () => {
		const ui = await openConsole({controller: withRestart()});
		await ui.burst('r', 'r', 'r', 'y', 'y', 'y', 'enter');
		await ui.waitForScreen('[ Cancel ]');
		expect(confirmed(ui.controller)).toBe(false);
		expect(ui.controller.calls.filter(c => c === 'start:restart')).toHaveLength(1);
	});

	it('keys that reach pg-ops in one chunk ("jr", typed fast) each count', async () => {
		const ui = await openConsole({controller: withRestart()});
		await ui.press('jr'); // from orchestrator (the worst row, selected at start) j goes to intake
		await ui.waitForScreen('restart intake on staging');
	});

	it('without focus on the services, r restarts the first failed service', async () => {
		const ui = await openConsole({controller: withRestart()});
		await ui.press('2', 'r');
		await ui.waitForScreen('restart orchestrator on staging');
		expect(ui.controller.calls).toContain('plan:restart:{"service":"orchestrator"}');
	});

	it('on a protected environment y does not confirm; typing its name and enter does', async () => {
		const base = fixtureState();
		const ui = await openConsole({
			controller: withRestart(fixtureState({env: {...base.env, name: 'prod', protected: true}})),
		});
		await ui.press('r');
		await ui.waitForScreen('PROTECTED: type prod to run it:');
		await ui.waitForArming();
		await ui.press('y');
		expect(confirmed(ui.controller)).toBe(false);
		ui.expectScreen(' y▌ ', 'PROTECTED: type prod to run it');
		await ui.press('backspace');
		await ui.type('prod');
		ui.expectScreen(' prod▌ ');
		await ui.press('enter');
		expect(ui.controller.calls).toContain('confirm:prod');
		await ui.waitForScreen('DONE');
		expect(confirmed(ui.controller)).toBe(true);
	});

	it('on a protected environment a wrong name keeps the dialog open, says so and clears the field; the keys typed next stay in it', async () => {
		const base = fixtureState();
		const ui = await openConsole({
			controller: withRestart(fixtureState({env: {...base.env, name: 'prod', protected: true}})),
		});
		await ui.press('r');
		await ui.waitForScreen('[ Cancel ]');
		await ui.waitForArming();
		// The reproduction: "prod-sm", enter, backspace twice, "im", enter opened an incident.
		await ui.type('prod-sm');
		await ui.press('enter');
		await ui.waitForScreen('"prod-sm" is not prod: nothing was run. Type prod exactly, or esc to cancel.');
		ui.expectScreen('PROTECTED: type prod to run it:');
		await ui.press('backspace', 'backspace');
		await ui.type('im');
		await ui.press('enter');
		await ui.waitForScreen('"im" is not prod');
		ui.expectScreen('PROTECTED: type prod to run it:').expectNotOnScreen('Open incident', 'INCIDENT');
		expect(ui.controller.calls).not.toContain('runner:cancelled');
		expect(confirmed(ui.controller)).toBe(false);
		await ui.type('prod');
		await ui.press('enter');
		await ui.waitForScreen('DONE');
		expect(confirmed(ui.controller)).toBe(true);
	});

	it('a name typed faster than the screen redraws is submitted whole: "prodd" then enter in one burst is not prod', async () => {
		const base = fixtureState();
		const ui = await openConsole({
			controller: withRestart(fixtureState({env: {...base.env, name: 'prod', protected: true}})),
		});
		await ui.press('r');
		await ui.waitForScreen('PROTECTED: type prod to run it:');
		await ui.waitForArming();
		await ui.burst('p', 'r', 'o', 'd', 'd', 'enter');
		await ui.waitForScreen('"prodd" is not prod');
		expect(ui.controller.calls).toContain('confirm:prodd');
		expect(confirmed(ui.controller)).toBe(false);
	});

	it('keys typed within the arming delay after a dialog closes are dropped, never console commands', async () => {
		const ui = await openConsole({controller: withRestart()});
		await ui.press('r');
		await ui.waitForScreen('[ Cancel ]');
		// esc and the keys right behind it, as a fast typist sends them: i would open an incident dialog.
		await ui.press('escape');
		await ui.burst('i', 'm');
		await ui.waitForScreen('1 Services');
		ui.expectNotOnScreen('Open an incident', 'Start a maintenance window', 'What is this window for?');
		expect(ui.controller.calls).not.toContain('start:restart:again');
		await ui.waitForDialogGuard();
		await ui.press('?');
		await ui.waitForScreen('pg-ops keys');
	});

	it('esc cancels at once, armed or not, and the runner is told', async () => {
		const ui = await openConsole({controller: withRestart()});
		await ui.press('r');
		await ui.waitForScreen('[ Cancel ]');
		await ui.press('escape');
		await ui.waitForScreen('1 Services');
		ui.expectScreen('restart orchestrator: cancelled; nothing was run');
		expect(ui.controller.calls).toContain('cancel');
		expect(ui.controller.calls).toContain('runner:cancelled');
		expect(confirmed(ui.controller)).toBe(false);
	});

	it('any other key cancels once armed', async () => {
		const ui = await openConsole({controller: withRestart()});
		await ui.press('r');
		await ui.waitForScreen('[ Cancel ]');
		await ui.waitForArming();
		await ui.press('n');
		await ui.waitForScreen('1 Services');
		expect(ui.controller.calls).toContain('runner:cancelled');
		expect(confirmed(ui.controller)).toBe(false);
	});

	it('stale panes: the dialog says so and asks a second time, arming again', async () => {
		const state = fixtureState();
		state.panes.services = {...state.panes.services, stale: true, updatedAt: state.now - 95_000};
		const ui = await openConsole({controller: withRestart(state)});
		await ui.press('r');
		await ui.waitForScreen('STALE DATA');
		ui.expectScreen('Services is stale: its data is 1m old', 'You will be asked to confirm twice');
		await ui.waitForArming();
		await ui.press('y');
		await ui.waitForScreen('Confirmed once. Confirm AGAIN');
		ui.expectScreen('Run it AGAIN?', '[ Cancel ]', 'keys ignored for a moment');
		expect(confirmed(ui.controller)).toBe(false);
		await ui.press('y'); // the second dialog has armed afresh: too soon
		expect(confirmed(ui.controller)).toBe(false);
		await ui.waitForArming();
		await ui.press('y');
		await ui.waitForScreen('DONE');
		expect(confirmed(ui.controller)).toBe(true);
	});

	it('a reconnecting connection is stale data too', async () => {
		const base = fixtureState();
		const ui = await openConsole({
			controller: withRestart(
				fixtureState({
					env: {...base.env, transport: 'ssh', hostLabel: 'deploy@app-1'},
					connection: {status: 'reconnecting', attempt: 2, error: 'connection lost'},
				}),
			),
		});
		await ui.press('r');
		await ui.waitForScreen('STALE DATA');
		ui.expectScreen('the connection to deploy@app-1 is reconnecting (try 2)');
		await ui.waitForArming();
		await ui.press('y');
		await ui.waitForScreen('Confirm AGAIN');
		expect(confirmed(ui.controller)).toBe(false);
	});

	it('data that turns stale while the dialog is open: said at once, and asked twice', async () => {
		const ui = await openConsole({controller: withRestart()});
		await ui.press('r');
		await ui.waitForScreen('[ Cancel ]');
		ui.expectNotOnScreen('STALE DATA');
		ui.controller.store.update(s => ({
			...s,
			panes: {...s.panes, services: {...s.panes.services, stale: true}},
		}));
		await ui.waitForScreen('STALE DATA');
		await ui.waitForArming();
		await ui.press('y');
		await ui.waitForScreen('Confirm AGAIN');
		expect(confirmed(ui.controller)).toBe(false);
	});
});

describe('which actions are built', () => {
	it('help and footer: actions with a registered procedure are on, the others say "coming"', async () => {
		const ui = await openConsole({controller: withRestart()});
		await ui.press('?');
		ui.expectScreen(
			'restart a service',
			'x b B t s: coming in a later version',
			'quit (refused mid-procedure)',
		);
		ui.expectNotOnScreen('r x b');
		await ui.press('escape', 'x');
		ui.expectScreen('x reset stuck ETL jobs: coming in a later version; nothing was run');
		expect(ui.controller.calls.filter(c => c.startsWith('start:'))).toEqual([]);
	});

	it('an action the engine has no procedure for runs nothing, even when asked directly', async () => {
		const ui = await openConsole({controller: withRestart()});
		ui.controller.startProcedure('rotate-token');
		await ui.waitForScreen('rotate-token: coming in a later version; nothing was run');
		expect(ui.controller.store.getSnapshot().procedure).toBeUndefined();
	});

	it('read-only: the key says why, and the engine refuses if reached all the same', async () => {
		const base = fixtureState();
		const ui = await openConsole({
			controller: withRestart(fixtureState({env: {...base.env, readOnly: true}})),
		});
		await ui.press('r');
		ui.expectScreen('restart a service: read-only mode; nothing was run');
		expect(ui.controller.calls.filter(c => c.startsWith('start:'))).toEqual([]);
		ui.controller.startProcedure('restart', {service: 'orchestrator'});
		await ui.waitForScreen('REFUSED');
		ui.expectScreen('changes the environment, and staging is open read-only');
		expect(confirmed(ui.controller)).toBe(false);
	});
});
