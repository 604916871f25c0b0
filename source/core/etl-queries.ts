// The SQL for stuck ETL jobs, built from validated identifiers; values are parameters ($1, $2).
import type {EtlConfig} from './config/schema.js';
import {quoteIdent} from './sql.js';

export type Query = {sql: string; params: unknown[]};

export function stuckJobsQuery(
	etl: EtlConfig,
	olderThanSeconds: number,
	limit: number,
): {rows: Query; count: Query} {
	const t = quoteIdent(etl.table);
	const id = quoteIdent(etl.idColumn);
	const status = quoteIdent(etl.statusColumn);
	const created = quoteIdent(etl.createdColumn);
	const where = `${status} = $1 AND ${created} < now() - make_interval(secs => $2)`;
	const params = [etl.stuckStatus, olderThanSeconds];
	return {
		rows: {
			sql: `SELECT ${id} AS id, ${status}::text AS status, ${created} AS created_at, extract(epoch FROM now() - ${created})::float8 AS age_seconds FROM ${t} WHERE ${where} ORDER BY ${created} ASC LIMIT ${Math.floor(limit)}`,
			params,
		},
		count: {sql: `SELECT count(*) AS count FROM ${t} WHERE ${where}`, params},
	};
}
