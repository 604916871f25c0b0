// A restart is verified only once the service stays up: a systemd unit that forks and crashes a
// second later reads `active` at first (the false "verified" procedures-lab caught). The check runs
// for real, on this machine: a script that prints the next of its scripted answers on each call.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {LocalHost} from '../../source/adapters/local-host.js';
import {parseConfig} from '../../source/core/config/parse.js';
import type {UntilAction} from '../../source/core/procedures/plan.js';
import {executeAction} from '../../source/engine/procedures/actions.js';
import {runtimeOf} from '../../source/engine/runtime.js';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'pgops-hold-'));
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

const env = {
	...parseConfig('environments:\n  x:\n    transport: local\n', 'pg-ops.yaml').environments.x!,
	name: 'x',
};
const runtime = runtimeOf({env, hosts: [{name: 'local', host: new LocalHost()}], readOnly: false});

/** A check whose nth call prints answers[n] (the last one from then on), as systemctl show would. */
function scripted(answers: string[], holdSeconds: number, namesProcess = true): UntilAction {
	answers.forEach((answer, i) => writeFileSync(join(dir, String(i)), answer));
	const script = `n=$(cat count 2>/dev/null || echo 0); echo $((n + 1)) > count; [ -f "$n" ] || n=${answers.length - 1}; cat "$n"`;
	return {
		kind: 'until',
		check: {
			kind: 'shell',
			command: `cd '${dir}' && ${script}`,
			expectOutput: 'ActiveState=active',
			namesProcess,
			giveUpOn: {lines: ['ActiveState=failed'], reason: 'systemd has stopped trying'},
		},
		timeoutSeconds: 3,
		intervalMs: 20,
		holdSeconds,
	};
}

const up = (pid: number, restarts = 0) => `ActiveState=active\nMainPID=${pid}\nNRestarts=${restarts}\n`;
const autoRestart = 'ActiveState=activating\nMainPID=0\nNRestarts=1\n';
const failed = 'ActiveState=failed\nMainPID=0\nNRestarts=5\n';

describe('until with a hold', () => {
	it('a unit that is active at first and then fails is not verified', async () => {
		const outcome = await executeAction(runtime, scripted([up(100), up(100), autoRestart, failed], 5), {});
		expect(outcome.ok).toBe(false);
		expect(outcome.output).toMatch(
			/^ActiveState=failed: systemd has stopped trying; stopped waiting after \d+s of 3s$/,
		);
	});

	it('a restart loop seen only while active (a new MainPID each time) is not verified', async () => {
		const loop = Array.from({length: 400}, (_, i) => up(100 + i, i));
		const outcome = await executeAction(runtime, {...scripted(loop, 0.5), timeoutSeconds: 1}, {});
		expect(outcome.ok).toBe(false);
		expect(outcome.output).toMatch(
			/^did not stay up for 0\.5s within 1\.5s: ActiveState=active\nMainPID=\d+/,
		);
	});

	it('a unit that comes up and stays up as the same process is verified after the hold', async () => {
		const began = Date.now();
		const outcome = await executeAction(runtime, scripted([autoRestart, up(200)], 0.3), {});
		expect(outcome).toMatchObject({ok: true, output: up(200).trim()});
		expect(Date.now() - began).toBeGreaterThanOrEqual(300);
	});

	it('one restart before it holds is verified, and says so', async () => {
		const outcome = await executeAction(runtime, scripted([up(300), up(301, 1)], 0.2), {});
		expect(outcome.ok).toBe(true);
		expect(outcome.output).toBe(`${up(301, 1).trim()}\n(its process changed 1 time(s) before it held)`);
	});

	it('where the output does not name the process, only passing counts (a status line with an uptime may change)', async () => {
		const ticking = Array.from({length: 400}, (_, i) => `ActiveState=active\nuptime ${i}s\n`);
		const outcome = await executeAction(runtime, scripted(ticking, 0.2, false), {});
		expect(outcome.ok).toBe(true);
	});
});
