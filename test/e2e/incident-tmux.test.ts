// An incident worked by keys in a real terminal (tmux, 80x24) on the demo, from open to the
// exported review: i, P2, a title, assess, a note, mitigate with a restart of the failed
// app-orchestrator, document with a summary; the review file holds what happened, in order. And
// an incident survives the console being killed: started again on the same environment, it resumes.
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {openTerminal, type Terminal} from '../support/tmux-driver.js';
import {cliPath, runCli} from '../support/cli.js';
import {liveProcesses} from '../support/live-processes.js';
import {waitFor} from '../support/wait.js';
import {dialogArmDelayMs} from '../../source/ui/arming.js';
import {inputArmDelayMs} from '../../source/ui/arming.js';

let dir: string;
let config: string;
let terminal: Terminal | undefined;

beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-incident-tmux-'));
	// A demo of its own (not --demo): killing the console must not take the demo with it.
	const started = runCli(['demo', 'start', '--dir', path.join(dir, 'demo')]);
	expect(started.code, started.stderr).toBe(0);
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

function environmentOf(pid: number): string[] {
	try {
		return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
	} catch {
		return [];
	}
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** The console on the demo; each test has a state directory (where incidents are kept) of its own. */
function openConsole(stateDir: string): Terminal {
	return openTerminal(`${process.execPath} ${cliPath} --config ${config}`, {
		columns: 80,
		rows: 24,
		env: {PGOPS_STATE_DIR: stateDir, PGOPS_OPERATOR: 'dana@oncall'},
	});
}

/** Types a line into an input that has just opened (it ignores enter for a moment), then enter. */
async function typeLine(t: Terminal, text: string) {
	await sleep(inputArmDelayMs + 100);
	t.press(text); // not a key name, so tmux types it as it is
	await t.waitFor(text);
	t.press('Enter');
}

it('an incident from open to the exported review, by keys', async () => {
	const stateDir = path.join(dir, 'state-review');
	const t = (terminal = openConsole(stateDir));
	const screens: string[] = [];
	const seen = async (text: string | RegExp, timeoutMs?: number) => {
		const screen = await t.waitFor(text, timeoutMs);
		screens.push(screen);
		return screen;
	};
	await seen(/app-orchestrator\s+failed/, 30_000);

	t.press('i');
	const severities = await seen('how bad is it?');
	expect(severities).toMatch(/P2\s+High\s+respond within 1h/);
	t.press('j', 'Enter');
	await seen('Title:');
	await typeLine(t, 'orchestrator down after deploy');
	const opened = await seen('INCIDENT P2 High: orchestrator down after deploy');
	expect(opened).toMatch(/respond by \d\d:\d\d, (59m|1h) left/);
	expect(opened).toMatch(/^pg-ops +demo +INCIDENT P2 \d+s/m);

	t.press('Enter'); // assess: ticked, with a snapshot of every pane
	await seen(/\[x\] 1 assess/);
	await seen(/snapshot +assessed: snapshot of every pane/);

	t.press('n');
	await seen('Note:');
	await typeLine(t, 'orchestrator exits on start since the 03:40 deploy');
	await seen(/note +orchestrator exits on start/);

	t.press('j', 'j', 'Enter'); // mitigate
	await seen('Mitigate: run a procedure');
	t.press('r');
	const which = await seen('Restart which service?');
	expect(which).toMatch(/› app-orchestrator\s+failed/);
	t.press('Enter');
	const plan = await seen('$ systemctl restart app-orchestrator.service', 20_000);
	expect(plan).toContain('restart app-orchestrator on demo');
	await sleep(dialogArmDelayMs + 300);
	t.press('y');
	const result = await seen('app-orchestrator: failed -> active', 45_000);
	expect(result).toContain('DONE: restart app-orchestrator: done and verified');
	t.press('Escape');
	// A procedure that worked ticks mitigate by itself.
	await seen(/› \[x\] 3 mitigate/);
	await seen(/action +restart app-orchestrator: succeeded/);
	// The desk sees the services pane change by itself at the refresh after the run.
	await seen(/pane +service app-orchestrator came back: failed -> active/, 20_000);

	t.press('t');
	await seen('Timeline of P2 orchestrator down after deploy');
	// Waited for, not read off the first frame with the title: tmux can capture a frame Ink is still drawing.
	await seen('$ systemctl restart app-orchestrator.service');
	t.press('Escape');
	// Back on the desk before the next keys: an escape followed at once by `j` reads as alt+j (a busy
	// machine's Node 24 run stayed on the timeline).
	await seen(/› \[x\] 3 mitigate/);

	t.press('j', 'j', 'j', 'Enter'); // document
	await seen('Summary:');
	await typeLine(t, 'a bad deploy crashed the orchestrator; a restart brought it back');
	const closed = await seen('is written to:', 20_000);
	expect(closed).toContain('Incident closed: P2 orchestrator down after deploy');
	for (const screen of screens) expect(screen.split('\n').every(line => [...line].length <= 80)).toBe(true);

	// The path as shown (wrapped at the box's edge, never cut): the file is there.
	const lines = closed.split('\n');
	const start = lines.findIndex(line => line.includes('is written to:')) + 2;
	let shown = '';
	for (let i = start; lines[i] && !/^║\s+║$/.test(lines[i]!.trim()); i++)
		shown += lines[i]!.replace(/^║ /, '').replace(/\s*║$/, '');
	expect(shown).toMatch(/\.md$/);
	expect(shown.startsWith(stateDir)).toBe(true);
	expect(existsSync(shown)).toBe(true);
	const review = readFileSync(shown, 'utf8');

	expect(review).toContain('# Incident review: orchestrator down after deploy');
	expect(review).toContain('| Severity | P2 High: A major feature is degraded (respond within 1h) |');
	expect(review).toContain('a bad deploy crashed the orchestrator; a restart brought it back');
	expect(review).toContain('note: orchestrator exits on start since the 03:40 deploy');
	expect(review).toMatch(/\| service app-orchestrator came back: failed -> active/);
	expect(review).toContain('```sh\nsystemctl restart app-orchestrator.service');
	// The timeline in the order things happened.
	const timelineSection = review.slice(review.indexOf('## Timeline'), review.indexOf('## Actions'));
	const order = [
		'opened by dana@oncall',
		'assessed: snapshot of every pane',
		'note: orchestrator exits',
		'restart app-orchestrator: succeeded',
		'service app-orchestrator came back: failed -> active',
		'closed by dana@oncall',
	].map(text => timelineSection.indexOf(text));
	expect(order.every(index => index >= 0)).toBe(true);
	expect(order.slice(0, 4)).toEqual([...order.slice(0, 4)].sort((a, b) => a - b));
	expect(order[5]).toBeGreaterThan(Math.max(...order.slice(0, 5)));

	t.press('Escape');
	await seen(/app-orchestrator\s+active/);
	expect(t.screen()).not.toContain('INCIDENT');
	t.press('q');
	await waitFor(() => !t.isRunning(), 15_000, 'pg-ops to exit');
});

it('an incident survives the console being killed: started again, it resumes', async () => {
	const stateDir = path.join(dir, 'state-crash');
	const first = (terminal = openConsole(stateDir));
	await first.waitFor(/app-orchestrator\s+\w+/, 30_000);
	first.press('i');
	await first.waitFor('how bad is it?');
	first.press('Enter'); // P1
	await first.waitFor('Title:');
	await typeLine(first, 'everything is down');
	await first.waitFor('INCIDENT P1 Critical: everything is down');
	first.press('n');
	await first.waitFor('Note:');
	await typeLine(first, 'written before the crash');
	await first.waitFor(/note +written before the crash/);

	// The console (pg-ops sets its process title), by the state directory only this test gives it.
	const consoles = liveProcesses().filter(
		p => p.commandLine === 'pg-ops' && environmentOf(p.pid).includes(`PGOPS_STATE_DIR=${stateDir}`),
	);
	expect(consoles).toHaveLength(1);
	process.kill(consoles[0]!.pid, 'SIGKILL');
	await waitFor(() => !first.isRunning(), 15_000, 'the killed console to be gone');
	first.close();

	const again = (terminal = openConsole(stateDir));
	const resumed = await again.waitFor('incident resumed: P1 everything is down', 30_000);
	expect(resumed).toMatch(/^pg-ops +demo +INCIDENT P1 \d+/m);
	again.press('i');
	const screen = await again.waitFor('INCIDENT P1 Critical: everything is down');
	expect(screen).toMatch(/note +written before the crash/);
	expect(screen).toMatch(/resumed +resumed in the console by dana@oncall/);
	again.press('Escape');
	await again.waitFor('1 Services');
	again.press('q');
	await waitFor(() => !again.isRunning(), 15_000, 'pg-ops to exit');
	// Still open for the next person: nothing closed it.
	expect(
		runCli(['incident', 'status', '--config', config], {env: {PGOPS_STATE_DIR: stateDir}}).stdout,
	).toContain('incident on demo: everything is down');
});
