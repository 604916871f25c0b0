// The demo is a sandbox (issue 12, section 4): what it records (audit, incidents) stays in its own
// directory, never in the user's state dir (PGOPS_STATE_DIR or ~/.local/state), `--demo` removes it
// on quit, and its unit logs move every few seconds so a followed log shows life.
import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {cliPath, runCli} from '../support/cli.js';
import {openTerminal, type Terminal} from '../support/tmux-driver.js';
import {waitFor} from '../support/wait.js';
import {dialogArmDelayMs} from '../../source/ui/arming.js';

let dir: string;
let demoDir: string;
let config: string;
// Where a user's own records would go: none of the demo's may land there.
let userEnv: Record<string, string>;

beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-demo-sandbox-'));
	mkdirSync(path.join(dir, 'home'));
	userEnv = {
		HOME: path.join(dir, 'home'),
		XDG_STATE_HOME: path.join(dir, 'xdg-state'),
		XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
		// The demo's database snapshot is a cache (made once per version): it goes here, not into HOME.
		XDG_CACHE_HOME: path.join(dir, 'xdg-cache'),
		PGOPS_STATE_DIR: '',
		PGOPS_OPERATOR: 'sandbox@test',
	};
});

afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('demo start --dir: records stay in the demo directory', () => {
	beforeAll(() => {
		demoDir = path.join(dir, 'demo');
		config = path.join(demoDir, 'pg-ops.yaml');
		// A fresh cache dir: the database snapshot is made first (a minute on a busy machine).
		const started = runCli(['demo', 'start', '--dir', demoDir], {env: userEnv, timeoutMs: 170_000});
		expect(started.code, started.stderr).toBe(0);
	});
	afterAll(() => runCli(['demo', 'stop', '--dir', demoDir]));

	it("an incident and a run are recorded under DIR/state, and pg-ops audit --config reads the demo's log", () => {
		const opened = runCli(
			['incident', 'open', '--severity', 'P3', '--title', 'sandbox', '--config', config],
			{
				env: userEnv,
			},
		);
		expect(opened.code, opened.stderr).toBe(0);
		expect(existsSync(path.join(demoDir, 'state', 'incidents', 'demo', 'open.json'))).toBe(true);

		const run = runCli(['run', 'restart', '--service', 'app-intake', '--yes', '--config', config], {
			env: userEnv,
			timeoutMs: 90_000,
		});
		expect(run.code, run.stderr + run.stdout).toBe(0);
		expect(existsSync(path.join(demoDir, 'state', 'audit.jsonl'))).toBe(true);

		const audit = runCli(['audit', '--config', config, '--procedure', 'restart', '--json'], {env: userEnv});
		expect(audit.code, audit.stderr).toBe(0);
		expect(audit.stdout).toContain('"procedure":"restart"');
		// Nothing reached the user's own state.
		expect(existsSync(path.join(dir, 'xdg-state', 'pg-ops'))).toBe(false);
		expect(readdirSync(path.join(dir, 'home'))).toEqual([]);
	}, 120_000);

	it("the units' logs move every few seconds, so following one shows life", async () => {
		const log = path.join(demoDir, 'root', 'var', 'log', 'app-intake.log');
		const before = statSync(log).size;
		await waitFor(() => statSync(log).size > before, 15_000, 'app-intake to log a line');
	});
});

describe('pg-ops --demo: a throwaway sandbox', () => {
	let terminal: Terminal | undefined;
	afterEach(() => terminal?.close());

	it("a restart's audit goes into the demo's own directory, not PGOPS_STATE_DIR, and quitting removes it", async () => {
		const tmp = path.join(dir, 'tmp');
		const userState = path.join(dir, 'user-state');
		mkdirSync(tmp);
		terminal = openTerminal(`${process.execPath} ${cliPath} --demo`, {
			columns: 100,
			rows: 30,
			env: {...userEnv, TMPDIR: tmp, PGOPS_STATE_DIR: userState},
		});
		await terminal.waitFor(/app-intake\s+active/, 90_000);
		terminal.press('1', 'r');
		await terminal.waitFor('[ Cancel ]');
		await new Promise(resolve => setTimeout(resolve, dialogArmDelayMs + 300));
		terminal.press('y');
		await terminal.waitFor(/DONE: restart \S+: done and verified/, 45_000);
		const [demo] = readdirSync(tmp).filter(name => name.startsWith('pg-ops-demo-'));
		expect(existsSync(path.join(tmp, demo!, 'state', 'audit.jsonl'))).toBe(true);
		expect(existsSync(userState)).toBe(false);

		terminal.press('Escape');
		// Back on the panes first: an escape and a q read in one chunk are alt+q, not q.
		await terminal.waitFor('1 Services', 30_000);
		terminal.press('q');
		// Quitting stops the demo's supervisor and removes its directory.
		await waitFor(() => !terminal!.isRunning(), 60_000, 'pg-ops to exit');
		expect(readdirSync(tmp)).toEqual([]);
		expect(existsSync(userState)).toBe(false);
		expect(existsSync(path.join(dir, 'xdg-state', 'pg-ops'))).toBe(false);
	}, 180_000);
});
