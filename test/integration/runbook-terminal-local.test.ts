// A runbook step whose command asks for a terminal (`docker exec -it db psql -c …`) runs in one on
// the local transport (util-linux `script`): the command sees a terminal on its input and output,
// its errors come with its output, its line ends are plain, a stop ends what it started, and a
// masked value is never sent to it. The `docker` here is a stand-in on the environment's shellPath
// that refuses without a terminal as docker does; the real docker is in compose-lab.test.ts.
import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {environmentSchema} from '../../source/core/config/schema.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import {LocalHost} from '../../source/adapters/local-host.js';
import {runProcedure} from '../../source/engine/procedures/runner.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {planRunbookStep, withMasked} from '../../source/engine/runbooks/plan-runbook-step.js';
import {waitFor} from '../support/wait.js';

const bin = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-terminal-'));
afterAll(() => rmSync(bin, {recursive: true, force: true}));
// As docker exec -it: without a terminal on its input it refuses, and it prints CRLF line ends.
writeFileSync(
	path.join(bin, 'docker'),
	[
		'#!/bin/sh',
		'[ -t 0 ] && [ -t 1 ] || { echo "the input device is not a TTY" >&2; exit 1; }',
		'shift 3',
		'printf "ran in a terminal: %s\\r\\n" "$*"',
		'echo "an error of its own" >&2',
		'exit 0',
	].join('\n'),
);
chmodSync(path.join(bin, 'docker'), 0o755);
const env = {...environmentSchema.parse({transport: 'local', shellPath: [bin]}), name: 'local-terminal'};

const runbook = parseRunbook(
	[
		'# Replication',
		'',
		'Ask the primary:',
		'',
		'```bash',
		"docker exec -it pg-primary psql -U postgres -c 'SELECT * FROM pg_stat_replication;'",
		'```',
		'',
		'With your password:',
		'',
		'```bash',
		'docker exec -it pg-primary env PGPASSWORD=$DB_PASSWORD psql -U app -c "SELECT 1"',
		'```',
	].join('\n'),
	'replication.md',
);
const [asked, withSecret] = runbook.sections[0]!.steps;

describe('a step that asks for a terminal, on the local transport', () => {
	it('is read as a host step run in a terminal', () => {
		expect(asked).toMatchObject({kind: 'shell', terminal: true});
		// With a masked value it is shown: a terminal would echo the value back.
		expect(withSecret).toMatchObject({kind: 'show'});
		expect(withSecret!.reason).toContain('a terminal would echo the value back');
	});

	it('runs in a terminal: the tool that refuses without one runs, its output and errors come back with plain line ends', async () => {
		const runtime = createRuntime(env);
		try {
			const plan = planRunbookStep(env, runbook, asked!, {});
			expect(plan.summary.join('\n')).toContain('runs in a terminal pg-ops opens for it');
			const result = await runProcedure(runtime, plan, {
				confirm: async () => true,
				operator: 'terminal-test',
			});
			expect(result.outcome, result.message).toBe('succeeded');
			const output = result.steps[0]!.output!;
			expect(output).toContain(
				'ran in a terminal: psql -U postgres -c SELECT * FROM pg_stat_replication;\nan error of its own',
			);
			expect(output).not.toContain('\r');
			expect(output).not.toContain('␍');
		} finally {
			await runtime.close();
		}
	});

	it('a value the operator masks (ctrl+t) is never sent to a terminal: the plan is refused, nothing runs', () => {
		const runbookWithValue = parseRunbook(
			'# R\n\n```bash\ndocker exec -it pg-primary psql -U postgres -c "ALTER ROLE <role_name> NOLOGIN"\n```\n',
			'r.md',
		);
		const step = runbookWithValue.sections[0]!.steps[0]!;
		expect(step).toMatchObject({kind: 'shell', terminal: true});
		const masked = withMasked(step, ['role_name']);
		expect(() => planRunbookStep(env, runbookWithValue, masked, {role_name: 'billing-app'})).toThrow(
			/would echo the masked value of <role_name>/,
		);
	});
});

describe('LocalHost in a terminal', () => {
	it('exit status, a terminal on input and output, the size that keeps pagers away, no echo', async () => {
		const host = new LocalHost();
		try {
			const result = await host.exec(
				'test -t 0 && test -t 1 && echo tty; stty size; stty -a | grep -o -- "-echo "; exit 4',
				{
					timeoutMs: 20_000,
					terminal: true,
				},
			);
			expect(result).toMatchObject({stdout: 'tty\n10000 250\n-echo \n', exitCode: 4, timedOut: false});
			await expect(host.exec('true', {timeoutMs: 5000, terminal: true, stdin: 'x\n'})).rejects.toThrow(
				/takes nothing on standard input/,
			);
		} finally {
			await host.close();
		}
	});

	it('a stop ends the command running in the terminal, and what it started', async () => {
		const host = new LocalHost();
		const marker = path.join(bin, 'sleeper.pid');
		const stop = new AbortController();
		try {
			// It ignores the hang-up and TERM: only a KILL of its own session ends it.
			const running = host.exec(`trap '' HUP TERM; sleep 300 & echo $! > ${marker}; wait`, {
				timeoutMs: 60_000,
				terminal: true,
				signal: stop.signal,
			});
			let pid = 0;
			await waitFor(
				() => {
					try {
						pid = Number(readFileSync(marker, 'utf8'));
					} catch {}
					return pid > 0;
				},
				20_000,
				'the sleeper started in the terminal',
			);
			stop.abort();
			const result = await running;
			expect(result.stopped).toBe(true);
			expect(result.stderr).not.toContain('Session terminated');
			await waitFor(() => !alive(pid), 20_000, 'the sleeper gone after the stop');
		} finally {
			await host.close();
		}
	});
});

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
