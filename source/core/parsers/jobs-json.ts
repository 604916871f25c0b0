// Parses the two job endpoints the runbooks describe:
//   /ops/model-health  {pipeline_ok, pipeline_blockers: [...], jobs_freshness: {job: {last_run_at, stale, stale_after_minutes}}}
//   /ops/jobs          [{job_name, last_run_at, duration_ms, status, error_snippet}]  (or {jobs: [...]})
import {z} from 'zod';
import {describeJsonMismatch} from './json-shape.js';

export type JobRecord = {
	name: string;
	lastRunAt?: string;
	staleAfterMinutes?: number;
	stale?: boolean;
	lastStatus?: string;
	error?: string;
	durationMs?: number;
};
export type JobsReport = {jobs: JobRecord[]; pipelineOk?: boolean; blockers: string[]};

const timestamp = z.string().nullable().optional();

const modelHealth = z.object({
	pipeline_ok: z.boolean().optional(),
	pipeline_blockers: z.array(z.string()).default([]),
	jobs_freshness: z.record(
		z.string(),
		z.object({
			last_run_at: timestamp,
			stale: z.boolean().optional(),
			stale_after_minutes: z.number().optional(),
		}),
	),
});

const jobRun = z.object({
	job_name: z.string(),
	last_run_at: timestamp,
	duration_ms: z.number().nullable().optional(),
	status: z.string().nullable().optional(),
	error_snippet: z.string().nullable().optional(),
});
const jobRuns = z.union([z.array(jobRun), z.object({jobs: z.array(jobRun)}).transform(v => v.jobs)]);

export function parseJobsJson(body: unknown, source: string): JobsReport {
	if (body && typeof body === 'object' && !Array.isArray(body) && 'jobs_freshness' in body) {
		const parsed = modelHealth.safeParse(body);
		if (!parsed.success) throw new Error(describeJsonMismatch(source, parsed.error));
		return {
			pipelineOk: parsed.data.pipeline_ok,
			blockers: parsed.data.pipeline_blockers,
			jobs: Object.entries(parsed.data.jobs_freshness).map(([name, j]) => ({
				name,
				lastRunAt: isoOrUndefined(j.last_run_at),
				stale: j.stale,
				staleAfterMinutes: j.stale_after_minutes,
			})),
		};
	}
	const parsed = jobRuns.safeParse(body);
	if (!parsed.success)
		throw new Error(
			describeJsonMismatch(
				source,
				parsed.error,
				'a model-health object (jobs_freshness) or a list of job runs (job_name, last_run_at)',
			),
		);
	return {
		blockers: [],
		jobs: parsed.data.map(run => ({
			name: run.job_name,
			lastRunAt: isoOrUndefined(run.last_run_at),
			lastStatus: run.status ?? undefined,
			error: run.error_snippet ?? undefined,
			durationMs: run.duration_ms ?? undefined,
		})),
	};
}

function isoOrUndefined(text: string | null | undefined): string | undefined {
	if (!text) return undefined;
	const date = new Date(text);
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
