// `pg-ops run ACTION` as a team runs its own procedure: a promote/rollback stand-in CLI (a shell
// script written here, named as such) promoted for real on a local environment. Inputs checked
// before anything runs; the secret read on standard input reaches the command's stdin and nowhere
// else (not its command line, the output or the audit); a verification that fails is undone; a
// mutating action is refused in read-only mode, a reading one runs; the audit names the action.
import {spawnSync} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cliPath} from '../support/cli.js';

let dir: string;
const secret = 'sk-live-7f3a91c2';

beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-team-action-'));
	mkdirSync(path.join(dir, 'state'));
	// A stand-in for the team's model CLI: promote writes the slot's run id (and the key it read on
	// stdin), rollback removes it, status exits 0 only when the slot serves a run.
	const app = path.join(dir, 'app-standin');
	writeFileSync(
		app,
		`#!/bin/sh
# stand-in for the team's model promotion CLI (app promote/rollback/status), for pg-ops' tests
cd "$(dirname "$0")"
case "$1" in
promote) read -r key; echo "$3" > "slot-$5"; echo "$key" > key-seen; echo "promoted $3 to $5";;
rollback) rm -f "slot-$3"; echo "rolled back $3";;
status) test -s "slot-$2" && ! grep -q bad "slot-$2";;
esac
`,
	);
	chmodSync(app, 0o755);
	writeFileSync(
		path.join(dir, 'pg-ops.yaml'),
		`environments:
  ml-cli:
    transport: local
    checks:
      - {name: blue-serving, command: "${app} status blue"}
    actions:
      - name: promote
        title: Promote a model run to a slot
        inputs:
          - {name: run_id, type: text, pattern: '[a-z0-9-]{3,32}', description: the run id}
          - {name: slot, type: choice, choices: [blue, green], default: blue}
          - {name: api_key, type: secret, description: the registry's API key}
        confirm: target
        target: slot
        steps:
          - command: "${app} promote --run-id {{run_id}} --slot {{slot}}"
            stdin: api_key
            verify: {check: blue-serving}
            undo: {command: "${app} rollback --slot {{slot}}"}
      - name: serving
        mutates: false
        steps:
          - command: "${app} status blue"
`,
	);
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const run = (args: string[], input = '') => {
	const result = spawnSync(process.execPath, [cliPath, 'run', ...args], {
		cwd: dir,
		input,
		env: {...process.env, NO_COLOR: '1', PGOPS_STATE_DIR: path.join(dir, 'state'), HOME: dir}, // the host lock under this HOME: no other test's
		encoding: 'utf8',
		timeout: 60_000,
	});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
};

describe('pg-ops run ACTION', () => {
	it('bad inputs are refused before anything runs; a secret is never taken from the command line', () => {
		const wrong = run(['promote', '--input', 'run_id=NO WAY', '--input', 'slot=red', '--yes'], `${secret}\n`);
		expect(wrong.code).toBe(1);
		expect(wrong.stderr).toContain(
			'run_id must match [a-z0-9-]{3,32}; slot must be one of blue, green; nothing was run',
		);
		const onLine = run(['promote', '--input', 'run_id=run-1', '--input', `api_key=${secret}`, '--yes']);
		expect(onLine.code).toBe(1);
		expect(onLine.stderr).toContain('api_key is a secret: it is read on standard input');
		expect(existsSync(path.join(dir, 'slot-blue'))).toBe(false);
	});

	it('promotes with the secret on stdin only, verified by the check; the audit names the action, never the secret', () => {
		const dry = run(['promote', '--input', 'run_id=run-42', '--dry-run']);
		expect(dry.code).toBe(0);
		expect(dry.stdout).toContain('promote --run-id run-42 --slot blue <<< $api_key');
		expect(existsSync(path.join(dir, 'slot-blue'))).toBe(false);

		const done = run(['promote', '--input', 'run_id=run-42', '--yes'], `${secret}\n`);
		expect(done.code).toBe(0);
		expect(done.stdout).toContain('ok: check blue-serving');
		expect(readFileSync(path.join(dir, 'slot-blue'), 'utf8')).toBe('run-42\n');
		expect(readFileSync(path.join(dir, 'key-seen'), 'utf8')).toBe(`${secret}\n`);
		const audit = readFileSync(path.join(dir, 'state', 'audit.jsonl'), 'utf8');
		expect(audit).toContain('"procedure":"action:promote"');
		expect(audit).toContain('--run-id run-42');
		expect(`${audit}${done.stdout}${done.stderr}`).not.toContain(secret);
	});

	it('a verification that fails is undone (exit 1); read-only runs the reading action and refuses the other', () => {
		const bad = run(['promote', '--input', 'run_id=bad-run', '--yes'], `${secret}\n`);
		expect(bad.code).toBe(1);
		expect(bad.stdout).toMatch(/FAILED: check blue-serving/);
		expect(existsSync(path.join(dir, 'slot-blue'))).toBe(false); // rolled back

		const reading = run(['serving', '--read-only', '--yes']);
		expect(reading.code).toBe(1); // status of an empty slot exits 1: the step failed, nothing to undo
		expect(reading.stdout).not.toMatch(/refused/i);
		const refused = run(['promote', '--input', 'run_id=run-43', '--read-only', '--yes'], `${secret}\n`);
		expect(refused.code).toBe(1);
		expect(`${refused.stdout}${refused.stderr}`).toMatch(/read-only/);
		expect(existsSync(path.join(dir, 'slot-blue'))).toBe(false);
	});
});
