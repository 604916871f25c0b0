// The demo's pure parts: systemd time formats, the SLO jitter that must never cross a threshold,
// metrics whose histogram puts p95 where the SLO says, and the seed's stuck jobs.
import {describe, expect, test} from 'vitest';
import {expectSeededSloBands} from './support/seeded-slo.js';
import {renderMetrics, sloSummary, type SloFile} from '../source/demo/http-metrics.js';
import {parseEnvFile} from '../source/demo/env-file.js';
import {demoDatabaseScript} from '../source/demo/seed-data.js';
import {formatRelativeAgo, formatSyslogTime, formatSystemdTimestamp} from '../source/demo/systemd-format.js';

const seed: SloFile = {
	window: '1h',
	availability_percent: 99.62,
	p95_latency_ms: 420,
	error_rate_percent: 2.4,
	requests: 12_840,
	jitter: true,
};

describe('systemd formats', () => {
	const at = Date.UTC(2026, 10, 23, 3, 56, 28);
	test('timestamps are systemd-style and always UTC', () => {
		expect(formatSystemdTimestamp(at)).toBe('Mon 2026-11-23 03:56:28 UTC');
		expect(formatSyslogTime(at)).toBe('Nov 23 03:56:28');
	});
	test('relative ages read like systemctl status', () => {
		expect(formatRelativeAgo(at - 5000, at)).toBe('5s ago');
		expect(formatRelativeAgo(at - 125_000, at)).toBe('2min 5s ago');
		expect(formatRelativeAgo(at - 3 * 3_600_000 - 12 * 60_000, at)).toBe('3h 12min ago');
		expect(formatRelativeAgo(at - 50 * 3_600_000, at)).toBe('2 days 2h ago');
	});
});

describe('SLO and metrics', () => {
	test('jitter never moves a figure out of its band', () => {
		for (let i = 0; i < 2000; i++) {
			const slo = sloSummary(seed, Date.now());
			expectSeededSloBands(slo);
		}
	});

	test('the histogram puts the 95th percentile at the SLO p95 (as histogram_quantile interpolates)', () => {
		const text = renderMetrics(
			seed,
			{gitSha: 'a'.repeat(40), slot: 'blue', version: '2026.11.2'},
			new Map(),
			Date.now() - 60_000,
		);
		const buckets = [...text.matchAll(/_bucket\{le="([^"]+)"\} (\d+)/g)].map(
			([, le, count]) => [le === '+Inf' ? Infinity : Number(le), Number(count)] as const,
		);
		const total = buckets.at(-1)![1];
		const rank = 0.95 * total;
		const index = buckets.findIndex(([, count]) => count >= rank);
		const [upper, upperCount] = buckets[index]!;
		const [lower, lowerCount] = index > 0 ? buckets[index - 1]! : [0, 0];
		const p95 = lower + ((upper - lower) * (rank - lowerCount)) / (upperCount - lowerCount);
		expect(p95 * 1000).toBeGreaterThan(410);
		expect(p95 * 1000).toBeLessThan(430);
		for (let i = 1; i < buckets.length; i++)
			expect(buckets[i]![1]).toBeGreaterThanOrEqual(buckets[i - 1]![1]);
	});
});

describe('seed data', () => {
	test('the SQL script holds three stuck jobs and one young processing job', () => {
		const script = demoDatabaseScript(new Date());
		expect(script.match(/'processing'/g)).toHaveLength(4);
		expect(script).toMatch(/\(4411, '[a-z_]+', 'processing'/);
		expect(script.trimEnd().endsWith('COMMIT;')).toBe(true);
	});

	test('env files parse as systemd reads them', () => {
		expect(parseEnvFile('# comment\nPORT=8080\n\nTOKEN="abc"\nbroken line\n')).toEqual({
			PORT: '8080',
			TOKEN: 'abc',
		});
	});
});
