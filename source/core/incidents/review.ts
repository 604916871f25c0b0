// The post-incident review, in Markdown: what happened, how fast the response was, the timeline
// pg-ops recorded, every action with its exact commands, and what was left open. Pure text from
// the record; the engine writes it to a file (engine/incident/incident-file.ts).
import {formatDuration} from '../duration.js';
import {firstResponseAt, leftOpenItems, stepTitles} from './record.js';
import {responseClock, severityLine} from './severities.js';
import {incidentSteps, type IncidentRecord, type TimelineEntry} from './types.js';

export function renderReview(record: IncidentRecord): string {
	const closedAt = record.closedAt ?? record.timeline.at(-1)?.at ?? record.openedAt;
	const stamp = timeFormatter(record.openedAt);
	const out: string[] = [];
	out.push(`# Incident review: ${inline(record.title)}`, '');
	out.push('| | |', '|---|---|');
	const clock = responseClock(
		{openedAt: record.openedAt, respondBy: record.respondBy, firstResponseAt: firstResponseAt(record)},
		Date.parse(closedAt),
	);
	const rows: Array<[string, string]> = [
		['Environment', record.env],
		['Severity', severityLine(record.severityDefinition)],
		['Opened', `${fullTime(record.openedAt)} by ${record.openedBy}`],
		['Closed', record.closedAt ? fullTime(record.closedAt) : 'not closed yet'],
		['Duration', formatDuration(Math.max(0, (Date.parse(closedAt) - Date.parse(record.openedAt)) / 1000))],
		['Respond by', fullTime(record.respondBy)],
		[
			'Response',
			clock.state === 'waiting' || clock.state === 'overdue'
				? `no response recorded: ${clock.text}`
				: clock.text,
		],
	];
	for (const [name, value] of rows) out.push(`| ${name} | ${cell(value)} |`);
	out.push('', '## Summary', '', record.summary?.trim() || '_No summary given._', '');

	out.push('## Checklist', '');
	for (const step of incidentSteps) {
		const tick = record.checklist[step];
		out.push(
			`- [${tick.done ? 'x' : ' '}] ${stepTitles[step]}${tick.done && tick.at ? ` (${stamp(tick.at)}${tick.by ? ` by ${tick.by}` : ''})` : ''}`,
		);
	}
	out.push('');

	out.push('## Timeline', '', '| time (UTC) | what |', '|---|---|');
	for (const entry of record.timeline) out.push(`| ${stamp(entry.at)} | ${cell(timelineText(entry))} |`);
	out.push('');

	out.push('## Actions', '');
	if (record.actions.length === 0) out.push('_No procedure was run through pg-ops._', '');
	record.actions.forEach((action, i) => {
		out.push(`### ${i + 1}. ${inline(action.title)}: ${action.outcome} (${stamp(action.at)})`, '');
		if (action.message) out.push(inline(action.message), '');
		if (action.commands.length > 0) out.push(...fenced('sh', action.commands), '');
		if (action.changes?.length)
			out.push('Changes the panes showed:', '', ...action.changes.map(c => `- ${inline(c)}`), '');
		if (action.correlationId)
			out.push(`Correlation id \`${action.correlationId}\` (\`pg-ops audit\` has every step).`, '');
	});

	const leftOpen = record.leftOpen ?? leftOpenItems(record);
	out.push('## Left open', '');
	out.push(...(leftOpen.length > 0 ? leftOpen.map(item => `- ${inline(item)}`) : ['_Nothing._']), '');

	const notes = record.timeline.filter(e => e.kind === 'note');
	out.push('## Notes', '');
	if (notes.length === 0) out.push('_No notes._');
	for (const note of notes) {
		out.push(`- ${stamp(note.at)}: ${inline(note.text)}`);
		for (const line of note.detail ?? []) out.push(`  ${inline(line)}`);
	}
	out.push('');

	const snapshots = record.timeline.filter(e => e.kind === 'snapshot' && e.detail?.length);
	if (snapshots.length > 0) {
		out.push('## Snapshots', '');
		for (const snapshot of snapshots)
			out.push(`### ${stamp(snapshot.at)}`, '', ...fenced('text', snapshot.detail!), '');
	}
	return out.join('\n');
}

/** "2026-11-23-demo-checkout-errors-after-deploy.md": the opening day, the environment, the title. */
export function reviewFileName(record: IncidentRecord): string {
	const slug = record.title
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 48)
		.replace(/-+$/, '');
	return `${record.openedAt.slice(0, 10)}-${record.env}-${slug || 'incident'}.md`;
}

function timelineText(entry: TimelineEntry): string {
	// Commands and multi-line notes are in the sections below; a message's text is short enough to keep.
	if (entry.kind === 'note') return `note: ${entry.text}${entry.detail?.length ? ' (more under Notes)' : ''}`;
	if (entry.kind === 'message' && entry.detail?.length) return `${entry.text}: "${entry.detail.join(' ')}"`;
	if (entry.kind === 'action' && entry.detail?.length)
		return `${entry.text} (${
			entry.detail
				.filter(d => d.startsWith('changed: '))
				.map(d => d.slice(9))
				.join('; ') || 'see Actions'
		})`;
	return entry.text;
}

/** Times within the opening day as HH:MM:SS; later days with their date. */
function timeFormatter(openedAt: string): (iso: string) => string {
	const day = openedAt.slice(0, 10);
	return iso => (iso.slice(0, 10) === day ? iso.slice(11, 19) : fullTime(iso));
}

function fullTime(iso: string): string {
	return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** One line of text that can't break the Markdown around it. */
function inline(text: string): string {
	return text.replace(/\s*\n\s*/g, ' ').trim();
}

function cell(text: string): string {
	return inline(text).replaceAll('|', '\\|');
}

/** A fence longer than any run of backticks inside, so no command can close it early. */
function fenced(language: string, lines: string[]): string[] {
	const longest = Math.max(
		0,
		...lines.map(l => Math.max(0, ...[...l.matchAll(/`+/g)].map(m => m[0].length))),
	);
	const fence = '`'.repeat(Math.max(3, longest + 1));
	return [`${fence}${language}`, ...lines, fence];
}
