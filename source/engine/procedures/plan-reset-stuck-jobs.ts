// Facts for reset-stuck-jobs: the stuck rows, then the UPDATE itself in a rolled-back transaction,
// so the plan lists exactly the rows it would change. A dry run (and read-only) stops at the SELECT:
// a rolled-back UPDATE still takes row locks, fires triggers and advances sequences.
import {
	planResetStuckJobs,
	resetScope,
	resetUpdate,
	stuckRowsQuery,
	type StuckRow,
} from '../../core/procedures/reset-stuck-jobs.js';
import type {Plan} from '../../core/procedures/plan.js';
import {parseDuration} from '../../core/duration.js';
import {stuckJobsQuery} from '../../core/etl-queries.js';
import type {Runtime} from '../runtime.js';
import {PlanError, type ProcedureOptions} from './options.js';

export async function planResetStuckJobsFor(runtime: Runtime, options: ProcedureOptions = {}): Promise<Plan> {
	const {env} = runtime;
	if (!env.etl || !runtime.database) throw new PlanError(`${env.name} has no etl and database sections`);
	const stuckCount = stuckJobsQuery(env.etl, parseDuration(env.etl.stuckAfter)!, 0).count;
	const [candidates, counted] = await Promise.all([
		runtime.database.query<{id: string; created_at: Date; age_seconds: number}>(
			stuckRowsQuery(env.etl).sql,
			stuckRowsQuery(env.etl).params,
		),
		runtime.database.query<{count: string}>(stuckCount.sql, stuckCount.params),
	]);
	const stuck = Number(counted[0]?.count ?? candidates.length);
	if (candidates.length === 0)
		throw new PlanError(
			stuck === 0
				? `no rows of ${env.etl.table} are ${env.etl.stuckStatus} for longer than ${env.etl.stuckAfter}: nothing to reset`
				: `${resetScope(env.etl, stuck, 0)}: nothing to reset yet`,
		);
	// A read-only session can't even try the UPDATE, and a dry run must change nothing, not even for a
	// moment: there the candidates are the preview.
	const exact = !runtime.readOnly && !options.dryRun;
	let changed = new Set(candidates.map(c => c.id));
	if (exact) {
		const [rows] = await runtime.database.transaction(
			[
				resetUpdate(
					env.etl,
					candidates.map(c => c.id),
				),
			],
			{rollback: true},
		);
		changed = new Set((rows ?? []).map(r => String(r.id)));
	}
	const preview: StuckRow[] = candidates
		.filter(c => changed.has(c.id))
		.map(c => ({
			id: c.id,
			createdAt: new Date(c.created_at).toISOString(),
			ageSeconds: Number(c.age_seconds),
		}));
	if (preview.length === 0) throw new PlanError('the stuck rows changed while planning; nothing to reset');
	return planResetStuckJobs(env, preview, stuck, exact ? 'rolled-back-update' : 'select');
}
