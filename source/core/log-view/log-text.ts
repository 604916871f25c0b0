// What the log viewer does to a line's text: find a search in it (for the filter, n / N and the
// highlight) and leave its timestamp out when the operator turned timestamps off (`t`). Pure.

/** Case-insensitive unless the query has a capital letter (less's and vim's smartcase). */
const caseSensitive = (query: string) => query !== query.toLowerCase();

export function lineMatches(line: string, query: string): boolean {
	if (!query) return false;
	return caseSensitive(query) ? line.includes(query) : line.toLowerCase().includes(query.toLowerCase());
}

/** The line cut into plain and matching parts, in order, for the highlight. */
export function matchParts(line: string, query: string | undefined): Array<{text: string; match: boolean}> {
	if (!query) return [{text: line, match: false}];
	const haystack = caseSensitive(query) ? line : line.toLowerCase();
	const needle = caseSensitive(query) ? query : query.toLowerCase();
	const parts: Array<{text: string; match: boolean}> = [];
	let from = 0;
	for (let at = haystack.indexOf(needle); at >= 0 && needle.length > 0; at = haystack.indexOf(needle, from)) {
		if (at > from) parts.push({text: line.slice(from, at), match: false});
		parts.push({text: line.slice(at, at + needle.length), match: true});
		from = at + needle.length;
	}
	if (from < line.length || parts.length === 0) parts.push({text: line.slice(from), match: false});
	return parts;
}

// A prefix pg-ops or compose put before the time: a fleet's "host │ ", compose's "api-1  | ".
const prefix = String.raw`^((?:[\w.@-]+ +[│|] +)*)`;
// journald's short format ("Nov 23 04:00:03 "), ISO 8601 (compose --timestamps, most apps), with
// fractions and a zone, and the same with a space for the T ("2026-12-04 17:00:00,123 ").
const timestamp = new RegExp(
	prefix +
		String.raw`(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?) +`,
);

/** The line without its leading timestamp (kept as it is when it has none). */
export function withoutTimestamp(line: string): string {
	return line.replace(timestamp, '$1');
}

/**
 * The next line (a buffer index) the query matches after `from` (`by` 1, toward the newest) or
 * before it (`by` -1), wrapping round the buffer; undefined when none does.
 */
export function nextMatch(
	lines: readonly string[],
	query: string,
	from: number,
	by: 1 | -1,
): number | undefined {
	const count = lines.length;
	for (let step = 1; step <= count; step++) {
		const i = (((from + by * step) % count) + count) % count;
		if (lineMatches(lines[i]!, query)) return i;
	}
	return undefined;
}

/** How many lines the query matches. */
export function matchCount(lines: readonly string[], query: string): number {
	return lines.reduce((n, line) => n + (lineMatches(line, query) ? 1 : 0), 0);
}
