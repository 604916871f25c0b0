// What `enter` shows for the selected row of each pane, as label/value lines.
import {formatAge, formatDuration} from '../duration.js';
import type {PaneData, PaneId} from '../panes.js';
import {serviceManagers} from '../services/managers.js';
import {formatKb, formatNumber, levelWord} from './units.js';

export type DetailLine = [label: string, value: string];

export function detailLines<K extends PaneId>(
	pane: K,
	data: PaneData[K],
	key: string,
	now: number,
): {title: string; lines: DetailLine[]} | undefined {
	const when = (iso?: string) =>
		iso
			? `${iso.replace('T', ' ').slice(0, 19)} UTC (${formatAge((now - Date.parse(iso)) / 1000)} ago)`
			: '-';
	switch (pane) {
		case 'services': {
			const s = (data as PaneData['services']).items.find(i => i.name === key);
			if (!s) return undefined;
			return {
				title: `service ${s.name}`,
				lines: [
					['manager', s.manager],
					[serviceManagers[s.manager].unitLabel, s.unit],
					['state', `${s.state}${s.detail ? ` (${s.detail})` : ''}`],
					['since', when(s.since)],
					[
						'health',
						s.health
							? `${s.health.url}: ${s.health.ok ? `HTTP ${s.health.status} in ${s.health.ms}ms` : `DOWN (${s.health.error})`}`
							: 'no health URL configured',
					],
					['level', levelWord[s.level]],
				],
			};
		}
		case 'jobs': {
			const j = (data as PaneData['jobs']).items.find(i => i.name === key);
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
		case 'disk': {
			const d = data as PaneData['disk'];
			const m = d.items.find(i => i.mount === key);
			if (!m) return undefined;
			return {
				title: `disk ${m.mount}`,
				lines: [
					['filesystem', m.filesystem],
					['size', formatKb(m.sizeKb)],
					['used', `${formatKb(m.usedKb)} (${m.usedPercent}%)`],
					['available', formatKb(m.availKb)],
					['thresholds', `warning at ${m.warnPercent}%, critical at ${m.critPercent}%`],
					['level', m.near ? 'ok, near warning' : levelWord[m.level]],
					...d.largest.map((dir): DetailLine => [
						'largest',
						`${formatKb(dir.sizeKb).padStart(6)}  ${dir.path}`,
					]),
				],
			};
		}
		case 'etl': {
			const e = data as PaneData['etl'];
			const row = e.items.find(i => i.id === key);
			if (!row) return undefined;
			return {
				title: `${e.table} row ${row.id}`,
				lines: [
					['status', row.status],
					['created', when(row.createdAt)],
					['stuck for', formatAge(row.ageSeconds)],
					['stuck after', formatDuration(e.stuckAfterSeconds)],
				],
			};
		}
		default: {
			const item = (data as PaneData['slo']).items.find(i => i.name === key);
			if (!item) return undefined;
			const cmp = item.higherIsBetter ? '<' : '>';
			return {
				title: `SLO ${item.label}`,
				lines: [
					['value', formatNumber(item.value, item.unit)],
					['target', `${item.higherIsBetter ? '>=' : '<'} ${item.target}${item.unit}`],
					['warning', `${cmp} ${item.warn}${item.unit}`],
					['critical', `${cmp} ${item.crit}${item.unit}`],
					['level', levelWord[item.level]],
					...((data as PaneData['slo']).window
						? [['window', (data as PaneData['slo']).window!] as DetailLine]
						: []),
				],
			};
		}
	}
}
