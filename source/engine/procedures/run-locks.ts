// The run's locks: taken on the host (on a fleet, on every host the plan acts on, the first host
// standing for the environment's shared parts) before anything runs, and released at the end, after
// waiting for a dropped connection to come back. A lock that can't be released is named in the result.
import os from 'node:os';
import {compactHosts, planHosts} from '../../core/procedures/hosts.js';
import type {Plan} from '../../core/procedures/plan.js';
import type {AuditLog} from '../audit.js';
import type {Runtime} from '../runtime.js';
import {
	acquireHostLocks,
	acquireLock,
	describeHolder,
	lockFileFor,
	releaseHostLocks,
	releaseLock,
	type HeldLock,
	type LockAttempt,
} from './lock.js';
import {connectionDown, ReconnectWaits} from './reconnect.js';

export type LocksTaken = {taken: true; locks: HeldLock[]} | {taken: false; message: string};

/** The hosts a plan's lock goes on: those it names, with the first host of a fleet in front; none for a one-host plan. */
function lockHosts(runtime: Runtime, plan: Plan): string[] {
	const named = planHosts(plan);
	return runtime.fleet && named.length > 0 && !named.includes(runtime.hosts[0]!.name)
		? [runtime.hosts[0]!.name, ...named]
		: named;
}

export async function takeLocks(
	runtime: Runtime,
	plan: Plan,
	holder: {operator: string; correlationId: string},
	audit: AuditLog,
	breakStale: boolean | undefined,
): Promise<LocksTaken> {
	const full = {
		...holder,
		procedure: plan.procedure,
		since: new Date().toISOString(),
		from: os.hostname(),
	};
	const hosts = lockHosts(runtime, plan);
	if (hosts.length === 0) {
		let lock: LockAttempt;
		try {
			lock = await acquireLock(runtime, full, {breakStale});
		} catch (error) {
			// A deadline can fall after the lock was linked: releasing removes it only if it is ours.
			await releaseLock(runtime, lockFileFor(runtime), holder.correlationId);
			const message = `refused: ${(error as Error).message}; no lock is left taken and nothing was run`;
			await audit.append({event: 'refused', outcome: 'error', detail: message});
			return {taken: false, message};
		}
		if (!lock.acquired) {
			const message =
				'unsafe' in lock
					? `refused: ${lock.unsafe}; nothing was run`
					: `refused: another procedure holds the lock on ${runtime.env.name}: ${describeHolder(lock, runtime.env.staleLockMinutes)}`;
			await audit.append({event: 'refused', outcome: 'unsafe' in lock ? 'error' : 'locked', detail: message});
			return {taken: false, message};
		}
		await audit.append({event: 'lock', outcome: 'acquired', detail: lock.file});
		return {taken: true, locks: [{runtime, file: lock.file}]};
	}
	const attempt = await acquireHostLocks(runtime, hosts, full, {breakStale});
	if (!attempt.acquired) {
		const message = `refused: ${attempt.message}; no lock is left taken and nothing was run`;
		await audit.append({event: 'refused', outcome: attempt.outcome, detail: message});
		return {taken: false, message};
	}
	await audit.append({
		event: 'lock',
		outcome: 'acquired',
		detail: `${attempt.locks[0]!.file} on ${hosts.length === 1 ? hosts[0] : `${hosts.length} hosts: ${compactHosts(hosts)}`}`,
	});
	return {taken: true, locks: attempt.locks};
}

/** A new plan (made again under the lock) may only act where the run holds the lock. */
export function locksCover(runtime: Runtime, plan: Plan, locks: HeldLock[]): boolean {
	const held = new Set(locks.map(lock => lock.host));
	return lockHosts(runtime, plan).every(host => held.has(host));
}

export function lockLabel(lock: HeldLock): {file: string; host: string} {
	return {file: lock.file, host: lock.host ?? lock.runtime.host.label};
}

/**
 * Releases every lock; one whose host's connection dropped is released once it is back (waiting up to
 * the host's deadline in `waits`, shared with the run's undo, saying so). Returns the ones still held.
 */
export async function releaseLocks(
	locks: HeldLock[],
	correlationId: string,
	onWait: (text: string) => void,
	waits = new ReconnectWaits(),
): Promise<HeldLock[]> {
	const failed = await releaseHostLocks(locks, correlationId);
	const left: HeldLock[] = [];
	for (const lock of failed) {
		const host = lock.runtime.host;
		let released = false;
		if (
			connectionDown(host) &&
			(await waits.waitFor(
				host,
				onWait,
				left =>
					`the lock ${lock.file} on ${host.label} is still held and the connection is down: waiting up to ${left}s to release it`,
			))
		)
			released = await releaseLock(lock.runtime, lock.file, correlationId);
		if (!released) left.push(lock);
	}
	return left;
}

/** What to do about a lock left behind, in words the operator can act on. */
export function leftLockAdvice(lock: HeldLock, staleLockMinutes: number): string {
	const {file, host} = lockLabel(lock);
	return `the lock ${file} on ${host} is still held (it could not be removed): every other procedure there is refused until it goes. Once nobody is running a procedure, remove it on the host (rm ${file}), or run again with --break-lock after ${staleLockMinutes} min`;
}
