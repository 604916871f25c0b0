// Owns one environment's live state: the refresh schedule, staleness, details the operator asks
// for, notices, and procedure sessions (procedure-session.ts). The UI only reads the store and
// calls these methods.
import type {NamedEnvironment} from '../core/config/schema.js';
import type {PaneId, PaneState} from '../core/panes.js';
import {paneSpecs} from '../core/pane-specs/registry.js';
import {staleAfterMs} from '../core/fleet/prometheus-readings.js';
import {parseDuration} from '../core/duration.js';
import {createRuntime, type Runtime} from './runtime.js';
import {runRefresh, type PaneReport} from './refresh.js';
import {FleetRefresher} from './fleet/fleet-refresher.js';
import {initialPanes, noticeExpired, Store, type ConsoleState, type Notice} from './store.js';
import type {ProcedureName} from '../core/procedures/plan.js';
import {usesSudo} from '../core/privilege.js';
import {availableProcedures, plannerFor, type ProcedureOptions} from './procedures/registry.js';
import {runProcedure} from './procedures/runner.js';
import {ProcedureSessions} from './procedure-session.js';
import {Pickers} from './pickers.js';
import {IncidentDesk} from './incident/incident-desk.js';
import {MaintenanceDesk} from './maintenance/maintenance-desk.js';
import {RunbookDesk} from './runbooks/runbook-desk.js';
import {LogActions} from './log-actions.js';
import {firstLogLines, ServiceLogs} from './service-logs.js';
import {environmentLook} from '../core/config/theme.js';
import type {ActionConfig} from '../core/actions/schema.js';
import {startTeamAction, type TeamActionStart, type TypedInputs} from './team-actions.js';
import type {ConsoleController} from './console-controller.js';

export type {ConsoleController} from './console-controller.js';

export type ConsoleEngineOptions = {
	readOnly?: boolean;
	trustHostKey?: string;
	runtime?: Runtime;
	clockMs?: number;
};

export class ConsoleEngine implements ConsoleController {
	readonly store: Store<ConsoleState>;
	readonly procedures: ReadonlySet<ProcedureName> = new Set(availableProcedures());
	private readonly runtime: Runtime;
	private readonly sessions: ProcedureSessions;
	private readonly pickers: Pickers;
	readonly maintenance: MaintenanceDesk;
	readonly incident: IncidentDesk;
	readonly runbook: RunbookDesk;
	readonly logs: LogActions;
	private readonly logLines: ServiceLogs;
	private refreshTimer?: NodeJS.Timeout;
	private clockTimer?: NodeJS.Timeout;
	private inFlight?: Promise<void>;
	/** Fleets: hosts refreshed one by one as they answer (one host keeps the one-shot refresh). */
	private readonly fleet?: FleetRefresher;
	private disposed = false;
	private unsubscribeConnection?: () => void;

	constructor(
		readonly env: NamedEnvironment,
		private readonly options: ConsoleEngineOptions = {},
	) {
		this.runtime =
			options.runtime ?? createRuntime(env, {readOnly: options.readOnly, trustHostKey: options.trustHostKey});
		// Probes finish milliseconds apart; one render for all of them is what keeps idle cost low.
		this.store = new Store<ConsoleState>(
			{
				env: {
					name: env.name,
					description: env.description,
					transport: env.transport,
					hostLabel: this.runtime.fleet ? `${this.runtime.hosts.length} hosts` : this.runtime.host.label,
					hostCount: this.runtime.hosts.length,
					readOnly: this.runtime.readOnly,
					protected: env.protected,
					refreshSeconds: env.refreshSeconds,
					look: environmentLook(env),
				},
				panes: initialPanes(),
				now: Date.now(),
			},
			40,
		);
		if (this.runtime.fleet) {
			this.fleet = new FleetRefresher(
				this.runtime,
				{
					onPane: report => this.applyPane(report),
					onSlot: slot => this.store.update(s => ({...s, slot})),
					onFleet: fleet => this.store.update(s => ({...s, fleet})),
					// Hosts answer over a few hundred ms: merging and drawing every 250 ms (and once all have answered)
					// keeps a 100-host console's idle cost down without holding any host's data back noticeably.
				},
				{progressive: true, publishDelayMs: 250},
			);
			this.store.update(s => ({...s, fleet: this.fleet!.state()}));
		}
		this.logLines = new ServiceLogs({store: this.store, env, runtime: this.runtime});
		this.logs = new LogActions({envName: env.name, notify: (text, level) => this.notify(text, level)});
		const slots = env.slots as {watchMinutes?: number; autoSwitchBack?: boolean} | undefined;
		this.sessions = new ProcedureSessions({
			store: this.store,
			planner: name => {
				const planner = plannerFor(name);
				return planner && (options => planner(this.runtime, options));
			},
			run: (plan, options) => runProcedure(this.runtime, plan, options),
			sudo: usesSudo(env),
			protectedEnv: env.protected,
			refreshNow: () => this.refreshNow(),
			notify: (text, level) => this.notify(text, level),
			slotWatch: slots
				? {watchMinutes: slots.watchMinutes ?? 10, autoSwitchBack: slots.autoSwitchBack ?? false}
				: undefined,
		});
		this.pickers = new Pickers({
			runtime: this.runtime,
			store: this.store,
			startProcedure: (name, chosen) => this.startProcedure(name, chosen),
			notify: (text, level) => this.notify(text, level),
		});
		this.maintenance = new MaintenanceDesk({
			runtime: this.runtime,
			store: this.store,
			sessions: this.sessions,
			refreshNow: () => this.refreshNow(),
			notify: (text, level) => this.notify(text, level),
		});
		this.incident = new IncidentDesk({
			env,
			store: this.store,
			sessions: this.sessions,
			hostLabel: this.runtime.host.label,
			showLogs: (service, lines) => this.logLines.show(service, lines),
			notify: (text, level) => this.notify(text, level),
			readOnly: this.runtime.readOnly,
		});
		this.runbook = new RunbookDesk({
			store: this.store,
			sessions: this.sessions,
			env,
			notify: (text, level) => this.notify(text, level),
		});
	}

	get readOnly(): boolean {
		return this.runtime.readOnly;
	}

	start(): void {
		// Before any data arrives, so the first readings are compared with what the open incident last saw.
		this.incident.start();
		const host = this.runtime.host;
		if (host.onConnectionState) {
			this.store.update(s => ({...s, connection: host.connectionState?.()}));
			this.unsubscribeConnection = host.onConnectionState(connection => {
				this.store.update(s => ({...s, connection}));
				// Back after a drop: refresh at once instead of waiting for the next tick.
				if (connection.status === 'connected') void this.refreshNow();
			});
		}
		const warnings = this.runtime.warnings;
		if (warnings.length)
			this.notify(
				`${warnings[0]}${warnings.length > 1 ? ` (and ${warnings.length - 1} more)` : ''}`,
				'warning',
			);
		this.maintenance.resume();
		void this.refreshNow();
		// A scheduled tick lets a fleet back a dead host off; ctrl+r (refreshNow) asks every host at once.
		this.refreshTimer = setInterval(
			() => void (this.fleet && !this.disposed ? this.fleet.refresh({scheduled: true}) : this.refreshNow()),
			this.env.refreshSeconds * 1000,
		);
		// Checks staleness once a second; redraws only when a pane turns stale or ages on screen would move.
		this.clockTimer = setInterval(() => this.tick(), this.options.clockMs ?? 1000);
	}

	/**
	 * Starts a refresh unless one is running (a slow host must not pile refreshes up). On a fleet,
	 * each shown host that has no batch running gets one; resolves once they have all answered or timed out.
	 */
	refreshNow(): Promise<void> {
		if (this.fleet)
			return this.disposed ? Promise.resolve() : this.fleet.refresh().finally(() => this.refreshEnded());
		if (this.inFlight || this.disposed) return this.inFlight ?? Promise.resolve();
		// "refreshed" means data arrived: a refresh in which every probe failed leaves the age growing.
		let gotData = false;
		this.inFlight = runRefresh(this.runtime, {
			onPane: report => {
				if (report.configured && report.status !== 'error') gotData = true;
				this.applyPane(report);
			},
			onSlot: slot => this.store.update(s => ({...s, slot})),
		}).finally(() => {
			this.inFlight = undefined;
			if (!this.disposed)
				this.store.update(s => ({
					...s,
					lastRefreshAt: gotData ? Date.now() : s.lastRefreshAt,
					now: Date.now(),
					notice: s.notice?.until === 'refreshed' ? undefined : s.notice,
				}));
		});
		return this.inFlight;
	}

	async showServiceLogs(serviceName: string, host?: string): Promise<void> {
		await this.logLines.show(serviceName, firstLogLines, this.runtime.fleet ? host : undefined);
	}

	async showFleetServiceLogs(serviceName: string, hosts?: string[]): Promise<void> {
		if (!this.runtime.fleet) return this.showServiceLogs(serviceName);
		await this.logLines.showMerged(serviceName, hosts ?? this.runtime.hosts.map(h => h.name));
	}

	olderServiceLogs(): void {
		void this.logLines.older();
	}

	toggleFollowServiceLogs(): void {
		this.logLines.toggleFollow();
	}

	showHosts(names: string[] | undefined, detail = false): void {
		if (!this.fleet || this.disposed) return;
		this.fleet.showHosts(names, detail);
	}

	async trustHostKey(fingerprint: string): Promise<void> {
		// On a fleet, the host (or jump host) that offered that key; else the first host, as ever.
		const host =
			this.runtime.hosts.find(h => h.host.connectionState?.().hostKeyError?.fingerprint === fingerprint)
				?.host ?? this.runtime.host;
		if (!host.trustHostKey) return;
		try {
			await host.trustHostKey(fingerprint);
			this.notify(`trusted ${host.label}'s key ${fingerprint} (added to pg-ops' own known-hosts file)`);
		} catch (error) {
			this.notify((error as Error).message, 'error');
		}
		await this.refreshNow();
	}

	closeDetail(): void {
		this.logLines.close();
	}

	notify(text: string, level: Notice['level'] = 'info', until?: Notice['until']): void {
		this.store.update(s => ({...s, notice: {text, level, at: Date.now(), ...(until ? {until} : {})}}));
	}

	/** The refresh a notice announced is over: that notice goes. */
	private refreshEnded(): void {
		this.store.update(s => (s.notice?.until === 'refreshed' ? {...s, notice: undefined} : s));
	}

	startProcedure(name: ProcedureName, options: ProcedureOptions = {}): void {
		this.sessions.start(name, options);
	}

	openPicker(name: ProcedureName, options: ProcedureOptions = {}): boolean {
		return this.pickers.open(name, options);
	}

	choosePicked(name: string): void {
		this.pickers.choose(name);
	}

	closePicker(): void {
		this.pickers.close();
	}

	get teamActions(): readonly ActionConfig[] {
		return this.env.actions;
	}

	startTeamAction(name: string, typed: TypedInputs, options: {host?: string} = {}): TeamActionStart {
		return startTeamAction({runtime: this.runtime, sessions: this.sessions}, name, typed, options);
	}

	confirmProcedure(typed: string): void {
		this.sessions.confirm(typed);
	}

	cancelProcedure(): void {
		this.sessions.cancel();
	}

	closeProcedure(): void {
		this.sessions.close();
	}

	stopProcedureStep(): void {
		this.sessions.stop();
	}

	/** Stops a running procedure at its next safe point (SIGTERM, a closed terminal) and resolves once it has put things right and written its result. */
	async interruptProcedure(reason: string): Promise<void> {
		this.sessions.interrupt(reason);
		await this.sessions.settled();
	}

	async dispose(): Promise<void> {
		this.disposed = true;
		this.logLines.stopFollowing();
		this.incident.dispose();
		this.maintenance.dispose();
		this.runbook.dispose();
		this.sessions.dispose();
		this.pickers.close();
		this.unsubscribeConnection?.();
		this.fleet?.dispose();
		clearInterval(this.refreshTimer);
		clearInterval(this.clockTimer);
		await this.runtime.close();
	}

	private applyPane(report: PaneReport): void {
		if (this.disposed) return;
		const at = Date.now();
		this.store.update(s => {
			const previous = s.panes[report.pane];
			const next: PaneState =
				report.status === 'error'
					? // Keep the last good data beside the error: an operator still wants to see it, marked stale.
						{
							...previous,
							status: 'error',
							error: report.error,
							attemptedAt: at,
							configured: report.configured,
							stale: previous.updatedAt !== undefined,
							// A pane with several parts (checks) shows the parts that were read beside the error.
							...(report.data ? {data: report.data, updatedAt: at, stale: false} : {}),
						}
					: {
							id: report.pane,
							status: report.status,
							data: report.data,
							// Read from Prometheus, the data is as old as its samples: the pane's age says so.
							updatedAt: Math.min(at, report.dataAt ?? at),
							attemptedAt: at,
							stale: false,
							configured: report.configured,
						};
			// A fleet has no moment when "the" refresh is done: data arriving is what counts as refreshed.
			const refreshed =
				this.fleet && report.configured && report.status !== 'error' ? {lastRefreshAt: at} : {};
			return {...s, panes: {...s.panes, [report.pane]: next}, now: at, ...refreshed};
		});
	}

	private tick(): void {
		const now = Date.now();
		this.store.update(s => {
			let changed = false;
			const panes = {...s.panes};
			for (const pane of Object.values(s.panes)) {
				const stale =
					pane.updatedAt !== undefined && now - pane.updatedAt > paneLateAfterMs(this.env, pane.id);
				if (stale !== pane.stale) {
					panes[pane.id] = {...pane, stale};
					changed = true;
				}
			}
			const expired = s.notice !== undefined && noticeExpired(s.notice, now);
			// Ages are shown in steps of ageStepMs; a refresh moves them anyway, so between refreshes
			// the clock only has to catch up once a step has passed.
			if (!changed && !expired && now - s.now < ageStepMs) return s;
			return {...s, now, panes: changed ? panes : s.panes, notice: expired ? undefined : s.notice};
		});
	}
}

export const ageStepMs = 5000;

/**
 * When a pane's data is late: two refreshes, or one and the probe timeout; a pane read from
 * Prometheus holds samples up to a scrape interval old, so only once they are older than it allows.
 */
export function paneLateAfterMs(env: NamedEnvironment, pane: PaneId): number {
	const late = Math.max(2 * env.refreshSeconds, env.refreshSeconds + env.probeTimeoutSeconds) * 1000;
	if (!paneSpecs[pane].readsScrapes(env) || !env.prometheus) return late;
	return Math.max(late, staleAfterMs(parseDuration(env.prometheus.scrapeInterval) ?? 60));
}
