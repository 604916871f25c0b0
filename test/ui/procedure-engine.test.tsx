// The real ConsoleEngine's procedure sessions with the real runner, on a local environment whose
// `systemctl` is a small stand-in that records what it was asked: what the console's keys reach.
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {environmentSchema} from '../../source/core/config/schema.js';
import {procedureNames} from '../../source/core/procedures/plan.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {availableProcedures} from '../../source/engine/procedures/registry.js';
import {waitFor} from '../support/wait.js';

let dir: string;
let engine: ConsoleEngine | undefined;
const stateDir = process.env.PGOPS_STATE_DIR;

beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-procedure-engine-'));
	process.env.PGOPS_STATE_DIR = path.join(dir, 'state'); // the audit log goes here
	mkdirSync(path.join(dir, 'bin'));
	// A stand-in for systemctl: worker.service is failed until restarted.
	writeFileSync(
		path.join(dir, 'bin', 'systemctl'),
		`#!/bin/sh
echo "$*" >> "${dir}/calls"
state=failed; [ -f "${dir}/restarted" ] && state=active
case "$1" in
  show) printf 'Id=worker.service\\nLoadState=loaded\\nActiveState=%s\\nSubState=dead\\n' "$state" ;;
  restart) touch "${dir}/restarted" ;;
  is-active) echo "$state"; [ "$state" = active ] ;;
esac
`,
	);
	chmodSync(path.join(dir, 'bin', 'systemctl'), 0o755);
});

afterEach(async () => {
	await engine?.dispose();
	engine = undefined;
	if (stateDir === undefined) delete process.env.PGOPS_STATE_DIR;
	else process.env.PGOPS_STATE_DIR = stateDir;
	// dispose() resolves once the runtime's LocalHost has seen every command it started go: nothing still writes here.
	rmSync(dir, {recursive: true, force: true});
});

function open(options: {readOnly?: boolean} = {}) {
	const env = {
		...environmentSchema.parse({
			transport: 'local',
			shellPath: [path.join(dir, 'bin')],
			lockFile: path.join(dir, 'pg-ops.lock'),
			services: [{name: 'worker', manager: 'systemd'}],
		}),
		name: 'test',
	};
	engine = new ConsoleEngine(env, {readOnly: options.readOnly});
	return engine;
}
const calls = () => {
	try {
		return readFileSync(path.join(dir, 'calls'), 'utf8');
	} catch {
		return '';
	}
};
const session = () => engine!.store.getSnapshot().procedure;
const until = (check: () => boolean, what: string) => waitFor(check, 15_000, what);

describe('procedure sessions in the engine', () => {
	it('plans, waits for the confirmation, runs and verifies; the pane change is the evidence', async () => {
		const e = open();
		await e.refreshNow();
		e.startProcedure('restart', {service: 'worker'});
		await until(() => session()?.phase === 'plan-ready', 'the plan');
		expect(session()!.plan!.steps[0]!.command).toBe('systemctl restart worker.service');
		expect(session()!.confirm).toMatchObject({word: 'y', protectedEnv: false, needed: 1});
		expect(calls()).not.toContain('restart');
		e.confirmProcedure('y');
		await until(() => session()?.phase === 'done', 'the result');
		expect(session()!.result).toMatchObject({outcome: 'succeeded', changes: ['worker: failed -> active']});
		expect(session()!.steps[0]).toMatchObject({
			status: 'done',
			checks: [{title: 'worker is active', ok: true}],
		});
		expect(calls()).toContain('restart worker.service');
		e.closeProcedure();
		expect(session()).toBeUndefined();
	});

	it('a plan made before the pane it rests on has any data asks twice', async () => {
		const e = open();
		e.startProcedure('restart', {service: 'worker'});
		await until(() => session()?.phase === 'plan-ready', 'the plan');
		expect(session()!.confirm).toMatchObject({stale: ['Services: no data yet'], needed: 2});
		e.confirmProcedure('y');
		expect(session()!.confirm).toMatchObject({given: 1, needed: 2});
		expect(calls()).not.toContain('restart');
		e.confirmProcedure('y');
		await until(() => session()?.phase === 'done', 'the result');
		expect(calls()).toContain('restart worker.service');
	});

	it('a wrong answer or a cancel runs nothing', async () => {
		const e = open();
		e.startProcedure('restart', {service: 'worker'});
		await until(() => session()?.phase === 'plan-ready', 'the plan');
		e.confirmProcedure('yes please');
		await until(() => session() === undefined, 'the cancel');
		expect(e.store.getSnapshot().notice?.text).toBe('restart worker: cancelled; nothing was run');
		e.startProcedure('restart', {service: 'worker'});
		await until(() => session()?.phase === 'plan-ready', 'the plan');
		e.cancelProcedure();
		await until(() => session() === undefined, 'the cancel');
		expect(calls()).not.toContain('restart');
	});

	it('read-only: the runner refuses, and the console shows its refusal', async () => {
		const e = open({readOnly: true});
		e.startProcedure('restart', {service: 'worker'});
		await until(() => session()?.phase === 'done', 'the refusal');
		expect(session()!.result).toMatchObject({
			outcome: 'refused',
			message: 'refused: restart worker changes the environment, and test is open read-only',
		});
		expect(calls()).not.toContain('restart');
	});

	it('a procedure that is not registered yet says so and runs nothing', () => {
		const e = open();
		expect([...e.procedures].sort()).toEqual(availableProcedures().sort());
		for (const name of procedureNames.filter(n => !e.procedures.has(n))) {
			e.startProcedure(name);
			expect(e.store.getSnapshot().notice?.text).toBe(`${name}: coming in a later version; nothing was run`);
			expect(session()).toBeUndefined();
		}
	});

	it('one session at a time', async () => {
		const e = open();
		e.startProcedure('restart', {service: 'worker'});
		await until(() => session()?.phase === 'plan-ready', 'the plan');
		e.startProcedure('restart', {service: 'worker'});
		expect(e.store.getSnapshot().notice?.text).toContain('restart worker is still open');
		e.cancelProcedure();
		await until(() => session() === undefined, 'the cancel');
	});
});
