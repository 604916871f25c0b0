// The checks a team writes (DESIGN 13): each a name, one source (a command on the host, an HTTP
// request, a SQL query, a PromQL query) and a rule that turns its answer into a level. Validated
// where it is read: exit codes whole numbers, JSON paths that parse, thresholds in order.
import {z} from 'zod';
import {exitCodeMap, name, urlPath} from '../config/fields.js';
import {parseJsonPath} from './json-path.js';

const level = z.enum(['ok', 'warning', 'critical']);

export const jsonPathField = z.string().superRefine((value, ctx) => {
	const parsed = parseJsonPath(value);
	if ('error' in parsed)
		ctx.addIssue({
			code: 'custom',
			message: `a JSON field path such as model.version or slots[0].sha (${parsed.error})`,
		});
});

/** Levels by how far a number is from where it should be: `above` (higher is worse) or `below` (lower is worse). */
const thresholds = z
	.strictObject({
		above: z.strictObject({warn: z.number(), crit: z.number()}).optional(),
		below: z.strictObject({warn: z.number(), crit: z.number()}).optional(),
	})
	.superRefine((t, ctx) => {
		if (!t.above === !t.below)
			ctx.addIssue({
				code: 'custom',
				message: 'one of above: {warn, crit} (higher is worse) or below: {warn, crit} (lower is worse)',
			});
		if (t.above && t.above.warn > t.above.crit)
			ctx.addIssue({code: 'custom', path: ['above', 'warn'], message: 'warn at or below crit'});
		if (t.below && t.below.warn < t.below.crit)
			ctx.addIssue({code: 'custom', path: ['below', 'warn'], message: 'warn at or above crit'});
	});

// One shape with one source, rather than a union of shapes: an error then names the field it is about.
const sources = ['command', 'http', 'sql', 'prometheus'] as const;
type Source = (typeof sources)[number];
/** The rule fields each source takes; any other is refused with its line. */
const ruleFields: Record<Source, readonly string[]> = {
	command: ['exitCodes', 'showOutput'],
	http: ['expectStatus', 'field', 'equals', 'equalsField', 'thresholds', 'token'],
	sql: ['equals', 'thresholds'],
	prometheus: ['thresholds'],
};
const allRules = [...new Set(Object.values(ruleFields).flat())];

export const checkSchema = z
	.strictObject({
		name,
		// Its own interval; default: every refresh.
		everySeconds: z.number().positive().max(86_400).optional(),
		timeoutSeconds: z.number().positive().max(600).optional(),
		// a command on the host (on a fleet, on each host)
		command: z.string().min(1).optional(),
		// a path under http.baseUrl, or a full URL
		http: urlPath.optional(),
		// one value from the environment's database
		sql: z.string().min(1).optional(),
		// PromQL on the environment's Prometheus; each series judged on its own
		prometheus: z.string().min(1).optional(),
		// command: exit code → level; a code not listed is critical
		exitCodes: exitCodeMap(level).optional(),
		// command: the first line of its output is shown beside the level
		showOutput: z.boolean().optional(),
		expectStatus: z.array(z.number().int().min(100).max(599)).min(1).optional(),
		// http: send the environment's ops token (http.token) with the request
		token: z.boolean().optional(),
		field: jsonPathField.optional(),
		equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
		equalsField: jsonPathField.optional(),
		thresholds: thresholds.optional(),
	})
	.superRefine((check, ctx) => {
		const given = sources.filter(source => check[source] !== undefined);
		if (given.length !== 1) {
			ctx.addIssue({
				code: 'custom',
				path: given.length > 1 ? [given[1]!] : [],
				message: `exactly one source: command, http, sql or prometheus${given.length > 1 ? ` (this check has ${given.join(' and ')})` : ''}`,
			});
			return;
		}
		const source = given[0]!;
		for (const field of allRules)
			if (check[field as keyof typeof check] !== undefined && !ruleFields[source].includes(field))
				ctx.addIssue({
					code: 'custom',
					path: [field],
					message: `one of the fields a ${source} check takes (${ruleFields[source].join(', ')})`,
				});
		if (source === 'prometheus' && !check.thresholds)
			ctx.addIssue({code: 'custom', path: ['thresholds'], message: 'thresholds for a prometheus check'});
		if (
			(check.equalsField || check.thresholds || check.equals !== undefined) &&
			source === 'http' &&
			!check.field
		)
			ctx.addIssue({
				code: 'custom',
				path: ['field'],
				message: 'the field (a JSON path) that equals, equalsField or thresholds judge',
			});
	});
export type CheckConfig = z.infer<typeof checkSchema>;
export type Thresholds = z.infer<typeof thresholds>;
export const checkSource = (check: CheckConfig): Source =>
	sources.find(source => check[source] !== undefined)!;
