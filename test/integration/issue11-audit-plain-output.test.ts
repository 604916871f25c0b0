// Issue 11 items 1 and 2, surfaces the other tests leave out (audit of issue 11, session 5):
// - `pg-ops run`'s own output carrying a service's log lines: a restart that fails on the hostile
//   demo prints the last log lines of a service whose journal holds the attack;
// - `pg-ops audit` (text and --json) over an audit log holding raw escapes, as a pg-ops from before
//   the fix wrote it (the trial's own logs): the other tests only print commands pg-ops had already
//   made visible, so the printer's own guard was never what they tested.
// Both read the CLI's bytes: the attack is there, visible (␛]0;…), and no terminal control is.
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {appendUnitLog} from '../../source/demo/service-log.js';
import {runCliAsync} from '../support/cli.js';
import {
	attack,
	attackShown,
	ESC,
	expectNoTerminalControls,
	startHostileDemo,
	type HostileDemo,
} from '../support/hostile-demo.js';

let dir: string;
let demo: HostileDemo;

beforeAll(async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-issue11-audit-'));
	demo = await startHostileDemo(dir);
}, 120_000);

afterAll(async () => {
	await demo?.stop();
	rmSync(dir, {recursive: true, force: true});
});

function expectSafe(result: {stdout: string; stderr: string}, where: string): string {
	expectNoTerminalControls(result.stdout, `${where} stdout`);
	expectNoTerminalControls(result.stderr, `${where} stderr`);
	return result.stdout + result.stderr;
}

describe("pg-ops run: a service's log lines (issue 11 item 2)", () => {
	it('a restart that fails shows the last log lines of a service whose journal carries the attack, with placeholders', async () => {
		const service = 'app-orchestrator';
		appendUnitLog(demo.info.root, `${service}.service`, [
			`${new Date().toISOString()} [4243] ${attack('log:')}`,
		]);
		// Break the unit: its program no longer exists, so the restart fails and pg-ops shows its log.
		const unitFile = path.join(demo.info.root, 'etc/service-manager', `${service}.json`);
		const original = readFileSync(unitFile, 'utf8');
		const unit = JSON.parse(original) as {exec: string[]};
		writeFileSync(unitFile, JSON.stringify({...unit, exec: [unit.exec[0], '/nonexistent/worker.js']}));
		try {
			const run = await runCliAsync(
				['run', 'restart', '--service', service, '--env', 'demo', '--config', demo.config, '--yes'],
				{
					env: {PGOPS_STATE_DIR: path.join(dir, 'state-run'), PGOPS_OPERATOR: 'carol@test'},
					timeoutMs: 120_000,
				},
			);
			expect(run.code, run.stdout + run.stderr).toBe(3);
			const text = expectSafe(run, 'run restart (failing)');
			expect(text).toContain(`last log lines of ${service}`);
			expect(text).toContain(attackShown('log:'));
		} finally {
			writeFileSync(unitFile, original);
		}
	}, 180_000);
});

describe('pg-ops audit over a log holding raw escapes (issue 11 items 1 and 2)', () => {
	it('text and --json: the escapes are shown as placeholders, never emitted', async () => {
		const state = path.join(dir, 'state-old-log');
		mkdirSync(state, {recursive: true, mode: 0o700});
		const concealed = `echo version-ok${ESC}[8m; touch /tmp/x ${ESC}[0m`;
		const base = {
			time: '2026-12-01T10:00:00.000Z',
			operator: 'carol@test',
			env: 'demo',
			host: 'local',
			procedure: 'runbook',
			correlationId: 'c0ffee00-0000-4000-8000-000000000001',
		};
		// What a pg-ops before the fix wrote: JSON keeps the escapes as \u001b, which parse back to raw ESC.
		writeFileSync(
			path.join(state, 'audit.jsonl'),
			[
				{...base, event: 'plan', step: `1. Check ${attack('step:')}`, command: concealed},
				{...base, event: 'step', step: '1. Check', command: concealed, outcome: attack('outcome:')},
			]
				.map(record => JSON.stringify(record))
				.join('\n') + '\n',
		);
		const env = {PGOPS_STATE_DIR: state};

		const text = await runCliAsync(['audit', '--env', 'demo'], {env});
		expect(text.code, text.stderr).toBe(0);
		const shown = expectSafe(text, 'pg-ops audit');
		expect(shown).toContain('$ echo version-ok␛[8m; touch /tmp/x ␛[0m');
		expect(shown).toContain(attackShown('step:').split('␍')[0]!);
		expect(shown).toContain(attackShown('outcome:').split('␍')[0]!);

		const json = await runCliAsync(['audit', '--env', 'demo', '--json'], {env});
		expect(json.code, json.stderr).toBe(0);
		expectSafe(json, 'pg-ops audit --json');
		const records = json.stdout
			.trim()
			.split('\n')
			.map(line => JSON.parse(line) as {command?: string; outcome?: string});
		expect(records).toHaveLength(2);
		// JSON's own escapes for C0, the U+202E placeholder where JSON would leave it raw.
		expect(records[0]!.command).toBe(concealed);
		expect(records[1]!.outcome).toContain('⟨U+202E⟩evil');
	}, 60_000);
});
