// Fleets (DESIGN 11): what the console knows about each host of a many-host environment, and the
// one-line summary. Produced by the engine (engine/fleet/), read by the UI and `status --json`.
import type {Level} from '../levels.js';
import type {ServiceFleetSummary} from '../panes.js';
import type {HostSource} from '../config/prometheus-hosts.js';

/**
 * How a host's last refresh went:
 * ok / warning / critical: it answered, and its worst service or mount is at that level;
 * slow: its batch has been running longer than the refresh interval (its last data is still shown, aging);
 * unreachable: the connection or the batch failed (error says why);
 * paused: not shown (a host filter or another host's detail is open), so not refreshed;
 * loading: no answer yet since the console opened;
 * stale: read from Prometheus, whose samples of it are older than its scrape interval allows (its last data is still shown).
 */
export type HostStatus =
	'ok' | 'warning' | 'critical' | 'slow' | 'unreachable' | 'paused' | 'loading' | 'stale';

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
	/** Where its rows came from, in an environment that reads Prometheus: prometheus, or ssh (a fallback, its detail view). */
	source?: HostSource;
	/** Read from Prometheus: when its samples were scraped (this machine's clock). */
	scrapedAt?: number;
	/** Why it was read over SSH, or why it has no reading: "not known to Prometheus", "exporter down". */
	note?: string;
};

export type FleetSummary = {
	hosts: number;
	answered: number;
	unreachable: number;
	slow: number;
	paused: number;
	/** An environment reading Prometheus: hosts whose samples are older than the scrape interval allows. */
	stale?: number;
	/** One line per service: api 38/40 active. */
	services: ServiceFleetSummary[];
	/** SSH connections open now (at most one per host). */
	openConnections: number;
	/** An environment reading Prometheus: how many hosts' rows came from it and how many over SSH. */
	sources?: {prometheus: number; ssh: number};
};

export type FleetState = {
	/** In config order; the UI sorts worst first. */
	hosts: FleetHost[];
	summary: FleetSummary;
	/** The hosts being refreshed when the operator narrowed the view (a filter, a host's detail); undefined: all. */
	shown?: string[];
};
