// parseVisibleJson (core/safe-text.ts): JSON text parsed with every string made visible, as
// visibleJson(JSON.parse(text)) does, without walking text that cannot hold a hidden character;
// and a vector answer read by hand (core/parsers/prometheus-json.ts) as zod reads it.
import {describe, expect, it} from 'vitest';
import {parseVisibleJson, visibleJson} from '../../source/core/safe-text.js';
import {parsePrometheusAnswer} from '../../source/core/parsers/prometheus-json.js';

const attacks = [
	'\u001b]0;owned\u0007',
	'\u001b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u0007',
	'ok\u001b[8mhidden',
	'line\r\noverdrawn',
	'tab\there',
	'\u202eevil',
	'del\u007f',
	'c1\u009b31m',
	'zero\u200bwidth',
	'tag\u{e0041}',
];

describe('parseVisibleJson', () => {
	it('makes every attack visible in values and keys, whether JSON escapes it or carries it raw', () => {
		for (const attack of attacks) {
			// JSON.stringify escapes C0 controls and leaves DEL, C1, U+202E and the rest raw; a server may also escape those.
			const raw = JSON.stringify({[attack]: [attack, {label: attack}]});
			const escaped = raw.replace(/[^\x20-\x7e]/gu, c =>
				[...c].length === 1 && c.length === 1
					? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
					: c
							.split('')
							.map(unit => `\\u${unit.charCodeAt(0).toString(16)}`)
							.join(''),
			);
			for (const text of [escaped, raw]) {
				const parsed = parseVisibleJson(text);
				expect(parsed).toEqual(visibleJson(JSON.parse(text)));
				expect(JSON.stringify(parsed)).not.toMatch(/\\u00[01]|\\u007f|[\u007f-\u009f\u200b\u202e]/);
			}
		}
	});

	it('gives plain text as JSON.parse does (nothing to replace), escaped quotes and backslashes included', () => {
		const text = JSON.stringify({
			status: 'success',
			data: {result: [{metric: {host: 'app-001', path: 'C:\\logs "x"'}, value: [1.5, '1']}]},
		});
		expect(parseVisibleJson(text)).toEqual(JSON.parse(text));
	});

	it('throws on text that is not JSON, as JSON.parse does', () => {
		expect(() => parseVisibleJson('<html>')).toThrow(SyntaxError);
	});
});

describe('a vector read by hand', () => {
	const source = 'Prometheus at http://prom:9090';
	const answer = (result: unknown) => ({status: 'success', data: {resultType: 'vector', result}});

	it('gives the same samples as before: labels, value (NaN, +Inf), time in ms', () => {
		const result = Array.from({length: 3}, (_, i) => ({
			metric: {host: `app-00${i}`, name: 'app-api.service'},
			value: [1_764_000_000.5 + i, ['1', 'NaN', '+Inf'][i]],
		}));
		expect(parsePrometheusAnswer(answer(result), source)).toEqual({
			ok: true,
			resultType: 'vector',
			samples: [
				{labels: {host: 'app-000', name: 'app-api.service'}, value: 1, at: 1_764_000_000_500},
				{labels: {host: 'app-001', name: 'app-api.service'}, value: Number.NaN, at: 1_764_000_001_500},
				{labels: {host: 'app-002', name: 'app-api.service'}, value: Infinity, at: 1_764_000_002_500},
			],
			warnings: [],
		});
	});

	it('words an element of another shape as zod always did', () => {
		expect(() => parsePrometheusAnswer(answer([{metric: {host: 1}, value: [1, '1']}]), source)).toThrow(
			/unexpected JSON from Prometheus at http:\/\/prom:9090/,
		);
		expect(() => parsePrometheusAnswer(answer([{metric: {}, value: [1, 2]}]), source)).toThrow(
			/unexpected JSON/,
		);
		expect(() => parsePrometheusAnswer(answer([{metric: {}, histogram: [1, {}]}]), source)).toThrow(
			/native histogram/,
		);
		expect(() => parsePrometheusAnswer(answer([{metric: {}, value: [1, 'x']}]), source)).toThrow(
			/not a number/,
		);
	});
});
