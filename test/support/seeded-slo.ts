// The demo's seeded SLO figures stay in these bands, jitter and all: only the error rate is past its warning (2%).
import {expect} from 'vitest';

export function expectSeededSloBands(slo: {
	availability_percent: number;
	p95_latency_ms: number;
	error_rate_percent: number;
}): void {
	expect(slo.availability_percent).toBeGreaterThanOrEqual(99.5);
	expect(slo.availability_percent).toBeLessThanOrEqual(99.8);
	expect(slo.p95_latency_ms).toBeGreaterThanOrEqual(400);
	expect(slo.p95_latency_ms).toBeLessThanOrEqual(460);
	expect(slo.error_rate_percent).toBeGreaterThanOrEqual(2.3);
	expect(slo.error_rate_percent).toBeLessThanOrEqual(2.5);
}
