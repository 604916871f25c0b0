// `pg-ops incident ...`: the incident checklist without the console, for a terminal, a script or a
// phone over SSH. The same record, file and review as the console's incident screen.
import type {NamedEnvironment} from '../core/config/schema.js';
import {formatAge} from '../core/duration.js';
import {paneChanges, baselineAfter} from '../core/incidents/pane-changes.js';
import {paneIds} from '../core/panes.js';
import {
	addNote,
	appendEntries,
	isIncidentStep,
	notTicked,
	rememberPanes,
	tickStep,
} from '../core/incidents/record.js';
import {isSeverity, severityDefinitions, severityLine} from '../core/incidents/severities.js';
import {snapshotEntry} from '../core/incidents/snapshot.js';
import {incidentStatusJson, incidentStatusText} from '../core/incidents/status-text.js';
import {incidentSteps, type IncidentRecord, type TimelineEntry} from '../core/incidents/types.js';
import {severityNames} from '../core/config/schema.js';
import {operatorName} from '../engine/audit.js';
import {
	closeAndExport,
	IncidentStateError,
	noOpenIncidentMessage,
	openNewIncident,
	postIncidentMessage,
	readOnlyIncidentMessage,
} from '../engine/incident/incident-actions.js';
import {IncidentFileError, readOpenIncident, updateOpenIncident} from '../engine/incident/incident-file.js';
import {collectStatus} from '../engine/status-report.js';
import {printErr, printOut} from '../adapters/plain-output.js';

export type IncidentFlags = {
	json: boolean;
	readOnly: boolean;
	trustHostKey?: string;
	severity?: string;
	title?: string;
	summary?: string;
	leftOpen?: string[];
};

export const incidentActions = [
	'open',
	'status',
	'note',
	'tick',
	'untick',
	'message',
	'snapshot',
	'close',
] as const;

function isIncidentAction(action: string | undefined): boolean {
	return (incidentActions as readonly string[]).includes(action ?? '');
}

/** A command line that can't mean anything: the CLI adds the pointer to --help. */
export class IncidentUsageError extends Error {}

export async function runIncidentCommand(
	action: string | undefined,
	words: string[],
	env: NamedEnvironment,
	flags: IncidentFlags,
): Promise<number> {
	try {
		return await dispatch(action, words, env, flags);
	} catch (error) {
		// The incident's own state (none open, one already open, a broken file): one line, exit 1.
		if (error instanceof IncidentStateError || error instanceof IncidentFileError) {
			printErr(`pg-ops: ${error.message}\n`);
			return 1;
		}
		throw error;
	}
}

async function dispatch(
	action: string | undefined,
	words: string[],
	env: NamedEnvironment,
	flags: IncidentFlags,
): Promise<number> {
	const now = () => new Date().toISOString();
	const text = words.join(' ').trim();
	// Read-only is for looking: status shows the incident; nothing changes it, and nothing is posted.
	if ((flags.readOnly || env.readOnly) && action !== 'status' && isIncidentAction(action))
		throw new IncidentStateError(readOnlyIncidentMessage(env.name));
	switch (action) {
		case 'open':
			return open(env, flags);
		case 'status':
			return status(env, flags.json);
		case 'note': {
			if (!text)
				throw new IncidentUsageError(
					'incident note needs the text: pg-ops incident note "restart did not help"',
				);
			change(env, record => addNote(record, text, now()));
			printOut(`noted in the incident on ${env.name}\n`);
			return 0;
		}
		case 'tick':
		case 'untick':
			return tick(env, words[0], action === 'tick', flags);
		case 'message':
			return message(env, text);
		case 'snapshot': {
			const record = required(env);
			const {entries} = await snapshot(env, record, flags, 'snapshot of every pane');
			change(env, r => entries(r));
			return 0;
		}
		case 'close': {
			if (!flags.summary?.trim())
				throw new IncidentUsageError('incident close needs --summary "what happened and what fixed it"');
			const closed = closeAndExport(env, {
				summary: flags.summary,
				leftOpen: flags.leftOpen,
				by: operatorName(),
				at: now(),
			});
			const open = notTicked(closed);
			if (open.length)
				printErr(
					`warning: ${open.length} checklist ${open.length === 1 ? 'step' : 'steps'} not ticked: ${open.join(', ')} (left open in the review)\n`,
				);
			printOut(
				`incident closed on ${env.name} after ${formatAge((Date.parse(closed.closedAt!) - Date.parse(closed.openedAt)) / 1000)}\nreview: ${closed.reviewFile}\n`,
			);
			return 0;
		}
		default:
			throw new IncidentUsageError(
				`incident needs one of: ${incidentActions.join(', ')}${action ? ` (not "${action}")` : ''}`,
			);
	}
}

function open(env: NamedEnvironment, flags: IncidentFlags): number {
	const severities = severityDefinitions(env.incidents.severities);
	if (!flags.severity)
		throw new IncidentUsageError(
			`incident open needs --severity (${severities.map(s => `${s.severity} ${s.name}`).join(', ')})`,
		);
	const severity = flags.severity.toUpperCase();
	if (!isSeverity(severity))
		throw new IncidentUsageError(
			`--severity ${flags.severity} is not a severity: one of ${severityNames.join(', ')}`,
		);
	if (!flags.title?.trim())
		throw new IncidentUsageError('incident open needs --title "what is wrong, in a few words"');
	const definition = severities.find(s => s.severity === severity)!;
	const record = openNewIncident(env.name, {
		title: flags.title,
		definition,
		by: operatorName(),
		at: new Date().toISOString(),
	});
	printOut(
		[
			`incident opened on ${env.name}: ${record.title}`,
			`  ${severityLine(definition)}`,
			`  respond by ${record.respondBy.slice(11, 16)} UTC; pg-ops records the timeline from now on`,
			'',
		].join('\n'),
	);
	return 0;
}

function status(env: NamedEnvironment, json: boolean): number {
	const record = readOpenIncident(env.name);
	if (json) {
		printOut(
			JSON.stringify(
				record ? {open: true, ...incidentStatusJson(record, Date.now())} : {open: false, env: env.name},
				null,
				2,
			) + '\n',
		);
	} else {
		printOut(record ? incidentStatusText(record, Date.now()) : `no incident is open on ${env.name}\n`);
	}
	return 0;
}

async function tick(
	env: NamedEnvironment,
	step: string | undefined,
	done: boolean,
	flags: IncidentFlags,
): Promise<number> {
	if (!step || !isIncidentStep(step))
		throw new IncidentUsageError(
			`incident ${done ? 'tick' : 'untick'} needs a step: one of ${incidentSteps.join(', ')}${step ? ` (not "${step}")` : ''}`,
		);
	const record = required(env);
	let withSnapshot = (r: IncidentRecord) => r;
	// As in the console: ticking assess attaches a snapshot of every pane.
	if (step === 'assess' && done && !record.checklist.assess.done)
		withSnapshot = (await snapshot(env, record, flags, 'assessed: snapshot of every pane')).entries;
	change(env, r => tickStep(withSnapshot(r), step, done, new Date().toISOString(), operatorName()));
	printOut(`${done ? 'ticked' : 'unticked'} ${step}\n`);
	return 0;
}

async function message(env: NamedEnvironment, text: string): Promise<number> {
	if (!text)
		throw new IncidentUsageError(
			'incident message needs the text: pg-ops incident message "orchestrator restarted, watching"',
		);
	const record = required(env);
	const {entry, outcome} = await postIncidentMessage(env, record, text, () => new Date().toISOString());
	change(env, r => appendEntries(r, [entry]));
	if (outcome.ok) printOut(`message posted (HTTP ${outcome.status}); recorded in the timeline\n`);
	else printErr(`pg-ops: message not posted: ${outcome.error} (recorded in the timeline)\n`);
	return outcome.ok ? 0 : 1;
}

/** One refresh of every pane: the changes since the last reading the incident kept, and the snapshot, printed and returned as a change to apply. */
async function snapshot(
	env: NamedEnvironment,
	record: IncidentRecord,
	flags: IncidentFlags,
	why: string,
): Promise<{entries: (r: IncidentRecord) => IncidentRecord}> {
	const {panes} = await collectStatus(env, {readOnly: flags.readOnly, trustHostKey: flags.trustHostKey});
	const at = new Date().toISOString();
	const changes: TimelineEntry[] = paneChanges(record.lastPanes, panes, at);
	const shot = snapshotEntry(panes, Date.now(), at, why);
	printOut(
		[
			changes.length > 0
				? `changed since the last reading:\n${changes.map(c => `  ${c.text}`).join('\n')}`
				: record.lastPanes
					? 'nothing changed since the last reading'
					: 'first reading of the panes for this incident',
			...shot.detail!,
			'',
		].join('\n'),
	);
	const baseline = Object.fromEntries(
		paneIds.map(id => [id, baselineAfter(record.lastPanes?.[id], panes[id])]),
	);
	return {entries: r => rememberPanes(appendEntries(r, [...changes, shot]), baseline)};
}

function required(env: NamedEnvironment): IncidentRecord {
	const record = readOpenIncident(env.name);
	if (!record) throw new IncidentStateError(noOpenIncidentMessage(env.name));
	return record;
}

/** Read, change, save: another terminal's (or the console's) changes in between are kept. */
function change(env: NamedEnvironment, apply: (record: IncidentRecord) => IncidentRecord): IncidentRecord {
	const done = updateOpenIncident(env.name, apply);
	if (!done) throw new IncidentStateError(noOpenIncidentMessage(env.name));
	return done.after;
}
