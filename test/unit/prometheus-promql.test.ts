// A gauge's PromQL before it is sent: $window replaced, mistakes a parser would refuse caught here.
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../source/core/config/parse.js';
import {promDuration, renderPromql} from '../../source/core/slo/promql.js';
import {demoPrometheusQueries} from '../../source/demo/prometheus-queries.js';

describe('$window', () => {
	it('is replaced everywhere, also as ${window}, by the window in Prometheus duration form', () => {
		expect(renderPromql('sum(rate(x[$window])) / sum(rate(y[${window}]))', '5m')).toEqual({
			ok: true,
			query: 'sum(rate(x[5m])) / sum(rate(y[5m]))',
		});
		expect(renderPromql('rate(x[$window])', '1.5h')).toEqual({ok: true, query: 'rate(x[1h30m])'});
		expect(renderPromql('rate(x[$window])', '90s')).toEqual({ok: true, query: 'rate(x[1m30s])'});
		expect(renderPromql('rate(x[$window])', '1d')).toEqual({ok: true, query: 'rate(x[1d])'});
	});

	it('leaves a longer name alone (and says it is unknown)', () => {
		expect(renderPromql('rate(x[$windowed])', '5m')).toEqual({
			ok: false,
			error: 'unknown variable $windowed at character 8 (only $window is replaced)',
		});
	});

	it('refuses a window that is not a duration', () => {
		expect(renderPromql('up', 'soon')).toEqual({
			ok: false,
			error: 'the window "soon" is not a duration such as 5m or 1h',
		});
		expect(promDuration('0s')).toBeUndefined();
		expect(promDuration('2h30m')).toBe('2h30m');
	});

	it('makes every demo query a complete one', () => {
		for (const template of Object.values(demoPrometheusQueries)) {
			const result = renderPromql(template, '5m');
			expect(result.ok).toBe(true);
			expect(result.ok && result.query).not.toContain('$');
			expect(result.ok && result.query).toContain('[5m]');
		}
	});

	it("are the queries of docs/CONFIG.md's example, which is a valid slo section", () => {
		const doc = readFileSync('docs/CONFIG.md', 'utf8');
		const example = doc.split('#### `slo.source.prometheus`')[1]!.split('```yaml\n')[1]!.split('```')[0]!;
		const yaml = `environments:\n  x:\n    transport: local\n${example
			.split('\n')
			.map(line => `    ${line}`)
			.join('\n')}`;
		const slo = parseConfig(yaml, 'CONFIG.md').environments.x!.slo!;
		expect('prometheus' in slo.source && slo.source.prometheus.queries).toEqual(demoPrometheusQueries);
	});
});

describe('checks before sending', () => {
	it('names a Grafana variable pasted along', () => {
		expect(renderPromql('rate(x[$__rate_interval])', '5m')).toEqual({
			ok: false,
			error: 'unknown variable $__rate_interval at character 8 (only $window is replaced)',
		});
		expect(renderPromql('up{job="$job"} + rate(x[${interval}])', '5m')).toMatchObject({
			ok: false,
			error: 'unknown variable $interval at character 25 (only $window is replaced)',
		});
	});

	it('accepts $ inside strings (a regex anchor) and comments', () => {
		expect(renderPromql('sum(rate(x{path=~"/api/.*$"}[$window])) # cost $ per request', '5m')).toEqual({
			ok: true,
			query: 'sum(rate(x{path=~"/api/.*$"}[5m])) # cost $ per request',
		});
		expect(renderPromql("up{a='it\\'s$'}", '5m')).toMatchObject({ok: true});
		expect(renderPromql('up{a=`C:\\$`}', '5m')).toMatchObject({ok: true});
	});

	it('finds unbalanced brackets and unclosed strings, with where', () => {
		expect(renderPromql('sum(rate(x[5m])', '5m')).toEqual({
			ok: false,
			error: '"(" at character 4 is not closed',
		});
		expect(renderPromql('sum(x))', '5m')).toEqual({ok: false, error: '")" at character 7 closes nothing'});
		expect(renderPromql('sum(x{a="b")}', '5m')).toEqual({
			ok: false,
			error: '")" at character 12 does not close "{" from character 6',
		});
		expect(renderPromql('x{a="b}', '5m')).toEqual({
			ok: false,
			error: 'a string opened at character 5 is not closed',
		});
		expect(renderPromql('  ', '5m')).toEqual({ok: false, error: 'the query is empty'});
	});
});
