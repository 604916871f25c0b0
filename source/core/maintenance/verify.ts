// The Verify step's judgement: every configured pane green (not warning, critical, failing or stale)
// and every service's health URL answering 2xx. The result is what is not, one line each, in the
// words an operator would say it: "services: app-orchestrator failed", "SLO: errors 2.4% WARNING".
import {formatAge, formatDataAge} from '../duration.js';
import {formatNumber, levelWord, statusWord} from '../format/units.js';
import {paneIds, paneTitles, type PaneData, type PaneId, type PaneState} from '../panes.js';

/** One health URL's answer, as the engine saw it: a status, or why there was none. */
export type HealthAnswer = {service: string; url: string; status?: number; error?: string};

const prefix: Record<PaneId, string> = {
	services: 'services',
	jobs: 'jobs',
	disk: 'disk',
	etl: 'ETL',
	slo: 'SLO',
};

export function healthOk(answer: HealthAnswer): boolean {
	return answer.status !== undefined && answer.status >= 200 && answer.status < 300;
}

/** What is not green; empty when everything is. `now` ages stale data. */
export function notGreen(panes: Record<PaneId, PaneState>, health: HealthAnswer[], now: number): string[] {
	const lines: string[] = [];
	for (const id of paneIds) lines.push(...paneProblems(panes[id], now));
	for (const answer of health) {
		if (healthOk(answer)) continue;
		lines.push(
			answer.status !== undefined
				? `health: ${answer.url} answered ${answer.status} (${answer.service})`
				: `health: ${answer.url} did not answer: ${answer.error ?? 'no answer'} (${answer.service})`,
		);
	}
	return lines;
}

function paneProblems(pane: PaneState | undefined, now: number): string[] {
	if (!pane || !pane.configured) return [];
	const name = prefix[pane.id];
	if (pane.updatedAt === undefined || pane.data === undefined) {
		return [
			pane.status === 'error'
				? `${name}: no data: ${pane.error ?? 'the probe failed'}`
				: `${name}: no data yet`,
		];
	}
	const lines: string[] = [];
	if (pane.stale)
		lines.push(
			`${name}: stale: its data is ${formatDataAge((now - pane.updatedAt) / 1000)} old${pane.error ? ` (last refresh failed: ${pane.error})` : ''}`,
		);
	else if (pane.status === 'error')
		lines.push(`${name}: the last refresh failed: ${pane.error ?? 'unknown error'}`);
	const items = itemProblems(pane, now);
	lines.push(...items);
	if (items.length === 0 && (pane.status === 'warning' || pane.status === 'critical'))
		lines.push(`${name}: ${paneTitles[pane.id]} ${statusWord(pane.status)}`);
	return lines;
}

function itemProblems(pane: PaneState, now: number): string[] {
	const name = prefix[pane.id];
	switch (pane.id) {
		case 'services': {
			const data = pane.data as PaneData['services'];
			return data.items
				.filter(s => s.level !== 'ok')
				.map(s => {
					const health =
						s.health && !s.health.ok ? `, health ${s.health.error ?? `HTTP ${s.health.status}`}` : '';
					return `${name}: ${s.name} ${s.state}${s.detail && s.detail !== s.state ? ` (${s.detail})` : ''}${health}`;
				});
		}
		case 'jobs': {
			const data = pane.data as PaneData['jobs'];
			const lines =
				data.blockers.length > 0 ? [`${name}: pipeline blocked: ${data.blockers.join('; ')}`] : [];
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
		case 'disk': {
			const data = pane.data as PaneData['disk'];
			return data.items
				.filter(m => m.level !== 'ok')
				.map(m => `${name}: ${m.mount} ${Math.round(m.usedPercent)}% used ${levelWord[m.level]}`);
		}
		case 'etl': {
			const data = pane.data as PaneData['etl'];
			return data.count > 0
				? [`${name}: ${data.count} stuck job${data.count === 1 ? '' : 's'} in ${data.table}`]
				: [];
		}
		case 'slo': {
			const data = pane.data as PaneData['slo'];
			return data.items
				.filter(i => i.level !== 'ok')
				.map(i => `${name}: ${i.label} ${formatNumber(i.value, i.unit)} ${levelWord[i.level]}`);
		}
	}
}
