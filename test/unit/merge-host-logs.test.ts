// A service's logs from many hosts as one buffer (core/log-view/merge-hosts.ts): prefixed with their
// host, interleaved by time, each host's own order kept, sanitised, bounded.
import {describe, expect, it} from 'vitest';
import {lineTime, linesPerHost, mergeHostLogs} from '../../source/core/log-view/merge-hosts.js';
import {withoutTimestamp} from '../../source/core/log-view/log-text.js';

describe("merging hosts' logs", () => {
	it('interleaves journald lines by time, each after its host, a traceback kept with its error', () => {
		const merged = mergeHostLogs(
			[
				{
					host: 'app-07',
					lines: [
						'Dec 04 20:00:01 app-07 api[812]: started',
						'Dec 04 20:00:05 app-07 api[812]: Traceback (most recent call last):',
						'  File "api.py", line 3, in <module>',
						'Dec 04 20:00:09 app-07 api[812]: stopped',
					],
				},
				{
					host: 'app-1',
					lines: ['Dec 04 20:00:03 app-1 api[9]: ready', 'Dec 04 20:00:06 app-1 api[9]: GET /'],
				},
			],
			100,
		);
		expect(merged).toEqual([
			'app-07 │ Dec 04 20:00:01 app-07 api[812]: started',
			'app-1  │ Dec 04 20:00:03 app-1 api[9]: ready',
			'app-07 │ Dec 04 20:00:05 app-07 api[812]: Traceback (most recent call last):',
			'app-07 │   File "api.py", line 3, in <module>',
			'app-1  │ Dec 04 20:00:06 app-1 api[9]: GET /',
			'app-07 │ Dec 04 20:00:09 app-07 api[812]: stopped',
		]);
		// t (timestamps off) still finds the time behind the host's prefix.
		expect(withoutTimestamp(merged[1]!)).toBe('app-1  │ app-1 api[9]: ready');
	});

	it('reads ISO times with zones and compose prefixes; logs across New Year stay in order', () => {
		expect(lineTime('2026-12-04T20:00:00+01:00 x')!.seconds).toBe(
			lineTime('2026-12-04T19:00:00Z y')!.seconds,
		);
		expect(lineTime('api-1  | 2026-12-04T19:00:00.5Z x')!.seconds).toBe(
			lineTime('2026-12-04 19:00:00 y')!.seconds + 0.5,
		);
		expect(lineTime('no time here')).toBeUndefined();
		const merged = mergeHostLogs(
			[
				{host: 'a', lines: ['Dec 31 23:59:58 a: old', 'Jan 01 00:00:02 a: new year']},
				{host: 'b', lines: ['Dec 31 23:59:59 b: between']},
			],
			100,
		);
		expect(merged).toEqual([
			'a │ Dec 31 23:59:58 a: old',
			'b │ Dec 31 23:59:59 b: between',
			'a │ Jan 01 00:00:02 a: new year',
		]);
	});

	it("a host's own order is kept when its clock steps back; hosts with no times keep their blocks", () => {
		expect(
			mergeHostLogs(
				[
					{host: 'a', lines: ['plain one', 'plain two']},
					{host: 'b', lines: ['Dec 04 20:00:05 b: later', 'Dec 04 20:00:01 b: clock stepped back']},
				],
				100,
			),
		).toEqual([
			'a │ plain one',
			'a │ plain two',
			'b │ Dec 04 20:00:05 b: later',
			'b │ Dec 04 20:00:01 b: clock stepped back',
		]);
	});

	it('says which host gave nothing and why, shows control characters, keeps the newest lines within the bound', () => {
		const merged = mergeHostLogs(
			[
				{host: 'app-17', lines: [], error: 'connect ETIMEDOUT\u001b[2J'},
				{
					host: 'app-01',
					lines: [
						'Dec 04 20:00:01 api: \u001b]0;pwned\u0007title',
						'Dec 04 20:00:02 api: b',
						'Dec 04 20:00:03 api: c',
					],
				},
			],
			3,
		);
		expect(merged).toHaveLength(3);
		expect(merged.at(-1)).toBe('app-01 │ Dec 04 20:00:03 api: c');
		expect(mergeHostLogs([{host: 'x', lines: ['\u001b]0;pwned\u0007t']}], 10)[0]).toBe('x │ ␛]0;pwned␇t');
		expect(mergeHostLogs([{host: 'app-17', lines: [], error: 'connect ETIMEDOUT\u001b[2J'}], 10)).toEqual([
			'app-17 │ [pg-ops: no logs from this host: connect ETIMEDOUT␛[2J]',
		]);
		for (const line of merged) expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
	});

	it('asks each host for its share of the bound', () => {
		expect(linesPerHost(200, 40, 20_000)).toBe(200);
		expect(linesPerHost(800, 40, 20_000)).toBe(500);
		expect(linesPerHost(200, 1000, 20_000)).toBe(20);
		expect(linesPerHost(200, 50_000, 20_000)).toBe(1);
	});
});
