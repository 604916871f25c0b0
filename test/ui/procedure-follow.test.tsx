// A followed command (journalctl -f) in the progress view: its output streams in as it comes, the
// hint says how to stop it, s stops it through the controller and it ends as a success; s on a step
// that can't be stopped says so and stops nothing; a secret in streamed output never reaches the screen.
// And for real, on this machine (issue 11 item 11): a command printing without end and without a newline
// leaves the console answering keys, s stops it, and none of its processes is left.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {openConsole} from '../support/console-driver.js';
import {FixtureController, fixtureState, passingStep, restartPlan} from '../fixtures/console-state.js';
import {environmentSchema} from '../../source/core/config/schema.js';
import {maxTailChars} from '../../source/core/output-tail.js';
import type {Plan} from '../../source/core/procedures/plan.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import type {ProcedureEvent} from '../../source/engine/procedures/runner.js';
import {ConsoleApp} from '../../source/ui/ConsoleApp.js';

afterEach(() => cleanup());

const token = 'feedc0de'.repeat(6);
const followPlan: Plan = {
	procedure: 'runbook-step',
	title: 'runbook step: follow the web journal',
	env: 'staging',
	summary: ['from docs/runbooks/web.md, section "Watch it"'],
	steps: [
		{
			id: 'follow',
			title: 'follow the web journal',
			mutates: false,
			action: {kind: 'shell', command: 'journalctl -u web -f', follow: true, stdinSecrets: ['TOKEN']},
		},
	],
	secrets: {TOKEN: token},
	restsOn: [],
};
const record = {id: 'follow', title: 'follow the web journal', command: 'journalctl -u web -f'};

async function startFollowing(controller: FixtureController) {
	const ui = await openConsole({controller, columns: 90});
	controller.sessions.startPlan(followPlan, 'follow the web journal', 'step-3');
	await ui.waitForScreen('[ Cancel ]');
	await ui.waitForArming();
	await ui.press('y');
	return ui;
}

describe('a followed command', () => {
	it('streams its output with the stop hint; s stops it through the controller and it ends as a success', async () => {
		const events: Array<ProcedureEvent | 'hold'> = [
			{type: 'step', index: 0, record: {...record, status: 'running'}},
			{type: 'output', index: 0, text: 'Nov 23 04:00:01 demo app-web[812]: GET /healthz 200 1.2ms\n'},
			{
				type: 'output',
				index: 0,
				text: `Nov 23 04:00:02 demo app-web[812]: token ${token} accepted\nNov 23 04:00:03 demo app-web[812]: GET /ops/jobs 200 3.4ms\n`,
			},
			'hold',
			{
				type: 'step',
				index: 0,
				record: {
					...record,
					status: 'done',
					durationMs: 12_000,
					output:
						'Nov 23 04:00:03 demo app-web[812]: GET /ops/jobs 200 3.4ms\nstopped by the operator after 12s',
				},
			},
		];
		const controller = new FixtureController(fixtureState(), {
			procedures: {'runbook-step': {plan: followPlan, events}},
		});
		const finished: string[] = [];
		controller.sessions.onFinished(run => finished.push(`${run.tag}:${run.outcome}:${run.outputs[0]}`));
		const ui = await startFollowing(controller);
		await ui.waitForScreen('GET /ops/jobs 200 3.4ms');
		ui.expectScreen(
			'following step 1 of 1: its output as it comes, until you stop it',
			'GET /healthz 200 1.2ms',
			'token ******** accepted',
			's stop (runs until stopped)',
		);
		ui.expectNotOnScreen(token);
		expect(JSON.stringify(controller.store.getSnapshot())).not.toContain(token);
		// The footer offers the same key; quitting stays refused while it runs.
		expect(ui.screen().split('\n').at(-1)).toContain('s stop (runs until stopped)');
		await ui.press('q');
		ui.expectScreen('follow the web journal: s stops the followed command, then q quits');
		expect(ui.quit).toBe(false);

		await ui.press('s');
		expect(controller.calls).toContain('stopStep');
		await ui.waitForScreen('DONE');
		ui.expectScreen('✓ 1. follow the web journal  done 12.0s', 'stopped by the operator after 12s');
		ui.expectNotOnScreen('s stop (runs until stopped)');
		expect(finished).toEqual([
			'step-3:succeeded:Nov 23 04:00:03 demo app-web[812]: GET /ops/jobs 200 3.4ms\nstopped by the operator after 12s',
		]);
	});

	it('keeps only the last lines of a long stream', async () => {
		const lines = Array.from({length: 450}, (_, i) => `line ${i + 1}\n`);
		const events: Array<ProcedureEvent | 'hold'> = [
			{type: 'step', index: 0, record: {...record, status: 'running'}},
			...lines.map(text => ({type: 'output' as const, index: 0, text})),
			'hold',
		];
		const controller = new FixtureController(fixtureState(), {
			procedures: {'runbook-step': {plan: followPlan, events}},
		});
		const ui = await startFollowing(controller);
		await ui.waitForScreen('line 450');
		const kept = controller.store.getSnapshot().procedure!.steps[0]!.output!.split('\n').filter(Boolean);
		expect(kept).toHaveLength(200);
		expect(kept[0]).toBe('line 251');
		await ui.press('s');
		await ui.waitForScreen('DONE');
	});
});

describe('a step that is not followed', () => {
	it('s says it cannot be stopped and stops nothing', async () => {
		const plan = restartPlan({service: 'orchestrator'});
		const [running, ...rest] = passingStep(plan, 0);
		const controller = new FixtureController(fixtureState(), {
			procedures: {restart: {plan, events: [running!, 'hold', ...rest]}},
		});
		const ui = await openConsole({controller, columns: 90});
		await ui.press('r');
		await ui.waitForScreen('[ Cancel ]');
		await ui.waitForArming();
		await ui.press('y');
		await ui.waitForScreen('running step 1 of 1');
		ui.expectNotOnScreen('s stop');
		await ui.press('s');
		await ui.waitForScreen("restart orchestrator can't be stopped");
		expect(controller.calls).toContain('stopStep');
		ui.expectScreen('running step 1 of 1');
		controller.release();
		await ui.waitForScreen('DONE');
	});
});

describe('a followed command that prints without end and without a newline, run for real on this machine (issue 11 item 11)', () => {
	it('the console still answers keys, s stops it, and none of its processes is left', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-endless-'));
		const stateDir = process.env.PGOPS_STATE_DIR;
		process.env.PGOPS_STATE_DIR = path.join(dir, 'state'); // the audit log goes here
		// Names this test's own processes, so pgrep finds them and nobody else's.
		const marker = `pgops-endless-${process.pid}-${Date.now().toString(36)}`;
		const ours = () => {
			try {
				return execFileSync('pgrep', ['-f', marker], {encoding: 'utf8'}).trim();
			} catch {
				return ''; // pgrep exits 1 when nothing matches
			}
		};
		const env = {
			...environmentSchema.parse({transport: 'local', lockFile: path.join(dir, 'pg-ops.lock')}),
			name: 'local',
		};
		const engine = new ConsoleEngine(env);
		const endless: Plan = {
			...followPlan,
			env: 'local',
			title: 'runbook step: print without newlines',
			steps: [
				{
					id: 'endless',
					title: 'print without newlines',
					mutates: false,
					action: {kind: 'shell', command: `yes ${marker} | tr -d '\\n'`, follow: true},
				},
			],
			secrets: {},
		};
		try {
			const ui = await openConsole({
				columns: 90,
				element: (_fixture, onQuit) => (
					<ConsoleApp
						engine={engine}
						environments={[{name: 'local'}]}
						onSwitchEnv={() => {}}
						onQuit={onQuit}
					/>
				),
			});
			engine['sessions'].startPlan(endless, 'print without newlines', 'endless');
			await ui.waitForScreen('[ Cancel ]', 30_000);
			await ui.waitForArming();
			await ui.press('y');
			await ui.waitForScreen(marker, 60_000);
			expect(ours()).not.toBe(''); // it runs, and pgrep sees it
			// The screen answers keys while the stream goes on: q is refused with the way out.
			await ui.press('q');
			await ui.waitForScreen('s stops the followed command, then q quits', 30_000);
			expect(ui.quit).toBe(false);
			const kept = engine.store.getSnapshot().procedure!.steps[0]!.output ?? '';
			expect(kept.length).toBeLessThanOrEqual(maxTailChars);
			await ui.press('s');
			await ui.waitForScreen('DONE', 60_000);
			expect(engine.store.getSnapshot().procedure!.result).toMatchObject({outcome: 'succeeded'});
			await ui.waitFor(() => ours() === '', 'no process of the stopped command left', 30_000);
		} finally {
			await engine.dispose();
			for (const pid of ours().split('\n').filter(Boolean)) process.kill(Number(pid)); // only if the test failed
			if (stateDir === undefined) delete process.env.PGOPS_STATE_DIR;
			else process.env.PGOPS_STATE_DIR = stateDir;
			rmSync(dir, {recursive: true, force: true});
		}
	}, 180_000);
});
