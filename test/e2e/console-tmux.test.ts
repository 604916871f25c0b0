// The built CLI in a real terminal (tmux) on a fresh demo: five panes with live data, help, a
// service's logs in the log viewer (scroll, search, follow on and off), quit,
// and nothing left behind.
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {openTerminal, type Terminal} from '../support/tmux-driver.js';
import {cliPath} from '../support/cli.js';
import {waitFor} from '../support/wait.js';
import {demoJournalFollowers} from '../support/live-processes.js';

let terminal: Terminal | undefined;
let tmp: string | undefined;
afterEach(() => {
	terminal?.close();
	if (tmp) rmSync(tmp, {recursive: true, force: true});
});

it('pg-ops --demo at 80x24: five panes, ? shows help, q quits and removes the demo', async () => {
	tmp = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-tmux-'));
	const state = path.join(tmp, 'state');
	// CI=true as in CI and some shells: on a real terminal the console must draw all the same.
	terminal = openTerminal(`${process.execPath} ${cliPath} --demo`, {
		columns: 80,
		rows: 24,
		env: {TMPDIR: tmp, PGOPS_STATE_DIR: state, CI: 'true'},
	});
	const screen = await terminal.waitFor(/5 SLO[^\n]*(ok|WARNING|CRITICAL)/, 30_000);
	// The console opens while the demo's database may still be starting: its panes say so until it answers.
	await terminal.waitFor(/4 Stuck ETL jobs[^\n]*CRITICAL/, 60_000);
	await terminal.waitFor(/calibration_trainer.*STALE/, 30_000);
	const full = await terminal.waitFor(/app-orchestrator\s+failed/);
	for (const title of ['1 Services', '2 Job freshness', '3 Disk', '4 Stuck ETL jobs', '5 SLO'])
		expect(full).toContain(title);
	expect(full).toMatch(/calibration_trainer.*STALE/);
	expect(full).toContain('3 stuck > 1h');
	expect(full).toMatch(/errors\s+[\d.]+%\s+WARNING/);
	expect(full).toMatch(/slot blue/);
	expect(full.split('\n').every(line => [...line].length <= 80)).toBe(true);
	expect(screen).toContain('pg-ops');
	expect(terminal.screenWithStyles()).toMatch(/\u001b\[[0-9;]*(3[0-7]|9[0-7]|38;5;\d+)m/); // colour, where NO_COLOR is not set

	terminal.press('?');
	await terminal.waitFor('pg-ops keys');
	expect(terminal.screen()).toContain('refresh every pane now');
	terminal.press('Escape');
	await terminal.waitFor('1 Services');

	terminal.press('q');
	await waitForExit(terminal);
	// The demo lived in TMPDIR; quitting removed it (only the state dir stays).
	expect(readdirSync(tmp).filter(name => name.startsWith('pg-ops-demo-'))).toEqual([]);
}, 120_000);

it('NO_COLOR: no colour at all, and the symbols and words still carry every state', async () => {
	tmp = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-tmux-'));
	terminal = openTerminal(`${process.execPath} ${cliPath} --demo`, {
		columns: 100,
		rows: 30,
		env: {TMPDIR: tmp, PGOPS_STATE_DIR: path.join(tmp, 'state'), NO_COLOR: '1'},
	});
	await terminal.waitFor(/5 SLO[^\n]*(ok|WARNING|CRITICAL)/, 30_000);
	await terminal.waitFor(/calibration_trainer.*STALE/, 60_000); // once the demo's database answers
	const screen = await terminal.waitFor(/app-orchestrator\s+failed/);
	const styled = terminal.screenWithStyles();
	expect(styled).not.toMatch(/\u001b\[[0-9;]*(3[0-7]|9[0-7]|38;5;\d+)m/);
	expect(screen).toMatch(/✗ app-orchestrator\s+failed/);
	expect(screen).toMatch(/! calibration_trainer.*STALE/);
	expect(screen).toContain('CRITICAL');
	terminal.press('q');
	await waitForExit(terminal);
}, 120_000);

it("a service's logs in the log viewer: scroll to the oldest line and back, search, follow on and off", async () => {
	tmp = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-tmux-'));
	terminal = openTerminal(`${process.execPath} ${cliPath} --demo`, {
		columns: 100,
		rows: 30,
		env: {TMPDIR: tmp, PGOPS_STATE_DIR: path.join(tmp, 'state')},
	});
	const t = terminal;
	await t.waitFor(/5 SLO[^\n]*(ok|WARNING|CRITICAL)/, 60_000);
	await t.waitFor(/app-orchestrator\s+failed/, 60_000);
	const [demoDir] = readdirSync(tmp).filter(name => name.startsWith('pg-ops-demo-'));
	const root = path.join(tmp, demoDir!, 'root');

	// The selection starts on the failed service: enter opens its logs at the newest line.
	t.press('Enter');
	await t.waitFor('app-orchestrator: last 200 log lines', 30_000);
	await t.waitFor(/Failed with result 'exit-code'[\s\S]*↑ \d+ more above/, 30_000);
	t.press('g');
	const top = await t.waitFor(/Started app-orchestrator\.service[\s\S]*↓ \d+ more below/);
	expect(top).toContain('ERROR app-orchestrator: unhandled error'); // (the line wraps after it)
	t.press('G');
	await t.waitFor(/Failed with result 'exit-code'[\s\S]*↑ \d+ more above/);
	t.press('k');
	await t.waitFor('↓ 1 more below');
	// Search: the line that says why it crashed, found and counted.
	t.press('/', 'lease renewal', 'Enter');
	const found = await t.waitFor(/lease renewal: 1 of 1 matching/);
	expect(found).toContain('Error: lease renewal for job 4411');

	// Follow on a service that writes: app-web's journal, streamed by journalctl -f on the host until f again.
	await backToPanes(t);
	t.press('k', 'Enter');
	await t.waitFor('app-web: last 200 log lines', 30_000);
	// A demo that started a moment ago may have fewer lines than the viewer's rows ("8 lines, all shown").
	const before = logSize(await t.waitFor(/↑ \d+ more above|\d+ lines, all shown/, 30_000));
	t.press('f');
	await t.waitFor('following (f stops)');
	await waitFor(() => demoJournalFollowers(root).length === 1, 30_000, 'one journalctl -f on the demo');
	// New lines arrive while following (the demo's app-web logs a line every few seconds): more lines above the newest.
	await waitFor(() => logSize(t.screen()) > before, 60_000, 'a followed line to arrive');
	t.press('f');
	await waitFor(() => !t.screen().includes('following (f stops)'), 15_000, 'following to stop');
	await waitFor(
		() => demoJournalFollowers(root).length === 0,
		30_000,
		'journalctl -f to be stopped on the host',
	);

	await backToPanes(t);
	t.press('q');
	await waitForExit(t);
}, 300_000);

/** "↑ 63 more above" as 63; 0 when nothing is above. */
/** How much the viewer holds, growing as lines arrive: its count while all fit, then past every such count, the lines above the newest. */
function logSize(screen: string): number {
	const allShown = /(\d+) lines, all shown/.exec(screen);
	if (allShown) return Number(allShown[1]);
	return 10_000 + Number(/↑ (\d+) more above/.exec(screen)?.[1] ?? 0);
}

/** esc until the panes show (the first may only clear a search). */
async function backToPanes(t: Terminal): Promise<void> {
	for (let i = 0; i < 3 && !t.screen().includes('1 Services'); i++) {
		t.press('Escape');
		await waitFor(() => t.screen().includes('1 Services'), 5_000, 'the panes').catch(() => undefined);
	}
	await t.waitFor('1 Services');
}

it('closing the terminal (a hangup) stops the demo and removes it', async () => {
	tmp = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-tmux-'));
	terminal = openTerminal(`${process.execPath} ${cliPath} --demo`, {
		env: {TMPDIR: tmp, PGOPS_STATE_DIR: path.join(tmp, 'state')},
	});
	await terminal.waitFor(/5 SLO[^\n]*(ok|WARNING|CRITICAL)/, 30_000);
	const [demoDir] = readdirSync(tmp).filter(name => name.startsWith('pg-ops-demo-'));
	const supervisor = Number(readFileSync(path.join(tmp, demoDir!, 'supervisor.pid'), 'utf8'));
	terminal.close(); // SIGHUP, as when a terminal window closes
	await waitFor(
		() => readdirSync(tmp!).every(name => !name.startsWith('pg-ops-demo-')),
		15_000,
		'the demo directory to be removed',
	);
	expect(processGone(supervisor)).toBe(true);
});

async function waitForExit(terminal: Terminal): Promise<void> {
	await waitFor(() => !terminal.isRunning(), 15_000, 'pg-ops to exit');
}

// Gone, or a zombie: this container's init does not reap orphans.
function processGone(pid: number): boolean {
	try {
		return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] === 'Z';
	} catch {
		return true;
	}
}
