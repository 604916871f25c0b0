// The procedure lock on the host: a file created atomically (a hard link) holding who took it and
// when, so a second operator is told who holds it, in a directory only the login user or root can
// change. A stale lock (or one pg-ops can't read) is broken only on an explicit choice. On a fleet a
// plan takes it on every host it acts on.
import {
	describeLockHolder,
	lockAge,
	parseLockHolder,
	type LockHolder,
} from '../../core/procedures/lock-holder.js';
import {quoteShellAlways as q} from '../../core/shell.js';
import type {Runtime} from '../runtime.js';
import {eachLimited} from './each-host.js';

export type {LockHolder} from '../../core/procedures/lock-holder.js';

export type LockAttempt =
	| {acquired: true; file: string}
	/** `seen`: the lock file's checksum when it was read, so a break removes only that file. */
	| {acquired: false; file: string; holder?: LockHolder; stale: boolean; seen?: string}
	/** The lock can't be taken safely there at all (a directory others can write, a directory at the lock's path). */
	| {acquired: false; file: string; unsafe: string; stale: false};

/**
 * The lock lives on the host in a directory only the login user (or root) can change: in a
 * world-writable one (/tmp) any local user could make the lock path a directory (ln then succeeds
 * inside it: no lock at all) or a file of theirs (everyone refused, and not theirs to delete).
 */
export function lockFileFor(runtime: Runtime): string {
	return runtime.env.lockFile ?? `~/.local/state/pg-ops/locks/${runtime.env.name}.lock`;
}

/** The path as a shell word: `~/x` is the login user's home on the host. */
function shellPath(file: string): string {
	return file.startsWith('~/') ? `"$HOME"/${q(file.slice(2))}` : q(file);
}

export async function acquireLock(
	runtime: Runtime,
	holder: LockHolder,
	options: {breakStale?: boolean; now?: () => number} = {},
): Promise<LockAttempt> {
	const file = lockFileFor(runtime);
	const first = await tryCreate(runtime, file, holder, options.now ?? Date.now);
	if (first.acquired || !options.breakStale || !first.stale || !('seen' in first)) return first;
	// Break only the lock we judged stale (the very bytes we read): if someone else took it meanwhile, it stays.
	await runtime.host.exec(
		`f=${shellPath(file)}; [ "$(cksum < "$f")" = ${q(first.seen ?? '')} ] && rm -f "$f"`,
		{
			timeoutMs: 10_000,
		},
	);
	return tryCreate(runtime, file, holder, options.now ?? Date.now);
}

/** Removes our lock (only ours); retried, because a lock left behind blocks everyone until it goes stale. */
export async function releaseLock(runtime: Runtime, file: string, correlationId: string): Promise<boolean> {
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			const result = await runtime.host.exec(
				`f=${shellPath(file)}; if [ -f "$f" ] && grep -q ${q(`"correlationId":"${correlationId}"`)} "$f" 2>/dev/null; then rm -f "$f"; fi; test ! -f "$f" || ! grep -q ${q(`"correlationId":"${correlationId}"`)} "$f"`,
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

// Checks every directory from the lock's up to /, as written and as resolved: each must belong to
// the login user or root; the lock's own directory must not be writable by every user, and a parent
// that is must be sticky (/tmp), so nobody else can swap the directory out. Prints UNSAFE and why.
const safeDirectoryScript = [
	'me=$(id -u)',
	'unsafe() { echo "UNSAFE $*"; exit 0; }',
	'chain() { p=$1; first=1; while :; do',
	'  set -- $(ls -ldn -- "$p" 2>/dev/null); [ -n "$1" ] || unsafe "$p can not be read"',
	'  case $3 in 0|"$me") ;; *) unsafe "$p belongs to user id $3, neither to $(id -un) nor to root";; esac',
	'  case $1 in l*) ;; ????????w*) [ -z "$first" ] || unsafe "$p is writable by every user";',
	'    case $1 in ?????????[tT]*) ;; *) unsafe "$p is writable by every user and not sticky";; esac;; esac',
	'  [ "$p" = / ] && break; p=$(dirname -- "$p"); first=; done; }',
	'[ -d "$d" ] || mkdir -p -m 700 -- "$d" 2>/dev/null; [ -d "$d" ] || unsafe "$d is not a directory and could not be made one"',
	'chain "$d"; chain "$(cd -- "$d" && pwd -P)"',
	'if [ -L "$f" ]; then unsafe "$f is a symbolic link, not a lock file"; elif [ -d "$f" ]; then unsafe "$f is a directory, not a lock file"; elif [ -e "$f" ] && [ ! -f "$f" ]; then unsafe "$f is not a regular file"; fi',
].join('\n');

/**
 * How long the lock's script may take: it checks each directory up to / (a dozen small commands), which
 * an overloaded host (or a hundred hosts locked at once from a busy laptop) can stretch past 10 s.
 */
const lockAnswerMs = 30_000;

async function tryCreate(
	runtime: Runtime,
	file: string,
	holder: LockHolder,
	now: () => number,
): Promise<LockAttempt> {
	// The holder is written to a file of our own first, then hard-linked into place: ln fails if the
	// lock exists, atomically, and a lock that exists always has its holder in it (a file created
	// empty and then written could be read empty by a second run on a shared filesystem).
	const script = [
		`f=${shellPath(file)}; d=$(dirname -- "$f")`,
		safeDirectoryScript,
		't="$f.$$.$(date +%s%N 2>/dev/null)"; cat > "$t" && if ln "$t" "$f" 2>/dev/null; then rm -f "$t"; echo ACQUIRED; else rm -f "$t"; echo "HELD $(cksum < "$f" 2>/dev/null)"; cat "$f" 2>/dev/null; fi',
	].join('\n');
	const result = await runtime.host.exec(script, {
		timeoutMs: lockAnswerMs,
		stdin: `${JSON.stringify(holder)}\n`,
	});
	const [verdict = '', ...rest] = result.stdout.trim().split('\n');
	// Killed at the deadline, the script says nothing useful (exit null, or 141 over ssh): say what happened.
	if (result.timedOut && verdict !== 'ACQUIRED')
		throw new Error(
			`could not take the lock ${file} on ${runtime.host.label}: no answer within ${lockAnswerMs / 1000} s (the host may be overloaded)`,
		);
	if (verdict === 'ACQUIRED') return {acquired: true, file};
	if (verdict.startsWith('UNSAFE '))
		return {acquired: false, file, stale: false, unsafe: unsafeMessage(runtime, file, verdict.slice(7))};
	if (!verdict.startsWith('HELD'))
		throw new Error(
			`could not take the lock ${file} on ${runtime.host.label}: ${(result.stderr || result.stdout).trim() || `exit ${result.exitCode}`}`,
		);
	const current = parseLockHolder(rest.join('\n'));
	// Our own run's lock: hosts of a fleet that share the lock's filesystem (NFS, or the lab's one machine) see one file.
	if (current?.correlationId === holder.correlationId) return {acquired: true, file};
	const stale = lockAge(current, now(), runtime.env.staleLockMinutes).stale;
	return {acquired: false, file, holder: current, stale, seen: verdict.slice(5)};
}

function unsafeMessage(runtime: Runtime, file: string, why: string): string {
	return `the lock ${file} on ${runtime.host.label} can't be taken safely: ${why}. pg-ops locks only in a directory that nobody but the login user (or root) can change: remove what is in the way if it is not pg-ops' own, or set lockFile to a path in such a directory (the default is ~/.local/state/pg-ops/locks/${runtime.env.name}.lock)`;
}

export function describeHolder(
	attempt: Extract<LockAttempt, {acquired: false}>,
	staleLockMinutes: number,
	now: () => number = Date.now,
): string {
	if ('unsafe' in attempt) return attempt.unsafe;
	return describeLockHolder(attempt.file, attempt.holder, now(), staleLockMinutes);
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
		| {host: string; on?: Runtime; error: string};
	const attempts = await eachLimited(hosts, async (host): Promise<Tried> => {
		if (refused) return {host, skipped: true};
		let on: Runtime | undefined;
		try {
			on = runtime.forHost(host);
			const attempt = await acquireLock(on, holder, options);
			if (!attempt.acquired) refused = true;
			return {host, on, attempt};
		} catch (error) {
			refused = true;
			return {host, on, error: (error as Error).message};
		}
	});
	const locks: HeldLock[] = attempts.flatMap(a =>
		'attempt' in a && a.attempt.acquired ? [{host: a.host, runtime: a.on, file: a.attempt.file}] : [],
	);
	if (!refused) return {acquired: true, locks};
	// A host that errored may still have our lock (a deadline can fall after the link): releasing removes only ours.
	const maybeTaken: HeldLock[] = attempts.flatMap(a =>
		'error' in a && a.on ? [{host: a.host, runtime: a.on, file: lockFileFor(a.on)}] : [],
	);
	await releaseHostLocks([...locks, ...maybeTaken], holder.correlationId);
	for (const a of attempts) {
		if ('error' in a)
			return {acquired: false, outcome: 'error', message: `could not take the lock on ${a.host}: ${a.error}`};
		if ('attempt' in a && !a.attempt.acquired)
			return 'unsafe' in a.attempt
				? {acquired: false, outcome: 'error', message: a.attempt.unsafe}
				: {
						acquired: false,
						outcome: 'locked',
						message: `another procedure holds the lock on ${a.host}: ${describeHolder(a.attempt, a.on.env.staleLockMinutes)}`,
					};
	}
	return {acquired: false, outcome: 'error', message: 'could not take the locks'}; // not reached: refused means one of the above
}

/** Releases every lock taken; returns the ones that could not be removed (they block everyone until they go stale). */
export async function releaseHostLocks(locks: HeldLock[], correlationId: string): Promise<HeldLock[]> {
	const released = await eachLimited(locks, lock => releaseLock(lock.runtime, lock.file, correlationId));
	return locks.filter((_, i) => !released[i]);
}
