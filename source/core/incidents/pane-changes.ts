// What changed between two readings of the panes, as timeline entries: a service went down or came
// back, a job went stale, an SLO crossed a threshold, a disk changed level, the stuck-job count
// moved, a probe started failing or recovered; and the connection dropping or coming back.
// Only changes of state or level count: values moving inside the same level are not news, and a
// pane's first load (no earlier data) is the baseline, not a change.
import {formatAge, formatDuration} from '../duration.js';
import type {Level} from '../levels.js';
import {paneIds, paneTitles, type PaneData, type PaneId, type PaneState, type SlotInfo} from '../panes.js';
import {formatNumber, levelWord} from '../format/units.js';
import type {TimelineEntry} from './types.js';

type Panes = Record<PaneId, PaneState>;

/** Every change from `previous` to `next`, in pane order. `previous` may be absent (nothing known yet). */
export function paneChanges(previous: Partial<Panes> | undefined, next: Panes, at: string): TimelineEntry[] {
	const texts: string[] = [];
	for (const id of paneIds) {
		const before = previous?.[id];
		const after = next[id];
		if (!before || !after || before === after || !after.configured) continue;
		texts.push(...probeHealth(id, before, after));
		if (before.data && after.data && before.data !== after.data)
			texts.push(...dataChanges(id, before.data, after.data, Date.parse(at)));
	}
	return texts.map(text => ({at, kind: 'pane', text}));
}

/** A probe that started failing or recovered. Its first attempt failing is not a change (there was nothing before). */
function probeHealth(id: PaneId, before: PaneState, after: PaneState): string[] {
	if (before.status === 'loading') return [];
	if (before.status !== 'error' && after.status === 'error')
		return [`${paneTitles[id]}: probe failing: ${after.error ?? 'no answer'}`];
	if (before.status === 'error' && after.status !== 'error' && after.status !== 'loading')
		return [`${paneTitles[id]}: probe answering again`];
	return [];
}

function dataChanges(id: PaneId, before: PaneData[PaneId], after: PaneData[PaneId], now: number): string[] {
	switch (id) {
		case 'services':
			return serviceChanges(before as PaneData['services'], after as PaneData['services']);
		case 'jobs':
			return jobChanges(before as PaneData['jobs'], after as PaneData['jobs'], now);
		case 'disk':
			return diskChanges(before as PaneData['disk'], after as PaneData['disk']);
		case 'etl':
			return etlChanges(before as PaneData['etl'], after as PaneData['etl']);
		default:
			return sloChanges(before as PaneData['slo'], after as PaneData['slo']);
	}
}

const rank: Record<Level, number> = {ok: 0, warning: 1, critical: 2};

function byKey<T>(items: T[], key: (item: T) => string): Map<string, T> {
	return new Map(items.map(item => [key(item), item]));
}

// A unit on its way somewhere (systemd's activating, deactivating, reloading) is not news yet: the
// timeline says where it ended up ("failed -> active"), whichever reading caught it halfway.
const transitional = new Set([
	'activating',
	'deactivating',
	'reloading',
	'refreshing',
	'restarting',
	'starting',
	'stopping',
]);

function isTransitional(state: string): boolean {
	return transitional.has(state.split(/\s/)[0]!);
}

/**
 * The reading later ones are compared with: `after`, except that a service caught in a transitional
 * state keeps its previous settled reading, so the next settled one is compared with that.
 */
export function baselineAfter(before: PaneState | undefined, after: PaneState): PaneState {
	if (after.id !== 'services' || !before?.data || !after.data) return after;
	const old = byKey((before.data as PaneData['services']).items, s => s.name);
	const items = (after.data as PaneData['services']).items.map(item =>
		isTransitional(item.state) ? (old.get(item.name) ?? item) : item,
	);
	return {...after, data: {...(after.data as PaneData['services']), items}};
}

function serviceChanges(before: PaneData['services'], after: PaneData['services']): string[] {
	const old = byKey(before.items, s => s.name);
	const texts: string[] = [];
	for (const service of after.items) {
		const was = old.get(service.name);
		if (!was) continue;
		if (was.state !== service.state && !isTransitional(service.state)) {
			const verb =
				rank[service.level] > rank[was.level]
					? 'went down'
					: rank[service.level] < rank[was.level]
						? 'came back'
						: 'changed state';
			const detail = service.detail && service.level !== 'ok' ? ` (${service.detail})` : '';
			texts.push(`service ${service.name} ${verb}: ${was.state} -> ${service.state}${detail}`);
		}
		if (was.health && service.health && was.health.ok !== service.health.ok) {
			texts.push(
				service.health.ok
					? `service ${service.name}: health check answering again (HTTP ${service.health.status ?? '?'})`
					: `service ${service.name}: health check failing (${service.health.status ? `HTTP ${service.health.status}` : (service.health.error ?? 'no answer')})`,
			);
		}
	}
	return texts;
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

function diskChanges(before: PaneData['disk'], after: PaneData['disk']): string[] {
	const old = byKey(before.items, m => m.mount);
	const texts: string[] = [];
	for (const mount of after.items) {
		const was = old.get(mount.mount);
		if (!was || was.level === mount.level) continue;
		const threshold =
			mount.level === 'critical'
				? ` (>=${mount.critPercent}%)`
				: mount.level === 'warning'
					? ` (>=${mount.warnPercent}%)`
					: '';
		texts.push(
			`disk ${mount.mount}: ${levelWord[was.level]} -> ${levelWord[mount.level]}${threshold}, ${Math.round(was.usedPercent)}% -> ${Math.round(mount.usedPercent)}% used`,
		);
	}
	return texts;
}

function etlChanges(before: PaneData['etl'], after: PaneData['etl']): string[] {
	if (before.count === after.count) return [];
	return [
		`stuck ETL jobs (${after.table}, > ${formatDuration(after.stuckAfterSeconds)}): ${before.count} -> ${after.count}`,
	];
}

function sloChanges(before: PaneData['slo'], after: PaneData['slo']): string[] {
	const old = byKey(before.items, i => i.name);
	const texts: string[] = [];
	for (const item of after.items) {
		const was = old.get(item.name);
		if (!was || was.level === item.level) continue;
		const cmp = item.higherIsBetter ? '<' : '>';
		const unit = item.unit === '%' ? '%' : 'ms';
		const values = `${formatNumber(was.value, was.unit)} -> ${formatNumber(item.value, item.unit)}`;
		texts.push(
			item.level === 'ok'
				? `SLO ${item.label} back to ok: ${values}`
				: `SLO ${item.label} crossed ${levelWord[item.level]} (${cmp}${item.level === 'critical' ? item.crit : item.warn}${unit}): ${values}`,
		);
	}
	return texts;
}

/** The connection as the timeline sees it: up, down, or not known yet (nothing to compare with). */
export type ConnectionUp = boolean | undefined;

/**
 * One connection state after another: a drop after it was up, and coming back after it was down.
 * Connecting for the first time is the baseline, not news.
 */
export function connectionChange(
	up: ConnectionUp,
	next: {status: string; error?: string} | undefined,
	host: string,
	at: string,
): {up: ConnectionUp; entry?: TimelineEntry} {
	if (!next) return {up};
	if (next.status === 'connected')
		return {
			up: true,
			entry: up === false ? {at, kind: 'pane', text: `connection to ${host} back`} : undefined,
		};
	if (next.status === 'reconnecting' || next.status === 'failed') {
		return {
			up: false,
			entry:
				up === true
					? {at, kind: 'pane', text: `connection to ${host} dropped${next.error ? `: ${next.error}` : ''}`}
					: undefined,
		};
	}
	return {up};
}

/** A different release behind the slot link (a switch, by pg-ops or by hand). */
export function slotChange(
	before: SlotInfo | undefined,
	after: SlotInfo | undefined,
	at: string,
): TimelineEntry | undefined {
	if (!before?.release || !after?.release || before.release === after.release) return undefined;
	return {at, kind: 'pane', text: `release behind the slot link: ${before.release} -> ${after.release}`};
}

function clock(iso: string): string {
	return `${new Date(iso).toISOString().slice(11, 16)}Z`;
}
