// `pg-ops audit`'s filters, pure: which records to show and in which order. Records arrive oldest
// first (the log's order); --last keeps the newest N of those that match, --reverse shows newest first.
import {parseDuration} from './duration.js';

export type AuditFilterRecord = {time: string; env: string; procedure: string; correlationId: string};

export type AuditFilter = {
	env?: string;
	procedure?: string;
	/** A correlation id or its beginning (the text output shows the first 8 characters). */
	correlation?: string;
	/** Epoch ms: only records at or after it. */
	since?: number;
	last?: number;
	reverse?: boolean;
};

export class AuditFilterError extends Error {}

/** --since: a duration back from now ("2h", "1d", "30m") or a date/time ("2026-03-01", "2026-03-01T12:00Z"). */
export function parseSince(text: string, now: number): number {
	const seconds = parseDuration(text);
	if (seconds !== undefined) return now - seconds * 1000;
	if (/^\d{4}-\d\d-\d\d([T ][\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/.test(text.trim())) {
		const at = Date.parse(text.trim().replace(' ', 'T'));
		if (!Number.isNaN(at)) return at;
	}
	throw new AuditFilterError(
		`--since ${JSON.stringify(text)}: expected a duration back from now (30m, 2h, 1d) or a date (2026-03-01, 2026-03-01T12:00Z)`,
	);
}

/** --last: a whole number of records, at least 1. */
export function parseLast(text: string | number): number {
	const value = Number(text);
	if (!Number.isInteger(value) || value < 1)
		throw new AuditFilterError(`--last ${String(text)}: expected a whole number of records, at least 1`);
	return value;
}

export function filterAudit<T extends AuditFilterRecord>(records: readonly T[], filter: AuditFilter): T[] {
	let shown = records.filter(
		r =>
			(!filter.env || r.env === filter.env) &&
			(!filter.procedure || r.procedure === filter.procedure) &&
			(!filter.correlation || r.correlationId.startsWith(filter.correlation)) &&
			(filter.since === undefined || Date.parse(r.time) >= filter.since),
	);
	if (filter.last !== undefined) shown = shown.slice(-filter.last);
	return filter.reverse ? shown.reverse() : shown;
}

/** What the filter asked for, in words, for "no audit records ..." */
export function describeAuditFilter(filter: AuditFilter): string {
	const parts = [
		filter.env && `for ${filter.env}`,
		filter.procedure && `of procedure ${filter.procedure}`,
		filter.correlation && `with correlation id ${filter.correlation}`,
		filter.since !== undefined &&
			`since ${new Date(filter.since).toISOString().replace('T', ' ').slice(0, 19)} UTC`,
	].filter(Boolean);
	return parts.join(' ');
}
