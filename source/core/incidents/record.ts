// The incident record's changes as pure functions: each takes a record and returns a new one, so
// the console (through the store) and `pg-ops incident` (through the file) change it the same way.
import type {PaneId, PaneState} from '../panes.js';
import {procedureNames, type PlanKind, type ProcedureName} from '../procedures/plan.js';
import {procedureSpecs} from '../procedures/specs.js';
import {respondByFor} from './severities.js';
import {
	incidentSteps,
	type IncidentAction,
	type IncidentRecord,
	type IncidentStepId,
	type SeverityDefinition,
	type TimelineEntry,
} from './types.js';

export const stepTitles: Record<IncidentStepId, string> = {
	assess: 'Assess: what is affected, how badly (a snapshot of every pane)',
	communicate: 'Communicate: tell the people who need to know',
	mitigate: 'Mitigate: stop the damage (procedures)',
	investigate: 'Investigate: find the cause (logs)',
	resolve: 'Resolve: fix it and see it fixed',
	document: 'Document: notes for the review',
};

export function isIncidentStep(text: string): text is IncidentStepId {
	return (incidentSteps as readonly string[]).includes(text);
}

export function openIncident(input: {
	id: string;
	env: string;
	title: string;
	definition: SeverityDefinition;
	by: string;
	at: string;
	panes?: Partial<Record<PaneId, PaneState>>;
}): IncidentRecord {
	const {definition, at} = input;
	return {
		version: 1,
		id: input.id,
		env: input.env,
		title: input.title,
		severity: definition.severity,
		severityDefinition: definition,
		openedAt: at,
		openedBy: input.by,
		respondBy: respondByFor(at, definition),
		checklist: Object.fromEntries(
			incidentSteps.map(step => [step, {done: false}]),
		) as IncidentRecord['checklist'],
		timeline: [
			{
				at,
				kind: 'opened',
				text: `opened by ${input.by}: ${definition.severity} ${definition.name}: ${input.title}`,
			},
		],
		actions: [],
		lastPanes: input.panes,
	};
}

export function appendEntries(record: IncidentRecord, entries: TimelineEntry[]): IncidentRecord {
	return entries.length === 0 ? record : {...record, timeline: [...record.timeline, ...entries]};
}

/** A new severity: the response target moves with it (from the opening time, as the new severity's target). */
export function changeSeverity(
	record: IncidentRecord,
	definition: SeverityDefinition,
	at: string,
): IncidentRecord {
	if (definition.severity === record.severity) return record;
	const entry: TimelineEntry = {
		at,
		kind: 'severity',
		text: `severity ${record.severity} -> ${definition.severity} ${definition.name}`,
	};
	return appendEntries(
		{
			...record,
			severity: definition.severity,
			severityDefinition: definition,
			respondBy: respondByFor(record.openedAt, definition),
		},
		[entry],
	);
}

export function tickStep(
	record: IncidentRecord,
	step: IncidentStepId,
	done: boolean,
	at: string,
	by: string,
): IncidentRecord {
	if (record.checklist[step].done === done) return record;
	const entry: TimelineEntry = {at, kind: 'checklist', text: `${done ? 'ticked' : 'unticked'} ${step}`};
	return appendEntries(
		{...record, checklist: {...record.checklist, [step]: done ? {done, at, by} : {done}}},
		[entry],
	);
}

export function addNote(record: IncidentRecord, text: string, at: string): IncidentRecord {
	const lines = text
		.split('\n')
		.map(l => l.trimEnd())
		.filter(l => l.trim().length > 0);
	if (lines.length === 0) return record;
	return appendEntries(record, [
		{at, kind: 'note', text: lines[0]!, detail: lines.length > 1 ? lines.slice(1) : undefined},
	]);
}

/** A procedure (or runbook step) that ran while the incident was open: an action with its exact commands, and a timeline entry. */
export function recordAction(record: IncidentRecord, action: IncidentAction): IncidentRecord {
	const entry: TimelineEntry = {
		at: action.at,
		kind: 'action',
		text: `${action.title}: ${action.outcome}`,
		detail: [...action.commands.map(c => `$ ${c}`), ...(action.changes ?? []).map(c => `changed: ${c}`)],
	};
	const recorded = appendEntries({...record, actions: [...record.actions, action]}, [entry]);
	// A named procedure that worked is mitigation: the checklist says so without the operator ticking it by hand.
	return action.outcome === 'succeeded' && mitigates(action)
		? tickStep(recorded, 'mitigate', true, action.at, `pg-ops (${action.title})`)
		: recorded;
}

/**
 * What ran, for IncidentAction.kind: the plan's kind (a procedure's name, "runbook-step",
 * "test-command"), or "maintenance" when a maintenance window started it (its tag says so).
 */
export function actionKind(planKind: PlanKind, tag?: string): string {
	return tag?.startsWith('maintenance:') ? 'maintenance' : planKind;
}

/**
 * Ticks mitigate when it succeeds: a named procedure whose spec says it mitigates (restart,
 * reset-stuck-jobs, ...; not a backup) or a team's action that changes the system; not a runbook
 * step, a test command or a maintenance window's step, which may only read (a log, a check).
 */
export function mitigates(action: Pick<IncidentAction, 'kind' | 'mutates'>): boolean {
	const kind = action.kind;
	// A team's action mitigates when it changes the system (a diagnosis, mutates: false, does not).
	if (kind?.startsWith('action:')) return action.mutates === true;
	return (
		kind !== undefined &&
		(procedureNames as readonly string[]).includes(kind) &&
		procedureSpecs[kind as ProcedureName].mitigates
	);
}

/** The panes now compared against: kept so a later reading (a resume, a snapshot) has something to compare with. */
export function rememberPanes(
	record: IncidentRecord,
	panes: Partial<Record<PaneId, PaneState>>,
): IncidentRecord {
	return {...record, lastPanes: panes};
}

/**
 * When the response began: the first thing done about the incident (a tick, an action, a message,
 * logs looked at, a snapshot taken), not the opening itself or a note.
 */
export function firstResponseAt(record: IncidentRecord): string | undefined {
	const responses = new Set(['checklist', 'action', 'message', 'logs', 'snapshot']);
	return record.timeline.find(entry => responses.has(entry.kind))?.at;
}

/** What the review lists as left open: unticked steps, actions that did not succeed, and what the operator named. */
/** The checklist steps not ticked, besides document (closing is documenting): what closing should warn about. */
export function notTicked(record: IncidentRecord): IncidentStepId[] {
	return incidentSteps.filter(step => step !== 'document' && !record.checklist[step].done);
}

export function leftOpenItems(record: IncidentRecord, named: string[] = []): string[] {
	const steps = incidentSteps
		.filter(step => !record.checklist[step].done)
		.map(step => `checklist step not done: ${step}`);
	const failed = record.actions
		.filter(a => a.outcome !== 'succeeded')
		.map(a => `${a.title}: ${a.outcome}${a.message ? ` (${firstLine(a.message)})` : ''}`);
	return [...steps, ...failed, ...named.map(n => n.trim()).filter(Boolean)];
}

export function closeIncident(
	record: IncidentRecord,
	input: {summary: string; leftOpen?: string[]; at: string; by: string},
): IncidentRecord {
	// Closing writes the summary and the review: that is the "document" step done.
	const documented = tickStep(record, 'document', true, input.at, input.by);
	const closed = appendEntries(documented, [{at: input.at, kind: 'closed', text: `closed by ${input.by}`}]);
	return {
		...closed,
		closedAt: input.at,
		summary: input.summary.trim(),
		leftOpen: leftOpenItems(documented, input.leftOpen),
	};
}

function firstLine(text: string): string {
	const line = text.split('\n')[0]!;
	return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}
