// A fleet's services pane (issue 6): one summary line per service ("api  38/40 active  2 failed"),
// then the hosts worst first: a host's problem rows, one line for a host that did not answer, and
// the healthy hosts collapsed into one line unless the pane is filtered or expanded.
import {formatAge} from '../duration.js';
import type {FleetHost} from '../fleet/types.js';
import {levelRank, worstLevel, type Level} from '../levels.js';
import type {PaneData, ServiceFleetSummary, ServiceItem} from '../panes.js';
import {answered, fleetHosts, hostLevel, hostStatusText, plural, type FleetRow, type FleetTable} from './fleet-hosts.js';
import {hostMatches, isFiltered, itemMatches, narrowedHosts, parseFleetFilter} from './fleet-filter.js';
import {levelSymbol} from './units.js';

export type FleetServicesInput = {
	data: PaneData['services'];
	hosts?: readonly FleetHost[];
	now: number;
	filter?: string;
	/** Every host's rows, healthy ones too (the operator pressed enter on the collapsed line). */
	expanded?: boolean;
};

export const isActive = (state: string) => state === 'active' || state === 'running';
const serviceText = (item: ServiceItem) => `${item.name} ${item.unit} ${item.state}`;
const uptime = (iso: string | undefined, now: number) => (!iso ? '-' : now - Date.parse(iso) < 60_000 ? '<1m' : formatAge((now - Date.parse(iso)) / 1000));

export function fleetServicesTable({data, hosts: given, now, filter: filterText, expanded = false}: FleetServicesInput): FleetTable {
	const hosts = fleetHosts(given, data.items.map(i => i.host));
	const names = serviceNames(data);
	const filter = parseFleetFilter(filterText, hosts.map(h => h.name), names);
	const narrowed = narrowedHosts(filter, hosts.map(h => h.name));
	const shownHosts = hosts.filter(h => hostMatches(filter, h.name));
	const filtered = isFiltered(filter);
	const showAll = expanded || filtered;

	const itemsOf = new Map<string, ServiceItem[]>();
	const firstIndex = new Map<string, number>();
	data.items.forEach((item, index) => {
		const host = item.host ?? '';
		if (!firstIndex.has(host)) firstIndex.set(host, index);
		if (!itemMatches(filter, serviceText(item))) return;
		itemsOf.set(host, [...(itemsOf.get(host) ?? []), item]);
	});

	// Summary lines: the engine's over the whole fleet; recounted over what a filter leaves.
	const summaries = filtered ? names.filter(name => !filter.itemTerms.length || shownHosts.some(h => itemsOf.get(h.name)?.some(i => i.name === name))).map(name => summarize(name, shownHosts, itemsOf))
		: (data.fleet ?? names.map(name => summarize(name, shownHosts, itemsOf)));
	const summaryRows: FleetRow[] = summaries.map(summary => {
		const itemsFor = shownHosts.filter(answered).flatMap(h => (itemsOf.get(h.name) ?? []).filter(i => i.name === summary.name));
		return {kind: 'summary', key: `summary:${summary.name}`, service: summary.name, level: summary.level, span: true, cells: [levelSymbol[summary.level], summary.name, summaryText(summary, itemsFor)], filterText: summary.name};
	});

	// Hosts: those with rows, worst first; the rest counted into collapsed lines.
	type Group = {host: FleetHost; level: Level; statusRow: boolean; rows: FleetRow[]};
	const groups: Group[] = [];
	const collapsed = {healthy: [] as FleetHost[], loading: [] as FleetHost[], paused: [] as FleetHost[]};
	let allActive = true;
	for (const host of shownHosts) {
		const items = itemsOf.get(host.name) ?? [];
		if (!answered(host)) {
			if (!showAll && (host.status === 'loading' || host.status === 'paused')) {
				collapsed[host.status].push(host);
				continue;
			}
			const level = hostLevel(host);
			groups.push({host, level, statusRow: true, rows: [{kind: 'host', key: `host:${host.name}`, host: host.name, level, span: true, cells: [levelSymbol[level], host.name, hostStatusText(host, now)], filterText: host.name}]});
			continue;
		}
		const problems = items.filter(i => i.level !== 'ok');
		const listed = showAll ? items : problems;
		if (problems.length === 0 && !showAll) {
			collapsed.healthy.push(host);
			if (!items.every(i => isActive(i.state))) allActive = false;
			continue;
		}
		if (listed.length === 0) continue;
		const rows = listed.map((item): FleetRow => ({kind: 'service', key: `service:${host.name}:${item.name}`, host: host.name, service: item.name, level: item.level, cells: [levelSymbol[item.level], host.name, item.name, item.state, uptime(item.since, now)], filterText: `${host.name} ${serviceText(item)}`}));
		groups.push({host, level: worstLevel(problems.map(i => i.level)), statusRow: false, rows});
	}
	const configIndex = new Map(hosts.map((h, i) => [h.name, i]));
	// Worst level first; at the same level a failed service before a host that did not answer; then the engine's order (worst host first), then config order.
	groups.sort((a, b) => levelRank(b.level) - levelRank(a.level) || Number(a.statusRow) - Number(b.statusRow)
		|| (firstIndex.get(a.host.name) ?? Infinity) - (firstIndex.get(b.host.name) ?? Infinity) || configIndex.get(a.host.name)! - configIndex.get(b.host.name)!);

	const collapsedRows: FleetRow[] = [];
	if (collapsed.loading.length > 0) collapsedRows.push({kind: 'collapsed', key: 'collapsed:loading', level: 'ok', span: true, cells: ['…', `${plural(collapsed.loading.length, 'host')}: no answer yet`], filterText: ''});
	if (collapsed.paused.length > 0) collapsedRows.push({kind: 'collapsed', key: 'collapsed:paused', level: 'ok', span: true, cells: ['-', `${plural(collapsed.paused.length, 'host')} paused (not refreshed while other hosts are shown)`], filterText: ''});
	if (collapsed.healthy.length > 0) collapsedRows.push({kind: 'collapsed', key: 'collapsed:healthy', level: 'ok', span: true, cells: [levelSymbol.ok, `${plural(collapsed.healthy.length, 'host')} all ${allActive ? 'active' : 'ok'}`], filterText: ''});

	return {
		columns: [{title: ''}, {title: 'host', min: 4}, {title: 'service', grow: true, min: 6}, {title: 'state'}, {title: 'since', align: 'right'}],
		rows: [...summaryRows, ...groups.flatMap(g => g.rows), ...collapsedRows],
		before: [],
		after: [],
		hosts: {total: hosts.length, shown: shownHosts.length},
		narrowed,
	};
}

/** Service names in the engine's summary order, then any only the items name. */
function serviceNames(data: PaneData['services']): string[] {
	return [...new Set([...(data.fleet ?? []).map(s => s.name), ...data.items.map(i => i.name)])];
}

/** One service over some hosts, counted as the engine counts it: hosts that did not answer are unknown. */
export function summarize(name: string, hosts: readonly FleetHost[], itemsOf: ReadonlyMap<string, readonly ServiceItem[]>): ServiceFleetSummary {
	let total = 0;
	let active = 0;
	let notActive = 0;
	let unknown = 0;
	const levels: Level[] = [];
	for (const host of hosts) {
		if (!answered(host)) {
			total++;
			unknown++;
			continue;
		}
		const item = itemsOf.get(host.name)?.find(i => i.name === name);
		if (!item) continue;
		total++;
		levels.push(item.level);
		if (isActive(item.state)) active++;
		else notActive++;
	}
	const level = worstLevel([...levels, unknown > 0 ? 'warning' : 'ok']);
	return {name, total, active, notActive, unknown, level};
}

/** "38/40 active  2 failed  1 no answer  health DOWN": the states not active named as the items say, when they add up. */
function summaryText(summary: ServiceFleetSummary, items: readonly ServiceItem[]): string {
	const parts = [`${summary.active}/${summary.total} active`];
	if (summary.notActive > 0) {
		const states = new Map<string, number>();
		for (const item of items) if (!isActive(item.state)) states.set(item.state, (states.get(item.state) ?? 0) + 1);
		const counted = [...states.values()].reduce((a, b) => a + b, 0);
		parts.push(counted === summary.notActive ? [...states].sort((a, b) => b[1] - a[1]).map(([state, n]) => `${n} ${state}`).join(', ') : `${summary.notActive} not active`);
	}
	if (summary.unknown > 0) parts.push(`${summary.unknown} no answer`);
	if (summary.health) parts.push(`health ${summary.health.ok ? (summary.health.status ?? 'ok') : 'DOWN'}`);
	return parts.join('  ');
}
