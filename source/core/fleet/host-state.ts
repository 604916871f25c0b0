// What the console says about each host of a fleet (ok, slow, unreachable, paused...) and the
// one-line fleet summary, from what the engine knows of the host's batches. Pure.
import type {Level} from '../levels.js';
import {worstLevel} from '../levels.js';
import type {ServiceFleetSummary} from '../panes.js';
import type {PartState} from './aggregate.js';
import type {FleetHost, FleetSummary, HostStatus} from './types.js';

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
};

/** Paused beats slow beats unreachable beats loading; otherwise the level of its last reading. */
export function hostStatus(track: HostTrack, now: number, slowAfterMs: number): HostStatus {
	if (!track.shown) return 'paused';
	if (track.inFlightSince !== undefined && now - track.inFlightSince > slowAfterMs) return 'slow';
	if (track.phase === 'unreachable') return 'unreachable';
	if (track.phase === 'loading') return 'loading';
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
	};
}

/** How a host's part of a pane stands, from the host's status and whether that part of its last batch failed. */
export function partState(status: HostStatus, partFailed: boolean): PartState {
	if (status === 'paused' || status === 'slow' || status === 'loading') return status;
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
	};
}
