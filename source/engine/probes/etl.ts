// Stuck ETL jobs pane: rows of the configured table in the stuck status for longer than stuckAfter.
import {parseDuration} from '../../core/duration.js';
import {etlLevel} from '../../core/policy/etl.js';
import {stuckJobsQuery} from '../../core/etl-queries.js';
import type {Probe} from './probe.js';

const shownRows = 20;

export const etlProbe: Probe<'etl'> = {
	pane: 'etl',
	configured: env => Boolean(env.etl && env.database),
	async collect({env, runtime}) {
		const etl = env.etl!;
		const stuckAfterSeconds = parseDuration(etl.stuckAfter)!;
		const query = stuckJobsQuery(etl, stuckAfterSeconds, shownRows);
		const resetAfterSeconds = parseDuration(etl.resetAfter)!;
		const resettableCount = stuckJobsQuery(etl, resetAfterSeconds, 0).count;
		const [rows, counted, resettableRows] = await Promise.all([
			runtime.database!.query<{id: unknown; status: string; created_at: Date; age_seconds: number}>(
				query.rows.sql,
				query.rows.params,
			),
			runtime.database!.query<{count: string}>(query.count.sql, query.count.params),
			runtime.database!.query<{count: string}>(resettableCount.sql, resettableCount.params),
		]);
		const items = rows.map(r => ({
			id: String(r.id),
			status: r.status,
			createdAt: new Date(r.created_at).toISOString(),
			ageSeconds: Number(r.age_seconds),
		}));
		const count = Number(counted[0]?.count ?? items.length);
		const resettable = Number(resettableRows[0]?.count ?? 0);
		const level = etlLevel(items, count, resetAfterSeconds);
		return {
			data: {items, count, stuckAfterSeconds, table: etl.table, resetAfterSeconds, resettable},
			status: level,
		};
	},
};
