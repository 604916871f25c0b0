// A maintenance window worked by keys in a real terminal (tmux, 80x24) on the demo, resumed after
// the console is killed halfway: m, a title, announce, backup (confirmed), then SIGKILL; started
// again, the window is there with announce and backup done; execute (a note ticked), test (the
// configured command, its output and exit code), verify (the demo's seeded problems: skipped with a
// reason), close; the summary on screen and in its file shows every step and the skip reason.
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {openTerminal, type Terminal} from '../support/tmux-driver.js';
import {cliPath, runCli} from '../support/cli.js';
import {waitFor} from '../support/wait.js';
import {dialogArmDelayMs} from '../../source/ui/arming.js';

let dir: string;
let config: string;
let stateDir: string;
let terminal: Terminal | undefined;

beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-maintenance-tmux-'));
	stateDir = path.join(dir, 'state');
	// A demo of its own (not --demo): killing the console must not take the demo with it.
	const started = runCli(['demo', 'start', '--dir', path.join(dir, 'demo')]);
	expect(started.code, started.stderr).toBe(0);
	// The demo's own config has a smoke test for the Test step (maintenance.test).
	config = path.join(dir, 'demo', 'pg-ops.yaml');
});

afterEach(() => {
	terminal?.close();
	terminal = undefined;
});

afterAll(() => {
	runCli(['demo', 'stop', '--dir', path.join(dir, 'demo')]);
	rmSync(dir, {recursive: true, force: true});
});

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const pidFile = () => path.join(dir, 'console.pid');

/** The console in tmux; its pid is written first (exec keeps it), so the test can kill exactly it. */
function openConsole(): Terminal {
	const command = `sh -c 'echo $$ > ${pidFile()}; exec ${process.execPath} ${cliPath} --config ${config}'`;
	return openTerminal(command, {
		columns: 80,
		rows: 24,
		env: {PGOPS_STATE_DIR: stateDir, PGOPS_OPERATOR: 'sam@ops'},
	});
}

it('a maintenance window by keys, resumed after the console is killed halfway, to its summary', async () => {
	const title = 'nightly index rebuild';
	const reason = 'seeded demo problems, tracked in OPS-812';
	const screens: string[] = [];
	let t = (terminal = openConsole());
	const seen = async (text: string | RegExp, timeoutMs?: number) => {
		const screen = await t.waitFor(text, timeoutMs);
		screens.push(screen);
		return screen;
	};
	const confirmDialog = async (plan: string) => {
		await seen(plan, 30_000);
		await seen('Run it?');
		await sleep(dialogArmDelayMs + 300);
		t.press('y');
	};
	await seen(/app-orchestrator\s+failed/, 30_000);

	t.press('m');
	await seen('What is this window for?');
	t.press(title); // not a key name: tmux types it as it is
	await seen(`What is this window for? ${title}`);
	t.press('Enter');
	const opened = await seen(`Maintenance: ${title}`);
	expect(opened).toMatch(/^pg-ops +demo +MAINT (<1m|\d+m) 0\/6/m);
	expect(opened).toMatch(/› · 1 Announce\s+pending/);
	expect(opened).toContain('started ');
	expect(opened).toContain(' by sam@ops');

	t.press('Enter');
	const announced = await seen(/✓ 1 Announce\s+done/);
	expect(announced).toContain('no webhook configured (notify.webhook): nothing was posted');

	t.press('j');
	await seen(/› · 2 Backup\s+pending/);
	t.press('Enter');
	await confirmDialog('backup postgres to db_');
	await seen('DONE: backup postgres', 60_000);
	t.press('Escape');
	const backedUp = await seen(/› ✓ 2 Backup\s+done/);
	// The fresh dump is on the host, and the step names it.
	const [dump] = readdirSync(path.join(dir, 'demo', 'root', 'opt', 'app', 'backups')).filter(name =>
		/^db_\d{8}T\d{6}Z\.sql\.gz$/.test(name),
	);
	expect(dump, backedUp).toBeDefined();
	expect(backedUp.replaceAll(/\s*│\s*/g, '')).toContain(dump!.slice(0, -8));
	expect(backedUp).toMatch(/MAINT (<1m|\d+m) 2\/6/);

	// Halfway: the console dies without a chance to clean up.
	const pid = Number(readFileSync(pidFile(), 'utf8').trim());
	process.kill(pid, 'SIGKILL');
	await waitFor(() => !t.isRunning(), 10_000, 'the killed console to be gone');
	t.close();

	t = terminal = openConsole();
	const resumed = await seen(`maintenance window "${title}" resumed`, 30_000);
	expect(resumed).toMatch(/MAINT (<1m|\d+m) 2\/6/);
	expect(resumed).toMatch(/m 2\/6/); // the footer's m, at 80 columns only the progress
	t.press('m');
	const again = await seen(`Maintenance: ${title}`);
	expect(again).toMatch(/✓ 1 Announce\s+done/);
	expect(again).toMatch(/✓ 2 Backup\s+done/);
	expect(again).toMatch(/› · 3 Execute\s+pending/);

	// Execute: a note, ticked by hand, then finished.
	t.press('a');
	await seen('Note:');
	t.press('reindexed jobs by hand');
	await seen('Note: reindexed jobs by hand');
	t.press('Enter');
	await seen('[ ] note: reindexed jobs by hand');
	t.press('j');
	await seen(/› +\[ \] note: reindexed jobs by hand/);
	t.press('Space');
	await seen('[x] note: reindexed jobs by hand');
	t.press('d');
	await seen(/✓ 3 Execute\s+done/);

	// Test: the configured command through the dialog; its output and exit code stay in the window.
	t.press('j');
	await seen(/› · 4 Test\s+pending/);
	t.press('Enter');
	await confirmDialog('maintenance test command on demo');
	await seen('DONE: maintenance test command', 60_000);
	t.press('Escape');
	const tested = await seen(/› ✓ 4 Test\s+done/);
	expect(tested).toContain('smoke test: app-web answers');
	expect(tested).toContain('exit code 0');

	// Verify: the demo's seeded problems are listed, and the step is skipped with a reason.
	t.press('j');
	await seen(/› · 5 Verify\s+pending/);
	t.press('Enter');
	const verified = await seen(/✗ 5 Verify\s+FAILED/, 30_000);
	expect(verified).toContain('ETL: 3 stuck jobs');
	expect(verified).toContain('SLO: errors 2.4% WARNING');
	t.press('S');
	await seen('Why skip Verify?');
	t.press('Enter');
	await seen('a reason is required to skip a step');
	t.press(reason);
	await seen(`Why skip Verify? ${reason}`);
	t.press('Enter');
	await seen(new RegExp(`- 5 Verify\\s+skipped: ${reason}`));

	t.press('j');
	await seen(/› · 6 Close\s+pending/);
	t.press('Enter');
	const summary = await seen('Summary written to', 30_000);
	expect(summary).toContain(`maintenance "${title}" on demo`);
	for (const step of [
		'announce: done',
		'backup: done',
		'execute: done',
		'test: done (exit 0)',
		`verify: skipped: ${reason}`,
		'close: done',
	])
		expect(summary).toContain(step);
	expect(summary).toContain('[x] reindexed jobs by hand (note, done)');
	expect(summary).not.toMatch(/MAINT \d/); // the header's badge is gone once closed

	const reviews = path.join(stateDir, 'reviews');
	const [file] = readdirSync(reviews).filter(name => name.includes('maintenance'));
	const markdown = readFileSync(path.join(reviews, file!), 'utf8');
	expect(markdown).toContain(title);
	expect(markdown).toContain(reason);
	expect(markdown).toContain('reindexed jobs by hand');

	for (const screen of screens) expect(screen.split('\n').every(line => [...line].length <= 80)).toBe(true);

	t.press('Escape');
	await seen('1 Services');
	t.press('q');
	await waitFor(() => !t.isRunning(), 15_000, 'pg-ops to exit');
}, 240_000);
