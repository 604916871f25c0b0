// Issue 11 item 2 without a terminal: the demo with terminal attacks planted in a systemctl field,
// a journal line, job names and a pipeline blocker from HTTP, Prometheus' error text, a backup's
// name and the lock holder (test/support/hostile-demo.ts); a runbook with them in its headings,
// prose and a command. Every plain output of the built CLI (status, run, runbook --list and
// --dry-run, incident, audit) and every file it writes (the incident review) is read as bytes:
// the attacks are there, visible (␛]0;…), and not one terminal control is.
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseDocument} from 'yaml';
import {runCliAsync} from '../support/cli.js';
import {
	attack,
	attackShown,
	ESC,
	expectNoTerminalControls,
	startHostileDemo,
	holdLockAsAttacker,
	type HostileDemo,
} from '../support/hostile-demo.js';

let dir: string;
let demo: HostileDemo;
let stateDir: string;

beforeAll(async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-hostile-cli-'));
	stateDir = path.join(dir, 'state');
	demo = await startHostileDemo(dir);
}, 90_000);

afterAll(async () => {
	await demo?.stop();
	rmSync(dir, {recursive: true, force: true});
});

const cli = (args: string[], env: Record<string, string> = {}) =>
	runCliAsync([...args, '--config', demo.config], {
		env: {PGOPS_STATE_DIR: stateDir, PGOPS_OPERATOR: 'carol@test', ...env},
		timeoutMs: 90_000,
	});

/** Both streams: the attack where expected, shown; nothing a terminal would act on. */
function expectSafe(result: {stdout: string; stderr: string}, where: string): string {
	expectNoTerminalControls(result.stdout, `${where} stdout`);
	expectNoTerminalControls(result.stderr, `${where} stderr`);
	return result.stdout + result.stderr;
}

describe('hostile remote text in plain output', () => {
	it('status: the unit state, job name, pipeline blocker and Prometheus error are shown, never emitted', async () => {
		const status = await cli(['status', '--env', 'demo']);
		// The SLO pane could not be read (Prometheus' error): "couldn't tell", exit 1.
		expect(status.code, status.stderr).toBe(1);
		const text = expectSafe(status, 'status');
		for (const tag of ['unit:', 'job:', 'blocker:', 'prometheus:']) expect(text).toContain(attackShown(tag));

		const json = await cli(['status', '--env', 'demo', '--json']);
		expectSafe(json, 'status --json');
		expect(JSON.stringify(JSON.parse(json.stdout))).toContain(
			JSON.stringify(attackShown('job:')).slice(1, -1),
		);
	}, 120_000);

	it('run: a backup named with escapes is shown with placeholders in the plan', async () => {
		const plan = await cli(['run', 'restore-backup', '--env', 'demo', '--dry-run']);
		const text = expectSafe(plan, 'run restore-backup --dry-run');
		expect(text).toContain('db_29991231_235959␛]0;pwned-title␇␛[8m.sql.gz');
	}, 120_000);

	it("run: the lock holder's name from the host's lock file is shown with placeholders in the refusal", async () => {
		const lockFile = holdLockAsAttacker(demo);
		try {
			const refused = await cli(['run', 'restart', '--service', 'app-web', '--env', 'demo', '--yes']);
			expect(refused.code).not.toBe(0);
			const text = expectSafe(refused, 'run restart (locked)');
			expect(text).toContain(attackShown('holder:'));
		} finally {
			rmSync(lockFile, {force: true});
		}
	}, 120_000);

	it('incident: the readings it prints and the review file it writes show the attacks, never emit them', async () => {
		expect((await cli(['incident', 'open', '--severity', 'P2', '--title', 'hostile'])).code).toBe(0);
		const assessed = await cli(['incident', 'tick', 'assess']);
		expect(assessed.code, assessed.stderr).toBe(0);
		expect(expectSafe(assessed, 'incident tick assess')).toContain(attackShown('unit:'));
		const note = await cli(['incident', 'note', `pasted from chat: ${attack('note:')}`]);
		expectSafe(note, 'incident note');
		const status = await cli(['incident', 'status']);
		expectSafe(status, 'incident status');
		const closed = await cli(['incident', 'close', '--summary', `done ${attack('summary:')}`]);
		expect(closed.code, closed.stderr).toBe(0);
		expectSafe(closed, 'incident close');
		const file = /review: (.+)\n/.exec(closed.stdout)![1]!;
		const review = readFileSync(file, 'utf8');
		expectNoTerminalControls(review, 'the review file');
		expect(review).toContain(attackShown('unit:'));
		expect(review).toContain(attackShown('note:'));
		expect(review).toContain(attackShown('summary:'));
	}, 180_000);
});

describe('a flooding probe (issue 11 item 12)', () => {
	it('systemctl printing 100 MB: the services pane names the flooding section, disk and slot keep their data', async () => {
		// The demo's systemctl, except that `show` (the services section) floods its output.
		const bin = path.join(dir, 'flood-bin');
		mkdirSync(bin, {recursive: true});
		writeFileSync(
			path.join(bin, 'systemctl'),
			`#!/bin/sh\nif [ "$1" = show ]; then head -c 100000000 /dev/zero | tr '\\0' x; exit 0; fi\nexec "${path.join(demo.info.root, 'bin', 'systemctl')}" "$@"\n`,
			{mode: 0o755},
		);
		const doc = parseDocument(readFileSync(demo.config, 'utf8'));
		doc.setIn(['environments', 'demo', 'shellPath'], [bin, path.join(demo.info.root, 'bin')]);
		const config = path.join(dir, 'flood.yaml');
		writeFileSync(config, doc.toString());
		const status = await runCliAsync(['status', '--env', 'demo', '--json', '--config', config], {
			env: {PGOPS_STATE_DIR: stateDir},
			timeoutMs: 120_000,
		});
		const report = JSON.parse(status.stdout) as {
			panes: Record<string, {status: string; items: unknown[]; error?: string}>;
			slot: {release?: string} | null;
		};
		expect(report.panes.services!.error).toMatch(
			/services\.systemd printed more than 256 KiB on local: cut and not read \(a command flooding its output\)/,
		);
		expect(report.panes.disk!.error).toBeUndefined();
		expect(report.panes.disk!.items.length).toBeGreaterThan(0);
		expect(report.slot?.release).toBe('blue');
	}, 180_000);
});

describe('a hostile runbook (issue 11 item 1)', () => {
	// A lone CR ends a Markdown line (CommonMark), so in a runbook the attack's CR splits its line: what
	// comes before it is one line of text, the rest the next.
	const beforeCr = (tag: string) => attackShown(tag).split('␍')[0]!;
	const concealed = () => path.join(dir, 'concealed');
	const runbook = () => {
		const file = path.join(dir, 'hostile.md');
		writeFileSync(
			file,
			[
				`# Recovery ${attack('title:')}`,
				'',
				`## Check the version ${attack('heading:')}`,
				'',
				`Run this ${attack('prose:')} first.`,
				'',
				'```bash',
				`echo version-ok${ESC}[8m; touch ${concealed()} ${ESC}[0m`,
				'```',
				'',
			].join('\n'),
		);
		return file;
	};

	it('--list shows the headings and the concealed command with placeholders', async () => {
		const list = await runCliAsync(['runbook', runbook(), '--list']);
		expect(list.code, list.stderr).toBe(0);
		const text = expectSafe(list, 'runbook --list');
		expect(text).toContain(beforeCr('title:'));
		expect(text).toContain(beforeCr('heading:'));
		expect(text).toContain(`$ echo version-ok␛[8m; touch ${concealed()} ␛[0m`);
	});

	it('--dry-run shows the prose and the whole command, and says it will be refused; nothing runs', async () => {
		const dry = await cli(['runbook', runbook(), '--dry-run', '--env', 'demo']);
		expect(dry.code, dry.stderr).toBe(0);
		const text = expectSafe(dry, 'runbook --dry-run');
		expect(text).toContain(beforeCr('prose:'));
		expect(text).toContain('⟨U+202E⟩evil');
		expect(text).toContain(`echo version-ok␛[8m; touch ${concealed()} ␛[0m`);
		expect(text).toMatch(
			/this plan will be refused: step 1 "[^"]*" holds characters a terminal does not show as they are: ESC \(U\+001B, shown as ␛\) at line \d+, column 16/,
		);
		expect(existsSync(concealed())).toBe(false);
	});
});
