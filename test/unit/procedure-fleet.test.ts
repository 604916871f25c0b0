// Procedures on a fleet, against fake hosts: a rolling restart runs host by host and stops at the
// first failure (later hosts get no command), a chosen host is the only one touched, the lock is
// taken and released on every host the plan names, one-host procedures need the host chosen, and
// every description names the host.
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {ExecOptions, ExecResult, Host} from '../../source/adapters/host.js';
import type {HttpClient} from '../../source/adapters/http-client.js';
import {environmentSchema} from '../../source/core/config/schema.js';
import {describeAction} from '../../source/core/procedures/describe.js';
import {fleetStopMessage} from '../../source/core/procedures/fleet-outcome.js';
import {formatPlanText} from '../../source/core/procedures/format.js';
import {compactHosts, planHosts} from '../../source/core/procedures/hosts.js';
import type {Action, Plan} from '../../source/core/procedures/plan.js';
import {PlanError, plannerFor, type ProcedureOptions} from '../../source/engine/procedures/registry.js';
import {ProcedureSessions} from '../../source/engine/procedure-session.js';
import {Store} from '../../source/engine/store.js';
import {fixtureState} from '../fixtures/console-state.js';
import {runProcedure} from '../../source/engine/procedures/runner.js';
import {runtimeOf, type Runtime} from '../../source/engine/runtime.js';
import {batchReply} from '../support/fake-fleet.js';
import {executeAction} from '../../source/engine/procedures/actions.js';

const stateDir = process.env.PGOPS_STATE_DIR;
let dir: string;
beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-fleet-'));
	process.env.PGOPS_STATE_DIR = dir; // the audit log goes here
});
afterAll(() => {
	if (stateDir === undefined) delete process.env.PGOPS_STATE_DIR;
	else process.env.PGOPS_STATE_DIR = stateDir;
	rmSync(dir, {recursive: true, force: true});
});

/** Everything every host was sent, in the order it was sent (across hosts). */
type Sent = {host: string; kind: 'lock' | 'release' | 'refresh' | 'command'; script: string};

type HostBehaviour = {
	activeAfterRestart?: boolean;
	lockHeldBy?: string;
	unreachable?: boolean;
	slot?: string;
};

class FakeHost implements Host {
	readonly transport = 'ssh' as const;
	private lockFile = false;
	constructor(
		readonly name: string,
		private readonly sent: Sent[],
		private readonly behaviour: HostBehaviour = {},
	) {}
	get label() {
		return `deploy@${this.name}`;
	}
	async exec(script: string, options: ExecOptions): Promise<ExecResult> {
		const ok = (stdout = '', exitCode = 0): ExecResult => ({
			stdout,
			stderr: '',
			exitCode,
			timedOut: false,
			durationMs: 1,
		});
		if (this.behaviour.unreachable) throw new Error(`connect ETIMEDOUT ${this.name}:22`);
		if (script.includes('echo ACQUIRED')) {
			this.sent.push({host: this.name, kind: 'lock', script});
			if (this.behaviour.lockHeldBy)
				return ok(
					`HELD\n${JSON.stringify({operator: this.behaviour.lockHeldBy, procedure: 'restart', correlationId: 'other', since: new Date().toISOString()})}\n`,
				);
			this.lockFile = true;
			void options.stdin;
			return ok('ACQUIRED\n');
		}
		if (script.includes('"correlationId":')) {
			this.sent.push({host: this.name, kind: 'release', script});
			this.lockFile = false;
			return ok();
		}
		// A refresh's batch, or a plan reading the service's state the same way: systemd says api is active.
		if (script.includes('@@')) {
			this.sent.push({host: this.name, kind: 'refresh', script});
			return batchReply(script, id =>
				id === 'services.systemd'
					? 'Id=api.service\nLoadState=loaded\nActiveState=active\nSubState=running'
					: '',
			);
		}
		this.sent.push({host: this.name, kind: 'command', script});
		if (script.includes('-p ActiveState,MainPID,NRestarts'))
			return this.behaviour.activeAfterRestart === false
				? ok('ActiveState=failed\nMainPID=0\nNRestarts=5\n')
				: ok('ActiveState=active\nMainPID=812\nNRestarts=0\n');
		if (script.includes('systemctl show'))
			return ok('Id=api.service\nActiveState=active\nSubState=running\n');
		if (script.includes('systemctl restart')) return ok();
		if (script.includes('journalctl')) return ok(`${this.name} api[812]: ERROR could not bind :8080`);
		if (script.includes('readlink'))
			return ok(
				`raw=/opt/app/releases/${this.behaviour.slot ?? 'blue'}\nresolved=/opt/app/releases/${this.behaviour.slot ?? 'blue'}\naccess=writable\nsha.blue=${'b'.repeat(40)}\nsha.green=${'9'.repeat(40)}\nversion.blue=\nversion.green=\n`,
			);
		return ok();
	}
	get locked() {
		return this.lockFile;
	}
	async close() {}
}

const env = {
	...environmentSchema.parse({
		transport: 'ssh',
		hosts: ['app-01', 'app-02', 'app-03', 'app-04', 'app-05'],
		services: [{name: 'api', manager: 'systemd', unit: 'api.service', health: '/healthz'}],
		http: {baseUrl: 'http://127.0.0.1:8080'},
		slots: {base: '/opt/app', restart: ['api']},
	}),
	name: 'prod',
};

/** The health URL answers (the load balancer's, environment-wide). */
const http = {get: async () => ({status: 200, body: {}})} as unknown as HttpClient;

function fleet(behaviour: Record<string, HostBehaviour> = {}): {
	runtime: Runtime;
	sent: Sent[];
	hosts: FakeHost[];
} {
	const sent: Sent[] = [];
	const hosts = env.hosts.map(name => new FakeHost(String(name), sent, behaviour[String(name)]));
	return {
		runtime: runtimeOf({env, hosts: hosts.map(host => ({name: host.name, host})), http, readOnly: false}),
		sent,
		hosts,
	};
}

/** The plan with its repeated checks given up after a moment, so a failing check does not take 30 s. */
function quick(plan: Plan): Plan {
	const fast = (action: Action): Action =>
		action.kind === 'until'
			? {...action, timeoutSeconds: 0.2, intervalMs: 20, ...(action.holdSeconds ? {holdSeconds: 0.05} : {})}
			: action;
	return {
		...plan,
		steps: plan.steps.map(step => ({
			...step,
			verify: step.verify?.map(check => ({...check, action: fast(check.action)})),
		})),
	};
}

const commandsTo = (sent: Sent[], host: string) =>
	sent.filter(s => s.host === host && s.kind === 'command').map(s => s.script.split('\n').at(-1)!);
const run = (runtime: Runtime, plan: Plan) =>
	runProcedure(runtime, plan, {confirm: async () => true, operator: 'tester'});

describe('a rolling restart', () => {
	it('plans every host in config order, one step each, settled once verified', async () => {
		const {runtime} = fleet();
		const plan = await plannerFor('restart')!(runtime, {service: 'api'});
		expect(plan.title).toBe('restart api on 5 hosts, one at a time');
		expect(planHosts(plan)).toEqual(['app-01', 'app-02', 'app-03', 'app-04', 'app-05']);
		expect(plan.steps.map(s => s.title)).toEqual(
			['app-01', 'app-02', 'app-03', 'app-04', 'app-05'].map(h => `restart api on ${h}`),
		);
		expect(plan.steps.every(s => s.settledWhenVerified)).toBe(true);
		expect(plan.summary[0]).toBe('api (api.service) on each of 5 hosts (the plan lists them, in order)');
		expect(plan.summary.join('\n')).toContain(
			'stops at the first failure; hosts after it are left untouched',
		);
		expect(plan.summary.join('\n')).toContain('active now on all 5 hosts');
		const step = plan.steps[2]!;
		expect(describeAction(step.action, {}, true)).toBe('[app-03] sudo -n systemctl restart api.service');
		expect(step.verify!.map(c => describeAction(c.action, {}))).toEqual([
			'[app-03] until systemctl show -p ActiveState,MainPID,NRestarts api.service (≤30s, holds 2s)',
			'until GET /healthz → HTTP 200/204 (up to 30s)',
		]);
		expect(describeAction(step.diagnose!.action, {}, true)).toBe(
			'[app-03] sudo -n journalctl -u api.service -n 30 --no-pager',
		);
	});

	it('stops at the host whose check fails: hosts before it restarted in order, hosts after it get no command; locks on all five, released on all five', async () => {
		const {runtime, sent, hosts} = fleet({'app-03': {activeAfterRestart: false}});
		const plan = quick(await plannerFor('restart')!(runtime, {service: 'api'}));
		sent.length = 0; // what planning read is not what the run sent
		const result = await run(runtime, plan);

		expect(result.outcome).toBe('failed-not-undone');
		expect(result.message).toMatch(
			/^stopped at app-03: restart api failed \(check "api is active" failed: ActiveState=failed: systemd has stopped trying \(no Restart=, or its start limit was reached\); stopped waiting after 0s of 0\.2s\)\./,
		);
		expect(result.message).toContain(
			'app-01, app-02 were restarted and verified; app-04, app-05 were not touched.',
		);
		// Only the failed host is left to do: the verified ones are settled.
		expect(result.leftToDo).toEqual([
			'restart api on app-03 failed part-way and has no undo: check it by hand (its diagnosis is above)',
		]);
		expect(result.steps.map(s => [s.host, s.status])).toEqual([
			['app-01', 'done'],
			['app-02', 'done'],
			['app-03', 'failed'],
			['app-04', 'pending'],
			['app-05', 'pending'],
		]);

		for (const host of ['app-01', 'app-02']) {
			const commands = commandsTo(sent, host);
			expect(commands[0]).toBe('sudo -n systemctl restart api.service');
			expect(
				commands.slice(1).every(c => c === 'systemctl show -p ActiveState,MainPID,NRestarts api.service'),
			).toBe(true);
		}
		expect(commandsTo(sent, 'app-03')[0]).toBe('sudo -n systemctl restart api.service');
		// `failed` is final: asked once, not for the check's whole time.
		expect(
			commandsTo(sent, 'app-03').filter(
				c => c === 'systemctl show -p ActiveState,MainPID,NRestarts api.service',
			),
		).toHaveLength(1);
		expect(commandsTo(sent, 'app-03')).toContain('sudo -n journalctl -u api.service -n 30 --no-pager'); // its diagnosis
		expect(commandsTo(sent, 'app-04')).toEqual([]);
		expect(commandsTo(sent, 'app-05')).toEqual([]);
		// One at a time: app-02's restart only after app-01 was verified, app-03's after app-02's.
		const restarts = sent
			.filter(s => s.kind === 'command' && s.script.includes('systemctl restart'))
			.map(s => s.host);
		expect(restarts).toEqual(['app-01', 'app-02', 'app-03']);
		const order = sent.filter(s => s.kind === 'command').map(s => s.host);
		expect(order.lastIndexOf('app-01')).toBeLessThan(order.indexOf('app-02'));
		expect(order.lastIndexOf('app-02')).toBeLessThan(order.indexOf('app-03'));

		for (const name of env.hosts.map(String)) {
			expect(sent.filter(s => s.host === name && s.kind === 'lock')).toHaveLength(1);
			expect(sent.filter(s => s.host === name && s.kind === 'release')).toHaveLength(1);
		}
		// Every lock was taken before the first command, and released after the last.
		const kinds = sent.map(s => s.kind);
		expect(kinds.lastIndexOf('lock')).toBeLessThan(kinds.indexOf('command'));
		expect(kinds.indexOf('release')).toBeGreaterThan(kinds.lastIndexOf('command'));
		expect(hosts.every(h => !h.locked)).toBe(true);
	});

	it('done on every host: done and verified, nothing left to do', async () => {
		const {runtime, sent} = fleet();
		const result = await run(runtime, quick(await plannerFor('restart')!(runtime, {service: 'api'})));
		expect(result.outcome).toBe('succeeded');
		expect(result.message).toBe('restart api on 5 hosts, one at a time: done and verified');
		expect(
			sent.filter(s => s.kind === 'command' && s.script.includes('systemctl restart')).map(s => s.host),
		).toEqual(env.hosts.map(String));
	});

	it('a host that does not answer while planning is left out and named; the others are planned', async () => {
		const {runtime} = fleet({'app-02': {unreachable: true}});
		const plan = await plannerFor('restart')!(runtime, {service: 'api'});
		expect(planHosts(plan)).toEqual(['app-01', 'app-03', 'app-04', 'app-05']);
		expect(plan.summary.join('\n')).toContain(
			'LEFT OUT, did not answer: app-02 (connect ETIMEDOUT app-02:22); restart it by hand once it answers (--host app-02)',
		);
	});

	it('a lock held on one host refuses the whole run, names the host and holder, and leaves no lock of ours behind', async () => {
		const {runtime, sent, hosts} = fleet({'app-04': {lockHeldBy: 'alice@laptop'}});
		const result = await run(runtime, await plannerFor('restart')!(runtime, {service: 'api'}));
		expect(result.outcome).toBe('refused');
		expect(result.message).toMatch(
			/^refused: another procedure holds the lock on app-04: alice@laptop is running restart since .*; no lock is left taken and nothing was run$/,
		);
		expect(sent.filter(s => s.kind === 'command' && !s.script.includes('systemctl show'))).toEqual([]);
		expect(hosts.every(h => !h.locked)).toBe(true);
	});

	it("the plan text names every host, and the first host's checks once", async () => {
		const {runtime} = fleet();
		const text = formatPlanText(await plannerFor('restart')!(runtime, {service: 'api'}), false, true);
		expect(text).toContain('hosts (5, in this order): app-01, app-02, app-03, app-04, app-05');
		for (const host of env.hosts.map(String))
			expect(text).toContain(`$ [${host}] sudo -n systemctl restart api.service`);
		expect(text.match(/check: api is active/g)).toHaveLength(1);
		expect(text).toContain('(every host below: the same step, checks and undo, on its own host)');
	});
});

describe('a chosen host', () => {
	it("restart --host app-04: only app-04 gets commands; the lock is taken there and on the first host (the environment's)", async () => {
		const {runtime, sent} = fleet();
		const plan = await plannerFor('restart')!(runtime, {service: 'api', host: 'app-04'});
		expect(plan.title).toBe('restart api on app-04');
		expect(plan.summary[0]).toBe('api (api.service) on app-04 is active');
		const result = await run(runtime, quick(plan));
		expect(result.outcome).toBe('succeeded');
		expect(new Set(sent.filter(s => s.kind === 'command').map(s => s.host))).toEqual(new Set(['app-04']));
		expect(commandsTo(sent, 'app-04')).toContain('sudo -n systemctl restart api.service');
		for (const host of ['app-01', 'app-04']) {
			expect(
				sent.filter(s => s.host === host && s.kind === 'lock'),
				host,
			).toHaveLength(1);
			expect(
				sent.filter(s => s.host === host && s.kind === 'release'),
				host,
			).toHaveLength(1);
		}
		expect(
			sent
				.filter(s => s.kind === 'lock')
				.map(s => s.host)
				.sort(),
		).toEqual(['app-01', 'app-04']);
	});

	it("a second change on another host waits for the first one's environment lock (database, token, load balancer are shared)", async () => {
		const {runtime, sent} = fleet({'app-01': {lockHeldBy: 'alice'}});
		const result = await run(
			runtime,
			quick(await plannerFor('restart')!(runtime, {service: 'api', host: 'app-04'})),
		);
		expect(result.outcome).toBe('refused');
		expect(result.message).toMatch(/another procedure holds the lock on app-01: alice is running restart/);
		expect(sent.filter(s => s.kind === 'command' && s.script.includes('systemctl restart'))).toHaveLength(0);
	});

	it('restore-backup on a fleet that stops services is refused: the other hosts would keep writing to the database', async () => {
		const {runtime} = fleet();
		const env = {
			...runtime.env,
			backups: {
				dir: '/opt/app/backups',
				pattern: '*.sql.gz',
				stop: ['api'],
				pgDump: 'pg_dump',
				psql: 'psql',
				timeoutSeconds: 900,
				countRows: true,
			},
		};
		await expect(plannerFor('restore-backup')!({...runtime, env}, {host: 'app-02'})).rejects.toThrow(
			/restore-backup would stop api on one host while the other 4 keep writing/,
		);
	});

	it('a failure on the chosen host keeps the one-host message', async () => {
		const {runtime} = fleet({'app-04': {activeAfterRestart: false}});
		const result = await run(
			runtime,
			quick(await plannerFor('restart')!(runtime, {service: 'api', host: 'app-04'})),
		);
		expect(result.outcome).toBe('failed-not-undone');
		expect(result.message).toMatch(/^step 1 \(restart api on app-04\) failed: check "api is active" failed/);
	});

	it('an unknown host is a PlanError naming a few hosts', async () => {
		const {runtime} = fleet();
		await expect(plannerFor('restart')!(runtime, {service: 'api', host: 'app-99'})).rejects.toThrow(
			new PlanError('no host "app-99" in prod (it has 5 hosts: app-01, app-02, app-03, app-04, app-05)'),
		);
	});

	it('a host the environment does not have is said the same way by the runtime and by a command that names it', async () => {
		const {runtime, sent} = fleet();
		const few = '(it has 5 hosts: app-01, app-02, app-03, app-04, app-05)';
		expect(() => runtime.forHost('app-99')).toThrow(new Error(`no host "app-99" in prod ${few}`));
		expect(
			await executeAction(runtime, {kind: 'shell', command: 'systemctl restart api', host: 'app-99'}, {}),
		).toEqual({ok: false, output: `no host "app-99" in prod for "systemctl restart api" ${few}`});
		const six = runtimeOf({
			env,
			hosts: [...runtime.hosts, {name: 'app-06', host: runtime.host}],
			http,
			readOnly: false,
		});
		expect(() => six.forHost('db-01')).toThrow(
			new Error('no host "db-01" in prod (it has 6 hosts: app-01, app-02, app-03, app-04, app-05, ...)'),
		);
		expect(sent).toEqual([]);
	});

	it('switch-slot on a fleet without a host is a PlanError saying how to choose one', async () => {
		const {runtime, sent} = fleet();
		const attempt = plannerFor('switch-slot')!(runtime, {});
		await expect(attempt).rejects.toBeInstanceOf(PlanError);
		await expect(attempt).rejects.toThrow(
			"prod has 5 hosts; switch-slot acts on one host: choose it (--host NAME, or select the host's row in the console)",
		);
		expect(sent).toEqual([]);
	});

	it('switch-slot --host app-02 reads its facts on app-02 and every command of its plan runs there', async () => {
		const {runtime, sent} = fleet({'app-02': {slot: 'green'}});
		const plan = await plannerFor('switch-slot')!(runtime, {host: 'app-02'});
		expect(new Set(sent.map(s => s.host))).toEqual(new Set(['app-02']));
		expect(plan.title).toMatch(/ on app-02$/);
		expect(plan.summary[0]).toBe(
			"acts on app-02 only (one of prod's 5 hosts); the other hosts are not touched",
		);
		expect(planHosts(plan)).toEqual(['app-02']);
		const shell = plan.steps
			.flatMap(step => [
				step.action,
				...(step.verify ?? []).map(c => c.action),
				...(step.undo ? [step.undo.action] : []),
			])
			.filter(a => a.kind === 'shell');
		expect(shell.length).toBeGreaterThan(0);
		for (const action of shell) expect(describeAction(action, plan.secrets)).toMatch(/^\[app-02\] /);
		// It switches app-02 from green (what its link says) to blue.
		expect(plan.summary.join('\n')).toMatch(/green/);
	});
});

describe('descriptions and messages', () => {
	it('describeAction names the host of a host-tagged command, and only then', () => {
		expect(
			describeAction(
				{kind: 'shell', command: 'systemctl restart app-api.service', privileged: true, host: 'app-07'},
				{},
				true,
			),
		).toBe('[app-07] sudo -n systemctl restart app-api.service');
		expect(
			describeAction(
				{kind: 'shell', command: 'systemctl restart app-api.service', privileged: true},
				{},
				true,
			),
		).toBe('sudo -n systemctl restart app-api.service');
		expect(
			describeAction(
				{
					kind: 'until',
					check: {kind: 'shell', command: 'systemctl is-active api', host: 'app-07'},
					timeoutSeconds: 30,
					intervalMs: 500,
				},
				{},
			),
		).toBe('[app-07] until systemctl is-active api (up to 30s)');
		expect(describeAction({kind: 'http', path: '/healthz'}, {})).toBe('GET /healthz');
	});

	it("a stop message names every host's state, long runs compactly", () => {
		const hosts = Array.from({length: 10}, (_, i) => `app-${String(i + 1).padStart(2, '0')}`);
		const plan = {
			doneOnHost: 'restarted and verified',
			steps: hosts.map(host => ({
				id: host,
				title: `restart api on ${host}`,
				mutates: true,
				action: {kind: 'shell' as const, command: 'systemctl restart api', host},
			})),
		};
		const statuses = hosts.map(
			(_, i) => (i < 2 ? 'done' : i === 2 ? 'failed' : 'pending') as 'done' | 'failed' | 'pending',
		);
		expect(fleetStopMessage(plan, statuses, 2, 'check "api is active" failed: inactive')).toBe(
			'stopped at app-03: restart api failed (check "api is active" failed: inactive). app-01, app-02 were restarted and verified; app-04 ... app-10 (7 hosts) were not touched.',
		);
		expect(
			fleetStopMessage(
				plan,
				hosts.map((_, i) => (i === 0 ? 'failed' : 'pending')),
				0,
				'exit 1',
			),
		).toBe('stopped at app-01: restart api failed (exit 1). app-02 ... app-10 (9 hosts) were not touched.');
		expect(compactHosts(['a', 'b', 'c'])).toBe('a, b, c');
	});
});

describe('the console session on a fleet', () => {
	const session = (items: Array<{name: string; state: string; host?: string}>) => {
		const base = fixtureState();
		const services = {
			...base.panes.services,
			data: {
				items: items.map(i => ({
					...i,
					manager: 'systemd' as const,
					unit: `${i.name}.service`,
					level: i.state === 'failed' ? ('critical' as const) : ('ok' as const),
				})),
			},
		};
		const store = new Store(fixtureState({panes: {...base.panes, services}}));
		const asked: ProcedureOptions[] = [];
		const sessions = new ProcedureSessions({
			store,
			planner: () => async options => {
				asked.push(options);
				throw new PlanError('planned only');
			},
			run: async () => {
				throw new Error('not run');
			},
			sudo: false,
			protectedEnv: false,
			refreshNow: async () => {},
			notify: () => {},
		});
		return {sessions, asked, store};
	};

	it('r with nothing chosen restarts the first failed reading on its own host, not every host', async () => {
		const {sessions, asked} = session([
			{name: 'api', state: 'active', host: 'app-01'},
			{name: 'api', state: 'failed', host: 'app-07'},
		]);
		sessions.start('restart');
		await sessions.settled();
		expect(asked).toEqual([{service: 'api', host: 'app-07'}]);
	});

	it('a chosen service with no host is a rolling restart; a chosen host passes through', async () => {
		const {sessions, asked, store} = session([{name: 'api', state: 'failed', host: 'app-07'}]);
		sessions.start('restart', {service: 'api'});
		await sessions.settled();
		expect(store.getSnapshot().procedure?.result?.message).toBe(
			'cannot plan restart: planned only; nothing was run',
		);
		sessions.close();
		sessions.start('switch-slot', {host: 'app-03'});
		await sessions.settled();
		expect(asked).toEqual([{service: 'api'}, {host: 'app-03'}]);
	});
});
