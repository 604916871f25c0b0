// Parses a Prometheus /api/v1/query answer: {status: success, data: {resultType, result}} or
// {status: error, errorType, error}. Values arrive as strings ("0.97", "NaN", "+Inf").
import {z} from 'zod';
import {describeJsonMismatch} from './json-shape.js';

/** One sample of an instant query: its labels, its value (NaN and ±Infinity kept) and its time in ms since the epoch. */
export type PromSample = {labels: Record<string, string>; value: number; at: number};

export type PromAnswer =
	| {ok: true; resultType: 'vector' | 'scalar'; samples: PromSample[]; warnings: string[]}
	| {ok: false; errorType: string; error: string};

const sampleValue = z.tuple([z.number(), z.string()]);
const vectorElement = z.object({
	metric: z.record(z.string(), z.string()),
	value: sampleValue.optional(),
	histogram: z.unknown().optional(),
});
const success = z.object({
	status: z.literal('success'),
	data: z.object({resultType: z.string(), result: z.unknown()}),
	warnings: z.array(z.string()).optional(),
	infos: z.array(z.string()).optional(),
});
const failure = z.object({
	status: z.literal('error'),
	errorType: z.string().default('unknown'),
	error: z.string().default(''),
});

/** The answer in words: Prometheus' own error, or the samples; throws when the JSON is not a query answer at all. */
export function parsePrometheusAnswer(body: unknown, source: string): PromAnswer {
	const status = body && typeof body === 'object' ? (body as {status?: unknown}).status : undefined;
	if (status === 'error') {
		const parsed = failure.safeParse(body);
		if (!parsed.success)
			throw new Error(describeJsonMismatch(source, parsed.error, 'errorType and error strings'));
		return {ok: false, errorType: parsed.data.errorType, error: parsed.data.error};
	}
	const parsed = success.safeParse(body);
	if (!parsed.success)
		throw new Error(
			describeJsonMismatch(source, parsed.error, 'a query answer ({"status": "success", "data": {...}})'),
		);
	const {resultType, result} = parsed.data.data;
	const warnings = parsed.data.warnings ?? [];
	switch (resultType) {
		case 'scalar': {
			const value = sampleValue.safeParse(result);
			if (!value.success)
				throw new Error(describeJsonMismatch(source, value.error, 'a scalar [time, "value"]'));
			return {ok: true, resultType, samples: [sample({}, value.data, source)], warnings};
		}
		case 'vector': {
			// Thousands of series on a fleet: read by hand when every element has the usual shape; zod describes any other.
			const samples = vectorSamples(result, source);
			if (samples) return {ok: true, resultType, samples, warnings};
			const elements = z.array(vectorElement).safeParse(result);
			if (!elements.success)
				throw new Error(describeJsonMismatch(source, elements.error, 'a vector of {metric, value}'));
			return {
				ok: true,
				resultType,
				samples: elements.data.map(e => {
					if (!e.value)
						throw new Error(
							`${source}: a native histogram sample, not a number (use histogram_quantile() or histogram_count())`,
						);
					return sample(e.metric, e.value, source);
				}),
				warnings,
			};
		}
		case 'matrix':
			throw new Error(
				`${source}: the query returns a range vector (x[5m]), not one number per series: wrap it in a function such as rate() or avg_over_time()`,
			);
		case 'string':
			throw new Error(`${source}: the query returns a string, not a number`);
		default:
			throw new Error(`unexpected JSON from ${source} at data.resultType: expected vector or scalar`);
	}
}

/** Prometheus' number text: Go's float formatting, with "+Inf", "-Inf" and "NaN". */
export function parsePromValue(text: string): number | undefined {
	switch (text) {
		case 'NaN':
			return Number.NaN;
		case '+Inf':
		case 'Inf':
			return Number.POSITIVE_INFINITY;
		case '-Inf':
			return Number.NEGATIVE_INFINITY;
		default: {
			if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text.trim())) return undefined;
			return Number(text);
		}
	}
}

function sample(
	labels: Record<string, string>,
	[seconds, text]: [number, string],
	source: string,
): PromSample {
	const value = parsePromValue(text);
	if (value === undefined)
		throw new Error(
			`unexpected JSON from ${source}: a sample value that is not a number ("${text.slice(0, 20)}")`,
		);
	return {labels, value, at: Math.round(seconds * 1000)};
}

/**
 * A vector's samples when every element is {metric: {string: string}, value: [number, string]}
 * (what vectorElement accepts, without copying it); undefined for anything else, which zod then
 * reads and words.
 */
function vectorSamples(result: unknown, source: string): PromSample[] | undefined {
	if (!Array.isArray(result)) return undefined;
	const samples: PromSample[] = [];
	for (const element of result as unknown[]) {
		if (!isPlainObject(element)) return undefined;
		const {metric, value} = element as {metric?: unknown; value?: unknown};
		if (!isPlainObject(metric) || !Array.isArray(value) || value.length !== 2) return undefined;
		for (const key in metric)
			if (typeof (metric as Record<string, unknown>)[key] !== 'string') return undefined;
		const [seconds, text] = value as unknown[];
		if (typeof seconds !== 'number' || typeof text !== 'string') return undefined;
		samples.push(sample(metric as Record<string, string>, [seconds, text], source));
	}
	return samples;
}

function isPlainObject(value: unknown): value is object {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
