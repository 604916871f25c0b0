// A service's logs as the engine serves the log viewer (engine/service-logs.ts), over a real local
// shell with a `journalctl` of the test's own on the environment's shellPath: the last 200 lines
// first, `-n` grown when the operator scrolls past the top, and `f` following with the stop
// guarantees of a followed step (stopped by the operator, by leaving, by the limit: the process is
// gone each time). No demo: a stand-in journal is all this needs.
import {chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {environmentSchema} from '../../source/core/config/schema.js';
import {createRuntime, type Runtime} from '../../source/engine/runtime.js';
import {ServiceLogs} from '../../source/engine/service-logs.js';
import {Store, type ConsoleState} from '../../source/engine/store.js';
import {fixtureState} from '../fixtures/console-state.js';
import {waitFor} from '../support/wait.js';

let dir: string;
let runtime: Runtime;
const pidFile = () => path.join(dir, 'follower.pid');
// The pid as a positive number once the follower has written it whole; a read between the file's
// creation and the write would give 0, and kill(0, 0) asks about our own process group: always alive.
const followerPid = (): number | undefined => {
	const pid = existsSync(pidFile()) ? Number(readFileSync(pidFile(), 'utf8').trim()) : 0;
	return Number.isInteger(pid) && pid > 0 ? pid : undefined;
};
const alive = (pid: number) => {
	if (pid <= 0) throw new Error(`not a pid: ${pid}`);
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pgops-service-logs-'));
	// 1,000 journal lines; -f prints a line every 50 ms until killed, its pid written first.
	writeFileSync(
		path.join(dir, 'journalctl'),
		`#!/bin/sh
n=10; follow=no
while [ $# -gt 0 ]; do
  case "$1" in -n) n=$2; shift;; -f) follow=yes;; esac; shift
done
if [ $follow = yes ]; then
  echo $$ > "${dir}/follower.pid.new" && mv "${dir}/follower.pid.new" "${dir}/follower.pid"
  i=0; while :; do i=$((i+1)); echo "followed $i"; sleep 0.05; done
fi
seq 1 1000 | tail -n "$n" | sed 's/^/journal line /'
`,
	);
	chmodSync(path.join(dir, 'journalctl'), 0o755);
	const env = {
		...environmentSchema.parse({
			transport: 'local',
			sudo: false,
			shellPath: [dir],
			services: [{name: 'web', manager: 'systemd', unit: 'web.service'}],
		}),
		name: 'staging',
	};
	runtime = createRuntime(env);
});
afterAll(async () => {
	await runtime.close();
	rmSync(dir, {recursive: true, force: true});
});

let logs: ServiceLogs | undefined;
afterEach(() => {
	logs?.close(); // every follower stops, whatever the test did
	rmSync(pidFile(), {force: true});
});

const open = (limitSeconds?: number) => {
	const store = new Store<ConsoleState>(fixtureState());
	logs = new ServiceLogs({store, env: runtime.env, runtime, limitSeconds});
	return {store, logs, detail: () => store.getSnapshot().detail!};
};

describe("a service's logs for the viewer", () => {
	it('the last 200 lines first; past the top, -n grown to 800, then 3,200 (all 1,000): then none older', async () => {
		const {logs, detail} = open();
		await logs.show('web');
		expect(detail()).toMatchObject({status: 'ok', requested: 200, complete: false, canFollow: true});
		expect(detail().lines).toHaveLength(200);
		expect(detail().lines.at(-1)).toBe('journal line 1000');
		await logs.older();
		expect(detail()).toMatchObject({requested: 800, complete: false, title: 'web: last 800 log lines'});
		expect(detail().lines[0]).toBe('journal line 201');
		await logs.older();
		expect(detail()).toMatchObject({requested: 3200, complete: true});
		expect(detail().lines).toHaveLength(1000);
	});

	it('f follows: new lines are appended and counted; f again stops the command on the host', async () => {
		const {logs, detail} = open();
		await logs.show('web');
		logs.toggleFollow();
		expect(detail().following).toBe(true);
		await waitFor(() => (detail().received ?? 0) >= 3, 15_000, 'three followed lines');
		expect(
			detail()
				.lines.slice(-3)
				.every(line => line.startsWith('followed ')),
		).toBe(true);
		const pid = followerPid()!;
		expect(alive(pid)).toBe(true);
		logs.toggleFollow();
		expect(detail().following).toBe(false);
		await waitFor(() => !alive(pid), 15_000, 'the followed journalctl to be gone');
	});

	it('leaving the logs stops the follower; so does the limit, and it says so', async () => {
		const first = open();
		await first.logs.show('web');
		first.logs.toggleFollow();
		await waitFor(() => followerPid() !== undefined, 15_000, 'the follower to start');
		const pid = followerPid()!;
		first.logs.close();
		expect(first.store.getSnapshot().detail).toBeUndefined();
		await waitFor(() => !alive(pid), 15_000, 'the follower to be gone after leaving');
		rmSync(pidFile(), {force: true});

		const limited = open(1);
		await limited.logs.show('web');
		limited.logs.toggleFollow();
		// No wait for the follower to start: on a busy machine the 1 s limit may end it before it wrote its pid.
		await waitFor(() => limited.detail().following === false, 20_000, 'the limit to end following');
		expect(limited.detail().note).toBe(
			'following stopped by pg-ops after 1s, the limit for a followed command',
		);
		const limitedPid = followerPid();
		if (limitedPid !== undefined) {
			await waitFor(() => !alive(limitedPid), 15_000, 'the limited follower to be gone');
		}
	});
});
