// A saved maintenance window read back from disk is checked before it is trusted: a file edited by
// hand or cut short is reported with the field that is wrong, never half-loaded.
import {z} from 'zod';
import {maintenanceSteps, type MaintenanceRecord} from './types.js';

const stepState = z.object({
	status: z.enum(['pending', 'running', 'done', 'failed', 'skipped']),
	startedAt: z.string().optional(),
	endedAt: z.string().optional(),
	attempts: z.number().int().min(0),
	reason: z.string().optional(),
	output: z.array(z.string()).optional(),
	exitCode: z.number().int().nullable().optional(),
	correlationId: z.string().optional(),
	runBy: z.string().optional(),
});

const item = z.object({
	id: z.string().min(1),
	kind: z.enum(['procedure', 'runbook-step', 'note']),
	title: z.string(),
	commands: z.array(z.string()).optional(),
	runbook: z.object({file: z.string(), stepId: z.string()}).optional(),
	status: z.enum(['pending', 'done', 'failed', 'skipped']),
	at: z.string().optional(),
	outcome: z.string().optional(),
	reason: z.string().optional(),
});

const recordSchema = z.object({
	version: z.literal(1),
	id: z.string().min(1),
	env: z.string().min(1),
	title: z.string().min(1),
	startedAt: z.string().min(1),
	startedBy: z.string(),
	steps: z.object(
		Object.fromEntries(maintenanceSteps.map(step => [step, stepState])) as Record<
			(typeof maintenanceSteps)[number],
			typeof stepState
		>,
	),
	execute: z.array(item),
	closedAt: z.string().optional(),
	summary: z.array(z.string()).optional(),
	summaryFile: z.string().optional(),
});

export function checkMaintenanceRecord(
	value: unknown,
): {ok: true; record: MaintenanceRecord} | {ok: false; problems: string[]} {
	const parsed = recordSchema.safeParse(value);
	if (parsed.success) return {ok: true, record: parsed.data as MaintenanceRecord};
	return {
		ok: false,
		problems: parsed.error.issues
			.slice(0, 5)
			.map(issue => `${issue.path.join('.') || '(the whole file)'}: ${issue.message}`),
	};
}
