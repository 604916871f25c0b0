// What app-web's job endpoints read from the database: per-job freshness (/ops/model-health),
// the latest run of each job (/ops/jobs) and last successes (for /metrics).
import type pg from 'pg';

/** Minutes without a successful run before a job counts as stale, per job. */
export const staleAfterMinutes: Record<string, number> = {
	result_resolution: 120,
	calibration_trainer: 720,
	alpha_feature_discovery: 1440,
	alpha_research: 1440,
};

export interface ModelHealth {
	pipeline_ok: boolean;
	pipeline_blockers: string[];
	jobs_freshness: Record<string, {last_run_at: string | null; stale: boolean; stale_after_minutes: number}>;
}

export interface JobRunSummary {
	job_name: string;
	last_run_at: string | null;
	duration_ms: number | null;
	status: string;
	error_snippet: string | null;
}

/** Latest successful finish per job name. */
export async function lastSuccesses(pool: pg.Pool): Promise<Map<string, Date>> {
	const result = await pool.query<{job_name: string; finished_at: Date}>(
		`SELECT job_name, max(finished_at) AS finished_at FROM scheduler_job_runs
		 WHERE status = 'ok' AND finished_at IS NOT NULL GROUP BY job_name`,
	);
	return new Map(result.rows.map(row => [row.job_name, row.finished_at]));
}

export async function modelHealth(pool: pg.Pool, now = Date.now()): Promise<ModelHealth> {
	const successes = await lastSuccesses(pool);
	const freshness: ModelHealth['jobs_freshness'] = {};
	for (const [job, minutes] of Object.entries(staleAfterMinutes)) {
		const last = successes.get(job);
		freshness[job] = {
			last_run_at: last ? last.toISOString() : null,
			stale: !last || now - last.getTime() > minutes * 60_000,
			stale_after_minutes: minutes,
		};
	}
	// Only the resolver blocks the pipeline: the other jobs degrade quality, not correctness.
	const blockers = freshness.result_resolution!.stale ? ['result_resolution has not run in 2 hours'] : [];
	return {pipeline_ok: blockers.length === 0, pipeline_blockers: blockers, jobs_freshness: freshness};
}

export async function latestJobRuns(pool: pg.Pool): Promise<JobRunSummary[]> {
	const result = await pool.query<{
		job_name: string;
		started_at: Date;
		finished_at: Date | null;
		duration_ms: number | null;
		status: string;
		error_snippet: string | null;
	}>(
		`SELECT DISTINCT ON (job_name) job_name, started_at, finished_at, duration_ms, status, error_snippet
		 FROM scheduler_job_runs ORDER BY job_name, started_at DESC`,
	);
	return result.rows.map(row => ({
		job_name: row.job_name,
		last_run_at: (row.finished_at ?? row.started_at).toISOString(),
		duration_ms: row.duration_ms,
		status: row.status,
		error_snippet: row.error_snippet,
	}));
}
