// PromQL for the SLO gauges over the demo service's /metrics (http-metrics.ts): the counter
// app_http_requests_total{code} and the histogram app_http_request_duration_seconds. Shared by the
// lab's config, the docs' example and the tests, so all three ask Prometheus the same questions.
// `or vector(0)`: a sum over no series is no answer at all, and a service that never failed has no 5xx series.

/** The share of requests the service was there to answer: only 502/503/504 (unavailable) count against it. */
export const demoAvailabilityQuery =
	'100 * (1 - (sum(rate(app_http_requests_total{code=~"502|503|504"}[$window])) or vector(0)) / sum(rate(app_http_requests_total[$window])))';

/** The 95th percentile of request latency, in ms, from the histogram's buckets. */
export const demoP95MsQuery =
	'1000 * histogram_quantile(0.95, sum by (le) (rate(app_http_request_duration_seconds_bucket[$window])))';

/** The share of requests answered with any 5xx, in percent. */
export const demoErrorRateQuery =
	'100 * (sum(rate(app_http_requests_total{code=~"5.."}[$window])) or vector(0)) / sum(rate(app_http_requests_total[$window]))';

/** slo.source.prometheus.queries for the demo's metrics. */
export const demoPrometheusQueries = {
	availability: demoAvailabilityQuery,
	p95Ms: demoP95MsQuery,
	errorRatePercent: demoErrorRateQuery,
} as const;
