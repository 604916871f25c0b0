// The Checks pane: the team's own checks (checks: in pg-ops.yaml), each a command's exit code, an
// HTTP answer, a SQL value or a PromQL value judged by its rule. Its table, details, timeline
// changes and Verify problems, registered in ./registry.ts.
import type {CheckItem} from '../checks/evaluate.js';
import type {PaneTable} from '../format/pane-table.js';
import {levelSymbol, levelWord} from '../format/units.js';
import type {PaneData} from '../panes.js';
import {noScrapes, latestReading, ago, byKey, whenAt, type PaneDetail, type PaneSpec} from './spec.js';

/** A check's row key: its host on a fleet, its name, its series. */
export const checkKey = (item: CheckItem) =>
	`${item.host ? `${item.host}/` : ''}${item.name}${item.series ?? ''}`;

/** As a person names it: `ready`, `error-rate{instance="a"}`, `daily on app-03`. */
export const checkLabel = (item: CheckItem) =>
	`${item.name}${item.series ?? ''}${item.host ? ` on ${item.host}` : ''}`;

function checksTable(data: PaneData['checks'], now: number): PaneTable {
	return {
		columns: [
			{title: ''},
			{title: 'check', min: 6},
			{title: 'value', align: 'right'},
			{title: 'ran', align: 'right'},
			{title: 'state', grow: true, min: 8},
		],
		rows: data.items.map(item => ({
			key: checkKey(item),
			level: item.level,
			cells: [
				levelSymbol[item.level],
				`${item.name}${item.series ?? ''}${item.host ? ` ${item.host}` : ''}`,
				item.value ?? '-',
				ago(item.at, now),
				`${item.level === 'ok' ? '' : `${levelWord[item.level]} `}${item.message}`,
			],
			filterText: `${item.name} ${item.host ?? ''} ${item.series ?? ''}`,
		})),
		before: [],
		after: [],
	};
}

function details(data: PaneData['checks'], key: string, now: number): PaneDetail | undefined {
	const item = data.items.find(i => checkKey(i) === key);
	if (!item) return undefined;
	return {
		title: `check ${checkLabel(item)}`,
		lines: [
			['level', levelWord[item.level]],
			['value', item.value ?? '-'],
			['says', item.message],
			...(item.host ? [['host', item.host] as [string, string]] : []),
			...(item.source ? [['runs', item.source] as [string, string]] : []),
			['ran', whenAt(now)(item.at)],
		],
	};
}

function checksChanges(before: PaneData['checks'], after: PaneData['checks']): string[] {
	const old = byKey(before.items, checkKey);
	const texts: string[] = [];
	for (const item of after.items) {
		const was = old.get(checkKey(item));
		if (was ? was.level === item.level : item.level === 'ok') continue;
		texts.push(
			`check ${checkLabel(item)}: ${was ? `${levelWord[was.level]} -> ` : ''}${levelWord[item.level]}: ${item.message}`,
		);
	}
	return texts;
}

function problems(data: PaneData['checks'], _now: number, name: string): string[] {
	return data.items
		.filter(i => i.level !== 'ok')
		.map(i => `${name}: ${checkLabel(i)} ${levelWord[i.level]}: ${i.message}`);
}

export const checksPane: PaneSpec<'checks'> = {
	title: 'Checks',
	shortName: 'checks',
	configured: env => env.checks.length > 0,
	layout: {size: 'half', optional: true},
	table: checksTable,
	details,
	rowDetail: 'details',
	readsScrapes: noScrapes,
	baseline: latestReading,
	changes: checksChanges,
	problems,
};
