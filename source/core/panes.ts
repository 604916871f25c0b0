// What each pane holds. Probes produce these; the UI and `status --json` render them.
import type {Level} from './levels.js';
import type {ManagerName} from './services/managers.js';
import type {HostSource} from './config/prometheus-hosts.js';
import type {CheckItem} from './checks/evaluate.js';
import type {AlertItem} from './parsers/alerts-json.js';

/** Every pane, in the order of their focus keys (1 services ... 7 alerts). */
export const paneIds = ['services', 'jobs', 'disk', 'etl', 'slo', 'checks', 'alerts'] as const;
export type PaneId = (typeof paneIds)[number];

/** Each pane's title, from its spec (core/pane-specs/). */
export {paneTitles} from './pane-specs/registry.js';

export type ServiceItem = {
	name: string;
	manager: ManagerName;
	unit: string;
	state: string; // active, failed, inactive, running, exited, not-found...
	detail?: string; // substate or compose status text
	since?: string; // ISO time the state began, when known
	health?: {ok: boolean; status?: number; ms?: number; error?: string; url: string};
	level: Level;
	/** Fleets: the host this reading is from (absent for a one-host environment). */
	host?: string;
	/** An environment reading Prometheus: where this row came from. */
	source?: HostSource;
};

/**
 * A pane read from Prometheus (services.source, disk.source): the server, its error this refresh, how
 * many hosts' rows came from it and how many over SSH or from nowhere, and why, in a few lines.
 */
export type SourceNote = {
	prometheus: string;
	error?: string;
	hosts: {prometheus: number; ssh: number; none: number};
	/** The oldest scrape among the rows from Prometheus (this machine's clock). */
	oldestScrapeAt?: number;
	/** Grouped reasons: "not known to Prometheus (read over SSH): app-019". */
	notes: string[];
};

/** Fleets: one service across the hosts, e.g. `api: 38/40 active`. Hosts that did not answer count as unknown. */
export type ServiceFleetSummary = {
	name: string;
	total: number;
	active: number;
	/** failed, inactive, not-found... anything not active (activating counts here too). */
	notActive: number;
	/** Hosts without a reading: unreachable, slow, paused by a filter, or not yet answered. */
	unknown: number;
	level: Level;
	/** The service's health URL, checked once for the environment (through its load balancer), not per host. */
	health?: ServiceItem['health'];
};

export type JobItem = {
	name: string;
	lastRunAt?: string;
	staleAfterMinutes?: number;
	stale: boolean;
	lastStatus?: string;
	error?: string;
	level: Level;
};

export type MountItem = {
	mount: string;
	filesystem: string;
	sizeKb: number;
	usedKb: number;
	availKb: number;
	usedPercent: number;
	warnPercent: number;
	critPercent: number;
	near: boolean;
	level: Level;
	host?: string;
	source?: HostSource;
};
export type DirectoryItem = {path: string; sizeKb: number; under?: string; host?: string};

export type StuckJobItem = {id: string; status: string; createdAt: string; ageSeconds: number};

export type SloItem = {
	name: 'availability' | 'p95' | 'errorRate';
	label: string;
	value: number;
	unit: '%' | 'ms';
	target: number;
	warn: number;
	crit: number;
	higherIsBetter: boolean;
	level: Level;
	/** Worse than its target though not yet at the warning line: not "ok", its own mark (~, "off target"). */
	offTarget: boolean;
};

export type PaneData = {
	/** Fleets: items carry `host`, sorted worst host first; `fleet` has one summary line per service. */
	services: {items: ServiceItem[]; fleet?: ServiceFleetSummary[]; via?: SourceNote};
	jobs: {items: JobItem[]; pipelineOk?: boolean; blockers: string[]};
	/** Fleets: items carry `host`, worst first. */
	disk: {items: MountItem[]; largest: DirectoryItem[]; via?: SourceNote};
	/** resettable: how many of the stuck rows are past resetAfter, the ones `x` resets. */
	etl: {
		items: StuckJobItem[];
		count: number;
		stuckAfterSeconds: number;
		table: string;
		resetAfterSeconds?: number;
		resettable?: number;
	};
	/** source: where the figures came from ("http" endpoint or "prometheus"). */
	slo: {
		items: SloItem[];
		window?: string;
		source?: 'http' | 'prometheus';
		errors?: Array<{gauge: SloItem['name']; error: string}>;
	};
	/** The team's own checks (checks:): a host check once per host on a fleet (items carry `host`), the others once. */
	checks: {items: CheckItem[]};
	/** Alerts firing or pending in the team's Prometheus, or firing in its Alertmanager, worst first. */
	alerts: {items: AlertItem[]; source: 'prometheus' | 'alertmanager'; where: string};
};

export type {CheckItem, AlertItem};

export type PaneStatus = 'loading' | 'ok' | 'warning' | 'critical' | 'error';

export type PaneState<K extends PaneId = PaneId> = {
	id: K;
	status: PaneStatus;
	data?: PaneData[K];
	error?: string;
	updatedAt?: number; // when data last arrived (ms since epoch)
	attemptedAt?: number; // when the last attempt finished, data or error
	stale: boolean;
	configured: boolean;
};

/** Current release and running version, for environments with slots. */
export type SlotInfo = {
	release?: string;
	linkTarget?: string;
	deployedSha?: string;
	runningSha?: string;
	runningVersion?: string;
	error?: string;
	/** Fleets: how many hosts' `current` points at each release, when they differ (the header says "mixed"). */
	releases?: Record<string, number>;
};
