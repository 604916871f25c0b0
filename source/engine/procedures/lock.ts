// The procedure lock on the host: a file created atomically (noclobber) holding who took it and
// when, so a second operator is told who holds it. A stale lock is broken only on an explicit choice.
// On a fleet a plan takes it on every host it acts on.
import {quoteShellAlways as q} from '../../core/shell.js';
import type {Runtime} from '../runtime.js';
import {eachLimited} from './each-host.js';

export type LockHolder = {
	operator: string;
	procedure: string;
	correlationId: string;
	since: string;
	from?: string;
};
export type LockAttempt =
	{acquired: true; file: string} | {acquired: false; file: string; holder?: LockHolder; stale: boolean};

export function lockFileFor(runtime: Runtime): string {
	return runtime.env.lockFile ?? `/tmp/pg-ops-${runtime.env.name}.lock`;
}

export async function acquireLock(
	runtime: Runtime,
	holder: LockHolder,
	options: {breakStale?: boolean} = {},
): Promise<LockAttempt> {
	const file = lockFileFor(runtime);
	const first = await tryCreate(runtime, file, holder);
	if (first.acquired || !options.breakStale || !first.stale || !first.holder) return first;
	// Break only the lock we judged stale: if someone else took it meanwhile, it stays.
	await runtime.host.exec(
		`f=${q(file)}; grep -q ${q(`"correlationId":"${first.holder.correlationId}"`)} "$f" && rm -f "$f"`,
		{timeoutMs: 10_000},
	);
	return tryCreate(runtime, file, holder);
}

/** Removes our lock (only ours); retried, because a lock left behind blocks everyone until it goes stale. */
export async function releaseLock(runtime: Runtime, file: string, correlationId: string): Promise<boolean> {
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			const result = await runtime.host.exec(
				`f=${q(file)}; if grep -q ${q(`"correlationId":"${correlationId}"`)} "$f" 2>/dev/null; then rm -f "$f"; fi; test ! -e "$f" || ! grep -q ${q(`"correlationId":"${correlationId}"`)} "$f"`,
				{timeoutMs: 10_000},
			);
			if (result.exitCode === 0) return true;
		} catch {
			// the connection may be reconnecting: try again shortly
		}
		await new Promise(resolve => setTimeout(resolve, 500 * (attempt + 1)));
	}
	return false;
}

async function tryCreate(runtime: Runtime, file: string, holder: LockHolder): Promise<LockAttempt> {
	// The holder is written to a file of our own first, then hard-linked into place: ln fails if the
	// lock exists, atomically, and a lock that exists always has its holder in it (a file created
	// empty and then written could be read empty by a second run on a shared filesystem).
	const script = `f=${q(file)}; mkdir -p "$(dirname "$f")" 2>/dev/null; t="$f.$$.$(date +%s%N 2>/dev/null)"; cat > "$t" && if ln "$t" "$f" 2>/dev/null; then rm -f "$t"; echo ACQUIRED; else rm -f "$t"; echo HELD; cat "$f" 2>/dev/null; fi`;
	const result = await runtime.host.exec(script, {timeoutMs: 10_000, stdin: `${JSON.stringify(holder)}\n`});
	const [verdict, ...rest] = result.stdout.trim().split('\n');
	if (verdict === 'ACQUIRED') return {acquired: true, file};
	if (verdict !== 'HELD')
		throw new Error(
			`could not take the lock ${file} on ${runtime.host.label}: ${(result.stderr || result.stdout).trim() || `exit ${result.exitCode}`}`,
		);
	let current: LockHolder | undefined;
	try {
		current = JSON.parse(rest.join('\n')) as LockHolder;
	} catch {
		current = undefined; // a lock file pg-ops didn't write: held, by someone unknown
	}
	// Our own run's lock: hosts of a fleet that share the lock's filesystem (NFS, or the lab's one machine) see one file.
	if (current?.correlationId === holder.correlationId) return {acquired: true, file};
	const stale = current
		? Date.now() - Date.parse(current.since) > runtime.env.staleLockMinutes * 60_000
		: false;
	return {acquired: false, file, holder: current, stale};
}

export function describeHolder(attempt: Extract<LockAttempt, {acquired: false}>): string {
	if (!attempt.holder)
		return `${attempt.file} exists but names no holder; remove it by hand if nobody is running a procedure`;
	const h = attempt.holder;
	const minutes = Math.round((Date.now() - Date.parse(h.since)) / 60_000);
	return `${h.operator}${h.from ? ` (${h.from})` : ''} is running ${h.procedure} since ${h.since} (${minutes} min ago)${attempt.stale ? '; the lock looks stale: break it only if you are sure (--break-lock)' : ''}`;
}

/** A lock taken on one host of a fleet (or the runtime's own host: `host` undefined). */
export type HeldLock = {host?: string; runtime: Runtime; file: string};
export type HostLocksAttempt =
	{acquired: true; locks: HeldLock[]} | {acquired: false; message: string; outcome: 'locked' | 'error'};

/**
 * Fleets: the lock on every host a plan names, all before anything runs, a few hosts at a time. The
 * first host (in plan order) that is held or can't be asked refuses the whole run; the locks already
 * taken are released then, so a refused run leaves no lock behind.
 */
export async function acquireHostLocks(
	runtime: Runtime,
	hosts: string[],
	holder: LockHolder,
	options: {breakStale?: boolean} = {},
): Promise<HostLocksAttempt> {
	let refused = false;
	type Tried =
		| {host: string; skipped: true}
		| {host: string; on: Runtime; attempt: LockAttempt}
		| {host: string; error: string};
	const attempts = await eachLimited(hosts, async (host): Promise<Tried> => {
		if (refused) return {host, skipped: true};
		try {
			const on = runtime.forHost(host);
			const attempt = await acquireLock(on, holder, options);
			if (!attempt.acquired) refused = true;
			return {host, on, attempt};
		} catch (error) {
			refused = true;
			return {host, error: (error as Error).message};
		}
	});
	const locks: HeldLock[] = attempts.flatMap(a =>
		'attempt' in a && a.attempt.acquired ? [{host: a.host, runtime: a.on, file: a.attempt.file}] : [],
	);
	if (!refused) return {acquired: true, locks};
	await releaseHostLocks(locks, holder.correlationId);
	for (const a of attempts) {
		if ('error' in a)
			return {acquired: false, outcome: 'error', message: `could not take the lock on ${a.host}: ${a.error}`};
		if ('attempt' in a && !a.attempt.acquired)
			return {
				acquired: false,
				outcome: 'locked',
				message: `another procedure holds the lock on ${a.host}: ${describeHolder(a.attempt)}`,
			};
	}
	return {acquired: false, outcome: 'error', message: 'could not take the locks'}; // not reached: refused means one of the above
}

/** Releases every lock taken; returns the ones that could not be removed (they block everyone until they go stale). */
export async function releaseHostLocks(locks: HeldLock[], correlationId: string): Promise<HeldLock[]> {
	const released = await eachLimited(locks, lock => releaseLock(lock.runtime, lock.file, correlationId));
	return locks.filter((_, i) => !released[i]);
}
