// Who holds the procedure lock, read from the lock file, and whether that lock is stale. Pure: the
// clock is the caller's. A lock file is data on a host other users may have touched: anything
// pg-ops can't read as a holder with a sane time is breakable on an explicit choice, never "NaN min ago".
import {formatAge} from '../duration.js';
import {visibleJson} from '../safe-text.js';

export type LockHolder = {
	operator: string;
	procedure: string;
	correlationId: string;
	since: string;
	from?: string;
};

/** How far ahead of our clock a `since` may be and still be another laptop's clock skew rather than nonsense. */
const skewMs = 60_000;

/** The holder pg-ops wrote, or undefined for a file it didn't write (empty, junk, another tool's). */
export function parseLockHolder(text: string): LockHolder | undefined {
	let value: unknown;
	try {
		// The file is anyone's on the host: its strings made visible (a "\u001b" in JSON is an ESC once parsed).
		value = visibleJson(JSON.parse(text));
	} catch {
		return undefined;
	}
	if (typeof value !== 'object' || value === null) return undefined;
	const v = value as Record<string, unknown>;
	const field = (key: string) => (typeof v[key] === 'string' ? (v[key] as string) : undefined);
	const operator = field('operator');
	const procedure = field('procedure');
	const correlationId = field('correlationId');
	const since = field('since');
	if (operator === undefined || procedure === undefined || correlationId === undefined || since === undefined)
		return undefined;
	const from = field('from');
	return {operator, procedure, correlationId, since, ...(from === undefined ? {} : {from})};
}

export type LockAge =
	| {kind: 'age'; minutes: number; stale: boolean}
	/** `since` is no time at all, or later than now by more than clock skew: nothing says it is still in use. */
	| {kind: 'unreadable'; stale: true}
	| {kind: 'future'; minutesAhead: number; stale: true};

export function lockAge(holder: LockHolder | undefined, nowMs: number, staleLockMinutes: number): LockAge {
	if (!holder) return {kind: 'unreadable', stale: true};
	const since = Date.parse(holder.since);
	if (!Number.isFinite(since)) return {kind: 'unreadable', stale: true};
	if (since - nowMs > skewMs)
		return {kind: 'future', minutesAhead: Math.ceil((since - nowMs) / 60_000), stale: true};
	const ageMs = Math.max(0, nowMs - since);
	return {kind: 'age', minutes: Math.round(ageMs / 60_000), stale: ageMs > staleLockMinutes * 60_000};
}

const breakHint = 'break it only if you are sure nobody is running a procedure (--break-lock)';

/** One line: who holds the lock and since when, and whether (and how) it may be broken. */
export function describeLockHolder(
	file: string,
	holder: LockHolder | undefined,
	nowMs: number,
	staleLockMinutes: number,
): string {
	if (!holder) return `${file} exists but names no holder pg-ops can read; ${breakHint}`;
	const age = lockAge(holder, nowMs, staleLockMinutes);
	const who = `${holder.operator}${holder.from ? ` (${holder.from})` : ''} is running ${holder.procedure}`;
	switch (age.kind) {
		case 'unreadable':
			return `${who} since a time pg-ops can't read (${JSON.stringify(holder.since)}); ${breakHint}`;
		case 'future':
			return `${who} since ${holder.since}, ${formatAge(age.minutesAhead * 60)} ahead of this machine's clock (a wrong clock, or a file not written by pg-ops); ${breakHint}`;
		case 'age':
			// The one duration format of every screen (5h7m, not 307 min).
			return `${who} since ${holder.since} (${formatAge(age.minutes * 60)} ago)${age.stale ? `; the lock looks stale: ${breakHint}` : ''}`;
	}
}
