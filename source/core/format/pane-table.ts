// Each pane's data as a small table (rows of cells with a level) plus summary lines. The Ink panes
// and the plain-text `status` output both render this, so the two never disagree.
import {formatAge, formatDuration} from '../duration.js';
import type {Level} from '../levels.js';
import type {PaneData, PaneId} from '../panes.js';
import {bar, formatKb, formatNumber, levelSymbol, levelWord, mountState, shortPath, uptime} from './units.js';
import {sloGaugeLabels} from '../policy/slo.js';

export type Column = {
	title: string;
	align?: 'left' | 'right';
	grow?: boolean;
	min?: number;
	cut?: 'end' | 'start';
};
export type Row = {key: string; level: Level; cells: string[]; filterText: string};
export type PaneTable = {
	columns: Column[];
	rows: Row[];
	before: Array<{text: string; level: Level}>;
	after: Array<{text: string; level: Level}>;
};

const ago = (iso: string | undefined, now: number) => (iso ? formatAge((now - Date.parse(iso)) / 1000) : '-');

export function paneTable<K extends PaneId>(pane: K, data: PaneData[K], now: number): PaneTable {
	switch (pane) {
		case 'services':
			return servicesTable(data as PaneData['services'], now);
		case 'jobs':
			return jobsTable(data as PaneData['jobs'], now);
		case 'disk':
			return diskTable(data as PaneData['disk']);
		case 'etl':
			return etlTable(data as PaneData['etl'], now);
		default:
			return sloTable(data as PaneData['slo']);
	}
}

function servicesTable(data: PaneData['services'], now: number): PaneTable {
	return {
		columns: [
			{title: ''},
			{title: 'service', grow: true, min: 8},
			{title: 'state'},
			{title: 'since', align: 'right'},
			{title: 'health'},
		],
		rows: data.items.map(item => {
			// The status code or DOWN fits any width; timings and the error are in the details (enter).
			const health = item.health ? (item.health.ok ? String(item.health.status) : 'DOWN') : '';
			return {
				key: item.name,
				level: item.level,
				cells: [levelSymbol[item.level], item.name, item.state, uptime(item.since, now), health],
				filterText: `${item.name} ${item.unit} ${item.state}`,
			};
		}),
		before: [],
		after: [],
	};
}

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

function diskTable(data: PaneData['disk']): PaneTable {
	return {
		columns: [
			{title: ''},
			{title: 'mount', grow: true, min: 6, cut: 'start'},
			{title: 'use'},
			{title: '%', align: 'right'},
			{title: 'state'},
		],
		rows: data.items.map(m => ({
			key: m.mount,
			level: m.near ? 'warning' : m.level,
			cells: [
				m.near ? '~' : levelSymbol[m.level],
				m.mount,
				bar(m.usedPercent, 10),
				`${Math.round(m.usedPercent)}%`,
				mountState(m),
			],
			filterText: m.mount,
		})),
		before: [],
		// Named from the directory above the configured one ("logs/web"): the full path is in the details.
		after: data.largest.map(d => ({
			text: `  ${formatKb(d.sizeKb).padStart(5)}  ${shortPath(d)}`,
			level: 'ok' as Level,
		})),
	};
}

function etlTable(data: PaneData['etl'], now: number): PaneTable {
	const oldest = data.items[0];
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
		rows: data.items.map(job => ({
			key: job.id,
			level: 'warning',
			cells: [
				'!',
				job.id,
				job.status,
				formatAge(job.ageSeconds),
				new Date(job.createdAt).toISOString().slice(11, 16) + 'Z',
			],
			filterText: `${job.id} ${job.status}`,
		})),
		before: [headline],
		after:
			data.count > data.items.length
				? [{text: `and ${data.count - data.items.length} more`, level: 'warning'}]
				: [],
	};
}

function sloTable(data: PaneData['slo']): PaneTable {
	return {
		columns: [
			{title: ''},
			{title: 'indicator', grow: true, min: 8},
			{title: 'value', align: 'right'},
			{title: 'state'},
			{title: 'target'},
		],
		rows: data.items.map(item => {
			const threshold = item.level === 'critical' ? item.crit : item.warn;
			const cmp = item.higherIsBetter ? '<' : '>';
			const state =
				item.level === 'ok'
					? 'ok'
					: `${levelWord[item.level]} (${cmp}${threshold}${item.unit === '%' ? '' : 'ms'})`;
			const target = `${item.higherIsBetter ? '>=' : '<'}${item.target}${item.unit}`;
			return {
				key: item.name,
				level: item.level,
				cells: [
					levelSymbol[item.level],
					item.label,
					formatNumber(item.value, item.unit),
					state,
					`target ${target}`,
				],
				filterText: item.label,
			};
		}),
		before: [],
		// A gauge whose query failed (Prometheus: bad query, no data) says so in place of its figure.
		after: (data.errors ?? []).map(e => ({
			text: `${sloGaugeLabels[e.gauge]}: ${e.error}`,
			level: 'warning' as Level,
		})),
	};
}
