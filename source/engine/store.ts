// The console's state, owned by the engine and read by the UI through useSyncExternalStore.
// Updates replace objects (never mutate) so a subscriber can compare by reference.
import {paneIds, type PaneId, type PaneState, type SlotInfo} from '../core/panes.js';
import type {HostConnectionState} from '../adapters/host.js';
import type {ProcedureSession} from './procedure-state.js';
import type {SlotWatchState} from './slot-watch.js';
import type {IncidentRecord} from '../core/incidents/types.js';
import type {MaintenanceRecord} from '../core/maintenance/types.js';
import type {RunbookView} from './runbooks/runbook-view.js';
import type {FleetState} from '../core/fleet/types.js';
import type {EnvironmentLook} from '../core/config/theme.js';
import type {BackupPickerState} from '../core/procedures/backup-picker.js';

/** hostCount > 1: a fleet (hostLabel then says how many hosts). */
export type EnvironmentSummary = {
	name: string;
	description?: string;
	transport: 'local' | 'ssh';
	hostLabel: string;
	hostCount: number;
	readOnly: boolean;
	protected: boolean;
	refreshSeconds: number;
	/** Its colour in the header and on the borders (pg-ops.yaml `theme:`); absent: a protected one's red, else cyan. */
	look?: EnvironmentLook;
};

/** A service's logs in the log viewer (engine/service-logs.ts). */
export type Detail = {
	kind: 'logs';
	title: string;
	command: string;
	status: 'loading' | 'ok' | 'error';
	/** Oldest first, at most maxLogLines. */
	lines: string[];
	error?: string;
	host?: string;
	/** Fleets: the hosts whose logs are merged here, each line prefixed with its host (engine/service-logs.ts showMerged). */
	hosts?: string[];
	/** Which showing this is: updates for logs the operator has left are dropped. */
	id?: number;
	service?: string;
	/** The `-n` last asked for. */
	requested?: number;
	/** No older lines to fetch: the journal had fewer than asked, or the bound is reached. */
	complete?: boolean;
	fetchingOlder?: boolean;
	canFollow?: boolean;
	following?: boolean;
	/** Lines appended while followed, ever: the viewer keeps the operator's place by it. */
	received?: number;
	/** What the viewer says under the lines (fetching, following, why following ended). */
	note?: string;
};

/**
 * A status line: it belongs to the operation that made it, so it goes when the next one starts (a
 * procedure session opens), when its own operation ends (`until: 'refreshed'`), or after
 * noticeLifetimeMs; it never lingers under a later screen that contradicts it.
 */
export type Notice = {text: string; level: 'info' | 'warning' | 'error'; at: number; until?: 'refreshed'};

/** How long a notice stays: long enough to read; a warning or an error a little longer. */
export const noticeLifetimeMs: Record<Notice['level'], number> = {
	info: 8_000,
	warning: 15_000,
	error: 20_000,
};

export function noticeExpired(notice: Notice, now: number): boolean {
	return now - notice.at >= noticeLifetimeMs[notice.level];
}

export type ConsoleState = {
	env: EnvironmentSummary;
	panes: Record<PaneId, PaneState>;
	slot?: SlotInfo;
	/** The SSH connection's state, for remote environments (a fleet's: its first host's). */
	connection?: HostConnectionState;
	/** Fleets (more than one host): every host's state and the fleet summary (engine/fleet/). */
	fleet?: FleetState;
	lastRefreshAt?: number;
	now: number;
	detail?: Detail;
	notice?: Notice;
	/** The procedure the operator opened: its plan, confirmation, progress and result (engine/procedure-session.ts). */
	procedure?: ProcedureSession;
	/** A picker open before a procedure is planned (`b`: the backup to restore; engine/pickers.ts). */
	picker?: BackupPickerState;
	/** After a slot switch: the SLO watch and, on a breach, the offer to switch back (engine/slot-watch.ts). */
	slotWatch?: SlotWatchState;
	/** The open incident on this environment, if any (engine/incident/): checklist and timeline. */
	incident?: IncidentRecord;
	/** The open maintenance window on this environment, if any (engine/maintenance/). */
	maintenance?: MaintenanceRecord;
	/** The Markdown runbook being worked (`pg-ops runbook FILE.md`): its steps and their status (engine/runbooks/). */
	runbook?: RunbookView;
};

export function initialPanes(): Record<PaneId, PaneState> {
	return Object.fromEntries(
		paneIds.map(id => [id, {id, status: 'loading', stale: false, configured: true}]),
	) as Record<PaneId, PaneState>;
}

export class Store<S> {
	private listeners = new Set<() => void>();
	private pending?: NodeJS.Timeout;

	/** coalesceMs > 0: changes within that window reach listeners as one (one render, not one per pane). */
	constructor(
		private state: S,
		private readonly coalesceMs = 0,
	) {}

	getSnapshot = (): S => this.state;

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	update(change: (state: S) => S): void {
		const next = change(this.state);
		if (next === this.state) return;
		this.state = next;
		if (this.coalesceMs <= 0) return this.notify();
		this.pending ??= setTimeout(() => {
			this.pending = undefined;
			this.notify();
		}, this.coalesceMs);
	}

	private notify(): void {
		for (const listener of this.listeners) listener();
	}
}
