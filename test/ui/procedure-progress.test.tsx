// A procedure's progress and result: a spinner on the running step only, step statuses and checks,
// the diagnosis of a failure, the changes, what is left to do, the one-time reveal, quitting while
// it runs, and the SLO watch after a slot switch.
import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {openConsole} from '../support/console-driver.js';
import {
	FixtureController,
	fixtureEnv,
	fixtureState,
	passingStep,
	restartPlan,
} from '../fixtures/console-state.js';
import {restartStep} from '../../source/core/procedures/restart.js';
import type {Plan} from '../../source/core/procedures/plan.js';
import type {ProcedureEvent} from '../../source/engine/procedures/runner.js';

afterEach(() => cleanup());

const spinnerFrames = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/g;
const service = (name: string) => fixtureEnv.services.find(s => s.name === name)!;

async function confirmAndRun(ui: Awaited<ReturnType<typeof openConsole>>, key: string) {
	await ui.press(key);
	await ui.waitForScreen('[ Cancel ]');
	await ui.waitForArming();
	await ui.press('y');
}

describe('progress', () => {
	it('a spinner on the running step only, statuses as they come, q refused while it runs, then what changed', async () => {
		const plan: Plan = {
			...restartPlan({service: 'orchestrator'}),
			steps: [restartStep(service('orchestrator')), restartStep(service('intake'))],
		};
		const [first, second] = [passingStep(plan, 0), passingStep(plan, 1)];
		const events: Array<ProcedureEvent | 'hold'> = [
			{type: 'phase', phase: 'running'},
			first[0]!,
			'hold',
			...first.slice(1),
			...second,
			{type: 'phase', phase: 'finishing'},
		];
		const controller = new FixtureController(fixtureState(), {
			procedures: {
				restart: {
					plan,
					events,
					result: {changes: ['orchestrator: failed -> active', 'intake: active -> active (restarted)']},
				},
			},
		});
		const ui = await openConsole({controller, columns: 80});
		await confirmAndRun(ui, 'r');
		await ui.waitForScreen('running step 1 of 2');
		ui.expectScreen(
			'1. restart orchestrator  running',
			'$ systemctl restart orchestrator.service',
			'· 2. restart intake  waiting',
		);
		expect(ui.screen().match(spinnerFrames)).toHaveLength(1);
		expect(
			ui
				.screen()
				.split('\n')
				.find(line => spinnerFrames.test(line)),
		).toContain('restart orchestrator');

		await ui.press('q');
		ui.expectScreen('is running: pg-ops quits only once it has finished');
		expect(ui.quit).toBe(false);
		await ui.press('ctrl+c');
		expect(ui.quit).toBe(false);

		controller.release();
		await ui.waitForScreen('DONE: restart orchestrator: done and verified');
		ui.expectScreen(
			'✓ 1. restart orchestrator  done 1.2s',
			'✓ check: orchestrator is active',
			'✓ 2. restart intake  done 1.2s',
			'Changes seen on the panes:',
			'orchestrator: failed -> active',
			'correlation id c0ffee00',
		);
		expect(ui.screen()).not.toMatch(spinnerFrames);
		expect(controller.calls).toContain('refresh'); // the panes catch up at once
		await ui.press('escape');
		await ui.waitForScreen('1 Services');
		expect(controller.calls).toContain('close');
		await ui.waitForDialogGuard(); // the confirmation closed moments ago: its keys are not the console's yet
		await ui.press('q');
		expect(ui.quit).toBe(true);
	});

	it('a failure shows the failed check, the diagnosis (last log lines) and what state the system is in', async () => {
		const plan = restartPlan({service: 'orchestrator'});
		const record = {
			id: plan.steps[0]!.id,
			title: 'restart orchestrator',
			command: 'systemctl restart orchestrator.service',
		};
		const events: ProcedureEvent[] = [
			{type: 'step', index: 0, record: {...record, status: 'running'}},
			{
				type: 'check',
				index: 0,
				title: 'orchestrator is active',
				ok: false,
				output: 'not within 30s: expected "active", got: failed',
			},
			{
				type: 'step',
				index: 0,
				record: {
					...record,
					status: 'failed',
					durationMs: 30_100,
					output: 'check "orchestrator is active" failed: not within 30s',
				},
			},
			{
				type: 'diagnose',
				index: 0,
				title: 'last log lines of orchestrator',
				output:
					'INFO orchestrator: started (pid 812)\nERROR orchestrator: unhandled error in scheduler loop, exiting\nError: lease renewal for job 4411 failed: row is locked',
			},
		];
		const message =
			'step 1 (restart orchestrator) failed: check "orchestrator is active" failed: not within 30s. Everything it changed was put back; the system is as it was before.';
		const controller = new FixtureController(fixtureState(), {
			procedures: {restart: {plan, events, result: {outcome: 'failed-undone', message}}},
		});
		const ui = await openConsole({controller});
		await confirmAndRun(ui, 'r');
		await ui.waitForScreen('FAILED, UNDONE');
		ui.expectScreen(
			'✗ 1. restart orchestrator  FAILED 30.1s',
			'✗ check: orchestrator is active: not within 30s',
			'last log lines of orchestrator:',
			'ERROR orchestrator: unhandled error in scheduler loop',
			'lease renewal for job 4411 failed',
			'the system is as it was before',
			'No change seen on the panes.',
		);
	});

	it('what could not be put back is listed to do by hand', async () => {
		const plan = restartPlan({service: 'orchestrator'});
		const leftToDo = [
			'put the old env file back (cp /etc/app/backend.env.bak /etc/app/backend.env) failed: exit 1',
		];
		const controller = new FixtureController(fixtureState(), {
			procedures: {
				restart: {
					plan,
					events: [],
					result: {
						outcome: 'failed-not-undone',
						message: 'step 2 failed. Some changes could not be put back',
						leftToDo,
					},
				},
			},
		});
		const ui = await openConsole({controller});
		await confirmAndRun(ui, 'r');
		await ui.waitForScreen('FAILED, NOT FULLY UNDONE');
		ui.expectScreen('Left to do by hand:', '- put the old env file back (cp /etc/app/backend.env.bak');
	});
});

describe('a value shown once', () => {
	const token = 'f00dfeed'.repeat(8);
	const plan: Plan = {
		procedure: 'rotate-token',
		title: 'rotate OPS_VERIFY_TOKEN',
		env: 'staging',
		summary: ['OPS_VERIFY_TOKEN in /etc/app/backend.env gets a new value'],
		steps: [
			{
				id: 'write',
				title: 'write the new value',
				mutates: true,
				action: {kind: 'shell', command: `set-env /etc/app/backend.env OPS_VERIFY_TOKEN ${token}`},
				undo: {
					title: 'put the backup back',
					action: {kind: 'shell', command: 'cp /etc/app/backend.env.bak /etc/app/backend.env'},
				},
			},
			{
				id: 'verify',
				title: 'the new token is accepted',
				mutates: false,
				action: {kind: 'http', path: '/ops/verify', token: {secret: 'NEW_TOKEN'}},
			},
		],
		secrets: {NEW_TOKEN: token},
		restsOn: [],
		revealAfterSuccess: {label: 'new OPS_VERIFY_TOKEN', secret: 'NEW_TOKEN'},
	};

	it('the plan masks it; the result shows it once, and it is gone when the view closes', async () => {
		// A check whose output carries the value (a runner that forgot to mask): the session masks it all the same.
		const leaky: ProcedureEvent = {
			type: 'check',
			index: 1,
			title: 'the new token is accepted',
			ok: true,
			output: `accepted ${token}`,
		};
		const controller = new FixtureController(fixtureState(), {
			procedures: {
				'rotate-token': {
					plan,
					events: [...passingStep(plan, 0), ...passingStep(plan, 1), leaky],
					result: {reveal: {label: 'new OPS_VERIFY_TOKEN', value: token}},
				},
			},
		});
		const ui = await openConsole({controller, columns: 80});
		await ui.press('t');
		await ui.waitForScreen('[ Cancel ]');
		ui.expectScreen(
			'set-env /etc/app/backend.env OPS_VERIFY_TOKEN ********',
			"GET /ops/verify -H 'x-ops-token: $NEW_TOKEN'",
		).expectNotOnScreen(token);
		expect(JSON.stringify(controller.store.getSnapshot())).not.toContain(token);
		await ui.waitForArming();
		await ui.press('y');
		await ui.waitForScreen('shown ONCE, gone when this view closes');
		expect(ui.screen().split(token)).toHaveLength(2);
		await ui.press('enter');
		await ui.waitForScreen('1 Services');
		ui.expectNotOnScreen(token);
		expect(JSON.stringify(controller.store.getSnapshot())).not.toContain(token);
	});
});

describe('after a slot switch', () => {
	const plan: Plan = {
		procedure: 'switch-slot',
		title: 'switch slot blue -> green',
		env: 'staging',
		summary: ['current points at blue (2026.11.2); it will point at green'],
		steps: [
			{
				id: 'link',
				title: 'point current at green',
				mutates: true,
				action: {kind: 'shell', command: 'ln -sfn releases/green /opt/app/current'},
				undo: {
					title: 'point current back at blue',
					action: {kind: 'shell', command: 'ln -sfn releases/blue /opt/app/current'},
				},
			},
		],
		secrets: {},
		restsOn: ['slo'],
	};
	const breach = (controller: FixtureController) =>
		controller.store.update(s => {
			const slo = s.panes.slo.data as {items: Array<{name: string; value: number; level: string}>};
			const items = slo.items.map(item =>
				item.name === 'errorRate' ? {...item, value: 6.1, level: 'critical'} : item,
			);
			return {
				...s,
				panes: {
					...s.panes,
					slo: {...s.panes.slo, status: 'critical', data: {...slo, items}, updatedAt: Date.now() + 1000},
				},
			} as typeof s;
		});

	it('watches the SLO pane and, on a breach, offers the switch back on one key, through the same dialog', async () => {
		const controller = new FixtureController(fixtureState(), {
			procedures: {'switch-slot': {plan}},
			slotWatch: {watchMinutes: 10, autoSwitchBack: false},
		});
		const ui = await openConsole({controller, columns: 80});
		await confirmAndRun(ui, 's');
		await ui.waitForScreen('DONE');
		await ui.press('escape');
		await ui.waitForScreen('watching the SLO after the switch from blue until');
		ui.expectScreen('1 Services', '5 SLO');
		expect(ui.screen().split('\n').length).toBeLessThanOrEqual(23);
		breach(controller);
		await ui.waitForScreen('SLO BREACHED after the switch from blue (s switches back to blue)');
		ui.expectScreen('SLO breached after the switch from blue: errors 6.1% CRITICAL (was WARNING)');
		await ui.waitForDialogGuard();
		await ui.press('s');
		await ui.waitForScreen('switch slot blue -> green'); // the script's plan: what matters is that the dialog opened again
		ui.expectScreen('[ Cancel ]');
		expect(controller.calls.filter(c => c === 'start:switch-slot')).toHaveLength(2);
	});

	it('switches back by itself when slots.autoSwitchBack is set', async () => {
		const controller = new FixtureController(fixtureState(), {
			procedures: {'switch-slot': {plan}},
			slotWatch: {watchMinutes: 10, autoSwitchBack: true},
		});
		const ui = await openConsole({controller});
		await confirmAndRun(ui, 's');
		await ui.waitForScreen('DONE');
		breach(controller); // the result view is still open: it is closed for the switch back
		await ui.waitForScreen('confirmed by pg-ops itself: SLO breached after the switch from blue');
		await ui.waitForScreen('DONE');
		expect(controller.calls.filter(c => c === 'runner:confirmed:switch-slot')).toHaveLength(2);
		expect(controller.calls.filter(c => c.startsWith('confirm:'))).toEqual(['confirm:y']);
	});
});
