// The log viewer's pure state (core/log-view/): the window from the newest line up, wrapping rows,
// the place kept as lines arrive or older ones are fetched, search parts and timestamps.
import {describe, expect, it} from 'vitest';
import {initialLogView, logWindow, scrollLog, type LogView} from '../../source/core/log-view/log-view.js';
import {matchParts, nextMatch, withoutTimestamp} from '../../source/core/log-view/log-text.js';

const numbered = (count: number, from = 1) => Array.from({length: count}, (_, i) => `line ${i + from}`);
const screen = {rows: 5, width: 20};

describe('the window', () => {
	it('starts at the newest line; up and down move it, never past either end', () => {
		const buffer = {lines: numbered(50)};
		let view = initialLogView();
		expect(logWindow(buffer, view, screen)).toMatchObject({above: 45, below: 0, total: 50});
		view = scrollLog(buffer, view, screen, {kind: 'line', by: 1}).view;
		expect(view.fromEnd).toBe(0);
		view = scrollLog(buffer, view, screen, {kind: 'page', by: -1}).view;
		expect(logWindow(buffer, view, screen)).toMatchObject({above: 41, below: 4});
		const top = scrollLog(buffer, view, screen, {kind: 'top'});
		expect(logWindow(buffer, top.view, screen).lines.map(l => l.text)).toEqual(numbered(5));
		expect(top.wantsOlder).toBe(false);
		// Up again at the top: the caller is asked for older lines.
		expect(scrollLog(buffer, top.view, screen, {kind: 'line', by: -1}).wantsOlder).toBe(true);
	});

	it('a wrapped line takes its rows; the last line always shows', () => {
		const buffer = {lines: ['short', 'x'.repeat(50), 'y'.repeat(500)]};
		const wrapped = logWindow(buffer, initialLogView(), screen);
		expect(wrapped.lines).toEqual([{index: 2, text: 'y'.repeat(500), rows: 5}]);
		const cut = logWindow(buffer, {...initialLogView(), wrap: false}, screen);
		expect(cut.lines.map(l => l.rows)).toEqual([1, 1, 1]);
	});

	it('keeps the place when older lines arrive at the top, and when new ones are appended below it', () => {
		const view: LogView = {...initialLogView(), fromEnd: 10, atReceived: 100};
		const shown = (buffer: {lines: string[]; received?: number}) =>
			logWindow(buffer, view, screen).lines.map(l => l.text);
		const before = shown({lines: numbered(50, 51), received: 100});
		expect(shown({lines: numbered(100, 1), received: 100})).toEqual(before); // -n grown: 50 older lines
		expect(shown({lines: numbered(53, 51), received: 103})).toEqual(before); // 3 followed lines arrived
	});

	it('the filter shows only matching lines', () => {
		const buffer = {lines: ['a ok', 'b ERROR', 'c ok', 'd error']};
		const view = {...initialLogView(), query: 'error', filter: true};
		expect(logWindow(buffer, view, screen).lines.map(l => l.index)).toEqual([1, 3]);
	});
});

describe('line text', () => {
	it('search is case-insensitive unless the query has a capital; parts mark the matches', () => {
		expect(matchParts('an Error and an error', 'error')).toEqual([
			{text: 'an ', match: false},
			{text: 'Error', match: true},
			{text: ' and an ', match: false},
			{text: 'error', match: true},
		]);
		expect(matchParts('an Error and an error', 'Error').filter(p => p.match)).toHaveLength(1);
		expect(nextMatch(['x', 'err', 'y', 'err'], 'err', 3, -1)).toBe(1);
		expect(nextMatch(['x', 'err', 'y', 'err'], 'err', 1, -1)).toBe(3); // wraps round
		expect(nextMatch(['x'], 'err', 0, 1)).toBeUndefined();
	});

	it("timestamps off: journald's, ISO 8601's, after compose's and a fleet's prefix", () => {
		expect(withoutTimestamp('Nov 23 04:00:03 demo app-web[812]: GET /')).toBe('demo app-web[812]: GET /');
		expect(withoutTimestamp('2026-12-04T17:00:00.123456789Z started')).toBe('started');
		expect(withoutTimestamp('api-1  | 2026-12-04T17:00:00+01:00 started')).toBe('api-1  | started');
		expect(withoutTimestamp('app-07 │ Dec  4 17:00:00 app-07 api[1]: x')).toBe('app-07 │ app-07 api[1]: x');
		expect(withoutTimestamp('no time here')).toBe('no time here');
	});
});
