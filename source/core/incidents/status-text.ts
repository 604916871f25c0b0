// `pg-ops incident status`: the open incident as plain text (severity and the response clock, the
// checklist, the timeline's tail) and as the JSON document scripts read.
import {formatAge} from '../duration.js';
import {firstResponseAt, stepTitles} from './record.js';
import {responseClock, severityLine} from './severities.js';
import {incidentSteps, type IncidentRecord} from './types.js';

export function incidentStatusText(record: IncidentRecord, now: number, tail = 10): string {
	const clock = responseClock(
		{openedAt: record.openedAt, respondBy: record.respondBy, firstResponseAt: firstResponseAt(record)},
		now,
	);
	const lines = [
		`incident on ${record.env}: ${record.title}`,
		`  ${severityLine(record.severityDefinition)}`,
		`  opened ${formatAge((now - Date.parse(record.openedAt)) / 1000)} ago by ${record.openedBy}; ${clock.text}`,
		'',
		'checklist:',
		...incidentSteps.map(
			step =>
				`  [${record.checklist[step].done ? 'x' : ' '}] ${step.padEnd(11)} ${stepTitles[step].split(': ')[1]}`,
		),
		'',
		`timeline (${record.timeline.length} entries${record.timeline.length > tail ? `, last ${tail}` : ''}):`,
		...record.timeline.slice(-tail).map(e => `  ${e.at.slice(11, 19)}  ${e.kind.padEnd(9)} ${e.text}`),
	];
	return lines.join('\n') + '\n';
}

export function incidentStatusJson(record: IncidentRecord, now: number): Record<string, unknown> {
	const clock = responseClock(
		{openedAt: record.openedAt, respondBy: record.respondBy, firstResponseAt: firstResponseAt(record)},
		now,
	);
	const {lastPanes: _lastPanes, ...shown} = record;
	return {...shown, response: clock};
}
