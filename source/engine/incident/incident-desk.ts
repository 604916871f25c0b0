// The console's incident desk (IncidentController): opens, works and closes an incident on this
// environment, and while one is open records by itself what the panes saw change, the connection
// dropping and coming back, and every procedure run. The record is saved after every change and
// mirrored into the store (`state.incident`); a console started later resumes it.
import type {NamedEnvironment} from '../../core/config/schema.js';
import {
	baselineAfter,
	connectionChange,
	paneChanges,
	slotChange,
	type ConnectionUp,
} from '../../core/incidents/pane-changes.js';
import {
	actionKind,
	addNote,
	appendEntries,
	changeSeverity,
	recordAction,
	notTicked,
	rememberPanes,
	tickStep,
} from '../../core/incidents/record.js';
import {severityDefinitions} from '../../core/incidents/severities.js';
import {snapshotEntry} from '../../core/incidents/snapshot.js';
import type {
	IncidentAction,
	IncidentRecord,
	IncidentStepId,
	Severity,
	SeverityDefinition,
	TimelineEntry,
} from '../../core/incidents/types.js';
import {paneIds, type PaneId, type PaneState, type SlotInfo} from '../../core/panes.js';
import type {HostConnectionState} from '../../adapters/host.js';
import {postWebhook} from '../../adapters/webhook.js';
import {operatorName} from '../audit.js';
import type {FinishedRun} from '../procedure-session.js';
import type {ConsoleState, Detail, Notice, Store} from '../store.js';
import type {IncidentController} from './controller.js';
import {
	closeAndExport,
	IncidentStateError,
	noOpenIncidentMessage,
	openNewIncident,
	postIncidentMessage,
	readOnlyIncidentMessage,
	type PostWebhook,
} from './incident-actions.js';
import {
	openIncidentStamp,
	readClosedIncident,
	readOpenIncident,
	saveOpenIncident,
	updateOpenIncident,
} from './incident-file.js';

export type IncidentDeskDeps = {
	env: NamedEnvironment;
	store: Store<ConsoleState>;
	/** The console's procedure sessions: every finished run is an action while an incident is open. */
	sessions: {onFinished(listener: (run: FinishedRun) => void): () => void};
	/** "local" or "deploy@app-1", for connection entries. */
	hostLabel: string;
	/** Shows a service's last `lines` log lines in the detail view; resolves to what it showed. */
	showLogs(service: string, lines: number): Promise<Detail | undefined>;
	notify(text: string, level?: Notice['level']): void;
	post?: PostWebhook;
	now?: () => number;
	operator?: string;
	/** How often another terminal's changes to the incident file are looked for. */
	pollMs?: number;
	/** A read-only console shows the incident and changes nothing: no change, no webhook, no automatic entry. */
	readOnly?: boolean;
};

export class IncidentDesk implements IncidentController {
	readonly severities: SeverityDefinition[];
	readonly webhookConfigured: boolean;
	private readonly now: () => number;
	private readonly operator: string;
	/** Per pane, the last reading that had left "loading": what the next one is compared with. */
	private seen: Partial<Record<PaneId, PaneState>> = {};
	private seenPanes?: ConsoleState['panes'];
	private seenConnection?: HostConnectionState;
	private seenSlot?: SlotInfo;
	private connectionUp: ConnectionUp;
	private stamp?: number;
	private stops: Array<() => void> = [];
	private started = false;

	constructor(private readonly deps: IncidentDeskDeps) {
		this.severities = severityDefinitions(deps.env.incidents.severities);
		this.webhookConfigured = deps.env.notify !== undefined;
		this.now = deps.now ?? Date.now;
		this.operator = deps.operator ?? operatorName();
		// From construction, not start(): `pg-ops runbook` runs steps on an engine it never starts.
		this.stops.push(deps.sessions.onFinished(run => this.recordRun(run)));
	}

	/** Resumes this environment's open incident (if any) and starts watching the panes (runs are recorded from construction). */
	start(): void {
		if (this.started) return;
		this.started = true;
		const {store} = this.deps;
		const open = this.load();
		if (open) {
			// Compare the first readings with the panes as the incident last saw them: changes while no console watched count too.
			this.seen = {...(open.lastPanes ?? {})};
			if (this.deps.readOnly) this.publish(open);
			else
				this.change(record =>
					appendEntries(record, [
						{at: this.iso(), kind: 'resumed', text: `resumed in the console by ${this.operator}`},
					]),
				);
			this.deps.notify(
				`incident ${this.deps.readOnly ? 'open (read-only: shown, not changed)' : 'resumed'}: ${open.severity} ${open.title}`,
				'warning',
			);
		}
		this.stops.push(store.subscribe(() => this.watch()));
		const timer = setInterval(() => this.pollFile(), this.deps.pollMs ?? 3000);
		timer.unref();
		this.stops.push(() => clearInterval(timer));
		this.watch();
	}

	dispose(): void {
		for (const stop of this.stops.splice(0)) stop();
	}

	open(input: {severity: Severity; title: string}): void {
		if (this.refusedReadOnly()) return;
		const definition = this.severities.find(s => s.severity === input.severity);
		if (!definition)
			return this.deps.notify(
				`no severity ${input.severity} (one of ${this.severities.map(s => s.severity).join(', ')})`,
				'error',
			);
		try {
			const record = openNewIncident(this.deps.env.name, {
				title: input.title,
				definition,
				by: this.operator,
				at: this.iso(),
				panes: this.loadedPanes(),
			});
			this.publish(record);
			this.deps.notify(
				`incident opened: ${record.severity} ${record.title}; pg-ops records the timeline from now on`,
				'warning',
			);
		} catch (error) {
			this.deps.notify((error as Error).message, 'error');
		}
	}

	setSeverity(severity: Severity): void {
		if (this.refusedReadOnly()) return;
		const definition = this.severities.find(s => s.severity === severity);
		if (!definition) return this.deps.notify(`no severity ${severity}`, 'error');
		this.change(record => changeSeverity(record, definition, this.iso()));
	}

	tick(step: IncidentStepId, done: boolean): void {
		if (this.refusedReadOnly()) return;
		this.change(record => {
			// Assess is "look at everything": its tick carries the panes as they are.
			const withSnapshot =
				step === 'assess' && done && !record.checklist.assess.done
					? this.withSnapshot(record, 'assessed')
					: record;
			return tickStep(withSnapshot, step, done, this.iso(), this.operator);
		});
	}

	snapshot(): void {
		if (this.refusedReadOnly()) return;
		this.change(record => this.withSnapshot(record));
	}

	note(text: string): void {
		if (this.refusedReadOnly()) return;
		this.change(record => addNote(record, text, this.iso()));
	}

	async communicate(text: string): Promise<void> {
		if (this.refusedReadOnly()) return;
		const record = this.load();
		if (!record) return this.deps.notify(noOpenIncidentMessage(this.deps.env.name), 'warning');
		if (!text.trim()) return this.deps.notify('an empty message was not posted', 'warning');
		const {entry, outcome} = await postIncidentMessage(
			this.deps.env,
			record,
			text,
			() => this.iso(),
			this.deps.post ?? postWebhook,
		);
		this.change(r => appendEntries(r, [entry]));
		this.deps.notify(
			outcome.ok
				? `message posted (HTTP ${outcome.status}); recorded in the timeline`
				: `message not posted: ${outcome.error}`,
			outcome.ok ? 'info' : 'error',
		);
	}

	async investigate(service: string): Promise<void> {
		const known = this.deps.env.services.map(s => s.name);
		if (!known.includes(service))
			return this.deps.notify(
				`no service named ${service} (services: ${known.join(', ') || 'none configured'})`,
				'error',
			);
		const lines = this.deps.env.incidents.logLines;
		const detail = await this.deps.showLogs(service, lines);
		// Looking is allowed read-only; recording that one looked is not.
		if (!detail || this.deps.readOnly) return;
		const text =
			detail.status === 'ok'
				? `looked at ${service}'s logs: ${detail.lines.length} of the last ${lines} lines`
				: `could not read ${service}'s logs: ${detail.error ?? 'failed'}`;
		const at = this.iso();
		this.change(record => {
			const recorded = appendEntries(record, [{at, kind: 'logs', text, detail: [`$ ${detail.command}`]}]);
			// Reading the logs is investigating: ticked like assess (a snapshot) and mitigate (a run that worked).
			return detail.status === 'ok'
				? tickStep(recorded, 'investigate', true, at, `pg-ops (looked at ${service}'s logs)`)
				: recorded;
		});
	}

	async close(input: {summary: string; leftOpen?: string[]}): Promise<string> {
		if (this.refusedReadOnly()) throw new IncidentStateError(readOnlyIncidentMessage(this.deps.env.name));
		try {
			const closed = closeAndExport(this.deps.env, {...input, by: this.operator, at: this.iso()});
			this.stamp = undefined;
			// The closed record stays in the store (closedAt, reviewFile) until another incident opens.
			this.deps.store.update(s => ({...s, incident: closed}));
			const open = notTicked(closed);
			this.deps.notify(
				open.length
					? `incident closed with ${open.length} ${open.length === 1 ? 'step' : 'steps'} not ticked (${open.join(', ')}: left open in the review); review written to ${closed.reviewFile}`
					: `incident closed; review written to ${closed.reviewFile}`,
				open.length ? 'warning' : 'info',
			);
			return closed.reviewFile!;
		} catch (error) {
			this.deps.notify((error as Error).message, 'error');
			throw error;
		}
	}

	/** The store changed: record what the panes, the connection and the slot show changed (only while an incident is open). */
	private watch(): void {
		const state = this.deps.store.getSnapshot();
		if (
			state.panes === this.seenPanes &&
			state.connection === this.seenConnection &&
			state.slot === this.seenSlot
		)
			return;
		const at = this.iso();
		const entries: TimelineEntry[] = [];
		if (state.panes !== this.seenPanes) {
			this.seenPanes = state.panes;
			const next = {...this.seen};
			for (const id of paneIds)
				if (state.panes[id].status !== 'loading') next[id] = baselineAfter(this.seen[id], state.panes[id]);
			entries.push(...paneChanges(this.seen, state.panes, at));
			this.seen = next;
		}
		if (state.connection !== this.seenConnection) {
			this.seenConnection = state.connection;
			const {up, entry} = connectionChange(this.connectionUp, state.connection, this.deps.hostLabel, at);
			this.connectionUp = up;
			if (entry) entries.push(entry);
		}
		if (state.slot !== this.seenSlot) {
			const entry = slotChange(this.seenSlot, state.slot, at);
			this.seenSlot = state.slot;
			if (entry) entries.push(entry);
		}
		if (entries.length === 0 || !isOpen(state.incident) || this.deps.readOnly) return;
		this.change(record => rememberPanes(appendEntries(record, entries), this.seen), true);
	}

	/**
	 * A finished run goes into the incident open in the FILE, as `pg-ops run` records one: the store
	 * may not show an incident opened from the CLI yet (it is polled). None open: nothing recorded.
	 */
	private recordRun(run: FinishedRun): void {
		if (this.deps.readOnly) return; // nothing a read-only session ran changed anything; nor does it write the incident
		const action: IncidentAction = {
			at: new Date(run.at).toISOString(),
			title: run.title,
			kind: actionKind(run.name, run.tag),
			...(run.mutates !== undefined && run.name.startsWith('action:') ? {mutates: run.mutates} : {}),
			commands: run.commands,
			outcome: run.outcome,
			message: run.message,
			correlationId: run.correlationId,
			changes: run.changes,
		};
		try {
			const updated = updateOpenIncident(this.deps.env.name, record => recordAction(record, action));
			if (updated) this.publish(updated.after);
		} catch (error) {
			this.deps.notify(`the run was not recorded in the incident: ${(error as Error).message}`, 'error');
		}
	}

	/** Read-only: says so (once per attempt) and tells the caller to stop. */
	private refusedReadOnly(): boolean {
		if (!this.deps.readOnly) return false;
		this.deps.notify(readOnlyIncidentMessage(this.deps.env.name), 'warning');
		return true;
	}

	private withSnapshot(record: IncidentRecord, why?: string): IncidentRecord {
		const state = this.deps.store.getSnapshot();
		const entry = snapshotEntry(
			state.panes,
			state.now,
			this.iso(),
			why ? `${why}: snapshot of every pane` : undefined,
		);
		return rememberPanes(appendEntries(record, [entry]), this.loadedPanes());
	}

	/** Reads the latest record, changes it, saves it and shows it. Nothing open: the operator is told, unless pg-ops was recording by itself. */
	private change(change: (record: IncidentRecord) => IncidentRecord, automatic = false): void {
		try {
			const record = this.load();
			if (!record)
				return automatic ? undefined : this.deps.notify(noOpenIncidentMessage(this.deps.env.name), 'warning');
			const next = change(record);
			if (next === record) return;
			saveOpenIncident(next);
			this.publish(next);
		} catch (error) {
			this.deps.notify(
				error instanceof IncidentStateError
					? error.message
					: `incident not saved: ${(error as Error).message}`,
				'error',
			);
		}
	}

	/** The open incident from its file; another terminal may have changed or closed it. A broken file is reported, never replaced. */
	private load(): IncidentRecord | undefined {
		try {
			const record = readOpenIncident(this.deps.env.name);
			const shown = this.deps.store.getSnapshot().incident;
			if (!record && isOpen(shown)) this.closedElsewhere(shown!);
			return record;
		} catch (error) {
			this.deps.notify((error as Error).message, 'error');
			return undefined;
		}
	}

	private publish(record: IncidentRecord | undefined): void {
		this.stamp = openIncidentStamp(this.deps.env.name);
		this.deps.store.update(s => (s.incident === record ? s : {...s, incident: record}));
	}

	/** `pg-ops incident note` in another terminal, or a close: shown here within a few seconds. */
	private pollFile(): void {
		const stamp = openIncidentStamp(this.deps.env.name);
		if (stamp === this.stamp) return;
		const shown = this.deps.store.getSnapshot().incident;
		try {
			const record = readOpenIncident(this.deps.env.name);
			this.stamp = stamp;
			if (record) return this.publish(record);
			if (isOpen(shown)) this.closedElsewhere(shown!);
		} catch (error) {
			this.stamp = stamp; // reported once per change of the file, not every few seconds
			this.deps.notify((error as Error).message, 'error');
		}
	}

	/** Closed by `pg-ops incident close` in another terminal: show its closed record (and review), as a close here would. */
	private closedElsewhere(shown: IncidentRecord): void {
		let closed: IncidentRecord | undefined;
		try {
			closed = readClosedIncident(this.deps.env.name, shown.id);
		} catch {
			closed = undefined;
		}
		this.deps.store.update(s => ({...s, incident: closed}));
		this.deps.notify(
			closed
				? `incident closed in another terminal; review at ${closed.reviewFile ?? '(not written)'}`
				: 'the open incident file is gone (closed or removed in another terminal)',
		);
	}

	private loadedPanes(): Partial<Record<PaneId, PaneState>> {
		const panes = this.deps.store.getSnapshot().panes;
		return Object.fromEntries(
			paneIds.filter(id => panes[id].status !== 'loading').map(id => [id, panes[id]]),
		);
	}

	private iso(): string {
		return new Date(this.now()).toISOString();
	}
}

function isOpen(record: IncidentRecord | undefined): boolean {
	return record !== undefined && record.closedAt === undefined;
}
