// Parses the SLO endpoint: {availability_percent, p95_latency_ms, error_rate_percent, window?}.
// Nested {slis: {...}} and the shorter keys availability / p95_ms / error_rate are accepted too.
import {z} from 'zod';
import {describeJsonMismatch} from './json-shape.js';

export type SloFigures = {
	availabilityPercent: number;
	p95Ms: number;
	errorRatePercent: number;
	window?: string;
};

const figure = z.number().finite();
const shape = z.object({
	availability_percent: figure.optional(),
	availability: figure.optional(),
	p95_latency_ms: figure.optional(),
	p95_ms: figure.optional(),
	error_rate_percent: figure.optional(),
	error_rate: figure.optional(),
	window: z.string().optional(),
});

export function parseSloJson(body: unknown, source: string): SloFigures {
	const root = body && typeof body === 'object' && 'slis' in body ? (body as {slis: unknown}).slis : body;
	const parsed = shape.safeParse(root);
	if (!parsed.success) throw new Error(describeJsonMismatch(source, parsed.error));
	const d = parsed.data;
	const availabilityPercent = d.availability_percent ?? d.availability;
	const p95Ms = d.p95_latency_ms ?? d.p95_ms;
	const errorRatePercent = d.error_rate_percent ?? d.error_rate;
	const missing = [
		availabilityPercent === undefined && 'availability_percent',
		p95Ms === undefined && 'p95_latency_ms',
		errorRatePercent === undefined && 'error_rate_percent',
	].filter(Boolean);
	if (missing.length > 0) throw new Error(`unexpected JSON from ${source}: missing ${missing.join(', ')}`);
	return {
		availabilityPercent: availabilityPercent!,
		p95Ms: p95Ms!,
		errorRatePercent: errorRatePercent!,
		window: d.window,
	};
}
