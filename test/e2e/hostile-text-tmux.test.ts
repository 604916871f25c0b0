// Issue 11 items 1 and 2 in a real terminal (tmux, with applications allowed to set the clipboard):
// the console on the hostile demo (test/support/hostile-demo.ts) shows every planted attack as
// placeholders; afterwards the pane's title is not the attacker's, no clipboard buffer exists, and
// the screen's bytes (capture-pane -e) hold no conceal and no overdrawn border. Then a runbook whose
// command hides `touch` behind SGR 8: its screen shows the whole command, running it is refused
// (the file is never created), and `pg-ops audit` shows the command with placeholders.
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {cliPath, runCliAsync} from '../support/cli.js';
import {
	ESC,
	expectNoTerminalControls,
	startHostileDemo,
	stolenTitle,
	type HostileDemo,
} from '../support/hostile-demo.js';
import {openTerminal, type Terminal} from '../support/tmux-driver.js';

let dir: string;
let demo: HostileDemo;
let terminal: Terminal | undefined;

beforeAll(async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-hostile-tmux-'));
	demo = await startHostileDemo(dir);
}, 90_000);

afterEach(() => {
	terminal?.close();
	terminal = undefined;
});

afterAll(async () => {
	await demo?.stop();
	rmSync(dir, {recursive: true, force: true});
});

const columns = 140;

function open(args: string): Terminal {
	return openTerminal(`${process.execPath} ${cliPath} ${args}`, {
		columns,
		rows: 40,
		env: {PGOPS_STATE_DIR: path.join(dir, 'state'), PGOPS_OPERATOR: 'carol@test'},
		serverOptions: {'set-clipboard': 'on'},
	});
}

/** What the attacks would have done to the terminal, had one byte of them reached it. */
function expectTerminalUntouched(t: Terminal): void {
	expect(t.tmux('display-message', '-p', '-t', 'main', '#{pane_title}').trim()).not.toBe(stolenTitle);
	expect(t.tmux('list-buffers')).toBe('');
	const styled = t.screenWithStyles();
	expect(styled).not.toMatch(/\u001b\[(\d+;)*8m/); // conceal: Ink never uses it, the attack does
	expect(styled).not.toContain('\u001b]');
	for (const line of t.screen().split('\n')) expect([...line].length).toBeLessThanOrEqual(columns);
}

it('the console shows hostile unit states, job names, blockers, Prometheus errors and log lines as placeholders', async () => {
	terminal = open(`--config ${demo.config} --env demo`);
	const t = terminal;
	await t.waitFor(/job:␛\]0;pwned/, 60_000);
	const panes = await t.waitFor(/app-orc\S*\s+failedunit:␛\]0;/, 60_000);
	expect(panes).toContain('blocker:␛]0;pwned-title␇');
	await t.waitFor(/prometheus:␛\]0;pwned/);
	expectTerminalUntouched(t);

	// The failed service's details: its Result= field and its journal line, with a carriage return in each.
	// The selection starts on the worst row: the failed service.
	t.press('1');
	t.press('Enter');
	const details = await t.waitFor(/log:␛\]0;pwned/, 60_000);
	expect(details).toContain('␍|⟨U+202E⟩evil');
	expectTerminalUntouched(t);
	t.press('Escape');
	t.press('q');
}, 150_000);

it('a runbook command hiding `touch` behind SGR 8: shown whole, refused when run, and shown whole by pg-ops audit', async () => {
	const hidden = path.join(dir, 'concealed');
	const runbook = path.join(dir, 'conceal.md');
	writeFileSync(
		runbook,
		[
			'# Version check',
			'',
			'## Check',
			'',
			'```bash',
			`echo version-ok${ESC}[8m; touch ${hidden} ${ESC}[0m`,
			'```',
			'',
		].join('\n'),
	);
	terminal = open(`runbook ${runbook} --config ${demo.config} --env demo`);
	const t = terminal;
	const list = await t.waitFor('Version check', 60_000);
	expect(list).toContain(`echo version-ok␛[8m; touch ${hidden} ␛[0m`);
	expectTerminalUntouched(t);

	t.press('Enter');
	const refused = await t.waitFor(/refused/i, 30_000);
	expect(refused).toContain('holds characters a terminal does not show');
	expect(refused).toContain('ESC (U+001B, shown as ␛) at');
	expectTerminalUntouched(t);
	expect(existsSync(hidden)).toBe(false);
	t.press('Escape');
	t.press('q');

	const audit = await runCliAsync(['audit', '--env', 'demo'], {
		env: {PGOPS_STATE_DIR: path.join(dir, 'state')},
	});
	expect(audit.code, audit.stderr).toBe(0);
	expectNoTerminalControls(audit.stdout, 'pg-ops audit');
	expect(audit.stdout).toContain(`echo version-ok␛[8m; touch ${hidden} ␛[0m`);
	expect(audit.stdout).toMatch(/  refused  hidden-characters  carol@test/);
	expect(existsSync(hidden)).toBe(false);
}, 150_000);
