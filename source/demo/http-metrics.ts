// app-web's SLO summary and Prometheus metrics, both derived from one seeded file
// (var/lib/app/slo.json) so the two views always agree.
import {readFileSync} from 'node:fs';

export interface SloFile {
	window: string;
	availability_percent: number;
	p95_latency_ms: number;
	error_rate_percent: number;
	requests: number;
	requests_per_second?: number;
	jitter?: boolean;
}

export interface BuildInfo {
	gitSha: string;
	slot: string;
	version: string;
}

const buckets = [0.1, 0.25, 0.5, 1, 2.5];

export function readSloFile(path: string): SloFile {
	return JSON.parse(readFileSync(path, 'utf8')) as SloFile;
}

/** The /api/monitoring/slo body: the file's figures, with a little jitter that never crosses a threshold. */
export function sloSummary(file: SloFile, startedAt: number, now = Date.now()) {
	const jitter = (base: number, spread: number, decimals: number) => {
		if (!file.jitter) return base;
		// Within 1% of the base, so a figure that sits between warn and crit stays there.
		const moved = Math.min(base * 1.01, Math.max(base * 0.99, base + (Math.random() * 2 - 1) * spread));
		return Number(moved.toFixed(decimals));
	};
	return {
		window: file.window,
		availability_percent: Math.min(100, jitter(file.availability_percent, 0.02, 2)),
		p95_latency_ms: jitter(file.p95_latency_ms, 10, 0),
		error_rate_percent: jitter(file.error_rate_percent, 0.02, 2),
		requests: Math.round(requestsSince(file, startedAt, now)),
		generated_at: new Date(now).toISOString(),
	};
}

/** Prometheus text exposition format 0.0.4. */
export function renderMetrics(
	file: SloFile,
	build: BuildInfo,
	lastSuccess: Map<string, Date>,
	startedAt: number,
	now = Date.now(),
): string {
	// Counters must never go down (Prometheus reads a drop as a restart and its rate jumps): each
	// series is the floor of its own steadily growing share, and the total is their sum.
	const served = requestsSince(file, startedAt, now);
	const errorShare = file.error_rate_percent / 100;
	// Of the errors, those that made the service unavailable (503) are what availability counts against; the rest are 500s.
	const unavailableShare = Math.min(errorShare, (100 - file.availability_percent) / 100);
	const unavailable = Math.floor(served * unavailableShare);
	const failed = Math.floor(served * (errorShare - unavailableShare));
	const ok = Math.floor(served * (1 - errorShare));
	const total = ok + failed + unavailable;
	const cumulative = latencyDistribution(file.p95_latency_ms / 1000);
	const lines = [
		'# HELP app_http_requests_total HTTP requests served, by status code.',
		'# TYPE app_http_requests_total counter',
		`app_http_requests_total{code="200"} ${ok}`,
		`app_http_requests_total{code="500"} ${failed}`,
		`app_http_requests_total{code="503"} ${unavailable}`,
		'# HELP app_http_request_duration_seconds HTTP request latency.',
		'# TYPE app_http_request_duration_seconds histogram',
		...buckets.map(
			(le, i) => `app_http_request_duration_seconds_bucket{le="${le}"} ${Math.round(cumulative[i]! * total)}`,
		),
		`app_http_request_duration_seconds_bucket{le="+Inf"} ${total}`,
		`app_http_request_duration_seconds_sum ${(total * (file.p95_latency_ms / 1000) * 0.42).toFixed(3)}`,
		`app_http_request_duration_seconds_count ${total}`,
		'# HELP app_build_info The release this process runs.',
		'# TYPE app_build_info gauge',
		`app_build_info{git_sha="${build.gitSha}",slot="${build.slot}",version="${build.version}"} 1`,
		'# HELP app_job_last_success_timestamp_seconds Unix time of the last successful run of each scheduled job.',
		'# TYPE app_job_last_success_timestamp_seconds gauge',
		...[...lastSuccess]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(
				([job, at]) =>
					`app_job_last_success_timestamp_seconds{job="${job}"} ${Math.floor(at.getTime() / 1000)}`,
			),
	];
	return `${lines.join('\n')}\n`;
}

// Counters grow steadily from the file's figure, as if traffic had been flowing since start-up.
function requestsSince(file: SloFile, startedAt: number, now: number): number {
	return file.requests + ((now - startedAt) / 1000) * (file.requests_per_second ?? 20);
}

/**
 * Cumulative fractions at each bucket bound such that linear interpolation inside the
 * histogram (as histogram_quantile does) puts the 95th percentile exactly at p95Seconds.
 */
function latencyDistribution(p95Seconds: number): number[] {
	const found = buckets.findIndex(bound => p95Seconds <= bound);
	const index = found < 0 ? buckets.length - 1 : found;
	const upper = buckets[index]!;
	const lower = index === 0 ? 0 : buckets[index - 1]!;
	const position = Math.min(1, (p95Seconds - lower) / (upper - lower));
	const width = Math.min(0.5, 0.045 / Math.max(0.01, 1 - position));
	const atLower = 0.95 - position * width;
	const atUpper = atLower + width;
	return buckets.map((_, i) => {
		if (i < index) return (index === 0 ? 0 : atLower) * 0.6 ** (index - 1 - i);
		if (i === index) return atUpper;
		return 1 - (1 - atUpper) * 0.3 ** (i - index);
	});
}
