// The log viewer's state (issue 12 section 1): where the operator is in a buffer of log or output
// lines, what they search for, whether non-matching lines are hidden, wrap and timestamps. Pure:
// the lines are the caller's, the screen size too. One viewer serves service logs, a procedure's
// step output, incident Investigate and a fleet host's service.
//
// The position is kept from the newest line up (`fromEnd`: 0 is "at the newest"), the way a log is
// read: a buffer that grows at the top (older lines fetched) keeps the operator's place, and one
// that grows at the bottom while followed keeps them at the newest unless they scrolled up
// (`received` counts the lines appended since, so their place holds then too).
import {lineMatches} from './log-text.js';

export type LogView = {
	/** Shown lines between the last line on screen and the newest one: 0 follows the newest. */
	fromEnd: number;
	/** The buffer's `received` when fromEnd was set: lines appended since push the place up by as many. */
	atReceived: number;
	/** `/` search: the matches are highlighted; n / N move between them. */
	query?: string;
	/** The line (index in the buffer) of the current match. */
	match?: number;
	/** Hide the lines the query does not match. */
	filter: boolean;
	wrap: boolean;
	timestamps: boolean;
	/** Typing a search (`/` opened the line): what is typed so far. */
	draft?: string;
	/** `?`: the viewer's keys. */
	help: boolean;
};

export type LogPreferences = {wrap: boolean; timestamps: boolean};

export const defaultLogPreferences: LogPreferences = {wrap: true, timestamps: true};

export function initialLogView(preferences: LogPreferences = defaultLogPreferences): LogView {
	return {fromEnd: 0, atReceived: 0, filter: false, help: false, ...preferences};
}

/** What the viewer needs of a buffer: its lines (oldest first) and how many were ever appended to it. */
export type LogBuffer = {lines: readonly string[]; received?: number};

/** The screen the window is drawn on: rows for lines, columns per row. */
export type LogScreen = {rows: number; width: number};

/** One line on screen: its index in the buffer, its text as shown, the rows it takes. */
export type ShownLine = {index: number; text: string; rows: number};

export type LogWindow = {
	lines: ShownLine[];
	/** Shown lines (after the filter) above and below the window. */
	above: number;
	below: number;
	/** Lines the filter lets through; all the buffer's when no filter. */
	total: number;
	/** The window reaches the oldest line of the buffer. */
	atTop: boolean;
	/** The highest place: the oldest line at the top of a full window. */
	maxFromEnd: number;
};

/** The indexes of the lines the view shows (the filter applied), oldest first. */
export function shownIndexes(buffer: LogBuffer, view: LogView): number[] {
	const all = buffer.lines.map((_, i) => i);
	if (!view.filter || !view.query) return all;
	return all.filter(i => lineMatches(buffer.lines[i]!, view.query!));
}

const rowsOf = (text: string, width: number, wrap: boolean) =>
	wrap ? Math.max(1, Math.ceil([...text].length / Math.max(1, width))) : 1;

/** The view's place now: fromEnd moved up by the lines appended since it was set (none while at the newest). */
export function effectiveFromEnd(buffer: LogBuffer, view: LogView): number {
	if (view.fromEnd === 0) return 0;
	return view.fromEnd + Math.max(0, (buffer.received ?? 0) - view.atReceived);
}

/** The lines on screen for this view, from the last one up until the rows are full. */
export function logWindow(
	buffer: LogBuffer,
	view: LogView,
	screen: LogScreen,
	show: (line: string) => string = line => line,
): LogWindow {
	const indexes = shownIndexes(buffer, view);
	const rows = Math.max(1, screen.rows);
	const fits = (end: number) => {
		const lines: ShownLine[] = [];
		let used = 0;
		for (let i = end; i >= 0; i--) {
			const text = show(buffer.lines[indexes[i]!]!);
			const needs = rowsOf(text, screen.width, view.wrap);
			// The last line always shows (cut to the rows left) so one huge line can't empty the window.
			if (used + needs > rows && lines.length > 0) break;
			lines.unshift({index: indexes[i]!, text, rows: Math.min(needs, rows)});
			used += needs;
		}
		return lines;
	};
	if (indexes.length === 0) return {lines: [], above: 0, below: 0, total: 0, atTop: true, maxFromEnd: 0};
	// The highest place scrolling can reach: the oldest line at the top of a full window.
	const lowestEnd = lowestLastLine(
		indexes.length,
		i => rowsOf(show(buffer.lines[indexes[i]!]!), screen.width, view.wrap),
		rows,
	);
	const end = Math.max(lowestEnd, indexes.length - 1 - effectiveFromEnd(buffer, view));
	const lines = fits(end);
	const above = indexes.indexOf(lines[0]!.index);
	return {
		lines,
		above,
		below: indexes.length - 1 - end,
		total: indexes.length,
		atTop: above === 0,
		maxFromEnd: indexes.length - 1 - lowestEnd,
	};
}

// The smallest last-line index whose window starts at line 0 (a short buffer: the newest line).
function lowestLastLine(count: number, rowsAt: (i: number) => number, rows: number): number {
	let used = 0;
	for (let i = 0; i < count; i++) {
		used += rowsAt(i);
		if (used > rows) return Math.max(0, i - 1);
	}
	return count - 1;
}

/** Moves of the place. `older`: toward the top of the buffer. */
export type LogScroll =
	| {kind: 'line'; by: number}
	| {kind: 'page'; by: 1 | -1}
	| {kind: 'half'; by: 1 | -1}
	| {kind: 'top'}
	| {kind: 'bottom'};

/**
 * The view after a scroll, and whether the operator asked for lines older than the buffer holds
 * (scrolled up past the top: the caller fetches more, `-n` grown). `by` > 0 goes toward the newest.
 */
export function scrollLog(
	buffer: LogBuffer,
	view: LogView,
	screen: LogScreen,
	scroll: LogScroll,
	show?: (line: string) => string,
): {view: LogView; wantsOlder: boolean} {
	const window = logWindow(buffer, view, screen, show);
	const page = Math.max(1, window.lines.length - 1);
	const half = Math.max(1, Math.floor(window.lines.length / 2));
	const step =
		scroll.kind === 'line'
			? scroll.by
			: scroll.kind === 'page'
				? scroll.by * page
				: scroll.kind === 'half'
					? scroll.by * half
					: scroll.kind === 'top'
						? -window.total
						: window.total;
	const wantsOlder = step < 0 && window.atTop;
	// Up moves the place away from the newest; never further than the top of a full window.
	const fromEnd = Math.min(window.maxFromEnd, Math.max(0, window.below - step));
	return {view: {...view, fromEnd, atReceived: buffer.received ?? 0}, wantsOlder};
}

/** The view with the line at `index` (a buffer index) in the window, a few lines above its bottom if it can. */
export function revealLine(buffer: LogBuffer, view: LogView, screen: LogScreen, index: number): LogView {
	const indexes = shownIndexes(buffer, view);
	const at = indexes.indexOf(index);
	if (at < 0) return view;
	const window = logWindow(buffer, view, screen);
	if (window.lines.some(line => line.index === index)) return view;
	const margin = Math.min(3, Math.floor(window.lines.length / 3));
	return {...view, fromEnd: Math.max(0, indexes.length - 1 - at - margin), atReceived: buffer.received ?? 0};
}
