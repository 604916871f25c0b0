// An incident as pg-ops records it (DESIGN 7): severity, the checklist, and the timeline pg-ops
// writes by itself while it is open. Pure data, persisted as JSON (engine/incident/) and exported
// as a Markdown review (core/incidents/review.ts). No secret value is ever part of it.
import type {severityNames} from '../config/schema.js';
import type {PaneId, PaneState} from '../panes.js';

export type Severity = (typeof severityNames)[number];

export type SeverityDefinition = {
	severity: Severity;
	/** "Critical" */
	name: string;
	/** "Platform down, no data processing" */
	definition: string;
	respondWithinMinutes: number;
	example?: string;
};

export const incidentSteps = [
	'assess',
	'communicate',
	'mitigate',
	'investigate',
	'resolve',
	'document',
] as const;
export type IncidentStepId = (typeof incidentSteps)[number];

export type TimelineKind =
	| 'opened'
	| 'resumed'
	| 'severity'
	| 'closed'
	/** A state change a pane saw: a service went down or came back, a job went stale, an SLO crossed a threshold. */
	| 'pane'
	/** A procedure (or runbook step) run, and its outcome. */
	| 'action'
	| 'checklist'
	| 'note'
	| 'message'
	| 'snapshot'
	| 'logs';

export type TimelineEntry = {
	/** ISO time. */
	at: string;
	kind: TimelineKind;
	/** One line, as the review's timeline shows it. */
	text: string;
	/** More lines: a snapshot's pane rows, a message's text, an action's commands. */
	detail?: string[];
};

export type IncidentAction = {
	at: string;
	title: string;
	commands: string[];
	outcome: string;
	message: string;
	correlationId?: string;
	/**
	 * What ran, as actionKind() names it: a named procedure ("restart"), "runbook-step",
	 * "test-command", or "maintenance" (a maintenance window's own step). Only a named procedure
	 * that succeeded ticks mitigate. Absent in records written before it was kept: never ticks.
	 */
	kind?: string;
	/** A team's action (kind "action:NAME"): whether it changes the system; only one that does ticks mitigate. */
	mutates?: boolean;
	/** What the panes showed change after it ("app-orchestrator: failed -> active"). */
	changes?: string[];
};

export type ChecklistTick = {done: boolean; at?: string; by?: string};

export type IncidentRecord = {
	version: 1;
	id: string;
	env: string;
	title: string;
	severity: Severity;
	/** The definition as it was when chosen: the review keeps it even if the config changes. */
	severityDefinition: SeverityDefinition;
	openedAt: string;
	openedBy: string;
	/** openedAt + the severity's response target. */
	respondBy: string;
	checklist: Record<IncidentStepId, ChecklistTick>;
	timeline: TimelineEntry[];
	actions: IncidentAction[];
	closedAt?: string;
	summary?: string;
	/** What was left open at close (unticked steps, failed actions, things the operator named). */
	leftOpen?: string[];
	/** Where the review was written. */
	reviewFile?: string;
	/**
	 * The panes as they were at the last recorded change or snapshot: what the next reading is
	 * compared with (after a resume, or by `pg-ops incident snapshot`), so a change seen while no
	 * console was watching still reaches the timeline.
	 */
	lastPanes?: Partial<Record<PaneId, PaneState>>;
};
