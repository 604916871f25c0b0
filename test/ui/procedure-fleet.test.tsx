// A rolling restart over 100 hosts at 80x24: the confirmation dialog shows the summary, the hosts
// compactly and the first and next commands, with nothing to scroll; the progress view counts the
// hosts done, shows the current host's step and checks and the last few finished; a failure says
// where it stopped and which hosts were not touched.
import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {openConsole} from '../support/console-driver.js';
import {FixtureController, fixtureEnv, fixtureState, passingStep} from '../fixtures/console-state.js';
import {planRollingRestart} from '../../source/core/procedures/restart.js';
import {describeAction} from '../../source/core/procedures/describe.js';
import type {Plan} from '../../source/core/procedures/plan.js';
import type {ProcedureEvent} from '../../source/engine/procedures/runner.js';

afterEach(() => cleanup());

const hosts = Array.from({length: 100}, (_, i) => `app-${String(i + 1).padStart(3, '0')}`);
const web = fixtureEnv.services.find(s => s.name === 'web')!;
const plan: Plan = planRollingRestart(
	{...fixtureEnv, name: 'prod'},
	web,
	hosts.map(host => ({host, state: host === 'app-042' ? 'failed' : 'active'})),
);
const state = () => {
	const base = fixtureState();
	return fixtureState({env: {...base.env, name: 'prod', hostCount: 100}});
};

/** The whole screen fits 80x24: no line wider, no more lines. */
function expectFits(screen: string) {
	const lines = screen.split('\n');
	expect(lines.length).toBeLessThanOrEqual(24);
	for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
}

const failing = (index: number): ProcedureEvent[] => {
	const step = plan.steps[index]!;
	const record = {
		id: step.id,
		title: step.title,
		command: describeAction(step.action, {}),
		host: hosts[index],
	};
	return [
		{type: 'step', index, record: {...record, status: 'running'}},
		{type: 'check', index, title: 'web is active', ok: false, output: 'not within 30s: exit 3: failed'},
		{
			type: 'step',
			index,
			record: {
				...record,
				status: 'failed',
				durationMs: 30_200,
				output: 'check "web is active" failed: not within 30s: exit 3: failed',
			},
		},
		{
			type: 'diagnose',
			index,
			title: `last log lines of web on ${hosts[index]}`,
			output: 'web[812]: ERROR could not bind :8080\nweb[812]: exiting',
		},
	];
};

describe('a rolling restart over 100 hosts at 80x24', () => {
	it('the confirmation dialog: summary, hosts in order, the first host in full and the next one, all on screen', async () => {
		const controller = new FixtureController(state(), {procedures: {restart: {plan}}});
		const ui = await openConsole({controller, columns: 80});
		await ui.press('r');
		await ui.waitForScreen('[ Cancel ]');
		ui.expectScreen(
			'restart web on 100 hosts, one at a time on prod',
			'not active now: app-042 (failed)',
			'What will run (100 steps, one per host; nothing runs before you confirm):',
			'1. restart web on app-001',
			'$ [app-001] systemctl restart web.service',
			'check: web is active: [app-001] until systemctl show -p',
			'2. restart web on app-002: $ [app-002] systemctl restart web.service',
			'then the same on each of the other 98 hosts, in the order below',
			'Run it?',
		);
		ui.expectScreen(/\(0 above, \d+ below: ↑↓ scroll\)/).expectNotOnScreen('app-003');
		expectFits(ui.screen());
	});

	it("progress: hosts done, the current host's step and checks, the last few finished, what comes next; then where it stopped", async () => {
		const done = hosts
			.slice(0, 23)
			.flatMap((_, i) =>
				passingStep(plan, i).map(event =>
					event.type === 'step' ? {...event, record: {...event.record, host: hosts[i]}} : event,
				),
			);
		const [start, check, ...rest] = failing(23);
		const events: Array<ProcedureEvent | 'hold'> = [
			{type: 'phase', phase: 'running'},
			...done,
			start!,
			check!,
			'hold',
			...rest,
		];
		const message =
			'stopped at app-024: restart web failed (check "web is active" failed: not within 30s: exit 3: failed). app-001 ... app-023 (23 hosts) were restarted and verified; app-025 ... app-100 (76 hosts) were not touched.';
		const controller = new FixtureController(state(), {
			procedures: {
				restart: {
					plan,
					events,
					result: {
						outcome: 'failed-not-undone',
						message,
						leftToDo: [
							'restart web on app-024 failed part-way and has no undo: check it by hand (its diagnosis is above)',
						],
					},
				},
			},
		});
		const ui = await openConsole({controller, columns: 80});
		await ui.press('r');
		await ui.waitForScreen('[ Cancel ]');
		await ui.waitForArming();
		await ui.press('y');
		await ui.waitForScreen('23/100 hosts done');
		ui.expectScreen(
			'running on app-024: host 24 of 100, step 24 of 100',
			'23/100 hosts done (restarted and verified) · 76 waiting',
			'Last finished (23 so far):',
			'✓ 23. restart web on app-023  done 1.2s',
			'Now on app-024:',
			'24. restart web on app-024  running',
			'$ [app-024] systemctl restart web.service',
			'✗ check: web is active: not within 30s',
			'Next: app-025 ... app-100 (76 hosts)',
		);
		ui.expectNotOnScreen('app-020', 'below: ↑↓ scroll');
		expectFits(ui.screen());

		controller.release();
		await ui.waitForScreen('FAILED, NOT FULLY UNDONE');
		ui.expectScreen(
			/23\/100 hosts done \(restarted and verified\) · stopped at app-024 · 76 not\s*│\s*│\s+touched/,
		);
		// The result follows the newest line; scrolling up shows where it stopped, with the diagnosis.
		ui.expectScreen(
			'✗ FAILED, NOT FULLY UNDONE: stopped at app-024: restart web failed',
			'hosts) were not touched.',
			'Not touched: app-025 ... app-100 (76 hosts)',
			'Left to do by hand:',
		);
		expectFits(ui.screen());
		for (let i = 0; i < 12; i++) await ui.press('up');
		ui.expectScreen(
			'Stopped at app-024:',
			'✗ 24. restart web on app-024  FAILED 30.2s',
			'last log lines of web on app-024:',
			'ERROR could not bind :8080',
			'Not touched: app-025 ... app-100 (76 hosts)',
		);
		expectFits(ui.screen());
	});
});
