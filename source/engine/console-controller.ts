// What the UI may ask of a console engine (console-engine.ts implements it): the one seam between them,
// so components read the store and call methods, and tests drive the UI through a fixture of it.
import type {ActionConfig} from '../core/actions/schema.js';
import type {ProcedureName} from '../core/procedures/plan.js';
import type {IncidentController} from './incident/controller.js';
import type {LogController} from './log-actions.js';
import type {MaintenanceController} from './maintenance/controller.js';
import type {ProcedureOptions} from './procedures/registry.js';
import type {RunbookController} from './runbooks/runbook-view.js';
import type {ConsoleState, Notice, Store} from './store.js';
import type {TeamActionStart, TypedInputs} from './team-actions.js';

/** What the UI may do with an engine: read its store and ask for things. Tests drive the UI through a fixture of this. */
export interface ConsoleController {
	readonly store: Store<ConsoleState>;
	readonly readOnly: boolean;
	start(): void;
	refreshNow(): Promise<void>;
	/** A service's recent logs in the detail view; on a fleet, from `host` (default: the first host). */
	showServiceLogs(serviceName: string, host?: string): Promise<void>;
	/** Fleets: a service's logs from `hosts` (default: every host), merged, each line prefixed with its host; absent in fixtures that don't need it. */
	showFleetServiceLogs?(serviceName: string, hosts?: string[]): Promise<void>;
	/** The shown logs with more lines (scrolled past the top); absent in fixtures that don't need it. */
	olderServiceLogs?(): void;
	/** `f`: follows the shown logs, or stops; absent in fixtures that don't need it. */
	toggleFollowServiceLogs?(): void;
	/**
	 * Fleets: the hosts the operator is looking at (a host filter, one host's detail). Only those are
	 * refreshed; the others' connections close once idle. undefined: every host. detail: one host's
	 * detail view (read from Prometheus, it is read over SSH too while open). No-op on one host.
	 */
	showHosts(names: string[] | undefined, detail?: boolean): void;
	/** Trusts the unknown host key the connection was refused with (the operator chose to), then refreshes. */
	trustHostKey(fingerprint: string): Promise<void>;
	closeDetail(): void;
	/** A status line under the panes; `until: 'refreshed'` goes when the refresh running now ends. */
	notify(text: string, level?: Notice['level'], until?: Notice['until']): void;
	/** The procedures this engine can run (a planner is registered); the others' keys say "coming". */
	readonly procedures: ReadonlySet<ProcedureName>;
	/** Plans the procedure and opens its session in the store (`procedure`): planning, then the plan to confirm. */
	startProcedure(name: ProcedureName, options?: ProcedureOptions): void;
	/**
	 * Opens the procedure's picker (its spec's `picks`: `b`'s backups, listed and checked by the engine)
	 * in the store (`picker`); false when it has none. Absent in fixtures that don't need it: the key then starts the procedure.
	 */
	openPicker?(name: ProcedureName, options?: ProcedureOptions): boolean;
	/** The operator chose this (a backup's file name): the picker closes and the procedure is planned for it. */
	choosePicked?(name: string): void;
	/** Closes the picker, planning nothing (a check still running is stopped). */
	closePicker?(): void;
	/** The operator's confirmation: "y", or the protected environment's name. A wrong word cancels. Stale data asks twice. */
	confirmProcedure(typed: string): void;
	/** Backs out before anything runs (nothing is done); a running procedure can't be cancelled. */
	cancelProcedure(): void;
	/** Closes a finished procedure's view; its one-time reveal is gone with it. */
	closeProcedure(): void;
	/** Stops the running step when it is a followed command (journalctl -f); any other step can't be stopped, and the notice says so. */
	stopProcedureStep(): void;
	/** The team's own procedures (pg-ops.yaml `actions:`): their keys, the incident's Mitigate, the maintenance window's Execute. */
	readonly teamActions?: readonly ActionConfig[];
	/** Checks the typed inputs, then opens the action's session (plan, confirmation, runner); else says why nothing was planned. */
	startTeamAction?(name: string, typed: TypedInputs, options?: {host?: string}): TeamActionStart;
	/** The incident checklist (DESIGN 7); absent in fixtures that don't need it. */
	readonly incident?: IncidentController;
	/** The maintenance window checklist (DESIGN 7); absent in fixtures that don't need it. */
	readonly maintenance?: MaintenanceController;
	/** A Markdown runbook worked step by step (`pg-ops runbook`); absent in fixtures that don't need it. */
	readonly runbook?: RunbookController;
	/** The log viewer's preferences, saving and copying; absent in fixtures that don't need it. */
	readonly logs?: LogController;
}
