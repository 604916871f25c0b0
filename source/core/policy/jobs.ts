// Job freshness: the configured per-job threshold wins over the endpoint's own opinion.
import type {JobItem} from '../panes.js';
import type {JobsConfig} from '../config/schema.js';
import type {JobsReport} from '../parsers/jobs-json.js';

export function evaluateJobs(
	report: JobsReport,
	config: JobsConfig,
	now: number,
): {items: JobItem[]; pipelineOk?: boolean; blockers: string[]} {
	const items = report.jobs.map((job): JobItem => {
		const staleAfterMinutes =
			config.staleAfterMinutes[job.name] ?? job.staleAfterMinutes ?? config.defaultStaleAfterMinutes;
		let stale: boolean;
		if (staleAfterMinutes !== undefined) {
			stale = !job.lastRunAt || now - Date.parse(job.lastRunAt) > staleAfterMinutes * 60_000;
		} else {
			stale = job.stale ?? false;
		}
		const failed =
			job.lastStatus !== undefined &&
			!['ok', 'success', 'succeeded', 'done', 'completed'].includes(job.lastStatus.toLowerCase());
		return {
			name: job.name,
			lastRunAt: job.lastRunAt,
			staleAfterMinutes,
			stale,
			lastStatus: job.lastStatus,
			error: job.error,
			level: stale || failed ? 'warning' : 'ok',
		};
	});
	// Jobs the config names but the source doesn't report have never run as far as anyone can tell.
	for (const [name, minutes] of Object.entries(config.staleAfterMinutes)) {
		if (!items.some(i => i.name === name))
			items.push({
				name,
				staleAfterMinutes: minutes,
				stale: true,
				level: 'warning',
				error: 'not reported by the source',
			});
	}
	return {items, pipelineOk: report.pipelineOk, blockers: report.blockers};
}
