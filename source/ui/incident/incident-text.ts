// What the incident screens say about an incident, as pure functions of the record and the time:
// the badge, how long it has been open, the response target, the steps and the timeline as lines.
import {formatAge, formatDuration} from '../../core/duration.js';
import type {
	IncidentRecord,
	IncidentStepId,
	Severity,
	SeverityDefinition,
	TimelineEntry,
} from '../../core/incidents/types.js';
import {firstResponseAt} from '../../core/incidents/record.js';
import {responseClock} from '../../core/incidents/severities.js';
import {wrap, wrapped, type Line, type Tone} from '../procedures/lines.js';
import {truncate} from '../text.js';

/** The open incident, or nothing once it has been closed (a closed record may linger in the store). */
export function activeIncident(record: IncidentRecord | undefined): IncidentRecord | undefined {
	return record && !record.closedAt ? record : undefined;
}

const severityColors: Record<Severity, string> = {P1: 'red', P2: 'magenta', P3: 'yellow', P4: 'blue'};

export function severityColor(severity: Severity): string {
	return severityColors[severity];
}

/** "HH:MM" in the operator's local time. */
export function clockTime(at: string | number): string {
	const date = new Date(at);
	return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

function clockSeconds(at: string | number): string {
	return `${clockTime(at)}:${String(new Date(at).getSeconds()).padStart(2, '0')}`;
}

export function openFor(record: IncidentRecord, now: number): string {
	return formatAge((now - Date.parse(record.openedAt)) / 1000);
}

/** "INCIDENT P2 14m": the header's badge on every screen while an incident is open. */
export function badgeText(record: IncidentRecord, now: number): string {
	return `INCIDENT ${record.severity} ${openFor(record, now)}`;
}

/** "respond within 15m" */
export function targetText(definition: SeverityDefinition): string {
	return `respond within ${formatDuration(definition.respondWithinMinutes * 60)}`;
}

/** The response target: before the first response the time left, or how long overdue (red); after it, whether it was met. */
export function responseText(record: IncidentRecord, now: number): {text: string; tone: Tone} {
	const clock = responseClock(
		{openedAt: record.openedAt, respondBy: record.respondBy, firstResponseAt: firstResponseAt(record)},
		now,
	);
	const by = `respond by ${clockTime(record.respondBy)}`;
	switch (clock.state) {
		case 'waiting':
			return {
				text: `${by}, ${formatAge(clock.leftSeconds)} left`,
				tone: clock.leftSeconds < 300 ? 'warn' : 'plain',
			};
		case 'overdue':
			return {text: `${by}: overdue ${formatAge(clock.overSeconds)}`, tone: 'bad'};
		default:
			return {text: clock.text, tone: clock.state === 'met' ? 'ok' : 'bad'};
	}
}

/** What each step is, and what enter does on it. */
export const stepTexts: Record<IncidentStepId, {label: string; enter: string}> = {
	assess: {label: 'assess', enter: 'attach a snapshot of every pane'},
	communicate: {label: 'communicate', enter: 'post a short message to the team'},
	mitigate: {label: 'mitigate', enter: 'run a procedure (restart, reset, …)'},
	investigate: {label: 'investigate', enter: "a service's recent logs"},
	resolve: {label: 'resolve', enter: 'tick when the service is back'},
	document: {label: 'document', enter: 'a summary, then close and write the review'},
};

const kindLabels: Record<TimelineEntry['kind'], string> = {
	opened: 'opened',
	resumed: 'resumed',
	severity: 'severity',
	closed: 'closed',
	pane: 'pane',
	action: 'action',
	checklist: 'step',
	note: 'note',
	message: 'message',
	snapshot: 'snapshot',
	logs: 'logs',
};

const kindTones: Partial<Record<TimelineEntry['kind'], Tone>> = {
	opened: 'title',
	resumed: 'warn',
	closed: 'title',
	note: 'plain',
	action: 'command',
	pane: 'warn',
};

/** One line per entry ("04:02 note  …"), newest last: the screen's short "latest" list. */
export function latestLines(timeline: TimelineEntry[], count: number, width: number): Line[] {
	if (count <= 0) return [];
	return timeline.slice(-count).map(entry => ({
		text: truncate(`${clockTime(entry.at)} ${kindLabels[entry.kind].padEnd(8)} ${entry.text}`, width),
		tone: kindTones[entry.kind] ?? 'dim',
	}));
}

/** The whole timeline, wrapped to the width, with each entry's detail lines indented under it. */
export function timelineLines(timeline: TimelineEntry[], width: number): Line[] {
	const lines: Line[] = [];
	for (const entry of timeline) {
		const head = `${clockSeconds(entry.at)} ${kindLabels[entry.kind].padEnd(8)} `;
		lines.push(
			...wrapped(`${head}${entry.text}`, width, kindTones[entry.kind] ?? 'plain', ' '.repeat(head.length)),
		);
		for (const detail of entry.detail ?? []) {
			for (const text of wrap(detail, width - 4, '  '))
				lines.push({text: `    ${text}`, tone: entry.kind === 'action' ? 'command' : 'dim'});
		}
	}
	return lines;
}
