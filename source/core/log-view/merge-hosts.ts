// One service's logs from many hosts as one buffer (the log viewer on a fleet, `:logs SERVICE`):
// each line prefixed with its host ("app-07 │ …", the prefix log-text.ts leaves in place when
// timestamps are hidden), interleaved by the time the line starts with, every line through the
// sanitiser, bounded. Pure.
import {visibleLine} from '../safe-text.js';

/** A host's lines as fetched (oldest first), or why it gave none. */
export type HostLogs = {host: string; lines: readonly string[]; error?: string};

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const day = 86_400;
// journald's short format ("Nov 23 04:00:03", no year) and ISO 8601 ("2026-12-04T17:00:00.123Z",
// compose --timestamps and most applications), after compose's own "api-1  | " prefix if any.
const syslogTime = /^(?:[\w.@-]+ +\| +)?([A-Z][a-z]{2}) ([ \d]\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?/;
const isoTime =
	/^(?:[\w.@-]+ +\| +)?(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?(Z|[+-]\d\d:?\d\d)?/;

/**
 * When a line says it was written, in seconds on a scale its host's other lines share; undefined
 * when it starts with no time (a stack trace's continuation). Journald's short format has no year:
 * its seconds count from the start of a year.
 */
export function lineTime(line: string): {seconds: number; yearless: boolean} | undefined {
	const iso = isoTime.exec(line);
	if (iso) {
		const [, y, mo, d, h, mi, s, fraction, zone] = iso;
		const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000;
		return {seconds: utc - zoneOffset(zone) + fractionOf(fraction), yearless: false};
	}
	const syslog = syslogTime.exec(line);
	const month = syslog ? months.indexOf(syslog[1]!) : -1;
	if (!syslog || month < 0) return undefined;
	const [, , d, h, mi, s, fraction] = syslog;
	return {
		seconds:
			(month * 31 + Number(d)) * day + Number(h) * 3600 + Number(mi) * 60 + Number(s) + fractionOf(fraction),
		yearless: true,
	};
}

const fractionOf = (digits: string | undefined) => (digits ? Number(`0.${digits}`) : 0);

function zoneOffset(zone: string | undefined): number {
	if (!zone || zone === 'Z') return 0;
	const [, sign, hours, minutes] = /^([+-])(\d\d):?(\d\d)$/.exec(zone)!;
	return (sign === '-' ? -1 : 1) * (Number(hours) * 3600 + Number(minutes) * 60);
}

/**
 * Each line's place in time on its host, never going back: a line with no time of its own stays
 * with the line before it (a traceback with its error), lines before the first time go with it, a
 * yearless time that falls back by months is the next year (logs across New Year), and a clock
 * stepped back does not reorder the host's own lines.
 */
function hostTimes(lines: readonly string[]): number[] {
	const times: Array<number | undefined> = [];
	let yearShift = 0;
	let last: number | undefined;
	for (const line of lines) {
		const time = lineTime(line);
		if (time === undefined) {
			times.push(last);
			continue;
		}
		let seconds = time.seconds + yearShift;
		if (time.yearless && last !== undefined && seconds < last - 180 * day) {
			yearShift += 372 * day;
			seconds += 372 * day;
		}
		last = last === undefined ? seconds : Math.max(last, seconds);
		times.push(last);
	}
	const first = times.find(t => t !== undefined) ?? Number.NEGATIVE_INFINITY;
	return times.map(t => t ?? first);
}

/** "app-07 │ line", the host names padded to one width so the lines start in one column. */
export const hostPrefixed = (host: string, width: number, line: string) => `${host.padEnd(width)} │ ${line}`;

/**
 * The hosts' lines as one buffer, oldest first: interleaved by time where the lines carry one
 * (hosts whose lines carry none keep their blocks, in the order given), each host's own order
 * kept, a host that gave none said first, and at most `max` lines (the newest).
 */
export function mergeHostLogs(hosts: readonly HostLogs[], max: number): string[] {
	const width = Math.max(0, ...hosts.map(h => h.host.length));
	const failed = hosts
		.filter(h => h.error !== undefined)
		.map(h => hostPrefixed(h.host, width, visibleLine(`[pg-ops: no logs from this host: ${h.error}]`)));
	const entries = hosts.flatMap((h, hostIndex) => {
		const times = hostTimes(h.lines);
		return h.lines.map((line, index) => ({time: times[index]!, hostIndex, index, line, host: h.host}));
	});
	entries.sort((a, b) => a.time - b.time || a.hostIndex - b.hostIndex || a.index - b.index);
	// Made visible again here: a host's lines reach this buffer from more than one path (fetched, followed).
	const merged = [...failed, ...entries.map(e => hostPrefixed(e.host, width, visibleLine(e.line)))];
	return merged.length > max ? merged.slice(-max) : merged;
}

/** How many lines to ask each host for, so that all of them together stay within `max`. */
export function linesPerHost(wanted: number, hostCount: number, max: number): number {
	return Math.max(1, Math.min(wanted, Math.floor(max / Math.max(1, hostCount))));
}
