// Issue 11 item 9 in the console: a plan is shown, the facts it rests on change before the operator
// confirms (another operator restarted the service, switched the slot, or a stuck job moved on), the
// operator presses y, and the console shows the CHANGED banner with what changed and the plan made
// again, and asks again instead of running; nothing ran (the service's MainPID, the slot link, the
// rows). Answered again, it runs on the new facts. The real ConsoleEngine, procedure session and
// runner over the demo's data (its simulated VM and PGlite database).
// The tests share one demo and run in order: the restart needs app-orchestrator failed as the demo
// starts it, and the reset restarts it.
import {execFileSync} from 'node:child_process';
import {readlinkSync, renameSync, symlinkSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {readAuditLog} from '../../source/engine/audit.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {ConsoleApp} from '../../source/ui/ConsoleApp.js';
import {openConsole} from '../support/console-driver.js';
import {demoJobs, setDemoJob} from '../support/demo-jobs.js';
import {useDemo} from '../support/use-demo.js';

// Bounds, not expectations: the demo's PGlite starts in seconds to a minute on a busy machine, and a
// plan or a run with its restarts and checks can take tens of seconds there.
const slow = 90_000;

const demo = useDemo('pg-ops-stale-console');
let engine: ConsoleEngine | undefined;

afterEach(async () => {
	await engine?.dispose();
	engine = undefined;
});

async function open() {
	engine = new ConsoleEngine(demo.env);
	const e = engine;
	const ui = await openConsole({
		columns: 110,
		rows: 45,
		element: (_fixture, onQuit) => (
			<ConsoleApp engine={e} environments={[{name: 'demo'}]} onSwitchEnv={() => {}} onQuit={onQuit} />
		),
	});
	// The panes have data: a plan made before them would (rightly) ask twice for stale data.
	await ui.waitForScreen(/app-web\s+active/, slow);
	await ui.waitFor(
		() => Object.values(e.store.getSnapshot().panes).every(p => p.status !== 'loading'),
		'every pane to load',
		slow,
	);
	return ui;
}

const systemctl = (...args: string[]) =>
	execFileSync(path.join(demo.info.root, 'bin/systemctl'), args, {encoding: 'utf8'}).trim();
const mainPid = (unit: string) => systemctl('show', '-p', 'MainPID', '--value', unit);
const activeState = (unit: string) => systemctl('show', '-p', 'ActiveState', '--value', unit);
const slotLink = () => path.join(demo.info.root, 'opt/app/current');
/** Points `current` at a release the way a deploy does: a new link renamed over the old one. */
function pointSlotAt(release: string): void {
	const temp = `${slotLink()}.test-${process.pid}`;
	symlinkSync(`releases/${release}`, temp);
	renameSync(temp, slotLink());
}

type Ui = Awaited<ReturnType<typeof open>>;
const session = () => engine!.store.getSnapshot().procedure;

/**
 * y on the open dialog, armed, until `past` holds. Data that turned stale while the operator read
 * (a probe late on a busy machine) asks a second time: answered too, it is not what is tested here.
 */
async function confirmUntil(ui: Ui, past: () => boolean, what: string): Promise<void> {
	for (let asked = 0; asked < 3 && !past(); asked++) {
		const dialog = session()?.confirm;
		await ui.waitForArming();
		await ui.press('y');
		await ui.waitFor(
			() => past() || (session()?.confirm !== dialog && session()?.phase === 'plan-ready'),
			what,
			slow,
		);
	}
	expect(past(), what).toBe(true);
}
const askedAgain = () => Boolean(session()?.confirm?.changed?.length);

/** This run's audit records for a procedure, after `since` records. */
const auditOf = (procedure: string, since: number) =>
	readAuditLog()
		.slice(since)
		.filter(r => r.procedure === procedure);

describe('a stale plan in the console: CHANGED, asked again, nothing ran', () => {
	it('restart: another operator restarted app-orchestrator meanwhile; y shows CHANGED and asks again; esc: no second restart', async () => {
		expect(activeState('app-orchestrator')).toBe('failed');
		const ui = await open();
		const since = readAuditLog().length;
		await ui.press('r'); // the selection starts on the worst row: app-orchestrator, failed
		await ui.waitForScreen('[ Cancel ]', slow);
		ui.expectScreen('restart app-orchestrator', 'app-orchestrator (app-orchestrator.service) is failed');

		// Bob restarts it from his own terminal while alice reads.
		systemctl('restart', 'app-orchestrator');
		await ui.waitFor(() => activeState('app-orchestrator') === 'active', 'app-orchestrator to run', slow);
		const pid = mainPid('app-orchestrator');
		expect(pid).not.toBe('0');

		await confirmUntil(ui, askedAgain, 'the facts read again under the lock');
		await ui.waitForScreen('CHANGED: someone acted since you read the plan', slow);
		ui.expectScreen(
			"app-orchestrator's state: failed -> active",
			'app-orchestrator (app-orchestrator.service) is active',
			'[ Cancel ]',
		);
		// Asked again, not run: the process bob started is the one running.
		expect(mainPid('app-orchestrator')).toBe(pid);
		expect(session()).toMatchObject({phase: 'plan-ready'});

		await ui.press('escape');
		await ui.waitForScreen('restart app-orchestrator: cancelled', slow);
		ui.expectNotOnScreen('[ Cancel ]');
		expect(mainPid('app-orchestrator')).toBe(pid);
		const audit = auditOf('restart', since);
		expect(audit.map(r => `${r.event}:${r.outcome ?? ''}`)).toEqual(
			expect.arrayContaining(['recheck:changed', 'cancel:cancelled']),
		);
		expect(audit.some(r => r.event === 'step')).toBe(false);
	}, 240_000);

	it('switch-slot: the slot was switched meanwhile; y shows CHANGED and the plan made again (a switch back); esc: the link stays, nothing restarted', async () => {
		expect(readlinkSync(slotLink())).toBe('releases/blue');
		const ui = await open();
		const since = readAuditLog().length;
		await ui.press('s');
		await ui.waitForScreen('[ Cancel ]', slow);
		ui.expectScreen('switch slot blue -> green');
		const webPid = mainPid('app-web');

		// Another operator's deploy points `current` at green while alice reads.
		pointSlotAt('green');
		try {
			await confirmUntil(ui, askedAgain, 'the facts read again under the lock');
			await ui.waitForScreen('CHANGED: someone acted since you read the plan', slow);
			ui.expectScreen(
				'current points at: releases/blue -> releases/green',
				'switch slot green -> blue',
				'[ Cancel ]',
			);
			expect(readlinkSync(slotLink())).toBe('releases/green');
			expect(mainPid('app-web')).toBe(webPid);

			await ui.press('escape');
			await ui.waitForScreen('cancelled', slow);
			ui.expectNotOnScreen('[ Cancel ]');
			expect(readlinkSync(slotLink())).toBe('releases/green');
			expect(mainPid('app-web')).toBe(webPid);
			const audit = auditOf('switch-slot', since);
			expect(audit.map(r => `${r.event}:${r.outcome ?? ''}`)).toEqual(
				expect.arrayContaining(['recheck:changed', 'cancel:cancelled']),
			);
			expect(audit.some(r => r.event === 'step')).toBe(false);
		} finally {
			pointSlotAt('blue'); // the demo as it was: app-web was never restarted, it still serves blue
		}
	}, 240_000);

	it('reset-stuck-jobs: a stuck job moved on meanwhile; y shows CHANGED with the rows, no row changed; y again resets only the rows still stuck', async () => {
		const before = await demoJobs(demo.info.database);
		expect([before['4411'], before['4414'], before['4417']]).toEqual([
			'processing',
			'processing',
			'processing',
		]);
		const ui = await open();
		await ui.press('x');
		await ui.waitForScreen('[ Cancel ]', slow);
		ui.expectScreen('reset 3 stuck jobs');
		const orchestratorPid = mainPid('app-orchestrator');

		// The job's own worker (or another operator) finishes 4414 while alice reads.
		await setDemoJob(demo.info.database, '4414', 'done');
		await confirmUntil(ui, askedAgain, 'the facts read again under the lock');
		await ui.waitForScreen('CHANGED: someone acted since you read the plan', slow);
		ui.expectScreen('the rows of jobs to reset: 4411, 4414, 4417 -> 4411, 4417', 'reset 2 stuck jobs');
		expect(await demoJobs(demo.info.database)).toEqual({...before, '4414': 'done'});
		expect(mainPid('app-orchestrator')).toBe(orchestratorPid);

		// Confirmed again, knowingly: the new plan runs, on the rows still stuck.
		await confirmUntil(ui, () => session()?.phase !== 'plan-ready', 'the new plan to run');
		await ui.waitForScreen(/DONE: reset 2 stuck jobs: done and verified/, slow);
		expect(await demoJobs(demo.info.database)).toEqual({
			...before,
			'4411': 'failed',
			'4414': 'done',
			'4417': 'failed',
		});
		expect(mainPid('app-orchestrator')).not.toBe(orchestratorPid);
	}, 240_000);
});
