// A fleet's disk pane: every host's mounts worst first (the engine's order) with the host named,
// and the largest directories with their host. A filter narrows the hosts, or the mounts.
import type {FleetHost} from '../fleet/types.js';
import type {Level} from '../levels.js';
import type {DirectoryItem, PaneData} from '../panes.js';
import {detailLines, type DetailLine} from './details.js';
import {fleetHosts, plural, type FleetRow, type FleetTable} from './fleet-hosts.js';
import {hostMatches, itemMatches, narrowedHosts, parseFleetFilter} from './fleet-filter.js';
import {bar, formatKb, levelSymbol, levelWord} from './units.js';

export function fleetDiskTable({data, hosts: given, filter: filterText}: {data: PaneData['disk']; hosts?: readonly FleetHost[]; filter?: string}): FleetTable {
	const hosts = fleetHosts(given, [...data.items.map(i => i.host), ...data.largest.map(d => d.host)]);
	const filter = parseFleetFilter(filterText, hosts.map(h => h.name), data.items.map(m => m.mount));
	const shownHosts = hosts.filter(h => hostMatches(filter, h.name));
	const shown = new Set(shownHosts.map(h => h.name));
	const inView = (host: string | undefined) => shown.has(host ?? '');
	const rows = data.items.filter(m => inView(m.host) && itemMatches(filter, `${m.mount} ${m.filesystem}`)).map((m): FleetRow => {
		const state = m.level !== 'ok' ? `${levelWord[m.level]} (>=${m.level === 'critical' ? m.critPercent : m.warnPercent}%)` : m.near ? `near ${m.warnPercent}%` : `ok (<${m.warnPercent}%)`;
		const level: Level = m.near && m.level === 'ok' ? 'warning' : m.level;
		return {kind: 'mount', key: `mount:${m.host ?? ''}:${m.mount}`, host: m.host, mount: m.mount, level, cells: [m.near && m.level === 'ok' ? '~' : levelSymbol[m.level], m.host ?? '', m.mount, `${Math.round(m.usedPercent)}%`, state, bar(m.usedPercent, 10)], filterText: `${m.host ?? ''} ${m.mount}`};
	});
	// Readings of hosts that are not being refreshed (another pane's filter, a host's detail) are from before that.
	const withRows = new Set(rows.map(r => r.host));
	const old = shownHosts.filter(h => ['paused', 'unreachable', 'slow'].includes(h.status) && withRows.has(h.name)).length;
	return {
		// The bar goes first when the pane is narrow: the figure and the state say the same.
		columns: [{title: ''}, {title: 'host', min: 4}, {title: 'mount', grow: true, min: 6, cut: 'start'}, {title: '%', align: 'right'}, {title: 'state'}, {title: 'use'}],
		rows,
		before: old > 0 ? [{text: `older figures from ${plural(old, 'host')} (no answer, or paused)`, level: 'warning'}] : [],
		after: data.largest.filter(d => inView(d.host)).map(d => ({text: `  ${formatKb(d.sizeKb).padStart(5)}  ${d.host ?? ''}  ${shortPath(d)}`, level: 'ok' as Level})),
		hosts: {total: hosts.length, shown: shownHosts.length},
		narrowed: narrowedHosts(filter, hosts.map(h => h.name)),
	};
}

/** "logs/web" for /opt/app/logs/web under /opt/app/logs: the full path is in the details. */
function shortPath(dir: DirectoryItem): string {
	if (!dir.under || !dir.path.startsWith(dir.under)) return dir.path;
	const parent = dir.under.replace(/\/+$/, '').split('/').slice(0, -1).join('/');
	return dir.path.slice(parent.length + 1);
}

/** A mount's detail on a fleet: the one-host lines, with its host and only that host's largest directories. */
export function fleetMountDetail(data: PaneData['disk'], key: string, now: number): {title: string; lines: DetailLine[]} | undefined {
	const m = data.items.find(i => `mount:${i.host ?? ''}:${i.mount}` === key);
	const detail = m && detailLines('disk', {items: [m], largest: data.largest.filter(d => d.host === m.host)}, m.mount, now);
	return detail && {title: `${detail.title} on ${m.host ?? '?'}`, lines: [['host', m.host ?? '-'], ...detail.lines]};
}
