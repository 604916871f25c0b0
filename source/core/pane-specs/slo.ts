// The SLO pane: availability, p95 latency and error rate against their targets.
// Its table, details, timeline changes and Verify problems, registered in ./registry.ts.
import type {Level} from '../levels.js';
import type {PaneData} from '../panes.js';
import type {PaneTable} from '../format/pane-table.js';
import {formatNumber, levelSymbol, levelWord, offTargetSymbol} from '../format/units.js';
import {sloGaugeLabels} from '../policy/slo.js';
import {noScrapes, latestReading, byKey, type DetailLine, type PaneDetail, type PaneSpec} from './spec.js';

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
				item.level !== 'ok'
					? `${levelWord[item.level]} (${cmp}${threshold}${item.unit})`
					: item.offTarget
						? 'off target'
						: 'ok';
			const target = `${item.higherIsBetter ? '>=' : '<'}${item.target}${item.unit}`;
			return {
				key: item.name,
				level: item.level,
				...(item.offTarget ? {offTarget: true} : {}),
				cells: [
					item.offTarget ? offTargetSymbol : levelSymbol[item.level],
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

function details(data: PaneData['slo'], key: string): PaneDetail | undefined {
	const item = data.items.find(i => i.name === key);
	if (!item) return undefined;
	const cmp = item.higherIsBetter ? '<' : '>';
	return {
		title: `SLO ${item.label}`,
		lines: [
			['value', formatNumber(item.value, item.unit)],
			['target', `${item.higherIsBetter ? '>=' : '<'} ${item.target}${item.unit}`],
			['warning', `${cmp} ${item.warn}${item.unit}`],
			['critical', `${cmp} ${item.crit}${item.unit}`],
			['level', item.offTarget ? 'off target (not yet a warning)' : levelWord[item.level]],
			...(data.window ? [['window', data.window!] as DetailLine] : []),
		],
	};
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

function problems(data: PaneData['slo'], now: number, name: string): string[] {
	return data.items
		.filter(i => i.level !== 'ok')
		.map(i => `${name}: ${i.label} ${formatNumber(i.value, i.unit)} ${levelWord[i.level]}`);
}

export const sloPane: PaneSpec<'slo'> = {
	title: 'SLO',
	shortName: 'SLO',
	configured: env => Boolean(env.slo),
	// three indicators
	layout: {size: 'wide', lines: 3},
	table: sloTable,
	details,
	rowDetail: 'details',
	readsScrapes: noScrapes,
	baseline: latestReading,
	changes: sloChanges,
	problems,
};
