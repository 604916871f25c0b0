// What one SLO gauge's query answer means: one number is the figure; no series, several series,
// NaN or an infinity are that gauge's error, in words that say what to change.
import type {PromSample} from '../parsers/prometheus-json.js';

export type GaugeFigure = {ok: true; value: number} | {ok: false; error: string};

export function gaugeFigure(samples: PromSample[]): GaugeFigure {
	if (samples.length === 0) return {ok: false, error: 'no data (the query returned no series)'};
	if (samples.length > 1)
		return {ok: false, error: `${samples.length} series: aggregate the query (sum, max...) to one`};
	const {value} = samples[0]!;
	if (Number.isNaN(value)) return {ok: false, error: 'no data (NaN: no requests in the window?)'};
	if (!Number.isFinite(value)) {
		return {
			ok: false,
			error: `${value > 0 ? '+Inf' : '-Inf'} (a division by zero, or a quantile beyond the histogram's highest bucket)`,
		};
	}
	return {ok: true, value};
}
