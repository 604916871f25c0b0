// examples/runbooks/app-vm.md on the demo, every runnable step through the real runner in the
// file's order, judged by what the steps print and change: the units' status (and the exit code
// of the one that reports a failed unit), the live release, the stuck jobs' rows, a backup's
// integrity, the orchestrator restarted, a followed log stopped by the operator; the ops token
// given as a masked value and never in the audit log; read-only refusing every step; the
// console's runbook desk walking a step to "done, exit 0"; an SQL step's masked value in no plan,
// audit line, finished run or database error; `pg-ops runbook`'s engine recording a step in
// the incident open on the environment; follow steps that change something holding the lock and
// refused read-only (issue 11 item 15); a masked shell value in no argument of the host's `ps` (item 5).
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemo, stopDemo, type DemoInfo} from '../../source/demo/index.js';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import type {Runbook, RunbookStep} from '../../source/core/runbooks/types.js';
import {localAuditFile} from '../../source/engine/audit.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {severityDefinitions} from '../../source/core/incidents/severities.js';
import {openNewIncident} from '../../source/engine/incident/incident-actions.js';
import {readOpenIncident} from '../../source/engine/incident/incident-file.js';
import type {FinishedRun} from '../../source/engine/procedure-session.js';
import {runbookEngine} from '../../source/modes/runbook.js';
import {runProcedure, type ProcedureResult} from '../../source/engine/procedures/runner.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {planRunbookStep} from '../../source/engine/runbooks/plan-runbook-step.js';
import {runHeredocTranscript} from '../support/heredoc-transcript.js';
import {
	appVmRunbook,
	appVmRunbookFile,
	appVmValues,
	runnableSteps,
	runStep,
	stepWith,
	valuesFor,
	walkRunnableSteps,
} from '../support/app-vm-runbook.js';

let dir: string;
let info: DemoInfo;
let env: NamedEnvironment;
let runbook: Runbook;
let values: Record<string, string>;

beforeAll(async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-runbook-'));
	process.env.PGOPS_STATE_DIR = path.join(dir, 'state');
	info = await startDemo({dir: path.join(dir, 'demo')});
	const demo = pickEnvironment(loadConfigFile(info.config), 'demo', info.config);
	// Closing the test's incident writes its review here, not into the working directory.
	env = {...demo, incidents: {...demo.incidents, reviewDir: path.join(dir, 'reviews')}};
	runbook = appVmRunbook();
	// job_id comes from the stuck-jobs step's own answer, below.
	values = appVmValues(env, {baseUrl: info.http.baseUrl, envFile: info.envFile, jobId: ''});
}, 60_000);

afterAll(async () => {
	await stopDemo({dir: path.join(dir, 'demo')});
	delete process.env.PGOPS_STATE_DIR;
	rmSync(dir, {recursive: true, force: true});
});

const systemctl = (...args: string[]) =>
	execFileSync(path.join(info.root, 'bin/systemctl'), args, {encoding: 'utf8'}).trim();

const run = (step: RunbookStep, given: Record<string, string>, options: {readOnly?: boolean} = {}) =>
	runStep(env, runbook, step, given, {...options, operator: 'runbook-test'});

describe('examples/runbooks/app-vm.md on the demo', () => {
	it('runs every runnable step in order, each with the outcome the VM gives it', async () => {
		const results = await walkRunnableSteps(env, runbook, values, 'runbook-test');
		const out = (text: string) => results.get(stepWith(runbook, text).id)!.steps[0]!.output!;
		expect(out('systemctl status app-web --no-pager')).toMatch(/Active: active \(running\)/);
		expect(out('systemctl show -p Id')).toMatch(/ActiveState=failed/);
		expect(out('/healthz')).toContain('"ok":true');
		const slot = out('readlink');
		expect(slot).toMatch(/^releases\/(blue|green)$/m);
		const liveSha = readFileSync(path.join(values.APP_DIR!, 'current', '.gitsha'), 'utf8').trim();
		expect(out('/ops/verify')).toContain(liveSha);
		expect(out('journalctl -u app-orchestrator')).toMatch(/app-orchestrator/);
		// The stuck jobs' rows, then the one picked from them.
		expect(out("WHERE status = 'processing'")).toMatch(/^ id\s+\| kind\s+\| status/m);
		expect(out("WHERE status = 'processing'")).toContain('(3 rows)');
		expect(out('WHERE id = <job_id>')).toMatch(
			new RegExp(`^\\s*${values.job_id}\\s*\\|.*\\| processing`, 'm'),
		);
		expect(out('WHERE id = <job_id>')).toContain('(1 row)');
		expect(out('/api/monitoring/slo')).toContain('availability');
		expect(out('df -h')).toMatch(/Filesystem/);
		expect(out('gunzip -t')).toContain(`OK: db_${values['YYYY-MM-DD']}.sql.gz is intact`);
		expect(out('tail -n 20 -f')).toMatch(/stopped by the operator/);
		expect(results.get(stepWith(runbook, 'tail -n 20 -f').id)!.steps[0]).toMatchObject({
			stopped: 'operator',
			exitCode: undefined,
		});
		expect(results.get(stepWith(runbook, 'df -h').id)!.steps[0]).toMatchObject({
			exitCode: 0,
			stopped: undefined,
		});
		// The one step that changes the system did: the orchestrator is back.
		expect(systemctl('is-active', 'app-orchestrator')).toBe('active');
	}, 300_000);

	it('the token is given as a masked value: it works (the service answers), and no audit line holds it', async () => {
		const step = stepWith(runbook, '/ops/verify');
		const result = await run(step, valuesFor(step, values));
		expect(result.outcome, result.message).toBe('succeeded');
		expect(result.steps[0]!.command).not.toContain(values.OPS_VERIFY_TOKEN);
		const audit = readFileSync(localAuditFile(), 'utf8');
		expect(audit).toContain(result.correlationId);
		expect(audit).not.toContain(values.OPS_VERIFY_TOKEN);
	});

	it("with a wrong token the step fails with curl's exit code for the 401", async () => {
		const step = stepWith(runbook, '/ops/verify');
		const result = await run(step, {...valuesFor(step, values), OPS_VERIFY_TOKEN: 'not-the-token-at-all'});
		expect(result.outcome).toBe('failed-not-undone');
		expect(result.steps[0]!.exitCode).toBe(22);
		expect(result.steps[0]!.output).toContain('401');
	});

	it('SQL: VACUUM alone in its step runs (outside a transaction); beside another statement, the error says to give it a step of its own', async () => {
		const sqlRunbook = parseRunbook(
			[
				'# Upkeep',
				'',
				'```sql',
				'VACUUM jobs;',
				'```',
				'',
				'```sql',
				'SELECT 1;',
				'VACUUM jobs;',
				'```',
			].join('\n'),
			'upkeep.md',
		);
		const [alone, together] = runnableSteps(sqlRunbook);
		const runtime = createRuntime(env);
		const runSql = (step: RunbookStep) =>
			runProcedure(runtime, planRunbookStep(env, sqlRunbook, step, {}), {
				confirm: async () => true,
				operator: 'runbook-test',
			});
		try {
			const ran = await runSql(alone!);
			expect(ran.outcome, ran.message).toBe('succeeded');
			const refused = await runSql(together!);
			// The server refused the transaction: nothing of it stayed, nothing is left to undo.
			expect(refused.outcome).toBe('failed-undone');
			expect(refused.steps[0]!.output).toContain(
				"VACUUM cannot run inside a transaction block; the 2 statements of this step run in one transaction, and this one can't: give it a step (an SQL block) of its own",
			);
		} finally {
			await runtime.close();
		}
	});

	it('SQL the server refuses changed nothing: a failed SELECT, or a transaction failing after its INSERT, is "failed", never "not fully undone"', async () => {
		const sqlRunbook = parseRunbook(
			[
				'# Checks',
				'',
				'```sql',
				'SELECT count(*) FROM no_such_table;',
				'```',
				'',
				'```sql',
				"INSERT INTO jobs (id, kind, status, created_at, updated_at) VALUES (990077, 'half', 'done', now(), now());",
				'SELECT no_such_function();',
				'```',
			].join('\n'),
			'checks.md',
		);
		const runtime = createRuntime(env);
		try {
			for (const step of runnableSteps(sqlRunbook)) {
				const result = await runProcedure(runtime, planRunbookStep(env, sqlRunbook, step, {}), {
					confirm: async () => true,
					operator: 'runbook-test',
				});
				expect(result.outcome, result.message).toBe('failed-undone');
				expect(result.leftToDo).toEqual([]);
				expect(result.message).toContain(
					'Nothing had changed (PostgreSQL rolled the failed SQL back), so nothing needed undoing',
				);
			}
			expect(await runtime.database!.query('SELECT id FROM jobs WHERE id = 990077')).toEqual([]);
		} finally {
			await runtime.close();
		}
	});

	it('read-only: every step is refused, even one that only reads', async () => {
		for (const step of runnableSteps(runbook).slice(0, 3)) {
			const result = await run(step, valuesFor(step, values), {readOnly: true});
			expect(result.outcome).toBe('refused');
			expect(result.message).toContain('read-only');
		}
	});

	it('in the console: the desk runs a step through the session and keeps done, exit 0 and its output', async () => {
		const engine = new ConsoleEngine(env);
		try {
			expect(engine.runbook.open(appVmRunbookFile)).toBe(true);
			const step = stepWith(runbook, 'systemctl status app-web --no-pager');
			expect(engine.runbook.runStep(step.id, {})).toBe(true);
			await until(() => engine.store.getSnapshot().procedure?.phase === 'plan-ready');
			engine.confirmProcedure('y');
			await until(() => engine.store.getSnapshot().procedure?.phase === 'done', 30_000);
			const state = engine.store.getSnapshot().runbook!.steps[step.id]!;
			expect(state).toMatchObject({status: 'done', exitCode: 0, runs: 1});
			expect(state.output.join('\n')).toMatch(/Active: active \(running\)/);
		} finally {
			await engine.dispose();
		}
	}, 40_000);

	it('in the console: a followed log streams until the operator stops it, and the step is marked stopped', async () => {
		const engine = new ConsoleEngine(env);
		try {
			engine.runbook.open(appVmRunbookFile);
			const step = stepWith(runbook, 'tail -n 20 -f');
			expect(engine.runbook.runStep(step.id, valuesFor(step, values))).toBe(true);
			await until(() => engine.store.getSnapshot().procedure?.phase === 'plan-ready');
			engine.confirmProcedure('y');
			await until(() => (engine.store.getSnapshot().procedure?.steps[0]?.output ?? '').length > 0, 30_000);
			engine.stopProcedureStep();
			await until(() => engine.store.getSnapshot().procedure?.phase === 'done', 30_000);
			const state = engine.store.getSnapshot().runbook!.steps[step.id]!;
			expect(state).toMatchObject({status: 'stopped', runs: 1});
			expect(state.exitCode).toBeUndefined();
			expect(state.output.at(-1)).toMatch(/^stopped by the operator/);
		} finally {
			await engine.dispose();
		}
	}, 60_000);
});

describe('pg-ops runbook with an SQL step that takes a masked value, while an incident is open', () => {
	const secret = `S3CRET-${Date.now().toString(36)}-tok`;
	const markdown = [
		'# Tokens',
		'',
		'## Count the jobs of a kind',
		'',
		'```sql',
		'SELECT count(*) AS n FROM jobs WHERE kind = <new_token>;',
		'```',
		'',
		'## Cast it',
		'',
		'```sql',
		'SELECT <new_token>::int AS n;',
		'```',
	].join('\n');

	/** Runs the step through the runbook screen's engine as the operator would, and hands back its finished run. */
	async function runThroughScreen(engine: ConsoleEngine, stepId: string): Promise<FinishedRun> {
		let finished: FinishedRun | undefined;
		const stop = engine['sessions'].onFinished(run => (finished = run));
		try {
			expect(engine.runbook.runStep(stepId, {new_token: secret})).toBe(true);
			await until(() => engine.store.getSnapshot().procedure?.phase === 'plan-ready', 30_000);
			const shown = engine.store.getSnapshot().procedure!.plan!;
			expect(JSON.stringify(shown)).not.toContain(secret);
			expect(shown.summary).toContain('<new_token>: given, masked, passed as a query parameter');
			expect(shown.steps[0]!.command).toContain("-- '********'");
			engine.confirmProcedure('y');
			await until(() => finished !== undefined, 30_000);
			engine.closeProcedure();
			return finished!;
		} finally {
			stop();
		}
	}

	it('the value reaches the database, and no plan, audit line, finished run, error, timeline or screen holds it', async () => {
		const file = path.join(dir, 'tokens.md');
		writeFileSync(file, markdown);
		const engine = runbookEngine(file, env, {readOnly: false});
		// Opened as `pg-ops incident open` in another terminal would, after the runbook screen started, moments before the run.
		const incident = openNewIncident(env.name, {
			title: 'tokens rejected',
			definition: severityDefinitions(env.incidents.severities).find(s => s.severity === 'P2')!,
			by: 'runbook-test',
			at: new Date().toISOString(),
		});
		try {
			// A runbook screen opened now says so.
			const later = runbookEngine(file, env, {readOnly: false});
			expect(later.store.getSnapshot().notice?.text).toBe(
				`incident open on demo: P2 tokens rejected; every step run here goes into its timeline`,
			);
			await later.dispose();

			const ran = await runThroughScreen(engine, '2.1');
			expect(ran.outcome, ran.message).toBe('succeeded');
			expect(ran.outputs[0]).toMatch(/^ n\n-+\n 0\n\(1 row\)$/); // it ran: no job has that kind
			const failed = await runThroughScreen(engine, '3.1');
			// PostgreSQL echoes the value it could not read as an integer: masked. It refused the statement: nothing changed.
			expect(failed.outcome).toBe('failed-undone');
			expect(failed.message).toContain('invalid input syntax for type integer: "********"');
			for (const run of [ran, failed]) {
				expect(JSON.stringify(run)).not.toContain(secret);
				expect(run.commands[0]).toContain("-- '********'");
			}
			expect(JSON.stringify(engine.store.getSnapshot())).not.toContain(secret);
			const audit = readFileSync(localAuditFile(), 'utf8');
			expect(audit).toContain(ran.correlationId);
			expect(audit).toContain(failed.correlationId);
			expect(audit).not.toContain(secret);
			// Both runs are in the incident's timeline, with their commands masked.
			const record = readOpenIncident(env.name)!;
			expect(record.id).toBe(incident.id);
			expect(record.actions.map(a => [a.correlationId, a.outcome])).toEqual([
				[ran.correlationId, 'succeeded'],
				[failed.correlationId, 'failed-undone'],
			]);
			expect(JSON.stringify(record)).not.toContain(secret);
			expect(record.timeline.find(e => e.kind === 'action')!.detail![0]).toContain("-- '********'");
		} finally {
			await engine.incident.close({summary: 'runbook test over'}).catch(() => {});
			await engine.dispose();
		}
	}, 90_000);
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('timed out waiting');
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

// After the walk above: it restarts app-orchestrator, which the walk finds failed as seeded.
describe('a transcript with a here-document (issue 14) on the demo', () => {
	it('writes the body into the file, then runs the next command: the unit restarts', async () => {
		const file = path.join(values.APP_DIR!, 'ingest.conf');
		await runHeredocTranscript(env, file, {
			readFile: name => readFileSync(name, 'utf8'),
			mainPid: async () => systemctl('show', '-p', 'MainPID', '--value', 'app-orchestrator'),
		});
	}, 120_000);
});

// Issue 11 item 15 on the demo: a step that follows a log and also changes something takes the lock
// and is refused read-only; one that only follows takes no lock and runs read-only.
describe('follow-only steps on the demo (issue 11 item 15)', () => {
	const followed = () => path.join(dir, 'follow-source.log');
	const copied = () => path.join(dir, 'follow-copy.log');
	const followRunbook = () =>
		parseRunbook(
			[
				'# Follow',
				'',
				'## Rotate while following',
				'',
				'```bash',
				'journalctl -u app-web -f --rotate',
				'```',
				'',
				'## Copy a followed file',
				'',
				'```bash',
				`tail -n 5 -f ${followed()} > ${copied()}`,
				'```',
				'',
				'## Follow',
				'',
				'```bash',
				'journalctl -u app-web -f',
				'```',
			].join('\n'),
			'follow.md',
		);

	/** Runs the step; once it runs and `started` holds, notes whether the host's lock file exists, then stops it as the operator would. */
	async function lockWhileFollowing(
		step: RunbookStep,
		started: (output: string) => boolean,
		readOnly = false,
	): Promise<{result: ProcedureResult; lockWhileRunning: boolean | undefined}> {
		const runtime = createRuntime(env, {readOnly});
		const stop = new AbortController();
		let running = false;
		let output = '';
		let finished = false;
		try {
			const run = runProcedure(runtime, planRunbookStep(env, followRunbook(), step, {}), {
				confirm: async () => true,
				operator: 'runbook-test',
				signal: stop.signal,
				onEvent: event => {
					if (event.type === 'step' && event.record.status === 'running') running = true;
					if (event.type === 'output') output += event.text;
				},
			}).finally(() => (finished = true));
			await until(() => finished || (running && started(output)), 60_000);
			const lockWhileRunning = finished ? undefined : existsSync(env.lockFile!);
			stop.abort();
			return {result: await run, lockWhileRunning};
		} finally {
			await runtime.close();
		}
	}

	it('journalctl -f --rotate and tail -f FILE > OTHER change something: refused read-only, and they hold the lock while they run', async () => {
		writeFileSync(followed(), 'first line of the followed file\n');
		const [rotate, copy] = runnableSteps(followRunbook());
		for (const step of [rotate!, copy!]) {
			expect(step.longRunning, step.code).toBe(true);
			expect(planRunbookStep(env, followRunbook(), step, {}).steps[0]!.mutates, step.code).toBe(true);
			const refused = await lockWhileFollowing(step, () => true, true);
			expect(refused.result.outcome, step.code).toBe('refused');
			expect(refused.result.message).toContain('read-only');
		}
		expect(existsSync(copied())).toBe(false); // the refused tail never ran
		expect(existsSync(env.lockFile!)).toBe(false);

		const rotating = await lockWhileFollowing(rotate!, output => output.length > 0);
		expect(rotating.lockWhileRunning).toBe(true);
		expect(rotating.result.steps[0]).toMatchObject({stopped: 'operator'});
		const copying = await lockWhileFollowing(copy!, () =>
			(existsSync(copied()) ? readFileSync(copied(), 'utf8') : '').includes('first line'),
		);
		expect(copying.lockWhileRunning).toBe(true);
		expect(copying.result.steps[0]).toMatchObject({stopped: 'operator'});
		expect(existsSync(env.lockFile!)).toBe(false); // released once stopped
	}, 120_000);

	it('plain journalctl -u app-web -f takes no lock and runs read-only', async () => {
		const [, , follow] = runnableSteps(followRunbook());
		expect(planRunbookStep(env, followRunbook(), follow!, {}).steps[0]!.mutates).toBe(false);
		const following = await lockWhileFollowing(follow!, output => output.length > 0, true);
		expect(following.result.outcome, following.result.message).toBe('succeeded');
		expect(following.result.steps[0]).toMatchObject({stopped: 'operator'});
		expect(following.lockWhileRunning).toBe(false);
	}, 120_000);
});

// Issue 11 item 5 on the demo: a masked value goes to a shell step on standard input, so while the
// step runs no process on the host has it in its arguments.
describe('a shell step with a masked value on the demo (issue 11 item 5)', () => {
	it("while it runs, no argument in the host's process table holds the value; the step gets it, the audit never", async () => {
		const secret = `postgres://app:Pw-${Date.now().toString(36)}-x@127.0.0.1:5432/app`;
		const waiting = path.join(dir, 'secret-step-waiting');
		const release = path.join(dir, 'secret-step-release');
		const received = path.join(dir, 'secret-step-received');
		const secretRunbook = parseRunbook(
			[
				'# Migrate',
				'',
				'## Wait for the go, then use the connection string',
				'',
				'```bash',
				`touch ${waiting}; until [ -e ${release} ]; do sleep 0.1; done; printf '%s' "$DATABASE_URL" > ${received}`,
				'```',
			].join('\n'),
			'migrate.md',
		);
		const [step] = runnableSteps(secretRunbook);
		expect(step!.placeholders.map(p => [p.name, p.secret])).toEqual([['DATABASE_URL', true]]);
		const runtime = createRuntime(env);
		try {
			const run = runProcedure(runtime, planRunbookStep(env, secretRunbook, step!, {DATABASE_URL: secret}), {
				confirm: async () => true,
				operator: 'runbook-test',
			});
			let finished = false;
			void run.finally(() => (finished = true)).catch(() => {});
			await until(() => finished || existsSync(waiting), 60_000);
			expect(finished).toBe(false);
			const table = execFileSync('ps', ['-eo', 'args'], {encoding: 'utf8', maxBuffer: 64 << 20});
			expect(table).toContain(release); // the step's own shell, waiting, is in it
			expect(table).not.toContain(secret);
			expect(table).not.toContain(secret.slice(secret.indexOf('Pw-'), secret.indexOf('@')));
			writeFileSync(release, '');
			const result = await run;
			expect(result.outcome, result.message).toBe('succeeded');
			expect(readFileSync(received, 'utf8')).toBe(secret);
			expect(JSON.stringify(result)).not.toContain(secret);
			const audit = readFileSync(localAuditFile(), 'utf8');
			expect(audit).toContain(result.correlationId);
			expect(audit).not.toContain(secret);
		} finally {
			writeFileSync(release, '');
			await runtime.close();
		}
	}, 120_000);
});
