// A step's whole output, one key away (issue 12 section 1): the progress view shows a step's last
// 3 lines and says how many more there are; `o` opens every step's output in the log viewer (the
// SQL's header and `systemctl status`'s Active: line included), esc comes back to the steps.
import {afterEach, describe, it, vi} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {openConsole} from '../support/console-driver.js';
import {FixtureController, fixtureState} from '../fixtures/console-state.js';
import type {Plan} from '../../source/core/procedures/plan.js';
import type {ProcedureEvent} from '../../source/engine/procedures/runner.js';

afterEach(() => cleanup());

const see = (check: () => unknown) => vi.waitFor(check, {timeout: 10_000, interval: 30});

const plan: Plan = {
	procedure: 'runbook-step',
	title: 'runbook step: check the web unit',
	env: 'staging',
	summary: ['from docs/runbooks/web.md'],
	steps: [
		{
			id: 'status',
			title: 'systemctl status web',
			mutates: false,
			action: {kind: 'shell', command: 'systemctl status web'},
		},
	],
	secrets: {},
	restsOn: [],
};
const output = [
	'● web.service - the web app',
	'     Loaded: loaded (/etc/systemd/system/web.service; enabled)',
	'     Active: active (running) since Mon 2026-11-23 03:00:00 UTC; 1h ago',
	'   Main PID: 812 (node)',
	'      Tasks: 11',
	'     Memory: 80.0M',
	'Nov 23 03:59:59 demo app-web[812]: GET /healthz 200 1.2ms',
].join('\n');
const record = {id: 'status', title: 'systemctl status web', command: 'systemctl status web'};
const events: ProcedureEvent[] = [
	{type: 'step', index: 0, record: {...record, status: 'running'}},
	{type: 'step', index: 0, record: {...record, status: 'done', durationMs: 300, output}},
];

describe("a step's whole output", () => {
	it('the steps say how many lines are above; o shows them all in the viewer; esc comes back', async () => {
		const controller = new FixtureController(fixtureState(), {procedures: {'runbook-step': {plan, events}}});
		const ui = await openConsole({controller, columns: 100});
		controller.sessions.startPlan(plan, 'check the web unit', 'step-1');
		await ui.waitForScreen('[ Cancel ]');
		await ui.waitForArming();
		await ui.press('y');
		await see(() => ui.expectScreen('(4 more lines above: o shows the whole output)', 'GET /healthz 200'));
		ui.expectNotOnScreen('Active: active (running)');
		await ui.press('o');
		await see(() =>
			ui.expectScreen(
				'── 1. systemctl status web (done): $ systemctl status web',
				'Active: active (running)',
				'● web.service',
				'j/k PgUp/PgDn g/G scroll',
			),
		);
		await ui.press('/');
		await ui.type('Main PID');
		await ui.press('enter');
		await see(() => ui.expectScreen('/Main PID: 1 of 1 matching'));
		await ui.press('escape');
		await see(() => ui.expectScreen('(4 more lines above: o shows the whole output)'));
		ui.expectNotOnScreen('j/k PgUp/PgDn');
	});
});
