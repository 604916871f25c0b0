// SLO figures against the configured targets and thresholds.
import type {SloConfig} from '../config/schema.js';
import type {SloFigures} from '../parsers/slo-json.js';
import type {PaneData, PaneStatus, SloItem} from '../panes.js';
import {levelHigherIsBetter, levelLowerIsBetter, worstLevel} from '../levels.js';

export type SloGauge = SloItem['name'];

/** The gauges in pane order, with the config key each one's thresholds (and Prometheus query) live under. */
export const sloGauges = [
	{gauge: 'availability', configKey: 'availability'},
	{gauge: 'p95', configKey: 'p95Ms'},
	{gauge: 'errorRate', configKey: 'errorRatePercent'},
] as const satisfies ReadonlyArray<{
	gauge: SloGauge;
	configKey: 'availability' | 'p95Ms' | 'errorRatePercent';
}>;

/** The gauge as the pane labels its row (and its error). */
export const sloGaugeLabels: Record<SloGauge, string> = {
	availability: 'availability',
	p95: 'p95',
	errorRate: 'errors',
};

export function evaluateSlo(figures: SloFigures, config: SloConfig): SloItem[] {
	return [
		sloItem('availability', figures.availabilityPercent, config),
		sloItem('p95', figures.p95Ms, config),
		sloItem('errorRate', figures.errorRatePercent, config),
	];
}

/** One gauge's figure as a pane item: availability higher is better, p95 (ms) and error rate (%) lower is better. */
export function sloItem(gauge: SloGauge, value: number, config: SloConfig): SloItem {
	const item = levelledItem(gauge, value, config);
	// Availability meets a target of 99.5 at 99.5 (>=); latency and errors must stay under theirs (<).
	const missed = item.higherIsBetter ? value < item.target : value >= item.target;
	return {...item, offTarget: item.level === 'ok' && missed};
}

function levelledItem(gauge: SloGauge, value: number, config: SloConfig): Omit<SloItem, 'offTarget'> {
	switch (gauge) {
		case 'availability':
			return {
				name: 'availability',
				label: sloGaugeLabels.availability,
				value,
				unit: '%',
				...config.availability,
				higherIsBetter: true,
				level: levelHigherIsBetter(value, config.availability),
			};
		case 'p95':
			return {
				name: 'p95',
				label: sloGaugeLabels.p95,
				value,
				unit: 'ms',
				...config.p95Ms,
				higherIsBetter: false,
				level: levelLowerIsBetter(value, config.p95Ms),
			};
		default:
			return {
				name: 'errorRate',
				label: sloGaugeLabels.errorRate,
				value,
				unit: '%',
				...config.errorRatePercent,
				higherIsBetter: false,
				level: levelLowerIsBetter(value, config.errorRatePercent),
			};
	}
}

/** Worst of the gauges; a gauge that could not be read makes it at least a warning (a blind spot is not "ok"). */
export function sloPaneStatus(data: PaneData['slo']): PaneStatus {
	const levels = data.items.map(i => i.level);
	if ((data.errors ?? []).length > 0) levels.push('warning');
	return worstLevel(levels);
}
