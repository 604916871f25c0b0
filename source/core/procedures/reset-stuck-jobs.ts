// reset-stuck-jobs: the UPDATE of the runbook, made safe. The preview runs the very same UPDATE in
// a transaction that is rolled back, so the plan names exactly the rows it will change; the real
// one touches only those ids, and only where they are still stuck, in one transaction.
import type {EtlConfig, NamedEnvironment} from '../config/schema.js';
import {formatAge, parseDuration} from '../duration.js';
import {quoteIdent} from '../sql.js';
import type {Plan, SqlAction, Step} from './plan.js';
import {restartStep} from './restart.js';

export type StuckRow = {id: string; createdAt: string; ageSeconds: number};

/** The UPDATE, limited to the given ids and to rows still stuck past resetAfter; returns the ids it changed. */
export function resetUpdate(etl: EtlConfig, ids: string[]): {sql: string; params: unknown[]} {
	const [t, id, status, created] = [etl.table, etl.idColumn, etl.statusColumn, etl.createdColumn].map(
		quoteIdent,
	);
	return {
		sql: `UPDATE ${t} SET ${status} = $1 WHERE ${id}::text = ANY($2::text[]) AND ${status} = $3 AND ${created} < now() - make_interval(secs => $4) RETURNING ${id}::text AS id`,
		params: [etl.resetTo, ids, etl.stuckStatus, parseDuration(etl.resetAfter)!],
	};
}

/** Candidates: every row stuck past resetAfter (the preview then shows which the UPDATE really changes). */
export function stuckRowsQuery(etl: EtlConfig): {sql: string; params: unknown[]} {
	const [t, id, status, created] = [etl.table, etl.idColumn, etl.statusColumn, etl.createdColumn].map(
		quoteIdent,
	);
	return {
		sql: `SELECT ${id}::text AS id, ${created} AS created_at, extract(epoch FROM now() - ${created})::float8 AS age_seconds FROM ${t} WHERE ${status} = $1 AND ${created} < now() - make_interval(secs => $2) ORDER BY ${created} LIMIT 1000`,
		params: [etl.stuckStatus, parseDuration(etl.resetAfter)!],
	};
}

function stillStuck(etl: EtlConfig, ids: string[]): SqlAction {
	const [t, id, status] = [etl.table, etl.idColumn, etl.statusColumn].map(quoteIdent);
	return {
		kind: 'sql',
		transaction: false,
		statements: [
			{
				sql: `SELECT ${id}::text AS id FROM ${t} WHERE ${id}::text = ANY($1::text[]) AND ${status} = $2`,
				params: [ids, etl.stuckStatus],
			},
		],
		expectRows: 0,
	};
}

/** "3 stuck (> 1h), 2 old enough to reset (older than 2h)": what the pane counts beside what x changes. */
export function resetScope(etl: EtlConfig, stuck: number, resettable: number): string {
	return `${stuck} stuck (> ${etl.stuckAfter}), ${resettable === 0 ? 'none' : resettable} old enough to reset (older than ${etl.resetAfter})`;
}

/**
 * How the preview was made: the UPDATE tried in a rolled-back transaction (exact), or a SELECT of the
 * candidates (a dry run, read-only: nothing touched, but a trigger or a row lock could change the result).
 */
export type StuckPreview = 'rolled-back-update' | 'select';

/** `stuck`: every row stuck past stuckAfter (what the pane counts); `preview`: those the UPDATE changes (or, `how` = select, those a SELECT finds). */
export function planResetStuckJobs(
	env: NamedEnvironment,
	preview: StuckRow[],
	stuck = preview.length,
	how: StuckPreview = 'rolled-back-update',
): Plan {
	const etl = env.etl!;
	const ids = preview.map(r => r.id);
	const steps: Step[] = [
		{
			id: 'reset',
			title: `set ${ids.length} stuck ${ids.length === 1 ? 'row' : 'rows'} of ${etl.table} to ${etl.resetTo}`,
			mutates: true,
			action: {kind: 'sql', transaction: true, statements: [resetUpdate(etl, ids)], expectRows: ids.length},
			verify: [{title: `none of those rows is ${etl.stuckStatus} any more`, action: stillStuck(etl, ids)}],
			// No undo: putting rows back to "processing" would only make them stuck again.
		},
	];
	for (const name of etl.restartAfterReset) {
		const service = env.services.find(s => s.name === name);
		if (service) steps.push(restartStep(service));
	}
	return {
		procedure: 'reset-stuck-jobs',
		title: `reset ${ids.length} stuck ${ids.length === 1 ? 'job' : 'jobs'}`,
		env: env.name,
		summary: [
			how === 'rolled-back-update'
				? `${resetScope(etl, Math.max(stuck, preview.length), preview.length)} in ${etl.table}; the UPDATE, tried in a rolled-back transaction, changes exactly these:`
				: `${resetScope(etl, Math.max(stuck, preview.length), preview.length)} in ${etl.table}, as a SELECT finds them (a dry run touches no row; a real run first tries the UPDATE in a rolled-back transaction, which takes row locks and fires triggers, and previews exactly what it changes):`,
			...preview
				.slice(0, 10)
				.map(
					r =>
						`  ${etl.idColumn} ${r.id}, created ${r.createdAt.replace('T', ' ').slice(0, 16)} UTC (${formatAge(r.ageSeconds)} ago)`,
				),
			...(preview.length > 10 ? [`  and ${preview.length - 10} more`] : []),
			`only these ids change, and only if still ${etl.stuckStatus} when it runs`,
			...(etl.restartAfterReset.length ? [`then ${etl.restartAfterReset.join(', ')} restarts`] : []),
		],
		steps,
		secrets: {},
		restsOn: ['etl'],
		basis: [{fact: `the rows of ${etl.table} to reset`, value: ids.join(', ')}],
		// Once the rows are reset (no undo: they would only be stuck again), restarting what reads them is the way to a safe state.
		finishOnceDone: 'reset',
	};
}
