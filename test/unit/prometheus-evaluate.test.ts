// From a gauge's samples to the pane: one number is the figure, anything else that gauge's error;
// figures meet the same thresholds as the HTTP source; a gauge error makes the pane at least a warning.
import {describe, expect, it} from 'vitest';
import {gaugeFigure} from '../../source/core/slo/gauge-figure.js';
import {evaluateSlo, sloItem, sloPaneStatus} from '../../source/core/policy/slo.js';
import type {SloConfig} from '../../source/core/config/schema.js';

const config: SloConfig = {
	source: {http: '/slo'},
	availability: {target: 99.5, warn: 99.0, crit: 98.0},
	p95Ms: {target: 500, warn: 800, crit: 1500},
	errorRatePercent: {target: 1, warn: 2, crit: 5},
};
const sample = (value: number, labels: Record<string, string> = {}) => ({labels, value, at: 0});

describe('a gauge figure from its samples', () => {
	it('is the one sample, labels or not', () => {
		expect(gaugeFigure([sample(99.62, {job: 'app-web'})])).toEqual({ok: true, value: 99.62});
		expect(gaugeFigure([sample(0)])).toEqual({ok: true, value: 0});
	});

	it('says what is wrong otherwise', () => {
		expect(gaugeFigure([])).toEqual({ok: false, error: 'no data (the query returned no series)'});
		expect(
			gaugeFigure([sample(1, {code: '200'}), sample(2, {code: '500'}), sample(3, {code: '503'})]),
		).toEqual({ok: false, error: '3 series: aggregate the query (sum, max...) to one'});
		expect(gaugeFigure([sample(Number.NaN)])).toEqual({
			ok: false,
			error: 'no data (NaN: no requests in the window?)',
		});
		expect(gaugeFigure([sample(Number.POSITIVE_INFINITY)])).toMatchObject({
			ok: false,
			error: expect.stringMatching(/^\+Inf \(a division by zero/),
		});
		expect(gaugeFigure([sample(Number.NEGATIVE_INFINITY)])).toMatchObject({
			ok: false,
			error: expect.stringMatching(/^-Inf/),
		});
	});
});

describe('gauge items', () => {
	it('use the thresholds the HTTP source uses, in both directions', () => {
		const fromHttp = evaluateSlo({availabilityPercent: 98.9, p95Ms: 1600, errorRatePercent: 2.4}, config);
		expect([
			sloItem('availability', 98.9, config),
			sloItem('p95', 1600, config),
			sloItem('errorRate', 2.4, config),
		]).toEqual(fromHttp);
		expect(fromHttp.map(i => [i.name, i.label, i.unit, i.level])).toEqual([
			['availability', 'availability', '%', 'warning'],
			['p95', 'p95', 'ms', 'critical'],
			['errorRate', 'errors', '%', 'warning'],
		]);
		expect(sloItem('availability', 97.9, config).level).toBe('critical');
		expect(sloItem('p95', 800, config).level).toBe('ok'); // at the threshold has not crossed it
	});
});

describe('the pane status', () => {
	it('is the worst gauge, and at least a warning when a gauge could not be read', () => {
		const ok = sloItem('availability', 99.9, config);
		const critical = sloItem('p95', 2000, config);
		expect(sloPaneStatus({items: [ok]})).toBe('ok');
		expect(sloPaneStatus({items: [ok], errors: []})).toBe('ok');
		expect(
			sloPaneStatus({items: [ok], errors: [{gauge: 'p95', error: 'no data (the query returned no series)'}]}),
		).toBe('warning');
		expect(sloPaneStatus({items: [ok, critical], errors: [{gauge: 'errorRate', error: 'bad query'}]})).toBe(
			'critical',
		);
	});
});
