// What the fleet tables share: their row shape, which hosts answered, and the order hosts are listed in.
import {formatAge, formatDataAge} from '../duration.js';
import type {FleetHost, HostStatus} from '../fleet/types.js';
import type {Level} from '../levels.js';
import type {Column, Row} from './pane-table.js';

export type FleetRowKind = 'summary' | 'service' | 'mount' | 'host' | 'collapsed';

/**
 * A fleet pane's row. span: the last cell runs to the end of the line (a summary, a host that did
 * not answer, a collapsed group); the cells before it still line up with the columns.
 */
export type FleetRow = Row & {
	kind: FleetRowKind;
	host?: string;
	service?: string;
	mount?: string;
	span?: boolean;
};

export type FleetTable = {
	columns: Column[];
	rows: FleetRow[];
	before: Array<{text: string; level: Level}>;
	after: Array<{text: string; level: Level}>;
	/** How many hosts the pane covers and how many its filter leaves. */
	hosts: {total: number; shown: number};
	/** The hosts a filter narrowed the pane to; undefined when it names no host. */
	narrowed?: string[];
};

/** Statuses of a host whose readings are not current: its rows say why instead of showing old figures. */
const unanswered = new Set<HostStatus>(['unreachable', 'slow', 'loading', 'paused', 'stale']);

export function answered(host: FleetHost): boolean {
	return !unanswered.has(host.status);
}

/**
 * The fleet's hosts in config order, plus any host the panes' items name that the fleet state
 * does not (yet) list, so no reading is dropped.
 */
export function fleetHosts(
	hosts: readonly FleetHost[] | undefined,
	itemHosts: Iterable<string | undefined>,
): FleetHost[] {
	const list = [...(hosts ?? [])];
	const known = new Set(list.map(h => h.name));
	for (const name of itemHosts) {
		if (name === undefined || known.has(name)) continue;
		known.add(name);
		list.push({name, label: name, status: 'ok', level: 'ok', problems: []});
	}
	return list;
}

/** Why a host that did not answer has no current figures, in a few words: "unreachable: connect ETIMEDOUT". */
export function hostStatusText(host: FleetHost, now: number): string {
	switch (host.status) {
		case 'unreachable':
			return `unreachable: ${withoutHost(host, host.error ?? host.problems[0] ?? 'no connection')}`;
		case 'slow': {
			// In coarse steps: the line must not redraw the screen every second.
			if (host.inFlightSince !== undefined) {
				const seconds = (now - host.inFlightSince) / 1000;
				const age = formatDataAge(seconds);
				return `slow: no answer for ${age === 'now' ? formatAge(seconds) : age}`;
			}
			return `slow: ${host.problems[0] ?? 'no answer yet this refresh'}`;
		}
		case 'loading':
			return 'no answer yet';
		case 'paused':
			return 'paused: not refreshed while other hosts are shown';
		case 'stale':
			return `stale: ${host.problems.join(', ') || 'old samples in Prometheus'}`;
		default:
			return host.problems.length > 0 ? host.problems.join(', ') : 'ok';
	}
}

/** An error that starts with the host's own name ("deploy@app-03: connection refused"): the row names the host already. */
function withoutHost(host: FleetHost, error: string): string {
	for (const prefix of [`${host.label}: `, `${host.name}: `])
		if (error.startsWith(prefix)) return error.slice(prefix.length);
	return error;
}

/** A host's level for ordering and its status row: the engine's, or what its status implies. */
export function hostLevel(host: FleetHost): Level {
	if (host.status === 'unreachable' || host.status === 'critical') return 'critical';
	if (host.status === 'slow' || host.status === 'warning' || host.status === 'stale')
		return host.level === 'critical' ? 'critical' : 'warning';
	return host.level;
}

export const plural = (count: number, one: string, many = `${one}s`) =>
	`${count} ${count === 1 ? one : many}`;
