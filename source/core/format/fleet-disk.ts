// A fleet's disk pane: every host's mounts worst first (the engine's order) with the host named,
// and the largest directories with their host. A filter narrows the hosts, or the mounts. Figures of
// hosts that are not being refreshed (paused, slow, unreachable) stay listed, marked older.
import {diskLevel} from '../fleet/aggregate.js';
import type {FleetHost, HostStatus} from '../fleet/types.js';
import {levelRank, worstLevel, type Level} from '../levels.js';
import type {MountItem, PaneData} from '../panes.js';
import {detailLines, type DetailLine} from './details.js';
import {fleetHosts, plural, type FleetRow, type FleetTable} from './fleet-hosts.js';
import {hostMatches, itemMatches, narrowedHosts, parseFleetFilter} from './fleet-filter.js';
import {bar, formatKb, levelSymbol, mountState, shortPath} from './units.js';
import {sourceCell, sourceNoteLines} from './source-note.js';

/** Hosts whose last figures are not current: not refreshed now (paused), or no answer to the latest batch. */
const olderStatuses = new Set<HostStatus>(['paused', 'unreachable', 'slow', 'stale']);
/** After an older host's name in its rows; the line above the table says what it means. */
export const olderMark = '*';

export type FleetDiskTable = FleetTable & {
	/** When the pane's own filter narrows the hosts: its level over those hosts (what the pane then shows), which the title says instead of the whole fleet's. */
	status?: Level;
	/** A level only older figures reach (no current mount is as bad): the title says "(older)" when it is the pane's. */
	olderLevel?: Level;
};

export function fleetDiskTable({
	data,
	hosts: given,
	filter: filterText,
	now = Date.now(),
}: {
	data: PaneData['disk'];
	hosts?: readonly FleetHost[];
	filter?: string;
	now?: number;
}): FleetDiskTable {
	const withSource = data.items.some(m => m.source);
	const hosts = fleetHosts(given, [...data.items.map(i => i.host), ...data.largest.map(d => d.host)]);
	const filter = parseFleetFilter(
		filterText,
		hosts.map(h => h.name),
		data.items.map(m => m.mount),
	);
	const shownHosts = hosts.filter(h => hostMatches(filter, h.name));
	const shown = new Set(shownHosts.map(h => h.name));
	const inView = (host: string | undefined) => shown.has(host ?? '');
	const olderHosts = new Set(shownHosts.filter(h => olderStatuses.has(h.status)).map(h => h.name));
	const isOlder = (m: MountItem) => olderHosts.has(m.host ?? '');
	const mounts = data.items.filter(m => inView(m.host));
	const rows = mounts
		.filter(m => itemMatches(filter, `${m.mount} ${m.filesystem}`))
		.map((m): FleetRow => {
			const level: Level = m.near && m.level === 'ok' ? 'warning' : m.level;
			const host = `${m.host ?? ''}${isOlder(m) ? olderMark : ''}`;
			return {
				kind: 'mount',
				key: `mount:${m.host ?? ''}:${m.mount}`,
				host: m.host,
				mount: m.mount,
				level,
				cells: [
					m.near && m.level === 'ok' ? '~' : levelSymbol[m.level],
					host,
					m.mount,
					`${Math.round(m.usedPercent)}%`,
					mountState(m),
					bar(m.usedPercent, 10),
					...(withSource ? [m.source ? sourceCell[m.source] : ''] : []),
				],
				filterText: `${m.host ?? ''} ${m.mount}`,
			};
		});
	const current = worstLevel(mounts.filter(m => !isOlder(m)).map(m => m.level));
	const older = worstLevel(mounts.filter(isOlder).map(m => m.level));
	const silent = shownHosts.some(
		h => h.status === 'unreachable' || h.status === 'slow' || h.status === 'stale',
	);
	const narrowed = narrowedHosts(
		filter,
		hosts.map(h => h.name),
	);
	return {
		// The bar goes first when the pane is narrow: the figure and the state say the same.
		columns: [
			{title: ''},
			{title: 'host', min: 4},
			{title: 'mount', grow: true, min: 6, cut: 'start'},
			{title: '%', align: 'right'},
			{title: 'state'},
			{title: 'use'},
			...(withSource ? [{title: 'via'}] : []),
		],
		rows,
		before: [
			...sourceNoteLines(data.via, now),
			...olderLine(shownHosts.filter(h => olderHosts.has(h.name) && rows.some(r => r.host === h.name))),
		],
		after: data.largest
			.filter(d => inView(d.host))
			.map(d => ({
				text: `  ${formatKb(d.sizeKb).padStart(5)}  ${d.host ?? ''}  ${shortPath(d)}`,
				level: 'ok' as Level,
			})),
		hosts: {total: hosts.length, shown: shownHosts.length},
		narrowed,
		// As the engine counts the whole fleet's (mergeDisk), over the hosts left.
		...(narrowed ? {status: diskLevel(mounts, silent)} : {}),
		...(levelRank(older) > levelRank(current) ? {olderLevel: older} : {}),
	};
}

/** "* older figures: 90 hosts paused, 1 not answering": what the mark on their rows means, shortest first so it fits half of 80 columns. */
function olderLine(older: FleetHost[]): FleetTable['before'] {
	if (older.length === 0) return [];
	const paused = older.filter(h => h.status === 'paused').length;
	const silent = older.length - paused;
	const parts = [
		...(paused > 0 ? [`${plural(paused, 'host')} paused`] : []),
		...(silent > 0 ? [`${paused > 0 ? silent : plural(silent, 'host')} not answering`] : []),
	];
	return [{text: `${olderMark} older figures: ${parts.join(', ')}`, level: 'warning'}];
}

/** A mount's detail on a fleet: the one-host lines, with its host and only that host's largest directories. */
export function fleetMountDetail(
	data: PaneData['disk'],
	key: string,
	now: number,
): {title: string; lines: DetailLine[]} | undefined {
	const m = data.items.find(i => `mount:${i.host ?? ''}:${i.mount}` === key);
	const detail =
		m &&
		detailLines('disk', {items: [m], largest: data.largest.filter(d => d.host === m.host)}, m.mount, now);
	return (
		detail && {
			title: `${detail.title} on ${m.host ?? '?'}`,
			lines: [['host', m.host ?? '-'], ...detail.lines],
		}
	);
}
