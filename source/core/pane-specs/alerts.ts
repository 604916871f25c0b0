// The Alerts pane: what the team's Prometheus (firing and pending) or Alertmanager (firing) holds,
// worst first; read-only. Its table, details, timeline changes and Verify problems, registered in
// ./registry.ts.
import type {AlertItem} from '../parsers/alerts-json.js';
import type {PaneTable} from '../format/pane-table.js';
import {levelSymbol} from '../format/units.js';
import type {PaneData} from '../panes.js';
import {
	noScrapes,
	latestReading,
	ago,
	whenAt,
	type DetailLine,
	type PaneDetail,
	type PaneSpec,
} from './spec.js';

// The labels that tell two alerts of one name apart (Prometheus sends one alert per series).
const identity = (item: AlertItem) =>
	Object.entries(item.labels)
		.filter(([label]) => label !== 'alertname' && label !== 'severity')
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([label, value]) => `${label}=${value}`)
		.join(',');

export const alertKey = (item: AlertItem) => `${item.name}{${identity(item)}}`;

function alertsTable(data: PaneData['alerts'], now: number): PaneTable {
	const firing = data.items.filter(i => i.state === 'firing').length;
	const pending = data.items.length - firing;
	return {
		columns: [
			{title: ''},
			{title: 'alert', min: 6},
			{title: 'state'},
			{title: 'severity'},
			{title: 'since', align: 'right'},
			{title: 'summary', grow: true, min: 8},
		],
		rows: data.items.map(item => ({
			key: alertKey(item),
			level: item.level,
			// A pending alert is not yet a problem: its own mark, not the ok tick.
			cells: [
				item.state === 'pending' ? '…' : levelSymbol[item.level],
				item.name,
				item.state,
				item.severity ?? '-',
				ago(item.since, now),
				item.summary ?? '',
			],
			filterText: `${item.name} ${item.severity ?? ''} ${item.state} ${identity(item)}`,
		})),
		before: [
			{
				text:
					data.items.length === 0
						? `nothing firing (${data.source} at ${data.where})`
						: `${firing} firing${data.source === 'prometheus' ? `, ${pending} pending` : ''}`,
				level: data.items.some(i => i.level === 'critical') ? 'critical' : firing > 0 ? 'warning' : 'ok',
			},
		],
		after: [],
	};
}

function details(data: PaneData['alerts'], key: string, now: number): PaneDetail | undefined {
	const item = data.items.find(i => alertKey(i) === key);
	if (!item) return undefined;
	return {
		title: `alert ${item.name}`,
		lines: [
			['state', item.state],
			['severity', item.severity ?? '-'],
			['since', whenAt(now)(item.since)],
			['summary', item.summary ?? '-'],
			...Object.entries(item.labels)
				.filter(([label]) => label !== 'alertname')
				.map(([label, value]) => [`label ${label}`, value] as DetailLine),
			['from', `${data.source} at ${data.where}`],
		],
	};
}

function alertsChanges(before: PaneData['alerts'], after: PaneData['alerts']): string[] {
	const firing = (data: PaneData['alerts']) =>
		new Map(data.items.filter(i => i.state === 'firing').map(i => [alertKey(i), i]));
	const was = firing(before);
	const now = firing(after);
	const texts: string[] = [];
	for (const [key, item] of now)
		if (!was.has(key))
			texts.push(
				`alert ${item.name} firing${item.severity ? ` (${item.severity})` : ''}${item.summary ? `: ${item.summary}` : ''}`,
			);
	for (const [key, item] of was) if (!now.has(key)) texts.push(`alert ${item.name} no longer firing`);
	return texts;
}

function problems(data: PaneData['alerts'], _now: number, name: string): string[] {
	return data.items
		.filter(i => i.state === 'firing')
		.map(
			i =>
				`${name}: ${i.name} firing${i.severity ? ` (${i.severity})` : ''}${i.summary ? `: ${i.summary}` : ''}`,
		);
}

export const alertsPane: PaneSpec<'alerts'> = {
	title: 'Alerts',
	shortName: 'alerts',
	configured: env => Boolean(env.alerts),
	layout: {size: 'half', optional: true},
	table: alertsTable,
	details,
	rowDetail: 'details',
	readsScrapes: noScrapes,
	baseline: latestReading,
	changes: alertsChanges,
	problems,
};
