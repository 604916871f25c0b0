// The built CLI against the lab's 100-host fleet and its Prometheus, in a real terminal (tmux): the
// summary, hosts worst first, the / host filter, a host's detail, and a rolling restart of worker
// over all 100 hosts by keys, judged by the units' pids on the hosts; and `pg-ops status --json`.
// First, on the same lab, the engine's tests of test/integration/fleet-pgops-tests.ts (a lab of their
// own cost 13-15 s a run): they leave the fleet as seeded, as their status test checks last.
// Needs root and `npm run build` (dist/cli.js); installs what the lab needs when missing.
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {randomBytes} from 'node:crypto';
import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import YAML from 'yaml';
import {cliPath, runCli} from '../support/cli.js';
import {openTerminal, type Terminal} from '../support/tmux-driver.js';
import {waitFor} from '../support/wait.js';
import {labPaths} from '../lab/lab-paths.js';
import {dialogArmDelayMs} from '../../source/ui/arming.js';
import type {StatusReport} from '../../source/engine/status-report.js';
import {readAuditLog} from '../../source/engine/audit.js';
import {
	type FleetLab,
	fleetHostNames,
	startFleetLab,
	stopFleetLab,
	unitFromStateFile,
	unitOnHost,
} from '../support/fleet-lab.js';
import {fleetPgopsTests} from '../integration/fleet-pgops-tests.js';

let lab: FleetLab;
/** The lab's pg-ops.yaml with the fleet's procedure lock in a file of this test's own. */
let config: string;
let lockFile: string;
let terminal: Terminal | undefined;
/**
 * The console a test that passed leaves open for the next: the 120x40 one goes on in the chunk test,
 * resized to 80x24, and that one in the rolling-restart test. Neither then opens a new console and
 * waits for a first refresh of all 100 hosts (13-15 s on a busy machine). After a test that failed
 * the next opens its own.
 */
let keptConsole: Terminal | undefined;

beforeAll(async () => {
	if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
	lab = await startFleetLab('pg-ops-fleet-tmux', {size: 100, prometheus: true});
	// In the lab user's home (the lab's hosts share it): a directory only that user can change, as pg-ops requires.
	lockFile = path.join(labPaths(lab.dir).home, `pg-ops-fleet-tmux-${randomBytes(4).toString('hex')}.lock`);
	const yaml = YAML.parse(readFileSync(lab.info.config, 'utf8')) as {
		environments: Record<string, Record<string, unknown>>;
	};
	yaml.environments.fleet!.lockFile = lockFile;
	// The consoles here refresh every 30 s, not the lab's 5 s. The lab's 100 hosts are shell stand-ins
	// behind sshd on this machine's 2 cores, where one host's batch costs about 90 ms of CPU (a real
	// fleet runs each batch on its own host): an idle console refreshing all 100 every 5 s kept the
	// lab's sshd and stand-ins at 1.8 cores (measured over 60 s), and the rolling restart's own
	// commands (locks, restarts, status checks) waited behind those batches. Measured on one lab: the
	// roll took 532 s at 5 s, 162 s at 60 s, and pg-ops run's roll (no refresh while it runs) 123 s.
	// pg-ops' own CPU was 7% of a core throughout. Nothing here asserts the refresh's cadence: the
	// first screens come from the console's first refresh, the roll's changes from the runner's own
	// before and after readings, and the panes after it from the refresh a finished procedure asks for.
	yaml.environments.fleet!.refreshSeconds = 30;
	config = path.join(lab.dir, 'pg-ops-tmux.yaml');
	writeFileSync(config, YAML.stringify(yaml));
}, 600_000);

afterAll(async () => {
	keptConsole?.close();
	await stopFleetLab(lab?.dir);
}, 120_000);

afterEach(() => {
	terminal?.close();
	terminal = undefined;
});

// Before the console's tests: the roll below restarts every host's worker and heals app-017's.
fleetPgopsTests(() => lab);

const consoleCommand = () => `${process.execPath} ${cliPath} --config ${config} --env fleet`;
const openConsole = (columns: number, rows: number) =>
	openTerminal(consoleCommand(), {columns, rows, env: {PGOPS_STATE_DIR: lab.stateDir}});
const lines = (screen: string) => screen.split('\n');
const lineWith = (screen: string, pattern: RegExp) => lines(screen).findIndex(line => pattern.test(line));
/** The services pane's selected row (drawn inverse) as plain text; '' when none is. */
const selectedLine = (t: Terminal) => {
	const styled = t.screenWithStyles().split('\n');
	const plain = styled.map(line => line.replace(/\u001b\[[0-9;]*m/g, ''));
	const [from, to] = [
		plain.findIndex(line => /1 Services/.test(line)),
		plain.findIndex(line => /2 Job freshness/.test(line)),
	];
	const at = styled.findIndex((line, i) => i > from && i < to && /\u001b\[(?:\d+;)*7(?:;\d+)*m/.test(line));
	return at < 0 || from < 0 ? '' : plain[at]!;
};
const selected = (t: Terminal, row: RegExp) =>
	waitFor(
		() => row.test(selectedLine(t)),
		10_000,
		`the selected row to be ${String(row)} (it is: ${selectedLine(t).trim()})`,
	);
/** The services pane's lines: from its title to the next pane's. */
const servicesBox = (screen: string) =>
	lines(screen).slice(lineWith(screen, /1 Services/), lineWith(screen, /2 Job freshness/));

it('pg-ops status --json: unhealthy (exit 2) with the fleet summed up and every host listed', () => {
	// A cold status of 100 hosts took 25 s on 2 busy cores.
	const ran = runCli(['status', '--json', '--config', lab.info.config, '--env', 'fleet'], {
		env: {PGOPS_STATE_DIR: lab.stateDir},
		timeoutMs: 120_000,
	});
	expect(ran.stderr).toBe('');
	// 2 = unhealthy: the seeded failed worker, full disk, stale job and stuck ETL jobs.
	expect(ran.code).toBe(2);
	const report = JSON.parse(ran.stdout) as StatusReport;
	expect(report).toMatchObject({status: 'unhealthy', env: 'fleet', transport: 'ssh', host: '100 hosts'});
	expect(report.fleet!.summary).toMatchObject({hosts: 100, answered: 100, unreachable: 0, slow: 0});
	expect(report.fleet!.summary.services.map(s => `${s.name} ${s.active}/${s.total}`)).toEqual([
		'api 100/100',
		'worker 99/100',
	]);
	expect(report.fleet!.hosts.map(h => h.name)).toEqual(fleetHostNames(100));
	expect(report.fleet!.hosts.find(h => h.name === 'app-017')).toMatchObject({
		status: 'critical',
		level: 'critical',
		problems: ['worker failed'],
	});
	expect(report.fleet!.hosts.find(h => h.name === 'app-001')).toMatchObject({status: 'ok', problems: []});
	const services = report.panes.services as unknown as {
		items: Array<{host: string; name: string; state: string}>;
	};
	expect(services.items).toHaveLength(200);
	expect(services.items.filter(i => i.state !== 'active')).toEqual([
		expect.objectContaining({host: 'app-017', name: 'worker', state: 'failed'}),
	]);
	const disk = report.panes.disk as unknown as {items: Array<{host: string; level: string}>};
	expect(disk.items.slice(0, 2)).toEqual([
		expect.objectContaining({host: 'app-042', level: 'critical'}),
		expect.objectContaining({host: 'app-063', level: 'warning'}),
	]);
}, 150_000);

it('at 120x40: the header counts hosts by status, the panes have room for more hosts, the SLO has its targets', async () => {
	terminal = openConsole(120, 40);
	// 90 s: a first answer missed (the SLO before Prometheus has samples, the health URL on a busy
	// machine) comes again at the next refresh, 30 s later here.
	const screen = await terminal.waitFor(/5 SLO[\s\S]*p95\s+\d+ms/, 90_000);
	await terminal.waitFor('fleet 100 hosts: 97 ok, 1 warning, 2 critical', 30_000);
	// Waited for: the health URL's answer (through the first host) may come after the hosts' on a busy machine.
	const full = await terminal.waitFor(
		/api\s+100\/100 active {2}health 200[\s\S]*99 hosts all active/,
		90_000,
	);
	expect(full).toMatch(/worker\s+99\/100 active {2}1 failed/);
	// The figure itself swings while Prometheus has only seconds of samples: its level is not the point here, its target is.
	// The lab's availability sits near its 99.5% target: a value just under it is "off target" (its own mark, issue 12).
	expect(full).toMatch(/availability\s+\d+(\.\d+)?% (ok|off target|WARNING|CRITICAL)[^\n]*target >=99\.5%/);
	// 40 rows: many disks listed, worst first.
	const disks = lines(full).filter(line => /app-\d{3}\s+\/\s+\d+%/.test(line));
	expect(disks.length).toBeGreaterThan(15);
	expect(disks[0]).toMatch(/✗ app-042\s+\/\s+93% CRITICAL/);
	expect(disks[1]).toMatch(/! app-063\s+\/\s+85% WARNING/);
	expect(lines(full).every(line => [...line].length <= 120)).toBe(true);
	expect(screen).toContain('pg-ops');
	// Passed: the chunk test goes on in this console at 80x24 (q's exit is checked at the end of the roll test).
	keptConsole = terminal;
	terminal = undefined;
}, 240_000);

// FAILS (product bug, source/ui/ConsoleApp.tsx, handleKey): a chunk of keys that holds an enter is
// dropped whole. Keys typed faster than the terminal is read, a paste with its newline, or tmux's
// send-keys under load reach Ink as one chunk ("j\r", "app-04\r"); Ink reports it as one input with
// key.return false. On the panes keysOf() returns such a chunk unsplit (it contains a control
// character), and no intent matches "j\r"; on the filter line the \r fails the printable test, so
// the text is not typed and the filter is not kept. ui/keys.ts' keyPresses() splits exactly these
// chunks (and is used by the checklists' screens); the panes and the filter line do not use it.
// Seen first as a flaky host-detail step of the next test when the machine was busy. (Before the
// next test: its rolling restart heals app-017, whose row this one selects.)
it('keys and enter arriving as one chunk count as typed apart: "j" + enter opens the host, "app-04" + enter keeps the filter', async () => {
	const kept = keptConsole?.isRunning() ? keptConsole : undefined;
	if (!kept) keptConsole?.close();
	keptConsole = undefined;
	terminal = kept ?? openConsole(80, 24);
	const t = terminal;
	// The 120x40 test's console, shrunk as a terminal window is: waited for until drawn at 80 columns
	// (the header's short form) with every host counted.
	if (kept) t.tmux('resize-window', '-t', 'main', '-x', '80', '-y', '24');
	await t.waitFor(/^pg-ops\s+fleet\s+100 hosts: 97 ok 1 warn 2 crit[\s\S]*99 hosts all active/, 60_000);
	t.press('k', 'k', 'k', 'k', 'j');
	await selected(t, /worker\s+99\/100 active/);
	// "j" and enter in one chunk (fast typing, a paste, tmux under load) still move, then open app-017's detail.
	t.press('j\r');
	await t.waitFor(/host app-017\s+CRITICAL/);
	t.press('Escape');
	await t.waitFor(/99 hosts all active/);
	t.press('/');
	await t.waitFor('enter keeps the filter');
	// The filter's text and its enter in one chunk: the filter is kept.
	t.press('app-04\r');
	await t.waitFor('1 Services (10 of 100 hosts)');
	// Passed: the next test goes on in this console (afterEach closes only `terminal`).
	keptConsole = t;
	terminal = undefined;
}, 90_000);

it('at 80x24: summary, worst first, / filter, host detail, and a rolling restart of worker over all 100 hosts', async () => {
	// The chunk test's console when it passed (its filter app-04 kept: esc clears it, and the 90 hosts
	// coming back into view are asked at once), else a console of this test's own.
	const kept = keptConsole?.isRunning() ? keptConsole : undefined;
	if (!kept) keptConsole?.close();
	keptConsole = undefined;
	terminal = kept ?? openConsole(80, 24);
	const t = terminal;
	if (kept) {
		await t.waitFor('filter: app-04 (10 of 100 hosts)');
		t.press('Escape');
	}
	// The health URL's answer (through the first host) may come after the hosts' on a busy machine: waited
	// for, and so is the header with every host counted (none paused).
	const first = await t.waitFor(
		/^pg-ops\s+fleet\s+100 hosts: 97 ok 1 warn 2 crit[\s\S]*✓ api\s+100\/100 active {2}health 200[\s\S]*99 hosts all active[\s\S]*5 SLO[\s\S]*p95\s+\d+ms/,
		90_000,
	);
	// Header, the services summary, app-017 first among the hosts, the healthy rest on one line.
	expect(lines(first)[0]).toMatch(/^pg-ops\s+fleet\s+100 hosts: 97 ok 1 warn 2 crit/);
	expect(first).toMatch(/✓ api\s+100\/100 active {2}health 200/);
	expect(first).toMatch(/✗ worker\s+99\/100 active {2}1 failed/);
	expect(servicesBox(first).find(line => /app-\d{3}/.test(line))).toMatch(/✗ app-017\s+worker\s+failed/);
	expect(lineWith(first, /app-017\s+worker\s+failed/)).toBeLessThan(lineWith(first, /99 hosts all active/));
	// Disk: app-042 first, then app-063; the SLO pane has Prometheus' figures.
	const disks = lines(first).filter(line => /app-\d{3}\s+\/\s+\d+%/.test(line));
	expect(disks[0]).toMatch(/app-042\s+\/\s+93% CRITICAL/);
	expect(disks[1]).toMatch(/app-063\s+\/\s+85% WARNING/);
	expect(first).toMatch(/availab\S*\s+\d+(\.\d+)?% ok/);
	expect(first).toMatch(/errors\s+\d+(\.\d+)?% (ok|WARNING)/);
	expect(lines(first).every(line => [...line].length <= 80)).toBe(true);

	// / app-04 enter: only the ten app-04x hosts; esc clears it. (The text and enter are sent apart:
	// see the test before this one for the two sent as one chunk.)
	t.press('/');
	await t.waitFor('enter keeps the filter');
	t.press('app-04');
	await t.waitFor('/app-04▌');
	t.press('Enter');
	const filtered = await t.waitFor(/1 Services \(10 of 100 hosts\)/);
	expect(filtered).toContain('filter: app-04 (10 of 100 hosts)');
	expect(filtered).toMatch(/api\s+10\/10 active/);
	const hostsListed = servicesBox(filtered).flatMap(line => [...line.matchAll(/app-\d{3}/g)].map(m => m[0]));
	expect(hostsListed.length).toBeGreaterThan(0);
	expect(hostsListed.every(host => host.startsWith('app-04'))).toBe(true);
	// Only the filtered hosts are refreshed: the other 90 are paused.
	await t.waitFor('90 paused');
	t.press('Escape');
	const cleared = await t.waitFor(/99 hosts all active/);
	expect(cleared).not.toContain('of 100 hosts');

	// The two summary lines, then app-017's failed worker: enter opens that host. (Enter is sent once
	// the row is drawn selected: see the test before this one for "j" and enter in one chunk.)
	t.press('k', 'k', 'k', 'k', 'j', 'j');
	await selected(t, /app-017\s+worker\s+failed/);
	t.press('Enter');
	const detail = await t.waitFor(/host app-017\s+CRITICAL/);
	expect(detail).toMatch(/status\s+CRITICAL: worker failed/);
	expect(detail).toMatch(/✗ worker\s+failed/);
	expect(detail).toMatch(/✓ api\s+active/);
	expect(detail).toMatch(/Mounts \(1\)/);
	t.press('Escape');
	await t.waitFor(/99 hosts all active/);

	// Rolling restart: the worker summary line, r, the plan, the arming delay, y.
	const before = fleetHostNames(100).map(host => unitFromStateFile(lab.info, host, 'worker'));
	expect(before.filter(u => u.activeState !== 'active').map(u => u.host)).toEqual(['app-017']);
	t.press('k', 'k', 'k', 'k', 'j');
	await selected(t, /worker\s+99\/100 active/);
	t.press('r');
	// Planning reads every host's worker first: on a busy 2-core machine beside 100 stand-in hosts, well over 15 s.
	const plan = await t.waitFor('Run it?', 90_000);
	expect(plan).toContain('restart worker on 100 hosts, one at a time on fleet');
	expect(plan).toContain('not active now: app-017 (failed)');
	// Every host is named, in order, below the steps (scrolled to): the first screen says so.
	expect(plan).toContain('then the same on each of the other 98 hosts, in the order below');
	// Armed: the prompt no longer says "(keys ignored for a moment)" (a y before that is ignored).
	await t.waitFor(/Run it\?\s+\[ Cancel \]\s+║/, dialogArmDelayMs + 15_000);
	t.press('y');
	const progress: string[] = [];
	// Every 500 ms: a host's step takes 0.3 s or more, so the count is seen moving; each look is a tmux process.
	const sampler = setInterval(() => progress.push(t.screen()), 500);
	const result = await t
		// One host at a time, each verified: 8 s on a quiet machine, 2-3 s a host beside other labs on 2 cores; at a load
		// of 120 the 100 hosts took 10 minutes, and the panes read after the change more.
		// Any outcome ends the wait (a refused or failed run says why at once, rather than after 15 minutes).
		.waitFor(/(✓ DONE|✗ [A-Z ,]+|CANCELLED): /, 900_000)
		.finally(() => clearInterval(sampler));
	expect(result).toContain('DONE: restart worker on 100 hosts');
	// Progress as it went: hosts done out of 100, before the end.
	const counts = progress.flatMap(screen =>
		[...screen.matchAll(/(\d+)\/100 hosts done/g)].map(m => Number(m[1])),
	);
	expect(counts.some(n => n > 0 && n < 100)).toBe(true);
	expect(result).toContain('100/100 hosts done (restarted and verified)');
	expect(result).toContain('worker on app-017: failed -> active');
	expect(result).toContain('worker hosts active: 99/100 -> 100/100');
	expect(lines(result).every(line => [...line].length <= 80)).toBe(true);

	// The world: every host's worker runs, under a new pid; app-017's came back (asked over ssh too).
	const after = fleetHostNames(100).map(host => unitFromStateFile(lab.info, host, 'worker'));
	expect(after.filter(u => u.activeState !== 'active').map(u => u.host)).toEqual([]);
	expect(after.filter((u, i) => u.mainPid === before[i]!.mainPid).map(u => u.host)).toEqual([]);
	expect(await unitOnHost(lab.info, 'app-017', 'worker')).toMatchObject({
		activeState: 'active',
		mainPid: after[16]!.mainPid,
	});
	// The run took the lock on all 100 hosts (its audit says so) and left no lock file behind.
	const correlationId = /correlation id ([0-9a-f-]{36})/.exec(result)?.[1];
	expect(
		readAuditLog().find(record => record.correlationId === correlationId && record.event === 'lock'),
	).toMatchObject({outcome: 'acquired', detail: `${lockFile} on 100 hosts: app-001 ... app-100 (100 hosts)`});
	expect(existsSync(lockFile)).toBe(false);

	t.press('Escape');
	await t.waitFor(/worker\s+100\/100 active/, 30_000);
	await t.waitFor('100 hosts all active', 30_000);
	t.press('q');
	await waitFor(() => !t.isRunning(), 15_000, 'pg-ops to exit');
}, 1_200_000);
