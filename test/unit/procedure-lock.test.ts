import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {parseConfig} from '../../source/core/config/parse.js';
import {LocalHost} from '../../source/adapters/local-host.js';
import {runtimeOf} from '../../source/engine/runtime.js';
import {acquireHostLocks, acquireLock, releaseLock} from '../../source/engine/procedures/lock.js';
import {existsSync} from 'node:fs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-lock-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const env = {
	...parseConfig(
		`environments:\n  x:\n    transport: local\n    lockFile: ${path.join(dir, 'x.lock')}\n`,
		'pg-ops.yaml',
	).environments.x!,
	name: 'x',
};
const runtime = runtimeOf({env, hosts: [{name: 'local', host: new LocalHost()}], readOnly: false});
const holder = (id: string) => ({
	operator: `op-${id}`,
	procedure: 'restart',
	correlationId: id,
	since: new Date().toISOString(),
});

describe('the procedure lock', () => {
	it('lets exactly one of many simultaneous runs take it, and every other one reads who holds it (never an empty file)', async () => {
		const attempts = await Promise.all(
			Array.from({length: 16}, (_, i) => acquireLock(runtime, holder(`run-${i}`))),
		);
		const winners = attempts.filter(a => a.acquired);
		expect(winners).toHaveLength(1);
		const winner = attempts.findIndex(a => a.acquired);
		for (const attempt of attempts.filter(a => !a.acquired))
			expect(!attempt.acquired && 'holder' in attempt && attempt.holder?.correlationId).toBe(`run-${winner}`);
		expect(await releaseLock(runtime, winners[0]!.file, `run-${winner}`)).toBe(true);
	});

	it("counts its own lock as taken (fleet hosts sharing the lock's filesystem), and a release frees it for the next run", async () => {
		const first = await acquireLock(runtime, holder('same'));
		const again = await acquireLock(runtime, holder('same'));
		expect([first.acquired, again.acquired]).toEqual([true, true]);
		expect((await acquireLock(runtime, holder('other'))).acquired).toBe(false);
		expect(await releaseLock(runtime, first.file, 'same')).toBe(true);
		expect((await acquireLock(runtime, holder('other'))).acquired).toBe(true);
		expect(await releaseLock(runtime, first.file, 'other')).toBe(true);
	});

	it('a lock command cut off at its deadline is named as such, and a lock it had linked is removed', async () => {
		// The host's lock script runs to the end, then is reported as killed at its deadline (what an
		// overloaded host looks like: exit null locally, 141 over ssh, no verdict).
		const local = new LocalHost();
		const late = Object.create(local) as LocalHost;
		late.exec = async (script, options) => ({
			...(await local.exec(script, options)),
			...(script.includes('ln "$t" "$f"') ? {stdout: '', exitCode: 141, timedOut: true} : {}),
		});
		const fleet = runtimeOf({
			env,
			hosts: [
				{name: 'a', host: local},
				{name: 'b', host: late},
			],
			readOnly: false,
		});
		const attempt = await acquireHostLocks(fleet, ['b'], holder('late'));
		expect(attempt).toMatchObject({acquired: false, outcome: 'error'});
		expect(!attempt.acquired && attempt.message).toMatch(
			/^could not take the lock on b: .*no answer within 30 s/,
		);
		expect(existsSync(path.join(dir, 'x.lock'))).toBe(false);
	});
});
