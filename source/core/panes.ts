// What each pane holds. Probes produce these; the UI and `status --json` render them.
import type {Level} from './levels.js';

export const paneIds = ['services', 'jobs', 'disk', 'etl', 'slo'] as const;
export type PaneId = (typeof paneIds)[number];

export const paneTitles: Record<PaneId, string> = {
	services: 'Services',
	jobs: 'Job freshness',
	disk: 'Disk',
	etl: 'Stuck ETL jobs',
	slo: 'SLO',
};

export type ServiceItem = {
	name: string;
	manager: 'systemd' | 'docker-compose';
	unit: string;
	state: string; // active, failed, inactive, running, exited, not-found...
	detail?: string; // substate or compose status text
	since?: string; // ISO time the state began, when known
	health?: {ok: boolean; status?: number; ms?: number; error?: string; url: string};
	level: Level;
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

export type MountItem = {mount: string; filesystem: string; sizeKb: number; usedKb: number; availKb: number; usedPercent: number; warnPercent: number; critPercent: number; near: boolean; level: Level};
export type DirectoryItem = {path: string; sizeKb: number; under?: string};

export type StuckJobItem = {id: string; status: string; createdAt: string; ageSeconds: number};

export type SloItem = {name: 'availability' | 'p95' | 'errorRate'; label: string; value: number; unit: '%' | 'ms'; target: number; warn: number; crit: number; higherIsBetter: boolean; level: Level};

export type PaneData = {
	services: {items: ServiceItem[]};
	jobs: {items: JobItem[]; pipelineOk?: boolean; blockers: string[]};
	disk: {items: MountItem[]; largest: DirectoryItem[]};
	etl: {items: StuckJobItem[]; count: number; stuckAfterSeconds: number; table: string};
	slo: {items: SloItem[]; window?: string};
};

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
export type SlotInfo = {release?: string; linkTarget?: string; deployedSha?: string; runningSha?: string; runningVersion?: string; error?: string};
