// The shape a saved incident file must have to be resumed: a file someone edited by hand, or one
// from another version, is reported with the field that is wrong, never silently dropped.
import {z} from 'zod';
import {severityNames} from '../config/schema.js';
import {incidentSteps, type IncidentRecord} from './types.js';

const iso = z.string().refine(v => !Number.isNaN(Date.parse(v)), 'an ISO time');
const tick = z.object({done: z.boolean(), at: iso.optional(), by: z.string().optional()});

const recordSchema = z.object({
	version: z.literal(1),
	id: z.string().min(1),
	env: z.string().min(1),
	title: z.string(),
	severity: z.enum(severityNames),
	severityDefinition: z.object({
		severity: z.enum(severityNames),
		name: z.string(),
		definition: z.string(),
		respondWithinMinutes: z.number(),
		example: z.string().optional(),
	}),
	openedAt: iso,
	openedBy: z.string(),
	respondBy: iso,
	checklist: z.object(
		Object.fromEntries(incidentSteps.map(step => [step, tick])) as Record<
			(typeof incidentSteps)[number],
			typeof tick
		>,
	),
	timeline: z.array(
		z.object({at: iso, kind: z.string(), text: z.string(), detail: z.array(z.string()).optional()}),
	),
	actions: z.array(
		z.object({
			at: iso,
			title: z.string(),
			commands: z.array(z.string()),
			outcome: z.string(),
			message: z.string(),
			correlationId: z.string().optional(),
			kind: z.string().optional(),
			mutates: z.boolean().optional(),
			changes: z.array(z.string()).optional(),
		}),
	),
	closedAt: iso.optional(),
	summary: z.string().optional(),
	leftOpen: z.array(z.string()).optional(),
	reviewFile: z.string().optional(),
	lastPanes: z.record(z.string(), z.any()).optional(),
});

/** The record, or what is wrong with it as "field: expected ..." lines. */
export function checkIncidentRecord(
	value: unknown,
): {ok: true; record: IncidentRecord} | {ok: false; problems: string[]} {
	const parsed = recordSchema.safeParse(value);
	if (parsed.success) return {ok: true, record: value as IncidentRecord};
	return {
		ok: false,
		problems: parsed.error.issues
			.slice(0, 5)
			.map(issue => `${issue.path.join('.') || '(the whole file)'}: ${issue.message}`),
	};
}
