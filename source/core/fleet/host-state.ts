// What the console says about each host of a fleet (ok, slow, unreachable, paused...) and the
// one-line fleet summary, from what the engine knows of the host's batches. Pure.
import {formatDataAge} from '../duration.js';
import type {Level} from '../levels.js';
import {worstLevel} from '../levels.js';
import type {ServiceFleetSummary} from '../panes.js';
import type {PartState} from './aggregate.js';
import type {FleetHost, FleetSummary, HostStatus} from './types.js';
import type {HostSource} from '../config/prometheus-hosts.js';

/** What the engine tracks of one host between its batches. */
export type HostTrack = {
	name: string;
	label: string;
	/** Refreshed (not hidden by a host filter or another host's detail). */
	shown: boolean;
	/** loading: never answered; answered: its last batch came back; unreachable: its last batch failed (error says why). */
	phase: 'loading' | 'answered' | 'unreachable';
	error?: string;
	/** When its batch now running started (after waiting for its turn). */
	inFlightSince?: number;
	lastDataAt?: number;
	lastAttemptAt?: number;
	ms?: number;
	/** Its worst level and problems at the last batch that came back. */
	findings?: {level: Level; problems: string[]};
	connection?: FleetHost['connection'];
	release?: string;
	/** An environment reading Prometheus: where its last reading came from, and why not Prometheus (or why none). */
	source?: HostSource;
	note?: string;
	/** Read from Prometheus: when its samples were scraped, and from when they are too old (this machine's clock). */
	scrapedAt?: number;
	staleAt?: number;
};

/**
 * Paused beats slow beats unreachable beats loading beats stale; otherwise the level of its last
 * reading. A host read from Prometheus costs nothing to keep current: it is never paused.
 */
export function hostStatus(track: HostTrack, now: number, slowAfterMs: number): HostStatus {
	if (!track.shown && track.source !== 'prometheus') return 'paused';
	if (track.inFlightSince !== undefined && now - track.inFlightSince > slowAfterMs) return 'slow';
	if (track.phase === 'unreachable') return 'unreachable';
	if (track.phase === 'loading') return 'loading';
	if (track.source === 'prometheus' && track.staleAt !== undefined && now >= track.staleAt) return 'stale';
	return track.findings?.level ?? 'ok';
}

export function fleetHost(track: HostTrack, now: number, slowAfterMs: number): FleetHost {
	const status = hostStatus(track, now, slowAfterMs);
	const last = track.findings ?? {level: 'ok' as Level, problems: []};
	let level = last.level;
	let problems = last.problems;
	if (status === 'unreachable') {
		level = 'critical';
		problems = [track.error ?? 'no answer'];
	} else if (status === 'slow') {
		level = worstLevel([last.level, 'warning']);
		problems = [`no answer for ${Math.round((now - track.inFlightSince!) / 1000)}s`, ...last.problems];
	} else if (status === 'stale') {
		level = worstLevel([last.level, 'warning']);
		// In the steps ages are shown in: an exact count of seconds would change the host on every round.
		problems = [`scraped ${formatDataAge((now - track.scrapedAt!) / 1000)} ago`, ...last.problems];
	} else if (status === 'loading') {
		level = 'ok';
		problems = [];
	}
	return {
		name: track.name,
		label: track.label,
		status,
		level,
		problems,
		...(track.lastDataAt !== undefined ? {lastDataAt: track.lastDataAt} : {}),
		...(track.lastAttemptAt !== undefined ? {lastAttemptAt: track.lastAttemptAt} : {}),
		...(track.ms !== undefined ? {ms: track.ms} : {}),
		...(status === 'unreachable' && track.error ? {error: track.error} : {}),
		...(track.inFlightSince !== undefined ? {inFlightSince: track.inFlightSince} : {}),
		...(track.connection ? {connection: track.connection} : {}),
		...(track.release ? {release: track.release} : {}),
		...(track.source ? {source: track.source} : {}),
		...(track.scrapedAt !== undefined ? {scrapedAt: track.scrapedAt} : {}),
		...(track.note ? {note: track.note} : {}),
	};
}

/** How a host's part of a pane stands, from the host's status and whether that part of its last batch failed. */
export function partState(status: HostStatus, partFailed: boolean): PartState {
	if (status === 'paused' || status === 'slow' || status === 'loading' || status === 'stale') return status;
	if (status === 'unreachable') return 'failed';
	return partFailed ? 'failed' : 'fresh';
}

export function fleetSummary(
	hosts: FleetHost[],
	services: ServiceFleetSummary[],
	openConnections: number,
): FleetSummary {
	const count = (status: HostStatus) => hosts.filter(h => h.status === status).length;
	return {
		hosts: hosts.length,
		answered: hosts.filter(h => h.status === 'ok' || h.status === 'warning' || h.status === 'critical')
			.length,
		unreachable: count('unreachable'),
		slow: count('slow'),
		paused: count('paused'),
		services,
		openConnections,
		...(hosts.some(h => h.source)
			? {
					stale: count('stale'),
					sources: {
						prometheus: hosts.filter(h => h.source === 'prometheus').length,
						ssh: hosts.filter(h => h.source === 'ssh').length,
					},
				}
			: {}),
	};
}
