// One host of a fleet in full (its detail view): every service and mount it reported, and a
// service's detail lines with the host named.
import type {PaneData} from '../panes.js';
import {detailLines, type DetailLine} from './details.js';
import type {Column, Row} from './pane-table.js';
import {bar, levelSymbol, mountState, uptime} from './units.js';

export type HostServiceRow = Row & {service: string};

export function hostServiceTable(
	data: PaneData['services'] | undefined,
	host: string,
	now: number,
): {columns: Column[]; rows: HostServiceRow[]} {
	return {
		columns: [
			{title: ''},
			{title: 'service', min: 6},
			{title: 'state'},
			{title: 'since', align: 'right'},
			{title: 'detail', grow: true, min: 4},
		],
		rows: (data?.items ?? [])
			.filter(i => i.host === host)
			.map(item => ({
				key: item.name,
				service: item.name,
				level: item.level,
				cells: [levelSymbol[item.level], item.name, item.state, uptime(item.since, now), item.detail ?? ''],
				filterText: item.name,
			})),
	};
}

export function hostMountTable(
	data: PaneData['disk'] | undefined,
	host: string,
): {columns: Column[]; rows: Row[]} {
	return {
		columns: [
			{title: ''},
			{title: 'mount', grow: true, min: 6, cut: 'start'},
			{title: '%', align: 'right'},
			{title: 'state'},
			{title: 'use'},
		],
		rows: (data?.items ?? [])
			.filter(m => m.host === host)
			.map(m => {
				const near = m.near && m.level === 'ok';
				return {
					key: m.mount,
					level: near ? 'warning' : m.level,
					cells: [
						near ? '~' : levelSymbol[m.level],
						m.mount,
						`${Math.round(m.usedPercent)}%`,
						mountState(m),
						bar(m.usedPercent, 10),
					],
					filterText: m.mount,
				};
			}),
	};
}

/** `enter` on a host's service: the one-host detail lines, with the host first. */
export function hostServiceDetail(
	data: PaneData['services'] | undefined,
	host: string,
	service: string,
	now: number,
): {title: string; lines: DetailLine[]} | undefined {
	const item = data?.items.find(i => i.host === host && i.name === service);
	const detail = item && detailLines('services', {items: [item]}, item.name, now);
	return detail && {title: `${detail.title} on ${host}`, lines: [['host', host], ...detail.lines]};
}
