// SLO pane: availability, p95 latency and error rate against configured targets, from the service's
// SLO endpoint or from Prometheus (one PromQL query per gauge, run in parallel).
import type {PrometheusSourceConfig, SloConfig} from '../../core/config/schema.js';
import type {PaneData} from '../../core/panes.js';
import {parseSloJson} from '../../core/parsers/slo-json.js';
import {
	evaluateSlo,
	sloGaugeLabels,
	sloGauges,
	sloItem,
	sloPaneStatus,
	type SloGauge,
} from '../../core/policy/slo.js';
import {paneStatusFromLevels} from '../../core/policy/overall.js';
import {gaugeFigure} from '../../core/slo/gauge-figure.js';
import {renderPromql} from '../../core/slo/promql.js';
import {displayUrl} from '../../adapters/http-client.js';
import type {PrometheusClient} from '../../adapters/prometheus.js';
import type {Runtime} from '../runtime.js';
import type {Probe, ProbeOutcome} from './probe.js';

export const sloProbe: Probe<'slo'> = {
	pane: 'slo',
	configured: env => Boolean(env.slo),
	async collect({env, runtime}) {
		const slo = env.slo!;
		if ('prometheus' in slo.source) return collectFromPrometheus(slo, slo.source.prometheus, runtime);
		const response = await runtime.http!.get(slo.source.http);
		const where = displayUrl(response.url);
		if (response.status !== 200) throw new Error(`GET ${where} answered HTTP ${response.status}`);
		const figures = parseSloJson(response.body, where);
		const items = evaluateSlo(figures, slo);
		return {
			data: {items, window: figures.window, source: 'http'},
			status: paneStatusFromLevels(items.map(i => i.level)),
		};
	},
};

type GaugeReading = {gauge: SloGauge; value: number} | {gauge: SloGauge; error: string};

async function collectFromPrometheus(
	slo: SloConfig,
	source: PrometheusSourceConfig,
	runtime: Runtime,
): Promise<ProbeOutcome<'slo'>> {
	const client = runtime.prometheus;
	if (!client)
		throw new Error(
			'slo.source.prometheus is configured, but no Prometheus client was set up for this environment',
		);
	const configured = sloGauges.filter(g => source.queries[g.configKey]);
	const readings = await Promise.all(
		configured.map(({gauge, configKey}) =>
			readGauge(
				client,
				gauge,
				`slo.source.prometheus.queries.${configKey}`,
				source.queries[configKey]!,
				source.window,
			),
		),
	);
	const errors = readings.flatMap(r => ('error' in r ? [{gauge: r.gauge, error: r.error}] : []));
	const items = readings.flatMap(r => ('value' in r ? [sloItem(r.gauge, r.value, slo)] : []));
	// Nothing to show at all: the pane shows the error and keeps its last figures, marked stale.
	if (items.length === 0) throw new Error(everyGaugeFailed(client, errors));
	const data: PaneData['slo'] = {items, window: source.window, source: 'prometheus', errors};
	return {data, status: sloPaneStatus(data)};
}

async function readGauge(
	client: PrometheusClient,
	gauge: SloGauge,
	field: string,
	template: string,
	window: string,
): Promise<GaugeReading> {
	const promql = renderPromql(template, window);
	if (!promql.ok) return {gauge, error: `${field}: ${promql.error}`};
	try {
		const figure = gaugeFigure(await client.query(promql.query));
		return figure.ok ? {gauge, value: figure.value} : {gauge, error: figure.error};
	} catch (error) {
		return {gauge, error: (error as Error).message};
	}
}

/** One message for the pane: the server's failure once when every query met it, else each gauge's own error. */
function everyGaugeFailed(client: PrometheusClient, errors: Array<{gauge: SloGauge; error: string}>): string {
	const distinct = [...new Set(errors.map(e => e.error))];
	if (distinct.length === 1) {
		const [only] = distinct;
		return only!.includes('Prometheus at')
			? only!
			: `Prometheus at ${client.where}: ${errors.map(e => sloGaugeLabels[e.gauge]).join(', ')}: ${only}`;
	}
	return `Prometheus at ${client.where}: ${errors.map(e => `${sloGaugeLabels[e.gauge]}: ${e.error}`).join('; ')}`;
}
