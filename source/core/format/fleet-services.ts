// A fleet's services pane (issue 6): one summary line per service ("api  38/40 active  2 failed"),
// then the hosts worst first: a host's problem rows, one line for a host that did not answer, and
// the healthy hosts collapsed into one line unless the pane is filtered or expanded.
import {isActive, summarizeService} from '../fleet/aggregate.js';
import type {FleetHost} from '../fleet/types.js';
import {levelRank, worstLevel, type Level} from '../levels.js';
import type {PaneData, ServiceFleetSummary, ServiceItem} from '../panes.js';
import {
	answered,
	fleetHosts,
	hostLevel,
	hostStatusText,
	plural,
	type FleetRow,
	type FleetTable,
} from './fleet-hosts.js';
import {hostMatches, isFiltered, itemMatches, narrowedHosts, parseFleetFilter} from './fleet-filter.js';
import {levelSymbol, uptime} from './units.js';
import {sourceCell, sourceNoteLines} from './source-note.js';

export type FleetServicesInput = {
	data: PaneData['services'];
	hosts?: readonly FleetHost[];
	now: number;
	filter?: string;
	/** The collapsed lines' hosts listed in their place (the operator pressed enter on one). */
	expanded?: boolean;
};

const serviceText = (item: ServiceItem) => `${item.name} ${item.unit} ${item.state}`;

export function fleetServicesTable({
	data,
	hosts: given,
	now,
	filter: filterText,
	expanded = false,
}: FleetServicesInput): FleetTable {
	const hosts = fleetHosts(
		given,
		data.items.map(i => i.host),
	);
	const withSource = data.items.some(i => i.source);
	const names = serviceNames(data);
	const filter = parseFleetFilter(
		filterText,
		hosts.map(h => h.name),
		names,
	);
	const narrowed = narrowedHosts(
		filter,
		hosts.map(h => h.name),
	);
	const shownHosts = hosts.filter(h => hostMatches(filter, h.name));
	const filtered = isFiltered(filter);
	// Filtered: every row of the hosts left. Expanded: the collapsed lines' hosts in their place (the problem rows stay as they are).
	const expand = expanded && !filtered;

	const itemsOf = new Map<string, ServiceItem[]>();
	const firstIndex = new Map<string, number>();
	data.items.forEach((item, index) => {
		const host = item.host ?? '';
		if (!firstIndex.has(host)) firstIndex.set(host, index);
		if (!itemMatches(filter, serviceText(item))) return;
		const list = itemsOf.get(host) ?? [];
		if (list.length === 0) itemsOf.set(host, list);
		list.push(item);
	});

	// Summary lines: the engine's over the whole fleet; recounted over what a filter leaves.
	const summaries = filtered
		? names
				.filter(
					name =>
						!filter.itemTerms.length || shownHosts.some(h => itemsOf.get(h.name)?.some(i => i.name === name)),
				)
				.map(name => summarize(name, shownHosts, itemsOf))
		: (data.fleet ?? names.map(name => summarize(name, shownHosts, itemsOf)));
	const summaryRows: FleetRow[] = summaries.map(summary => {
		const itemsFor = shownHosts
			.filter(answered)
			.flatMap(h => (itemsOf.get(h.name) ?? []).filter(i => i.name === summary.name));
		return {
			kind: 'summary',
			key: `summary:${summary.name}`,
			service: summary.name,
			level: summary.level,
			span: true,
			cells: [levelSymbol[summary.level], summary.name, summaryText(summary, itemsFor)],
			filterText: summary.name,
		};
	});

	// Hosts: those with rows, worst first; the rest counted into collapsed lines.
	type Group = {host: FleetHost; level: Level; statusRow: boolean; rows: FleetRow[]};
	const groups: Group[] = [];
	const collapsed = {loading: [] as FleetHost[], paused: [] as FleetHost[], healthy: [] as FleetHost[]};
	const statusRow = (host: FleetHost): FleetRow => {
		const level = hostLevel(host);
		return {
			kind: 'host',
			key: `host:${host.name}`,
			host: host.name,
			level,
			span: true,
			cells: [levelSymbol[level], host.name, hostStatusText(host, now)],
			filterText: host.name,
		};
	};
	const serviceRows = (host: FleetHost, items: ServiceItem[]) =>
		items.map((item): FleetRow => ({
			kind: 'service',
			key: `service:${host.name}:${item.name}`,
			host: host.name,
			service: item.name,
			level: item.level,
			cells: [
				levelSymbol[item.level],
				host.name,
				item.name,
				item.state,
				uptime(item.since, now),
				...(withSource ? [item.source ? sourceCell[item.source] : ''] : []),
			],
			filterText: `${host.name} ${serviceText(item)}`,
		}));
	for (const host of shownHosts) {
		const items = itemsOf.get(host.name) ?? [];
		if (!answered(host)) {
			if (!filtered && (host.status === 'loading' || host.status === 'paused'))
				collapsed[host.status].push(host);
			else groups.push({host, level: hostLevel(host), statusRow: true, rows: [statusRow(host)]});
			continue;
		}
		const problems = items.filter(i => i.level !== 'ok');
		if (problems.length === 0 && !filtered) {
			collapsed.healthy.push(host);
			continue;
		}
		const listed = filtered ? items : problems;
		if (listed.length > 0)
			groups.push({
				host,
				level: worstLevel(problems.map(i => i.level)),
				statusRow: false,
				rows: serviceRows(host, listed),
			});
	}
	const configIndex = new Map(hosts.map((h, i) => [h.name, i]));
	// Worst level first; at the same level a failed service before a host that did not answer; a host's
	// failed services in the engine's order (worst host first); then config order.
	const engineOrder = (g: Group) => (g.statusRow ? Infinity : (firstIndex.get(g.host.name) ?? Infinity));
	groups.sort(
		(a, b) =>
			levelRank(b.level) - levelRank(a.level) ||
			Number(a.statusRow) - Number(b.statusRow) ||
			engineOrder(a) - engineOrder(b) ||
			configIndex.get(a.host.name)! - configIndex.get(b.host.name)!,
	);

	const allActive = collapsed.healthy.every(h => (itemsOf.get(h.name) ?? []).every(i => isActive(i.state)));
	const collapsedLine = (key: keyof typeof collapsed, symbol: string, text: string): FleetRow[] => {
		const hostsIn = collapsed[key];
		if (hostsIn.length === 0) return [];
		if (expand)
			return hostsIn.flatMap(host =>
				key === 'healthy' ? serviceRows(host, itemsOf.get(host.name) ?? []) : [statusRow(host)],
			);
		return [
			{
				kind: 'collapsed',
				key: `collapsed:${key}`,
				level: 'ok',
				span: true,
				cells: [symbol, `${plural(hostsIn.length, 'host')}${text}`],
				filterText: '',
			},
		];
	};
	const collapsedRows = [
		...collapsedLine('loading', '…', ': no answer yet'),
		...collapsedLine('paused', '-', ' paused (not refreshed while other hosts are shown)'),
		...collapsedLine('healthy', levelSymbol.ok, ` all ${allActive ? 'active' : 'ok'}`),
	];

	return {
		columns: [
			{title: ''},
			{title: 'host', min: 4},
			{title: 'service', grow: true, min: 6},
			{title: 'state'},
			{title: 'since', align: 'right'},
			...(withSource ? [{title: 'via'}] : []),
		],
		rows: [...summaryRows, ...groups.flatMap(g => g.rows), ...collapsedRows],
		// Read from Prometheus: where the rows came from, and how old.
		before: sourceNoteLines(data.via, now),
		after: [],
		hosts: {total: hosts.length, shown: shownHosts.length},
		narrowed,
	};
}

/** Service names in the engine's summary order, then any only the items name. */
function serviceNames(data: PaneData['services']): string[] {
	return [...new Set([...(data.fleet ?? []).map(s => s.name), ...data.items.map(i => i.name)])];
}

/** One service over the hosts a filter leaves, counted as the engine counts it (hosts without a current reading are unknown). */
function summarize(
	name: string,
	hosts: readonly FleetHost[],
	itemsOf: ReadonlyMap<string, readonly ServiceItem[]>,
): ServiceFleetSummary {
	const readings = hosts
		.filter(answered)
		.flatMap(host => itemsOf.get(host.name)?.find(i => i.name === name) ?? []);
	const unanswered = hosts.filter(host => !answered(host));
	return summarizeService(name, readings, {
		unknown: unanswered.length,
		silent: unanswered.some(
			host => host.status === 'unreachable' || host.status === 'slow' || host.status === 'stale',
		),
	});
}

/** "38/40 active  2 failed  1 no answer  health DOWN": the states not active named as the items say, when they add up. */
function summaryText(summary: ServiceFleetSummary, items: readonly ServiceItem[]): string {
	const parts = [`${summary.active}/${summary.total} active`];
	if (summary.notActive > 0) {
		const states = new Map<string, number>();
		for (const item of items)
			if (!isActive(item.state)) states.set(item.state, (states.get(item.state) ?? 0) + 1);
		const counted = [...states.values()].reduce((a, b) => a + b, 0);
		parts.push(
			counted === summary.notActive
				? [...states]
						.sort((a, b) => b[1] - a[1])
						.map(([state, n]) => `${n} ${state}`)
						.join(', ')
				: `${summary.notActive} not active`,
		);
	}
	if (summary.unknown > 0) parts.push(`${summary.unknown} no answer`);
	if (summary.health) parts.push(`health ${summary.health.ok ? (summary.health.status ?? 'ok') : 'DOWN'}`);
	return parts.join('  ');
}
