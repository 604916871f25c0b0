// Evidence of what a procedure changed: the panes' facts just before and just after, and the
// difference in words ("app-web: failed -> active", "stuck jobs: 3 -> 0").
import type {PaneData, PaneState, SlotInfo} from '../panes.js';

export type Facts = Record<string, string>;

export function factsOf(panes: Partial<Record<PaneState['id'], PaneState>>, slot?: SlotInfo): Facts {
	const facts: Facts = {};
	const data = <K extends PaneState['id']>(id: K) => panes[id]?.data as PaneData[K] | undefined;
	// Fleets: a service is one fact per host ("worker on app-017: failed -> active").
	for (const s of data('services')?.items ?? [])
		facts[s.host ? `${s.name} on ${s.host}` : s.name] =
			s.health && !s.health.ok ? `${s.state} (health DOWN)` : s.state;
	for (const f of data('services')?.fleet ?? []) facts[`${f.name} hosts active`] = `${f.active}/${f.total}`;
	for (const j of data('jobs')?.items ?? []) facts[`job ${j.name}`] = j.stale ? 'stale' : 'fresh';
	const blockers = data('jobs')?.blockers;
	if (blockers) facts['pipeline blockers'] = String(blockers.length);
	const etl = data('etl');
	if (etl) facts['stuck jobs'] = String(etl.count);
	for (const item of data('slo')?.items ?? []) facts[`SLO ${item.label}`] = item.level;
	for (const m of data('disk')?.items ?? [])
		facts[`disk ${m.mount}${m.host ? ` on ${m.host}` : ''}`] = m.level;
	if (slot?.release) facts.slot = `${slot.release}${slot.runningVersion ? ` ${slot.runningVersion}` : ''}`;
	return facts;
}

export function diffFacts(before: Facts, after: Facts): string[] {
	const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
	return keys.filter(k => before[k] !== after[k]).map(k => `${k}: ${before[k] ?? '-'} -> ${after[k] ?? '-'}`);
}
