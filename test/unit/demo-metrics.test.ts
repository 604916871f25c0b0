import {describe, expect, it} from 'vitest';
import {renderMetrics, type SloFile} from '../../source/demo/http-metrics.js';

const file: SloFile = {
	window: '1h',
	availability_percent: 99.62,
	p95_latency_ms: 420,
	error_rate_percent: 2.4,
	requests: 1000,
	requests_per_second: 20,
};
const build = {gitSha: 'a'.repeat(40), slot: 'blue', version: '2026.11.2'};

function samples(text: string): Map<string, number> {
	return new Map(
		text
			.split('\n')
			.filter(line => line && !line.startsWith('#'))
			.map(line => [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))]),
	);
}

describe("the demo's /metrics", () => {
	it('never lets a counter go down between scrapes (Prometheus would read a reset, and its rates jump)', () => {
		const started = 0;
		let previous = samples(renderMetrics(file, build, new Map(), started, started));
		// Scrapes at uneven gaps, some closer together than one request.
		for (let now = 7; now < 120_000; now += 7 + (now % 13) * 11) {
			const current = samples(renderMetrics(file, build, new Map(), started, now));
			for (const [series, value] of current)
				if (series.startsWith('app_http_request'))
					expect(value, `${series} at ${now} ms`).toBeGreaterThanOrEqual(previous.get(series)!);
			previous = current;
		}
	});

	it('serves the seeded shares: 2.4% errors, of which the 0.38% unavailable as 503', () => {
		const s = samples(renderMetrics(file, build, new Map(), 0, 3_600_000));
		const total = s.get('app_http_request_duration_seconds_count')!;
		expect(
			(s.get('app_http_requests_total{code="500"}')! + s.get('app_http_requests_total{code="503"}')!) / total,
		).toBeCloseTo(0.024, 3);
		expect(s.get('app_http_requests_total{code="503"}')! / total).toBeCloseTo(0.0038, 3);
		expect(
			s.get('app_http_requests_total{code="200"}')! +
				s.get('app_http_requests_total{code="500"}')! +
				s.get('app_http_requests_total{code="503"}')!,
		).toBe(total);
	});
});
