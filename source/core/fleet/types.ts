// Fleets (DESIGN 11): what the console knows about each host of a many-host environment, and the
// one-line summary. Produced by the engine (engine/fleet/), read by the UI and `status --json`.
import type {Level} from '../levels.js';
import type {ServiceFleetSummary} from '../panes.js';

/**
 * How a host's last refresh went:
 * ok / warning / critical: it answered, and its worst service or mount is at that level;
 * slow: its batch has been running longer than the refresh interval (its last data is still shown, aging);
 * unreachable: the connection or the batch failed (error says why);
 * paused: not shown (a host filter or another host's detail is open), so not refreshed;
 * loading: no answer yet since the console opened.
 */
export type HostStatus = 'ok' | 'warning' | 'critical' | 'slow' | 'unreachable' | 'paused' | 'loading';

export type FleetHost = {
	/** The name in the config (after range/pattern expansion): what operators type in a filter and --host. */
	name: string;
	/** user@host[:port] as connected. */
	label: string;
	status: HostStatus;
	/** Worst level of its services and mounts at the last reading; unreachable and slow count as critical and warning. */
	level: Level;
	/** What is wrong on the host, shortest first: "api failed", "/ 93%", "no answer for 12s", the connection error. */
	problems: string[];
	lastDataAt?: number;
	lastAttemptAt?: number;
	/** How long its last batch took. */
	ms?: number;
	error?: string;
	/** Set while a batch to it is under way. */
	inFlightSince?: number;
	/** The SSH connection's state: connected, reconnecting, idle (closed after idling)... */
	connection?: 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed';
	/** `current` link's release on this host, when slots are configured. */
	release?: string;
};

export type FleetSummary = {
	hosts: number;
	answered: number;
	unreachable: number;
	slow: number;
	paused: number;
	/** One line per service: api 38/40 active. */
	services: ServiceFleetSummary[];
	/** SSH connections open now (at most one per host). */
	openConnections: number;
};

export type FleetState = {
	/** In config order; the UI sorts worst first. */
	hosts: FleetHost[];
	summary: FleetSummary;
	/** The hosts being refreshed when the operator narrowed the view (a filter, a host's detail); undefined: all. */
	shown?: string[];
};
