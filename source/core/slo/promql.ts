// The configured PromQL of an SLO gauge, ready to send: `$window` replaced by the window, and the
// mistakes caught here that Prometheus would only answer with a parse error (a Grafana variable
// pasted along, an unclosed bracket or string).
import {formatDuration, parseDuration} from '../duration.js';

export type PromqlResult = {ok: true; query: string} | {ok: false; error: string};

/** The window as Prometheus writes durations ("1h30m" for the config's "1.5h"); undefined when it is not a duration. */
export function promDuration(window: string): string | undefined {
	const seconds = parseDuration(window);
	if (seconds === undefined || seconds < 1) return undefined;
	return formatDuration(seconds);
}

/** `$window` (and `${window}`) replaced everywhere; any other `$name` outside a string, or unbalanced brackets or quotes, is an error. */
export function renderPromql(template: string, window: string): PromqlResult {
	const duration = promDuration(window);
	if (!duration) return {ok: false, error: `the window "${window}" is not a duration such as 5m or 1h`};
	const query = template.replace(/\$\{window\}|\$window(?![A-Za-z0-9_])/g, duration).trim();
	if (query === '') return {ok: false, error: 'the query is empty'};
	const problem = syntaxProblem(query);
	return problem ? {ok: false, error: problem} : {ok: true, query};
}

const closing: Record<string, string> = {'(': ')', '[': ']', '{': '}'};

/** The first thing a PromQL parser would refuse that needs no grammar to see, or undefined. */
function syntaxProblem(query: string): string | undefined {
	const open: Array<{char: string; at: number}> = [];
	for (let i = 0; i < query.length; i++) {
		const char = query[i]!;
		if (char === '"' || char === "'" || char === '`') {
			const end = stringEnd(query, i);
			if (end < 0) return `a string opened at character ${i + 1} is not closed`;
			i = end;
		} else if (char === '#') {
			// A comment runs to the end of the line.
			const newline = query.indexOf('\n', i);
			i = newline < 0 ? query.length : newline;
		} else if (char === '$') {
			const name = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(query.slice(i))?.[1] ?? '';
			return `unknown variable $${name} at character ${i + 1} (only $window is replaced)`;
		} else if (char in closing) {
			open.push({char, at: i});
		} else if (char === ')' || char === ']' || char === '}') {
			const last = open.pop();
			if (!last) return `"${char}" at character ${i + 1} closes nothing`;
			if (closing[last.char] !== char)
				return `"${char}" at character ${i + 1} does not close "${last.char}" from character ${last.at + 1}`;
		}
	}
	const unclosed = open.pop();
	return unclosed ? `"${unclosed.char}" at character ${unclosed.at + 1} is not closed` : undefined;
}

/** Index of the quote closing the string opened at `start`, or -1; backquoted strings have no escapes. */
function stringEnd(query: string, start: number): number {
	const quote = query[start]!;
	for (let i = start + 1; i < query.length; i++) {
		if (query[i] === '\\' && quote !== '`') i++;
		else if (query[i] === quote) return i;
		else if (query[i] === '\n' && quote !== '`') return -1;
	}
	return -1;
}
