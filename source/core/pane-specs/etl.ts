// The Stuck ETL jobs pane: rows stuck in a processing state longer than the threshold.
// Its table, details, timeline changes and Verify problems, registered in ./registry.ts.
import {formatAge, formatDuration} from '../duration.js';
import type {Level} from '../levels.js';
import type {PaneData} from '../panes.js';
import type {PaneTable} from '../format/pane-table.js';
import {noScrapes, latestReading, whenAt, type PaneDetail, type PaneSpec} from './spec.js';

/** Marks a stuck row that `x` resets (stuck past resetAfter). */
export const resetMark = '↺';

function etlTable(data: PaneData['etl'], now: number): PaneTable {
	const oldest = data.items[0];
	const resets = (job: {ageSeconds: number}) =>
		data.resetAfterSeconds !== undefined && job.ageSeconds >= data.resetAfterSeconds;
	const resettable = data.resettable ?? data.items.filter(resets).length;
	const resetLine = {
		text:
			resettable === 0
				? `x resets none yet (only > ${formatDuration(data.resetAfterSeconds ?? 0)})`
				: `${resetMark} x resets ${resettable === data.count ? 'all' : resettable} of ${data.count} (> ${formatDuration(data.resetAfterSeconds ?? 0)})`,
		level: (resettable === 0 ? 'warning' : 'critical') as Level,
	};
	const headline =
		data.count === 0
			? {
					text: `no jobs stuck (> ${formatDuration(data.stuckAfterSeconds)}) in ${data.table}`,
					level: 'ok' as Level,
				}
			: {
					text: `${data.count} stuck > ${formatDuration(data.stuckAfterSeconds)}  oldest ${formatAge(oldest?.ageSeconds ?? 0)}${oldest ? `  id ${oldest.id}` : ''}`,
					level: 'warning' as Level,
				};
	return {
		columns: [
			{title: ''},
			{title: 'id', grow: true, min: 4},
			{title: 'status'},
			{title: 'age', align: 'right'},
			{title: 'created'},
		],
		// The rows x resets (stuck past resetAfter) are marked ↺ and critical; younger stuck rows stay warnings.
		rows: data.items.map(job => ({
			key: job.id,
			level: resets(job) ? 'critical' : 'warning',
			cells: [
				resets(job) ? resetMark : '!',
				job.id,
				job.status,
				formatAge(job.ageSeconds),
				new Date(job.createdAt).toISOString().slice(11, 16) + 'Z',
			],
			filterText: `${job.id} ${job.status}`,
		})),
		before: data.count > 0 && data.resetAfterSeconds !== undefined ? [headline, resetLine] : [headline],
		after:
			data.count > data.items.length
				? [{text: `and ${data.count - data.items.length} more`, level: 'warning'}]
				: [],
	};
}

function details(data: PaneData['etl'], key: string, now: number): PaneDetail | undefined {
	const when = whenAt(now);
	const e = data;
	const row = e.items.find(i => i.id === key);
	if (!row) return undefined;
	return {
		title: `${e.table} row ${row.id}`,
		lines: [
			['status', row.status],
			['created', when(row.createdAt)],
			['stuck for', formatAge(row.ageSeconds)],
			['stuck after', formatDuration(e.stuckAfterSeconds)],
			...(e.resetAfterSeconds === undefined
				? []
				: [
						[
							'x resets it',
							row.ageSeconds >= e.resetAfterSeconds
								? `yes (stuck > ${formatDuration(e.resetAfterSeconds)})`
								: `not yet (only rows stuck > ${formatDuration(e.resetAfterSeconds)})`,
						] as [string, string],
					]),
		],
	};
}

function etlChanges(before: PaneData['etl'], after: PaneData['etl']): string[] {
	if (before.count === after.count) return [];
	return [
		`stuck ETL jobs (${after.table}, > ${formatDuration(after.stuckAfterSeconds)}): ${before.count} -> ${after.count}`,
	];
}

function problems(data: PaneData['etl'], now: number, name: string): string[] {
	return data.count > 0
		? [`${name}: ${data.count} stuck job${data.count === 1 ? '' : 's'} in ${data.table}`]
		: [];
}

export const etlPane: PaneSpec<'etl'> = {
	title: 'Stuck ETL jobs',
	shortName: 'ETL',
	configured: env => Boolean(env.etl && env.database),
	layout: {size: 'half'},
	table: etlTable,
	details,
	rowDetail: 'details',
	readsScrapes: noScrapes,
	baseline: latestReading,
	changes: etlChanges,
	problems,
};
