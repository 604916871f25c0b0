// Job freshness pane: from an HTTP endpoint (/ops/model-health or /ops/jobs) or a SQL table of job runs.
import {parseJobsJson, type JobsReport} from '../../core/parsers/jobs-json.js';
import {evaluateJobs} from '../../core/policy/jobs.js';
import {quoteIdent} from '../../core/sql.js';
import {displayUrl} from '../../adapters/http-client.js';
import type {JobsConfig} from '../../core/config/schema.js';
import type {Runtime} from '../runtime.js';
import type {Probe} from './probe.js';

export const jobsProbe: Probe<'jobs'> = {
	pane: 'jobs',
	configured: env => Boolean(env.jobs),
	async collect({env, runtime, now}) {
		const config = env.jobs!;
		const report =
			'http' in config.source ? await fromHttp(runtime, config.source.http) : await fromSql(runtime, config);
		const result = evaluateJobs(report, config, now);
		const levels = result.items.map(i => i.level);
		if (result.blockers.length > 0) levels.push('critical');
		const status = levels.includes('critical') ? 'critical' : levels.includes('warning') ? 'warning' : 'ok';
		return {data: result, status};
	},
};

async function fromHttp(runtime: Runtime, path: string): Promise<JobsReport> {
	// The runbooks send the ops token to the job endpoints when one is configured (they may sit behind a WAF).
	const response = await runtime.http!.get(path, {withToken: Boolean(runtime.env.http?.token)});
	const where = displayUrl(response.url);
	if (response.status !== 200) throw new Error(`GET ${where} answered HTTP ${response.status}`);
	return parseJobsJson(response.body, where);
}

async function fromSql(runtime: Runtime, config: JobsConfig): Promise<JobsReport> {
	if (!('sql' in config.source)) throw new Error('unreachable');
	const s = config.source.sql;
	const status = s.statusColumn ? quoteIdent(s.statusColumn) : 'NULL';
	const error = s.errorColumn ? quoteIdent(s.errorColumn) : 'NULL';
	// Latest run per job for status and error; latest finished time as "last run".
	const rows = await runtime.database!.query<{
		name: string;
		last_run_at: Date | null;
		status: string | null;
		error: string | null;
	}>(
		`SELECT DISTINCT ON (${quoteIdent(s.nameColumn)}) ${quoteIdent(s.nameColumn)} AS name, ${quoteIdent(s.finishedColumn)} AS last_run_at, ${status}::text AS status, ${error}::text AS error
		 FROM ${quoteIdent(s.table)} WHERE ${quoteIdent(s.finishedColumn)} IS NOT NULL
		 ORDER BY ${quoteIdent(s.nameColumn)}, ${quoteIdent(s.finishedColumn)} DESC`,
	);
	return {
		blockers: [],
		jobs: rows.map(r => ({
			name: r.name,
			lastRunAt: r.last_run_at ? new Date(r.last_run_at).toISOString() : undefined,
			lastStatus: r.status ?? undefined,
			error: r.error ?? undefined,
		})),
	};
}
