// The /api/v1/query answer: vectors, scalars, Prometheus' error body, NaN and infinities, and JSON that is no answer.
import {describe, expect, it} from 'vitest';
import {parsePrometheusAnswer, parsePromValue} from '../../source/core/parsers/prometheus-json.js';

const source = 'Prometheus at http://prom:9090';

describe('a Prometheus query answer', () => {
	it('reads a vector: labels, the value as a number, the time in ms', () => {
		const body = {
			status: 'success',
			data: {resultType: 'vector', result: [{metric: {job: 'app-web'}, value: [1_764_000_000.123, '99.62']}]},
		};
		expect(parsePrometheusAnswer(body, source)).toEqual({
			ok: true,
			resultType: 'vector',
			samples: [{labels: {job: 'app-web'}, value: 99.62, at: 1_764_000_000_123}],
			warnings: [],
		});
	});

	it('reads an empty vector and several series as they are (what they mean is decided elsewhere)', () => {
		const empty = parsePrometheusAnswer(
			{status: 'success', data: {resultType: 'vector', result: []}},
			source,
		);
		expect(empty).toMatchObject({ok: true, samples: []});
		const two = parsePrometheusAnswer(
			{
				status: 'success',
				data: {
					resultType: 'vector',
					result: [
						{metric: {code: '200'}, value: [1, '10']},
						{metric: {code: '500'}, value: [1, '2']},
					],
				},
			},
			source,
		);
		expect(two.ok && two.samples.map(s => [s.labels.code, s.value])).toEqual([
			['200', 10],
			['500', 2],
		]);
	});

	it('reads a scalar as one sample without labels, and keeps warnings', () => {
		const body = {
			status: 'success',
			data: {resultType: 'scalar', result: [1_764_000_000, '420.5']},
			warnings: ['PromQL info: metric might not be a counter'],
		};
		expect(parsePrometheusAnswer(body, source)).toEqual({
			ok: true,
			resultType: 'scalar',
			samples: [{labels: {}, value: 420.5, at: 1_764_000_000_000}],
			warnings: ['PromQL info: metric might not be a counter'],
		});
	});

	it('keeps NaN and the infinities as numbers', () => {
		const body = {
			status: 'success',
			data: {
				resultType: 'vector',
				result: [
					{metric: {}, value: [1, 'NaN']},
					{metric: {a: '1'}, value: [1, '+Inf']},
					{metric: {a: '2'}, value: [1, '-Inf']},
					{metric: {a: '3'}, value: [1, '1e-3']},
				],
			},
		};
		const answer = parsePrometheusAnswer(body, source);
		expect(answer.ok && answer.samples.map(s => s.value)).toEqual([
			Number.NaN,
			Number.POSITIVE_INFINITY,
			Number.NEGATIVE_INFINITY,
			0.001,
		]);
	});

	it("returns Prometheus' own error: its type and text", () => {
		const body = {
			status: 'error',
			errorType: 'bad_data',
			error: 'invalid parameter "query": 1:5: parse error: unexpected "}"',
		};
		expect(parsePrometheusAnswer(body, source)).toEqual({
			ok: false,
			errorType: 'bad_data',
			error: 'invalid parameter "query": 1:5: parse error: unexpected "}"',
		});
	});

	it('refuses a range vector, a string and a native histogram with what to do instead', () => {
		expect(() =>
			parsePrometheusAnswer({status: 'success', data: {resultType: 'matrix', result: []}}, source),
		).toThrow(/range vector .* rate\(\) or avg_over_time\(\)/);
		expect(() =>
			parsePrometheusAnswer({status: 'success', data: {resultType: 'string', result: [1, 'x']}}, source),
		).toThrow('returns a string, not a number');
		expect(() =>
			parsePrometheusAnswer(
				{
					status: 'success',
					data: {resultType: 'vector', result: [{metric: {}, histogram: [1, {count: '3'}]}]},
				},
				source,
			),
		).toThrow(/native histogram.*histogram_quantile/);
	});

	it('names the source and the bad field for JSON that is not an answer', () => {
		expect(() => parsePrometheusAnswer({hello: 'world'}, source)).toThrow(
			/^unexpected JSON from Prometheus at http:\/\/prom:9090 at status: expected a query answer/,
		);
		expect(() =>
			parsePrometheusAnswer(
				{status: 'success', data: {resultType: 'vector', result: [{metric: {}, value: [1, 2]}]}},
				source,
			),
		).toThrow(/at 0\.value\.1: expected a vector of \{metric, value\}/);
		expect(() =>
			parsePrometheusAnswer(
				{status: 'success', data: {resultType: 'vector', result: [{metric: {}, value: [1, 'lots']}]}},
				source,
			),
		).toThrow('a sample value that is not a number ("lots")');
		expect(() =>
			parsePrometheusAnswer({status: 'success', data: {resultType: 'heatmap', result: []}}, source),
		).toThrow('at data.resultType: expected vector or scalar');
		expect(() => parsePrometheusAnswer('<html>', source)).toThrow(/unexpected JSON from Prometheus/);
	});
});

describe('Prometheus number text', () => {
	it("reads Go's float formatting and nothing else", () => {
		expect(parsePromValue('0.9762')).toBe(0.9762);
		expect(parsePromValue('-3')).toBe(-3);
		expect(parsePromValue('6.02e+23')).toBe(6.02e23);
		expect(parsePromValue('Inf')).toBe(Number.POSITIVE_INFINITY);
		expect(parsePromValue('')).toBeUndefined();
		expect(parsePromValue('0x10')).toBeUndefined();
		expect(parsePromValue('12abc')).toBeUndefined();
	});
});
