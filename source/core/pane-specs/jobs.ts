// The Job freshness pane: each scheduled job's last run against its stale threshold, and pipeline blockers.
// Its table, details, timeline changes and Verify problems, registered in ./registry.ts.
import {formatAge, formatDuration} from '../duration.js';
import type {Level} from '../levels.js';
import type {PaneData} from '../panes.js';
import type {PaneTable} from '../format/pane-table.js';
import {levelSymbol, levelWord} from '../format/units.js';
import {noScrapes, latestReading, ago, byKey, clock, whenAt, type PaneDetail, type PaneSpec} from './spec.js';

function jobsTable(data: PaneData['jobs'], now: number): PaneTable {
	const before =
		data.blockers.length > 0
			? [{text: `pipeline BLOCKED: ${data.blockers.join('; ')}`, level: 'critical' as Level}]
			: [];
	return {
		columns: [
			{title: ''},
			{title: 'job', grow: true, min: 8},
			{title: 'ago', align: 'right'},
			{title: 'state'},
		],
		rows: data.items.map(job => {
			const threshold =
				job.staleAfterMinutes !== undefined ? ` (${formatDuration(job.staleAfterMinutes * 60)})` : '';
			const failed = job.level !== 'ok' && !job.stale;
			const state = job.stale
				? `STALE${threshold}`
				: failed
					? `FAILED (${job.lastStatus})`
					: `ok${threshold}`;
			return {
				key: job.name,
				level: job.level,
				cells: [levelSymbol[job.level], job.name, job.lastRunAt ? ago(job.lastRunAt, now) : 'never', state],
				filterText: job.name,
			};
		}),
		before,
		after: [],
	};
}

function details(data: PaneData['jobs'], key: string, now: number): PaneDetail | undefined {
	const when = whenAt(now);
	const j = data.items.find(i => i.name === key);
	if (!j) return undefined;
	return {
		title: `job ${j.name}`,
		lines: [
			['last run', when(j.lastRunAt)],
			['stale after', j.staleAfterMinutes ? formatDuration(j.staleAfterMinutes * 60) : 'no threshold'],
			['stale', j.stale ? 'YES' : 'no'],
			['last status', j.lastStatus ?? '-'],
			['last error', j.error ?? '-'],
		],
	};
}

function jobChanges(before: PaneData['jobs'], after: PaneData['jobs'], now: number): string[] {
	const old = byKey(before.items, j => j.name);
	const texts: string[] = [];
	for (const job of after.items) {
		const was = old.get(job.name);
		if (!was) continue;
		const limit =
			job.staleAfterMinutes === undefined ? '' : `, limit ${formatDuration(job.staleAfterMinutes * 60)}`;
		if (!was.stale && job.stale)
			texts.push(
				`job ${job.name} went stale (last run ${job.lastRunAt ? `${formatAge((now - Date.parse(job.lastRunAt)) / 1000)} ago` : 'never'}${limit})`,
			);
		else if (was.stale && !job.stale)
			texts.push(`job ${job.name} fresh again${job.lastRunAt ? ` (ran at ${clock(job.lastRunAt)})` : ''}`);
		else if (!job.stale && was.level !== job.level) {
			texts.push(
				job.level === 'ok'
					? `job ${job.name} ok again`
					: `job ${job.name} ${levelWord[job.level]}: last status ${job.lastStatus ?? '?'}${job.error ? ` (${job.error})` : ''}`,
			);
		}
	}
	const blockers = (data: PaneData['jobs']) => data.blockers.join('; ');
	if (blockers(before) !== blockers(after)) {
		texts.push(
			after.blockers.length > 0 ? `pipeline blocked: ${blockers(after)}` : 'pipeline no longer blocked',
		);
	}
	return texts;
}

function problems(data: PaneData['jobs'], now: number, name: string): string[] {
	const lines = data.blockers.length > 0 ? [`${name}: pipeline blocked: ${data.blockers.join('; ')}`] : [];
	for (const job of data.items.filter(j => j.level !== 'ok')) {
		const last = job.lastRunAt
			? `last run ${formatAge((now - Date.parse(job.lastRunAt)) / 1000)} ago`
			: 'never ran';
		lines.push(
			job.stale
				? `${name}: ${job.name} stale (${last})`
				: `${name}: ${job.name} ${job.lastStatus ?? 'failed'} (${last})`,
		);
	}
	return lines;
}

export const jobsPane: PaneSpec<'jobs'> = {
	title: 'Job freshness',
	shortName: 'jobs',
	configured: env => Boolean(env.jobs),
	layout: {size: 'half'},
	table: jobsTable,
	details,
	rowDetail: 'details',
	readsScrapes: noScrapes,
	baseline: latestReading,
	changes: jobChanges,
	problems,
};
