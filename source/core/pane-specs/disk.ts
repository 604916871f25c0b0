// The Disk pane: use per mount against its thresholds, and the largest directories.
// Its table, details, timeline changes and Verify problems, registered in ./registry.ts.
import type {Level} from '../levels.js';
import type {PaneData} from '../panes.js';
import type {PaneTable} from '../format/pane-table.js';
import {bar, formatKb, levelSymbol, levelWord, mountState, shortPath} from '../format/units.js';
import {sourceNoteLines} from '../format/source-note.js';
import {readsFromPrometheus} from '../fleet/prometheus-plan.js';
import {latestReading, byKey, type DetailLine, type PaneDetail, type PaneSpec} from './spec.js';

function diskTable(data: PaneData['disk'], now: number): PaneTable {
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
		// Read from Prometheus: where from, and how old.
		before: sourceNoteLines(data.via, now),
		// Named from the directory above the configured one ("logs/web"): the full path is in the details.
		after: data.largest.map(d => ({
			text: `  ${formatKb(d.sizeKb).padStart(5)}  ${shortPath(d)}`,
			level: 'ok' as Level,
		})),
	};
}

function details(data: PaneData['disk'], key: string): PaneDetail | undefined {
	const d = data;
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
			...d.largest.map((dir): DetailLine => ['largest', `${formatKb(dir.sizeKb).padStart(6)}  ${dir.path}`]),
		],
	};
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

function problems(data: PaneData['disk'], now: number, name: string): string[] {
	return data.items
		.filter(m => m.level !== 'ok')
		.map(m => `${name}: ${m.mount} ${Math.round(m.usedPercent)}% used ${levelWord[m.level]}`);
}

export const diskPane: PaneSpec<'disk'> = {
	title: 'Disk',
	shortName: 'disk',
	configured: env => Boolean(env.disk),
	layout: {size: 'half'},
	table: diskTable,
	details,
	rowDetail: 'details',
	readsScrapes: env => readsFromPrometheus(env, 'disk'),
	baseline: latestReading,
	changes: diskChanges,
	problems,
};
