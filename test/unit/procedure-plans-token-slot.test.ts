// The rotate-token and switch-slot plans as data (pure), and the env-file script they run, executed by
// /bin/sh on a temp file: values only on standard input, the key replaced or appended, mode kept.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {parseConfig} from '../../source/core/config/parse.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {describeAction} from '../../source/core/procedures/describe.js';
import type {Plan, ShellAction} from '../../source/core/procedures/plan.js';
import {
	backupPathFor,
	planRotateToken,
	typedTokenProblem,
	valueFromEnvLine,
	type RotateTokenFacts,
} from '../../source/core/procedures/rotate-token.js';
import {
	describeRelease,
	nextRelease,
	parseFactLines,
	planSwitchSlot,
	targetFor,
	type SwitchSlotFacts,
} from '../../source/core/procedures/switch-slot.js';

const config = parseConfig(
	`environments:
  prod:
    hosts: [app-1]
    ssh: {user: deploy}
    http: {baseUrl: "http://127.0.0.1:8000", token: {env: OPS_TOKEN}}
    services:
      - {name: backend, manager: systemd, unit: parlaygorilla-backend.service, health: /healthz}
      - {name: worker, manager: systemd}
    jobs: {source: {http: /ops/model-health}}
    slots: {base: /opt/parlaygorilla, restart: [backend]}
    secrets:
      - {key: OPS_VERIFY_TOKEN, envFile: /etc/parlaygorilla/backend.env, restart: [backend, worker], verify: {http: /ops/verify}}
`,
	'pg-ops.yaml',
);
const env: NamedEnvironment = {...config.environments.prod!, name: 'prod'};
const oldToken = 'a'.repeat(64);
const newToken = 'b'.repeat(64);

const rotateFacts = (overrides: Partial<RotateTokenFacts> = {}): RotateTokenFacts => ({
	entry: env.secrets[0]!,
	services: env.services,
	backupPath: backupPathFor('/etc/parlaygorilla/backend.env', new Date('2026-11-23T05:01:02.345Z'), 'a1b2c3'),
	needsPrivilege: true,
	hasOldValue: true,
	typed: false,
	hostLabel: 'deploy@app-1',
	...overrides,
});

const everyText = (plan: Plan) =>
	[
		plan.title,
		...plan.summary,
		...plan.steps.flatMap(s => [
			s.title,
			JSON.stringify(s.action),
			JSON.stringify(s.verify ?? []),
			JSON.stringify(s.undo ?? {}),
		]),
	].join('\n');

describe('config additions', () => {
	it('slots get watchMinutes 10 and autoSwitchBack false; secrets may name a hand-off command', () => {
		expect(env.slots).toMatchObject({watchMinutes: 10, autoSwitchBack: false});
		expect(env.secrets[0]!.handOff).toBeUndefined();
	});

	it('the version and the new token have verify.withinSeconds (10) to show, in the plans that wait for them', () => {
		expect(env.slots!.verify.withinSeconds).toBe(10);
		expect(env.secrets[0]!.verify!.withinSeconds).toBe(10);
		// Every wait for the version served (the new one, and the old after a switch back) or the new token accepted.
		const untils = (value: unknown): Array<{check: {token?: unknown}; timeoutSeconds: number}> =>
			typeof value !== 'object' || value === null
				? []
				: [
						...((value as {kind?: string}).kind === 'until' ? [value as never] : []),
						...Object.values(value).flatMap(untils),
					];
		const verifyWaits = (plan: Plan) =>
			untils(plan)
				.filter(u => JSON.stringify(u.check.token) !== '{"secret":"oldToken"}')
				.filter(u => JSON.stringify(u.check).includes('/ops/verify'))
				.map(u => u.timeoutSeconds);
		const slow: NamedEnvironment = {
			...env,
			slots: {...env.slots!, verify: {...env.slots!.verify, withinSeconds: 90}},
			secrets: [{...env.secrets[0]!, verify: {http: '/ops/verify', withinSeconds: 90}}],
		};
		const switchFacts: SwitchSlotFacts = {
			oldTarget: '/opt/parlaygorilla/releases/blue',
			current: {name: 'blue', sha: 'a1b2c3d4e5f6'},
			next: {name: 'green', sha: 'f6e5d4c3b2a1'},
			needsPrivilege: true,
			services: [env.services[0]!],
		};
		const token = {newToken, oldToken};
		expect(verifyWaits(planSwitchSlot(env, env.slots!, switchFacts))).toEqual([10, 10]);
		expect(verifyWaits(planSwitchSlot(slow, slow.slots!, switchFacts))).toEqual([90, 90]);
		expect(planSwitchSlot(slow, slow.slots!, switchFacts).summary.join('\n')).toContain('within 90s');
		expect(verifyWaits(planRotateToken(env, rotateFacts(), token))).toEqual([10]);
		expect(verifyWaits(planRotateToken(slow, rotateFacts({entry: slow.secrets[0]!}), token))).toEqual([90]);
		expect(() =>
			parseConfig(
				'environments:\n  x:\n    transport: local\n    slots: {base: /opt/x, verify: {withinSeconds: 0}}\n',
				'pg-ops.yaml',
			),
		).toThrow(/withinSeconds/);
	});
});

describe('rotate-token plan', () => {
	const plan = planRotateToken(env, rotateFacts(), {newToken, oldToken});

	it('backs up, writes from standard input, restarts each service, then verifies new accepted and old refused', () => {
		expect(plan.steps.map(s => [s.id, s.mutates])).toEqual([
			['backup-env-file', true],
			['write-new-value', true],
			['restart-backend', true],
			['restart-worker', true],
			['verify-token', false],
			['remove-backup', true],
		]);
		expect(plan.steps[0]!.action).toMatchObject({
			command: expect.stringContaining(
				'cp -p /etc/parlaygorilla/backend.env /etc/parlaygorilla/backend.env.pg-ops-backup-20261123T050102Z',
			),
			privileged: true,
		});
		expect(plan.steps[1]!.action).toMatchObject({stdinSecret: 'newToken', privileged: true});
		const verify = plan.steps[4]!;
		expect(verify.action).toMatchObject({
			kind: 'until',
			check: {path: '/ops/verify', token: {secret: 'newToken'}, expectStatus: [200]},
		});
		expect(verify.verify![0]!.action).toMatchObject({
			path: '/ops/verify',
			token: {secret: 'oldToken'},
			expectStatus: [401, 403],
		});
		expect(plan.revealAfterSuccess).toEqual({label: 'the new OPS_VERIFY_TOKEN', secret: 'newToken'});
	});

	it('no value appears in any command, title or summary; only in plan.secrets', () => {
		expect(plan.secrets).toEqual({newToken, oldToken});
		expect(everyText(plan)).not.toContain(oldToken);
		expect(everyText(plan)).not.toContain(newToken);
	});

	it('each restart is undone by putting the backup back first, then restarting (undo runs in reverse order)', () => {
		const undo = plan.steps[2]!.undo!;
		expect(undo.title).toBe(
			'put the backup /etc/parlaygorilla/backend.env.pg-ops-backup-20261123T050102Z-a1b2c3 back, then restart backend',
		);
		// The env file needs root here, so the restore goes through sudo; the restart always does over SSH as deploy.
		expect(describeAction(undo.action, plan.secrets, true)).toMatch(
			/^sudo -n sh -c '.*cp -p .*' && sudo -n systemctl restart parlaygorilla-backend\.service$/,
		);
		// Then it must be up again and stay up, as a restart is verified.
		expect(undo.verify![0]!.title).toBe('backend is active');
		expect(describeAction(undo.verify![0]!.action, plan.secrets)).toBe(
			'until systemctl show -p ActiveState,MainPID,NRestarts parlaygorilla-backend.service (≤30s, holds 2s)',
		);
	});

	it('a hand-off command replaces the one-time reveal, as a local step that changes nothing on the host', () => {
		const withHandOff = planRotateToken(
			env,
			rotateFacts({entry: {...env.secrets[0]!, handOff: {command: 'pass insert -m ci/ops-token'}}}),
			{newToken, oldToken},
		);
		expect(withHandOff.steps.at(-2)).toMatchObject({
			id: 'hand-off',
			mutates: false,
			action: {kind: 'local', command: 'pass insert -m ci/ops-token', stdinSecret: 'newToken'},
		});
		expect(withHandOff.revealAfterSuccess).toBeUndefined();
	});

	it('without the old value (read-only planning) there is no refusal check to fall back on the configured token', () => {
		const readOnly = planRotateToken(env, rotateFacts(), {newToken});
		expect(readOnly.steps.find(s => s.id === 'verify-token')!.verify).toEqual([]);
		expect(readOnly.secrets).toEqual({newToken});
	});

	it('env-file lines, typed values and backup names', () => {
		expect(valueFromEnvLine('OPS_VERIFY_TOKEN=abc123', 'OPS_VERIFY_TOKEN')).toBe('abc123');
		expect(valueFromEnvLine('export OPS_VERIFY_TOKEN="abc 123"\n', 'OPS_VERIFY_TOKEN')).toBe('abc 123');
		expect(valueFromEnvLine('', 'OPS_VERIFY_TOKEN')).toBeUndefined();
		expect(valueFromEnvLine('OPS_VERIFY_TOKEN_OLD=x', 'OPS_VERIFY_TOKEN')).toBeUndefined();
		expect(typedTokenProblem('short')).toContain('16');
		expect(typedTokenProblem('has a space in it, sadly')).toContain('spaces');
		expect(typedTokenProblem('dollar$signs-are-bad-here')).toContain('$');
		expect(typedTokenProblem('Good-Token_1234567890.+/=')).toBeUndefined();
		expect(backupPathFor('/etc/app.env', new Date('2026-01-02T03:04:05.006Z'), 'a1b2c3')).toBe(
			'/etc/app.env.pg-ops-backup-20260102T030405Z-a1b2c3',
		);
	});
});

describe('the env-file scripts, run by /bin/sh', () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-env-script-'));
	afterAll(() => rmSync(dir, {recursive: true, force: true}));
	const sh = (action: ShellAction, stdin = '') =>
		spawnSync('/bin/sh', ['-c', action.command], {input: stdin, encoding: 'utf8'});

	function planFor(file: string): Plan {
		const entry = {key: 'OPS_VERIFY_TOKEN', envFile: file, restart: []};
		return planRotateToken(
			env,
			rotateFacts({entry, services: [], needsPrivilege: false, backupPath: `${file}.pg-ops-backup-x`}),
			{newToken, oldToken},
		);
	}

	it('replaces the key (plain or exported), keeps every other line and the mode, leaves no temp file', () => {
		const file = path.join(dir, 'replace.env');
		writeFileSync(
			file,
			`# comment\nPORT=8000\nOPS_VERIFY_TOKEN=${oldToken}\nexport OPS_VERIFY_TOKEN=${oldToken}\nOPS_VERIFY_TOKEN_OLD=keep\nLAST=no-newline`,
			{mode: 0o640},
		);
		const plan = planFor(file);
		expect(sh(plan.steps[1]!.action as ShellAction, newToken).status).toBe(0);
		expect(readFileSync(file, 'utf8')).toBe(
			`# comment\nPORT=8000\nOPS_VERIFY_TOKEN=${newToken}\nexport OPS_VERIFY_TOKEN=${newToken}\nOPS_VERIFY_TOKEN_OLD=keep\nLAST=no-newline\n`,
		);
		expect(statSync(file).mode & 0o777).toBe(0o640);
		expect(sh(plan.steps[1]!.verify![0]!.action as ShellAction, newToken).status).toBe(0);
		expect(sh(plan.steps[1]!.verify![0]!.action as ShellAction, oldToken).status).toBe(1);
		expect(readdirSync(dir).filter(n => n.startsWith('replace.env.'))).toEqual([]);
	});

	it('appends the key when the file has none, and refuses an empty standard input without touching the file', () => {
		const file = path.join(dir, 'append.env');
		writeFileSync(file, 'PORT=8000\n', {mode: 0o600});
		const write = planFor(file).steps[1]!.action as ShellAction;
		expect(sh(write, '').status).toBe(1);
		expect(readFileSync(file, 'utf8')).toBe('PORT=8000\n');
		expect(sh(write, newToken).status).toBe(0);
		expect(readFileSync(file, 'utf8')).toBe(`PORT=8000\nOPS_VERIFY_TOKEN=${newToken}\n`);
	});

	it('backup, restore and the final undo: the file is back byte for byte and the identical backup removed', () => {
		const file = path.join(dir, 'undo.env');
		const original = `OPS_VERIFY_TOKEN=${oldToken}\n`;
		writeFileSync(file, original, {mode: 0o600});
		const plan = planFor(file);
		expect(sh(plan.steps[0]!.action as ShellAction).status).toBe(0);
		expect(sh(plan.steps[0]!.action as ShellAction).status).not.toBe(0); // never over an existing backup
		expect(sh(plan.steps[1]!.action as ShellAction, newToken).status).toBe(0);
		expect(sh(plan.steps[1]!.undo!.action as ShellAction).status).toBe(0);
		expect(readFileSync(file, 'utf8')).toBe(original);
		expect(sh(plan.steps[0]!.undo!.action as ShellAction).status).toBe(0);
		expect(readdirSync(dir).filter(n => n.startsWith('undo.env'))).toEqual(['undo.env']);
	});

	it('after success the backup, which holds the old value, is removed as a tidy-up: its failure puts nothing back', () => {
		const file = path.join(dir, 'tidy.env');
		writeFileSync(file, `OPS_VERIFY_TOKEN=${oldToken}\n`, {mode: 0o600});
		const plan = planFor(file);
		const tidy = plan.steps.at(-1)!;
		expect(tidy).toMatchObject({id: 'remove-backup', tidy: true, mutates: true});
		expect(sh(plan.steps[0]!.action as ShellAction).status).toBe(0);
		expect(readdirSync(dir).filter(n => n.startsWith('tidy.env.pg-ops-backup'))).toHaveLength(1);
		expect(sh(tidy.action as ShellAction).status).toBe(0);
		expect(readdirSync(dir).filter(n => n.startsWith('tidy.env'))).toEqual(['tidy.env']);
	});
});

describe('switch-slot plan', () => {
	const slots = env.slots!;
	const facts: SwitchSlotFacts = {
		oldTarget: '/opt/parlaygorilla/releases/blue',
		current: {name: 'blue', sha: 'a1b2c3d4e5f6', version: '2026.11.2'},
		next: {name: 'green', sha: 'f6e5d4c3b2a1'},
		needsPrivilege: true,
		services: [env.services[0]!],
		gate: {path: '/ops/model-health', withToken: true, blockersNow: []},
	};
	const plan = planSwitchSlot(env, slots, facts);

	it('switches atomically, restarts, then verifies the new sha and the regression gate', () => {
		expect(plan.title).toBe('switch slot blue -> green');
		expect(plan.summary[0]).toBe('blue (sha a1b2c3d, 2026.11.2) -> green (sha f6e5d4c)');
		expect(plan.steps.map(s => [s.id, s.mutates])).toEqual([
			['switch-link', true],
			['restart-backend', true],
			['verify-release', false],
		]);
		expect(describeAction(plan.steps[0]!.action, {}, true)).toBe(
			`sudo -n sh -c 't=/opt/parlaygorilla/.current.tmp.$$; ln -s /opt/parlaygorilla/releases/green "$t" && mv -T "$t" /opt/parlaygorilla/current || { rm -f "$t"; exit 1; }'`,
		);
		const verify = plan.steps[2]!;
		expect(verify.action).toMatchObject({
			kind: 'until',
			check: {
				path: '/ops/verify',
				token: 'configured',
				expectField: {name: 'git_sha', equals: 'f6e5d4c3b2a1'},
			},
		});
		expect(verify.verify![0]!.action).toMatchObject({
			path: '/ops/model-health',
			expectEmpty: 'pipeline_blockers',
		});
	});

	it('the restart is undone by pointing back at the exact old target first, then restarting', () => {
		const undo = describeAction(plan.steps[1]!.undo!.action, {}, true);
		expect(undo).toContain('ln -s /opt/parlaygorilla/releases/blue "$t"');
		expect(undo.indexOf('mv -T')).toBeLessThan(undo.indexOf('systemctl restart'));
		expect(plan.steps[0]!.undo!.title).toBe('point current back at blue');
	});

	it('names, targets and facts', () => {
		expect(nextRelease(['blue', 'green'], 'blue')).toBe('green');
		expect(nextRelease(['blue', 'green'], 'green')).toBe('blue');
		expect(nextRelease(['blue', 'green'], 'red')).toBeUndefined();
		expect(targetFor(slots, 'releases/blue', 'green')).toBe('releases/green');
		expect(targetFor(slots, '/opt/parlaygorilla/releases/blue', 'green')).toBe(
			'/opt/parlaygorilla/releases/green',
		);
		expect(parseFactLines('raw=releases/blue\nresolved=/x/releases/blue\nversion.green=\n')).toEqual({
			raw: 'releases/blue',
			resolved: '/x/releases/blue',
			'version.green': '',
		});
		expect(describeRelease({name: 'green', sha: '0123456789'})).toBe('green (sha 0123456)');
	});

	it('blockers present now are named in the summary: the gate will undo the switch', () => {
		const blocked = planSwitchSlot(env, slots, {
			...facts,
			gate: {...facts.gate!, blockersNow: ['result_resolution has not run in 2 hours']},
		});
		expect(blocked.summary.join('\n')).toContain(
			'result_resolution has not run in 2 hours: the gate will fail and the switch be undone',
		);
	});
});
