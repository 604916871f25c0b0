// The runner keeps a procedure in its hands whatever happens around it (issue 11 items 3, 4, 9),
// on this machine's shell with real files, a real lock file and a real audit log: the audit log's
// disk failing mid-run (ENOSPC from /dev/full), an interrupt between two steps (undone, or finished
// past the plan's point of no return), and the facts a plan rests on changing before the lock was
// taken (refused, or asked again). The CLI and its signals are tested on the demo
// (test/integration/procedure-faults-demo.test.ts).
import {existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {LocalHost} from '../../source/adapters/local-host.js';
import {parseConfig} from '../../source/core/config/parse.js';
import {whatStoppingLeaves} from '../../source/core/procedures/abandon.js';
import {basisChanges, secretDigest} from '../../source/core/procedures/basis.js';
import type {Plan} from '../../source/core/procedures/plan.js';
import {auditSpaceProblem, readAuditLog} from '../../source/engine/audit.js';
import {runProcedure, type ProcedureEvent, type RunOptions} from '../../source/engine/procedures/runner.js';
import {runtimeOf, type Runtime} from '../../source/engine/runtime.js';
import {ProcedureSessions} from '../../source/engine/procedure-session.js';
import {Store} from '../../source/engine/store.js';
import {fixtureState} from '../fixtures/console-state.js';
import {waitFor} from '../support/wait.js';

const savedStateDir = process.env.PGOPS_STATE_DIR;
let dir: string;
let runtime: Runtime;
let lockFile: string;
let state: string;
const file = (name: string) => path.join(dir, name);

beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-run-faults-'));
	lockFile = path.join(dir, 'locks', 'x.lock');
	const env = {
		...parseConfig(`environments:\n  x:\n    transport: local\n    lockFile: ${lockFile}\n`, 'pg-ops.yaml')
			.environments.x!,
		name: 'x',
	};
	runtime = runtimeOf({env, hosts: [{name: 'local', host: new LocalHost()}], readOnly: false});
});
afterAll(async () => {
	await runtime.close();
	if (savedStateDir === undefined) delete process.env.PGOPS_STATE_DIR;
	else process.env.PGOPS_STATE_DIR = savedStateDir;
	rmSync(dir, {recursive: true, force: true});
});
afterEach(() => {
	for (const name of ['a', 'b', 'fact']) rmSync(file(name), {force: true});
});
const freshState = () => {
	state = mkdtempSync(path.join(dir, 'state-'));
	process.env.PGOPS_STATE_DIR = state;
};

/** Two steps that each write a file (undone by removing it); `fact` is what the plan rests on. */
function twoFiles(extra: Partial<Plan> = {}, fact?: string): Plan {
	const write = (name: string) => ({
		id: `write-${name}`,
		title: `write ${name}`,
		mutates: true,
		action: {kind: 'shell' as const, command: `echo on > '${file(name)}'`},
		undo: {title: `remove ${name}`, action: {kind: 'shell' as const, command: `rm '${file(name)}'`}},
	});
	return {
		procedure: 'restart',
		title: 'write two files',
		env: 'x',
		summary: [],
		steps: [write('a'), write('b')],
		secrets: {},
		restsOn: [],
		...(fact === undefined ? {} : {basis: [{fact: 'the fact', value: fact}]}),
		...extra,
	};
}

const run = (plan: Plan, options: Partial<RunOptions> = {}) =>
	runProcedure(runtime, plan, {confirm: async () => true, operator: 'unit', ...options});

/** An onEvent that calls `then` once step `index` is done. */
const afterStep = (index: number, then: () => void) => (event: ProcedureEvent) => {
	if (event.type === 'step' && event.index === index && event.record.status === 'done') then();
};

describe('the audit log failing mid-run (ENOSPC)', () => {
	it('the run finishes, the result says how many lines are missing, nothing throws', async () => {
		freshState();
		const result = await run(twoFiles(), {
			// From the first step on every write fails as on a full disk.
			onEvent: afterStep(0, () => {
				rmSync(path.join(state, 'audit.jsonl'));
				symlinkSync('/dev/full', path.join(state, 'audit.jsonl'));
			}),
		});
		expect(result.outcome, result.message).toBe('succeeded');
		expect(existsSync(file('a')) && existsSync(file('b'))).toBe(true);
		expect(result.auditProblem).toMatch(
			/could not be written \(ENOSPC: .*\): \d+ lines of this run are missing/,
		);
		expect(result.message).toContain('NOTE: the audit log');
		expect(existsSync(lockFile)).toBe(false);
	});

	it('too little room where the audit log goes: a change is refused before it starts', async () => {
		freshState();
		expect(auditSpaceProblem(Number.MAX_SAFE_INTEGER)).toMatch(
			/KiB free in .*state-.*, where the audit log is written/,
		);
		expect(auditSpaceProblem(0)).toBeUndefined();
	});
});

describe('an interrupt between two steps', () => {
	it('the running step finishes, what ran is undone, the lock released, the result written', async () => {
		freshState();
		const interrupt = new AbortController();
		const result = await run(twoFiles(), {
			interrupt: interrupt.signal,
			onEvent: afterStep(0, () => interrupt.abort('SIGINT')),
		});
		expect(result.outcome, result.message).toBe('failed-undone');
		expect(result.interrupted).toBe('SIGINT');
		expect(result.message).toContain(
			'stopped by SIGINT after step 1 (write a). Everything it changed was put back',
		);
		expect(existsSync(file('a'))).toBe(false);
		expect(existsSync(file('b'))).toBe(false);
		expect(existsSync(lockFile)).toBe(false);
		const records = readAuditLog().filter(r => r.correlationId === result.correlationId);
		expect(records.find(r => r.event === 'interrupt')).toMatchObject({detail: 'SIGINT'});
		expect(records.at(-1)).toMatchObject({event: 'result', outcome: 'failed-undone'});
	});

	it("past the plan's point of no return the rest is finished instead", async () => {
		freshState();
		const interrupt = new AbortController();
		const result = await run(twoFiles({finishOnceDone: 'write-a'}), {
			interrupt: interrupt.signal,
			onEvent: afterStep(0, () => interrupt.abort('SIGTERM')),
		});
		expect(result.outcome, result.message).toBe('succeeded');
		expect(result.message).toContain('SIGTERM came while it ran: finishing was safer than stopping');
		expect(existsSync(file('a')) && existsSync(file('b'))).toBe(true);
		expect(existsSync(lockFile)).toBe(false);
	});

	it("the console's way in (SIGTERM, a closed terminal): the running step finishes, what ran is put back, the session ends with the result", async () => {
		freshState();
		const store = new Store(fixtureState());
		const sessions = new ProcedureSessions({
			store,
			planner: () => undefined,
			run: (plan, options) => runProcedure(runtime, plan, options),
			sudo: false,
			protectedEnv: false,
			refreshNow: async () => {},
			notify: () => {},
		});
		const plan = twoFiles();
		// The first step takes a moment: the signal comes while it runs.
		plan.steps[0]!.action = {kind: 'shell', command: `sleep 2; echo on > '${file('a')}'`};
		sessions.startPlan(plan, 'write two files');
		await waitFor(() => store.getSnapshot().procedure?.phase === 'plan-ready', 30_000, 'the plan');
		sessions.confirm('y');
		await waitFor(
			() => store.getSnapshot().procedure?.steps[0]?.status === 'running',
			30_000,
			'the first step to run',
		);
		sessions.interrupt('SIGTERM');
		await sessions.settled();
		const session = store.getSnapshot().procedure!;
		expect(session.phase).toBe('done');
		expect(session.result?.outcome, session.result?.message).toBe('failed-undone');
		expect(session.result?.message).toContain('stopped by SIGTERM after step 1 (write a)');
		expect(existsSync(file('a')) || existsSync(file('b'))).toBe(false);
		expect(existsSync(lockFile)).toBe(false);
		sessions.dispose();
	});

	it('a second signal is told what stopping now would leave: the step done and not put back, the step cut off, the lock', () => {
		const plan = twoFiles();
		const lines = whatStoppingLeaves(plan, ['done', 'running'], [{file: lockFile, host: 'local'}], 30);
		expect(lines).toEqual([
			'1. write a: done, and not put back',
			'2. write b: running now; stopping cuts it off half-way, in a state nobody has checked',
			`the lock ${lockFile} on local stays held: every other procedure there is refused until it is removed by hand, or broken with --break-lock after 30 min`,
			'no result in the audit log: it would end at the last step written',
		]);
	});
});

describe('the facts a plan rests on, read again under the lock', () => {
	it('changed meanwhile and nobody to ask (--yes): refused, nothing run, the lock released', async () => {
		freshState();
		const result = await run(twoFiles({}, 'T0'), {replan: async () => twoFiles({}, 'T1')});
		expect(result.outcome).toBe('refused');
		expect(result.message).toContain('the fact: T0 -> T1');
		expect(existsSync(file('a'))).toBe(false);
		expect(existsSync(lockFile)).toBe(false);
	});

	it('changed meanwhile: the operator is asked again with the new plan, and the new plan runs', async () => {
		freshState();
		writeFileSync(file('fact'), 'T1');
		const asked: string[][] = [];
		const fresh = twoFiles({title: 'the new plan'}, readFileSync(file('fact'), 'utf8'));
		const result = await run(twoFiles({}, 'T0'), {
			replan: async () => fresh,
			reconfirm: async (plan, changes) => {
				asked.push(changes);
				return plan === fresh;
			},
		});
		expect(asked).toEqual([['the fact: T0 -> T1']]);
		expect(result.outcome, result.message).toBe('succeeded');
		expect(result.message).toContain('the new plan: done');
	});

	it('unchanged: runs without asking again', async () => {
		freshState();
		let asked = false;
		const result = await run(twoFiles({}, 'T0'), {
			replan: async () => twoFiles({}, 'T0'),
			reconfirm: async () => (asked = true),
		});
		expect(result.outcome, result.message).toBe('succeeded');
		expect(asked).toBe(false);
	});

	it('a secret fact is compared by digest and never shown', () => {
		const before = [{fact: 'OPS_TOKEN in /etc/app.env', value: secretDigest('old-secret'), secret: true}];
		const after = [{fact: 'OPS_TOKEN in /etc/app.env', value: secretDigest('bobs-secret'), secret: true}];
		const changes = basisChanges(before, after);
		expect(changes).toEqual([
			'OPS_TOKEN in /etc/app.env changed since the plan was made (its value is not shown)',
		]);
		expect(basisChanges(before, before)).toEqual([]);
		expect(JSON.stringify(changes)).not.toContain(secretDigest('old-secret'));
	});
});
