// Issue 11 item 9 on the command line, through the built CLI (dist/cli.js) on a demo of its own:
// `pg-ops run` shows a plan, the facts it rests on change before the operator answers (bob switches
// the slot from his own terminal, a stuck job moves on), the operator answers y, and pg-ops reads the
// facts again under the lock, says what changed, shows the plan made again and asks a second time:
// answered no, nothing ran; answered yes, the new plan runs, on the new facts. In a terminal (tmux):
// without one `pg-ops run` takes only --yes, and a changed plan nobody read is refused (test/integration/procedure-rotate-token.test.ts).
import {mkdtempSync, readFileSync, readlinkSync, rmSync} from 'node:fs';
import {execFileSync} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {DemoInfo} from '../../source/demo/demo-info.js';
import {parseEnvFile} from '../../source/demo/env-file.js';
import {cliPath, runCli} from '../support/cli.js';
import {shortenSteadyHolds} from '../support/steady-holds.js';
import {openTerminal, type Terminal} from '../support/tmux-driver.js';
import {waitFor} from '../support/wait.js';
import {demoJobs, setDemoJob} from '../support/demo-jobs.js';

// Bounds, not expectations: a demo starts in seconds to a minute on a busy machine; a switch with its
// restart and checks can take tens of seconds there.
const slow = 180_000;

let dir: string;
let demoDir: string;
let demo: DemoInfo;
let stateDir: string;
let terminal: Terminal | undefined;

beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-stale-cli-'));
	demoDir = path.join(dir, 'demo');
	stateDir = path.join(dir, 'state');
	const started = runCli(['demo', 'start', '--dir', demoDir], {timeoutMs: 170_000});
	expect(started.code, started.stderr).toBe(0);
	demo = JSON.parse(readFileSync(path.join(demoDir, 'demo.json'), 'utf8')) as DemoInfo;
	// The slot, the served version and the rows are judged here, not the hold after a start (steady-holds.ts).
	shortenSteadyHolds(demo.config);
}, 200_000);

afterEach(() => {
	terminal?.close(); // ends the pg-ops it ran too (SIGHUP), even when the test failed
	terminal = undefined;
});

afterAll(() => {
	runCli(['demo', 'stop', '--dir', demoDir]);
	rmSync(dir, {recursive: true, force: true});
}, 120_000);

const asOperator = (name: string) => ({PGOPS_STATE_DIR: stateDir, PGOPS_OPERATOR: name});
const systemctl = (...args: string[]) =>
	execFileSync(path.join(demo.root, 'bin/systemctl'), args, {encoding: 'utf8'}).trim();
const mainPid = (unit: string) => systemctl('show', '-p', 'MainPID', '--value', unit);
const slotLink = () => path.join(demo.root, 'opt/app/current');
const auditLines = () => {
	try {
		return readFileSync(path.join(stateDir, 'audit.jsonl'), 'utf8').split('\n').filter(Boolean);
	} catch {
		return [];
	}
};
/** What the audit recorded of alice's runs since `since` lines: "event:outcome" each. */
const alicesRecords = (since: number) =>
	auditLines()
		.slice(since)
		.map(line => JSON.parse(line) as {operator: string; event: string; outcome?: string})
		.filter(r => r.operator === 'alice')
		.map(r => `${r.event}:${r.outcome ?? ''}`);
/** The facts were read again and had changed, and no step of alice's started. */
function expectRecheckedAndNothingRan(since: number): void {
	const records = alicesRecords(since);
	expect(records).toContain('recheck:changed');
	expect(records.filter(r => r.startsWith('step:'))).toEqual([]);
}

const shaOf = (release: string) =>
	readFileSync(path.join(demo.root, 'opt/app/releases', release, '.gitsha'), 'utf8').trim();
/** The sha the demo's app-web serves now. */
async function served(): Promise<string> {
	const token = parseEnvFile(readFileSync(demo.envFile, 'utf8'))[demo.tokenKey]!;
	const response = await fetch(`${demo.http.baseUrl}${demo.http.verifyPath}`, {
		headers: {'x-ops-token': token},
	});
	expect(response.status).toBe(200);
	return ((await response.json()) as {git_sha: string}).git_sha;
}

/** `pg-ops run NAME` in a real terminal as alice: what a person at a prompt sees, scrollback included. */
function runInTerminal(name: string): Terminal & {transcript(): string; exitCode(): string | undefined} {
	// The shell that ran it says its exit code on the screen.
	const opened = openTerminal(
		`${process.execPath} ${cliPath} run ${name} --config ${demo.config}; echo "pg-ops exited $?"`,
		{
			columns: 120,
			rows: 50,
			env: {...asOperator('alice'), NO_COLOR: '1'},
		},
	);
	terminal = opened;
	const transcript = () => opened.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'main');
	return {...opened, transcript, exitCode: () => /pg-ops exited (\d+)/.exec(transcript())?.[1]};
}

const firstQuestion = 'Run it? Type y to run, anything else cancels:';
const changedSaid = 'The facts this plan rests on changed since it was shown:';
/** The second question: after what changed and the plan made again. */
const askedAgain = new RegExp(`${changedSaid}[\\s\\S]*${firstQuestion.replace('?', '\\?')}`);

describe('pg-ops run: the facts changed while the operator read the plan', () => {
	it('switch-slot: bob switches meanwhile; alice answers y, is told what changed and asked again; no: nothing ran', async () => {
		expect(readlinkSync(slotLink())).toBe('releases/blue');
		const since = auditLines().length;
		const alice = runInTerminal('switch-slot');
		await alice.waitFor(firstQuestion, slow);
		expect(alice.transcript()).toContain('switch slot blue -> green');

		// Bob, in his own terminal, switches first: no lock is held while alice reads.
		const bob = runCli(['run', 'switch-slot', '--config', demo.config, '--yes'], {
			env: asOperator('bob'),
			timeoutMs: slow,
		});
		expect(bob.code, bob.stdout + bob.stderr).toBe(0);
		expect(readlinkSync(slotLink())).toBe('releases/green');
		const webPid = mainPid('app-web');

		alice.press('y', 'Enter');
		await waitFor(() => askedAgain.test(alice.transcript()), slow, 'the second question');
		const asked = alice.transcript();
		expect(asked).toContain('  - current points at: releases/blue -> releases/green');
		expect(asked.slice(asked.indexOf(changedSaid))).toContain('switch slot green -> blue');
		// Asked, not run: bob's switch stands.
		expect(readlinkSync(slotLink())).toBe('releases/green');
		expect(mainPid('app-web')).toBe(webPid);

		alice.press('n', 'Enter');
		await waitFor(() => alice.exitCode() !== undefined, slow, 'pg-ops run to end');
		expect(alice.transcript()).toMatch(
			/cancelled: the facts switch slot blue -> green rests on changed since the plan was shown \(current points at: releases\/blue -> releases\/green\); nothing was run/,
		);
		expect(alice.exitCode()).toBe('1');
		expect(readlinkSync(slotLink())).toBe('releases/green');
		expect(mainPid('app-web')).toBe(webPid);
		expectRecheckedAndNothingRan(since);
	}, 400_000);

	it('reset-stuck-jobs: a stuck job moves on meanwhile; asked again with the rows; yes: only the rows still stuck are reset', async () => {
		const before = await demoJobs(demo.database);
		expect([before['4411'], before['4414'], before['4417']]).toEqual([
			'processing',
			'processing',
			'processing',
		]);
		const alice = runInTerminal('reset-stuck-jobs');
		await alice.waitFor(firstQuestion, slow);
		expect(alice.transcript()).toContain('reset 3 stuck jobs');

		await setDemoJob(demo.database, '4414', 'done');
		alice.press('y', 'Enter');
		await waitFor(() => askedAgain.test(alice.transcript()), slow, 'the second question');
		const asked = alice.transcript();
		expect(asked).toContain('  - the rows of jobs to reset: 4411, 4414, 4417 -> 4411, 4417');
		expect(asked.slice(asked.indexOf(changedSaid))).toContain('reset 2 stuck jobs');
		expect(await demoJobs(demo.database)).toEqual({...before, '4414': 'done'});

		alice.press('y', 'Enter');
		await waitFor(() => alice.exitCode() !== undefined, slow, 'pg-ops run to end');
		expect(alice.transcript()).toContain('reset 2 stuck jobs: done and verified');
		expect(alice.exitCode()).toBe('0');
		expect(await demoJobs(demo.database)).toEqual({
			...before,
			'4411': 'failed',
			'4414': 'done',
			'4417': 'failed',
		});
	}, 400_000);

	it('switch-slot: bob switches back meanwhile; alice is asked again; yes: the new plan runs, on the new facts', async () => {
		// The slot is on green (bob's switch above): alice's plan is a switch back to blue.
		expect(readlinkSync(slotLink())).toBe('releases/green');
		const alice = runInTerminal('switch-slot');
		await alice.waitFor(firstQuestion, slow);
		expect(alice.transcript()).toContain('switch slot green -> blue');

		const bob = runCli(['run', 'switch-slot', '--config', demo.config, '--yes'], {
			env: asOperator('bob'),
			timeoutMs: slow,
		});
		expect(bob.code, bob.stdout + bob.stderr).toBe(0);
		expect(await served()).toBe(shaOf('blue'));
		const webPid = mainPid('app-web');

		alice.press('y', 'Enter');
		await waitFor(() => askedAgain.test(alice.transcript()), slow, 'the second question');
		const asked = alice.transcript();
		expect(asked).toContain('  - current points at: releases/green -> releases/blue');
		expect(asked.slice(asked.indexOf(changedSaid))).toContain('switch slot blue -> green');
		expect(readlinkSync(slotLink())).toBe('releases/blue');
		expect(mainPid('app-web')).toBe(webPid);

		// Knowingly, on what is there now: blue -> green (her first plan would have been a no-op "back to blue").
		alice.press('y', 'Enter');
		await waitFor(() => alice.exitCode() !== undefined, slow, 'pg-ops run to end');
		expect(alice.transcript()).toContain('switch slot blue -> green: done and verified');
		expect(alice.exitCode()).toBe('0');
		expect(readlinkSync(slotLink())).toBe('releases/green');
		expect(await served()).toBe(shaOf('green'));
		expect(mainPid('app-web')).not.toBe(webPid);
	}, 400_000);
});
