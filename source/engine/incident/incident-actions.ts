// What the console's incident desk and `pg-ops incident` both do to an incident: open one (one at a
// time per environment), post a message to the webhook, record a procedure run, close it into a
// review. Each reads the file, changes the record through core/incidents/record.ts and saves it.
import {randomBytes} from 'node:crypto';
import type {NamedEnvironment} from '../../core/config/schema.js';
import {formatAge} from '../../core/duration.js';
import {actionKind, closeIncident, openIncident, recordAction} from '../../core/incidents/record.js';
import {renderReview} from '../../core/incidents/review.js';
import type {
	IncidentAction,
	IncidentRecord,
	SeverityDefinition,
	TimelineEntry,
} from '../../core/incidents/types.js';
import type {PaneId, PaneState} from '../../core/panes.js';
import {postWebhook, type WebhookOutcome} from '../../adapters/webhook.js';
import {describeAction, maskSecrets} from '../../core/procedures/describe.js';
import {planMutates, type Plan} from '../../core/procedures/plan.js';
import {usesSudo} from '../../core/privilege.js';
import type {ProcedureResult} from '../procedures/runner.js';
import {
	archiveIncident,
	readOpenIncident,
	reviewDirectory,
	saveOpenIncident,
	updateOpenIncident,
	writeReviewFile,
} from './incident-file.js';

/** Something about the incident's state that stops the request: none open, one already open. */
export class IncidentStateError extends Error {}

export type PostWebhook = typeof postWebhook;

export function alreadyOpenMessage(record: IncidentRecord, now: number): string {
	return `an incident is already open on ${record.env}: "${record.title}" (${record.severity}, opened ${formatAge((now - Date.parse(record.openedAt)) / 1000)} ago by ${record.openedBy}); close it first (pg-ops incident close --summary "...")`;
}

/**
 * Read-only is for looking, at incidents too: a read-only session opens, notes, ticks, posts (never
 * the webhook), snapshots and closes nothing, and records nothing by itself; it can show the incident.
 */
export function readOnlyIncidentMessage(env: string): string {
	return `${env} is open read-only: the incident can be looked at (pg-ops incident status), not changed: nothing is opened, noted, ticked, posted or closed, and nothing is recorded; run pg-ops without --read-only to work it`;
}

export function noOpenIncidentMessage(env: string): string {
	return `no incident is open on ${env} (open one: pg-ops incident open --env ${env} --severity P2 --title "...")`;
}

/** Opens and saves a new incident; refuses while one is open on this environment. */
export function openNewIncident(
	env: string,
	input: {
		title: string;
		definition: SeverityDefinition;
		by: string;
		at: string;
		panes?: Partial<Record<PaneId, PaneState>>;
	},
): IncidentRecord {
	const open = readOpenIncident(env);
	if (open) throw new IncidentStateError(alreadyOpenMessage(open, Date.parse(input.at)));
	const title = input.title.trim();
	if (!title) throw new IncidentStateError('an incident needs a title: what is wrong, in a few words');
	const record = openIncident({
		id: incidentId(input.at),
		env,
		title,
		definition: input.definition,
		by: input.by,
		at: input.at,
		panes: input.panes,
	});
	saveOpenIncident(record);
	return record;
}

/** "20261123-0412-a3f9": sortable, and unique enough for one environment's incidents. */
function incidentId(at: string): string {
	return `${at.slice(0, 10).replaceAll('-', '')}-${at.slice(11, 16).replace(':', '')}-${randomBytes(2).toString('hex')}`;
}

/** The line the chat or pager shows: where, how bad, what, then the operator's words. */
export function webhookText(record: IncidentRecord, text: string): string {
	return `[${record.env} ${record.severity}] ${record.title}: ${text.trim()}`;
}

/**
 * Posts the operator's message and says how it went, as the timeline entry to record: "posted to
 * the webhook (HTTP 200)" or why not. The URL never appears (postWebhook's errors don't carry it).
 */
export async function postIncidentMessage(
	env: NamedEnvironment,
	record: IncidentRecord,
	text: string,
	at: () => string,
	post: PostWebhook = postWebhook,
): Promise<{entry: TimelineEntry; outcome: WebhookOutcome}> {
	const message = text.trim();
	let outcome: WebhookOutcome;
	if (!env.notify)
		outcome = {
			ok: false,
			error: `no webhook configured (environments.${env.name}.notify.webhook in pg-ops.yaml)`,
		};
	else
		outcome = await post(env.notify, {text: webhookText(record, message), env: env.name, kind: 'incident'});
	const entry: TimelineEntry = {
		at: at(),
		kind: 'message',
		text: outcome.ok
			? `message posted to the webhook (HTTP ${outcome.status})`
			: `message NOT posted: ${outcome.error}`,
		detail: message.split('\n').filter(l => l.trim()),
	};
	return {entry, outcome};
}

/**
 * `pg-ops run` while an incident is open on the environment: the run becomes one of its actions,
 * with the commands as the plan showed them (secrets masked). Returns the incident it went into.
 */
export function recordProcedureResult(
	env: NamedEnvironment,
	plan: Plan,
	result: ProcedureResult,
	at: string,
): IncidentRecord | undefined {
	const sudo = usesSudo(env);
	const mask = (text: string) => maskSecrets(text, plan.secrets);
	const action: IncidentAction = {
		at,
		title: plan.title,
		kind: actionKind(plan.procedure),
		...(plan.procedure.startsWith('action:') ? {mutates: planMutates(plan)} : {}),
		commands: plan.steps.map(step => describeAction(step.action, plan.secrets, sudo)),
		outcome: result.outcome,
		message: mask(result.message),
		correlationId: result.correlationId,
		changes: result.changes.map(mask),
	};
	return updateOpenIncident(env.name, record => recordAction(record, action))?.after;
}

/**
 * Closes the open incident: the record is completed, the review written (never over another file)
 * and the record moved to closed/. Returns the closed record with the review's path.
 */
export function closeAndExport(
	env: NamedEnvironment,
	input: {summary: string; leftOpen?: string[]; by: string; at: string},
): IncidentRecord {
	const open = readOpenIncident(env.name);
	if (!open) throw new IncidentStateError(noOpenIncidentMessage(env.name));
	if (!input.summary.trim())
		throw new IncidentStateError(
			'closing needs a summary: what happened and what fixed it, in a sentence or two',
		);
	const closed = closeIncident(open, input);
	const file = writeReviewFile(
		closed,
		renderReview(closed),
		reviewDirectory(env.incidents.reviewDir, env.configFile),
	);
	const done = {...closed, reviewFile: file};
	archiveIncident(done);
	return done;
}
