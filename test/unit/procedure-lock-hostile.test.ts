// The lock against a hostile local user on the host: a directory at the lock path, a directory
// others can write or own, a junk lock file, a lock dated in the future or not at all. Each case is
// the real lock script against a real filesystem (the local host): what it refuses, what it leaves.
import {
	chmodSync,
	chownSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {parseConfig} from '../../source/core/config/parse.js';
import {LocalHost} from '../../source/adapters/local-host.js';
import {runtimeOf} from '../../source/engine/runtime.js';
import {acquireLock, describeHolder, releaseLock} from '../../source/engine/procedures/lock.js';
import {describeLockHolder, lockAge} from '../../source/core/procedures/lock-holder.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-lock-hostile-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function runtimeWith(lockFile: string | undefined, name = 'x') {
	const yaml = `environments:\n  ${name}:\n    transport: local\n${lockFile ? `    lockFile: ${lockFile}\n` : ''}`;
	const env = {...parseConfig(yaml, 'pg-ops.yaml').environments[name]!, name};
	return runtimeOf({env, hosts: [{name: 'local', host: new LocalHost()}], readOnly: false});
}
const holder = (id: string, since = new Date().toISOString()) => ({
	operator: `op-${id}`,
	procedure: 'restart',
	correlationId: id,
	since,
});

describe('the lock refuses a path it cannot hold safely', () => {
	it('a directory at the lock path: refused, and no lock is made inside it (ln would have "succeeded" there)', async () => {
		const lockDir = path.join(dir, 'd1');
		mkdirSync(lockDir, {mode: 0o700});
		const file = path.join(lockDir, 'x.lock');
		mkdirSync(file); // the attack: the lock path made a directory
		const runtime = runtimeWith(file);
		const [alice, bob] = [
			await acquireLock(runtime, holder('alice')),
			await acquireLock(runtime, holder('bob')),
		];
		expect([alice.acquired, bob.acquired]).toEqual([false, false]);
		expect(!alice.acquired && describeHolder(alice, 30)).toMatch(/x\.lock is a directory, not a lock file/);
		expect(readdirSync(file)).toEqual([]);
	});

	it('a lock directory every user can write (like /tmp): refused, even when sticky', async () => {
		const shared = path.join(dir, 'shared');
		mkdirSync(shared);
		chmodSync(shared, 0o1777);
		const attempt = await acquireLock(runtimeWith(path.join(shared, 'x.lock')), holder('alice'));
		expect(attempt.acquired).toBe(false);
		expect(!attempt.acquired && describeHolder(attempt, 30)).toMatch(/shared is writable by every user/);
		expect(readdirSync(shared)).toEqual([]);
	});

	it('a parent every user can write, not sticky: refused (anyone could swap the lock directory)', async () => {
		const open = path.join(dir, 'open');
		mkdirSync(path.join(open, 'locks'), {recursive: true});
		chmodSync(open, 0o777);
		const attempt = await acquireLock(runtimeWith(path.join(open, 'locks', 'x.lock')), holder('alice'));
		expect(!attempt.acquired && describeHolder(attempt, 30)).toMatch(
			/open is writable by every user and not sticky/,
		);
	});

	it("a lock directory that belongs to another user: refused, naming the owner's id", async () => {
		const theirs = path.join(dir, 'theirs');
		mkdirSync(theirs, {mode: 0o755});
		chownSync(theirs, 65534, 65534);
		const attempt = await acquireLock(runtimeWith(path.join(theirs, 'x.lock')), holder('alice'));
		expect(!attempt.acquired && describeHolder(attempt, 30)).toMatch(/theirs belongs to user id 65534/);
	});

	it("the default path is in the login user's own directory, made private, and works", async () => {
		const home = path.join(dir, 'home');
		mkdirSync(home, {mode: 0o755});
		const previous = process.env.HOME;
		process.env.HOME = home; // the local host's shell inherits it
		try {
			const runtime = runtimeWith(undefined, 'prod');
			const attempt = await acquireLock(runtime, holder('alice'));
			expect(attempt).toEqual({acquired: true, file: '~/.local/state/pg-ops/locks/prod.lock'});
			const file = path.join(home, '.local/state/pg-ops/locks/prod.lock');
			expect(JSON.parse(readFileSync(file, 'utf8')).correlationId).toBe('alice');
			expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
			expect(await releaseLock(runtime, attempt.file, 'alice')).toBe(true);
			expect(existsSync(file)).toBe(false);
		} finally {
			process.env.HOME = previous;
		}
	});
});

describe('a lock pg-ops cannot date is breakable, never "NaN min ago"', () => {
	const cases = [
		[
			'junk in the file',
			'not json at all\n',
			/names no holder pg-ops can read; break it only if you are sure/,
		],
		[
			'a time that is no time',
			JSON.stringify(holder('mallory', 'yesterday-ish')),
			/since a time pg-ops can't read \("yesterday-ish"\)/,
		],
		[
			'a time in the future',
			JSON.stringify(holder('mallory', new Date(Date.now() + 86_400_000 * 365).toISOString())),
			/ahead of this machine's clock/,
		],
	] as const;
	for (const [what, content, said] of cases)
		it(`${what}: reported stale, and --break-lock removes exactly it and takes the lock`, async () => {
			const lockDir = mkdtempSync(path.join(dir, 'stale-'));
			const file = path.join(lockDir, 'x.lock');
			writeFileSync(file, content);
			const runtime = runtimeWith(file);
			const first = await acquireLock(runtime, holder('alice'));
			expect(first.acquired).toBe(false);
			expect(!first.acquired && first.stale).toBe(true);
			const text = !first.acquired ? describeHolder(first, 30) : '';
			expect(text).toMatch(said);
			expect(text).not.toMatch(/NaN/);
			const broken = await acquireLock(runtime, holder('alice'), {breakStale: true});
			expect(broken.acquired).toBe(true);
			expect(JSON.parse(readFileSync(file, 'utf8')).correlationId).toBe('alice');
		});

	it('a break removes only the bytes it judged stale: a lock taken meanwhile stays', async () => {
		const lockDir = mkdtempSync(path.join(dir, 'race-'));
		const file = path.join(lockDir, 'x.lock');
		writeFileSync(file, 'junk\n');
		const runtime = runtimeWith(file);
		const seen = await acquireLock(runtime, holder('alice'));
		expect(seen.acquired).toBe(false);
		writeFileSync(file, JSON.stringify(holder('bob'))); // bob took it between alice's look and her break
		const attempt = await acquireLock(runtime, holder('alice'), {breakStale: true});
		expect(attempt.acquired).toBe(false);
		expect(JSON.parse(readFileSync(file, 'utf8')).correlationId).toBe('bob');
	});

	it('ages: a little clock skew is no future; an old lock is stale; a fresh one is not', () => {
		const now = Date.parse('2026-01-01T12:00:00Z');
		const at = (iso: string) => ({...holder('a'), since: iso});
		expect(lockAge(at('2026-01-01T12:00:30Z'), now, 30)).toEqual({kind: 'age', minutes: 0, stale: false});
		expect(lockAge(at('2026-01-01T11:00:00Z'), now, 30)).toEqual({kind: 'age', minutes: 60, stale: true});
		expect(lockAge(at('2026-01-01T12:10:00Z'), now, 30)).toEqual({
			kind: 'future',
			minutesAhead: 10,
			stale: true,
		});
		expect(describeLockHolder('/l', at('2026-01-01T11:50:00Z'), now, 30)).toBe(
			'op-a is running restart since 2026-01-01T11:50:00Z (10m ago)',
		);
		// One duration format everywhere (issue 12): the pane's "5h7m", never "307 min".
		expect(describeLockHolder('/l', at('2026-01-01T06:53:00Z'), now, 500)).toBe(
			'op-a is running restart since 2026-01-01T06:53:00Z (5h7m ago)',
		);
	});
});
