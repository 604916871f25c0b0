// SLO figures against the configured targets and thresholds.
import type {SloConfig} from '../config/schema.js';
import type {SloFigures} from '../parsers/slo-json.js';
import type {SloItem} from '../panes.js';
import {levelHigherIsBetter, levelLowerIsBetter} from '../levels.js';

export function evaluateSlo(figures: SloFigures, config: SloConfig): SloItem[] {
	const {availability, p95Ms, errorRatePercent} = config;
	return [
		{name: 'availability', label: 'availability', value: figures.availabilityPercent, unit: '%', ...availability, higherIsBetter: true, level: levelHigherIsBetter(figures.availabilityPercent, availability)},
		{name: 'p95', label: 'p95', value: figures.p95Ms, unit: 'ms', ...p95Ms, higherIsBetter: false, level: levelLowerIsBetter(figures.p95Ms, p95Ms)},
		{name: 'errorRate', label: 'errors', value: figures.errorRatePercent, unit: '%', ...errorRatePercent, higherIsBetter: false, level: levelLowerIsBetter(figures.errorRatePercent, errorRatePercent)},
	];
}
