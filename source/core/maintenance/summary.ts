// What a maintenance window did, for the record, the screen and the team: one line per step (every
// skip with its reason), the items executed, the duration; and the same as a Markdown document
// written at close. Pure: the times are in the record.
import {formatDuration} from '../duration.js';
import {executeCount} from './record.js';
import {
	maintenanceSteps,
	type ExecuteItem,
	type MaintenanceRecord,
	type MaintenanceStepId,
	type MaintenanceStepState,
} from './types.js';

const itemMark: Record<ExecuteItem['status'], string> = {done: 'x', failed: '!', skipped: '-', pending: ' '};

/** "2026-11-23 05:15 UTC" */
export function formatUtc(iso: string): string {
	return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function durationText(record: MaintenanceRecord): string | undefined {
	if (!record.closedAt) return undefined;
	return formatDuration(Math.max(0, (Date.parse(record.closedAt) - Date.parse(record.startedAt)) / 1000));
}

/** One step as a line: "test: skipped: the suite is flaky (ticket OPS-12)", "backup: done (…)". */
export function stepLine(
	step: MaintenanceStepId,
	state: MaintenanceStepState,
	record?: MaintenanceRecord,
): string {
	switch (state.status) {
		case 'skipped':
			return `${step}: skipped: ${state.reason ?? 'no reason given'}`;
		case 'failed':
			return `${step}: FAILED${state.exitCode !== undefined && state.exitCode !== null ? ` (exit ${state.exitCode})` : ''}${state.reason ? `: ${state.reason}` : ''}`;
		case 'running':
			return `${step}: running`;
		case 'pending':
			return `${step}: not run`;
		case 'done': {
			const detail =
				step === 'execute' && record
					? executeCount(record.execute)
					: step === 'test' && state.exitCode !== undefined
						? `exit ${state.exitCode}`
						: state.output?.[0];
			return `${step}: done${detail ? ` (${detail})` : ''}`;
		}
	}
}

export function itemLine(item: ExecuteItem): string {
	const kind =
		item.kind === 'note'
			? 'note'
			: item.kind === 'procedure'
				? 'procedure'
				: `runbook step${item.runbook ? ` ${item.runbook.stepId} of ${item.runbook.file}` : ''}`;
	const state =
		item.status === 'pending'
			? 'not ticked'
			: item.status === 'skipped' && item.reason
				? `skipped: ${item.reason}`
				: (item.outcome ?? item.status);
	return `[${itemMark[item.status]}] ${item.title} (${kind}, ${state})`;
}

/** The summary kept in the record at close: who, when, how long, every step, every item. */
export function summaryLines(record: MaintenanceRecord): string[] {
	const duration = durationText(record);
	const lines = [
		`maintenance "${record.title}" on ${record.env}`,
		`started ${formatUtc(record.startedAt)} by ${record.startedBy}${record.closedAt ? `, closed ${formatUtc(record.closedAt)} (${duration})` : ', still open'}`,
	];
	for (const step of maintenanceSteps) {
		lines.push(stepLine(step, record.steps[step], record));
		if (step === 'execute') for (const item of record.execute) lines.push(`  ${itemLine(item)}`);
	}
	return lines;
}

function fenced(lines: string[], language = ''): string[] {
	// A fence longer than any run of backticks inside, so output can't end the block early.
	const longest = Math.max(
		2,
		...lines.map(line => Math.max(0, ...[...line.matchAll(/`+/g)].map(m => m[0].length))),
	);
	const fence = '`'.repeat(longest + 1);
	return [`${fence}${language}`, ...lines, fence];
}

/** The Markdown summary written at close, next to the incident reviews. */
export function summaryMarkdown(record: MaintenanceRecord): string {
	const out = [`# Maintenance: ${record.title}`, ''];
	out.push(`- Environment: ${record.env}`);
	out.push(`- Started: ${formatUtc(record.startedAt)} by ${record.startedBy}`);
	if (record.closedAt)
		out.push(`- Closed: ${formatUtc(record.closedAt)}`, `- Duration: ${durationText(record)}`);
	out.push(
		'',
		'## Summary',
		'',
		...summaryLines(record)
			.slice(2)
			.map(line => (line.startsWith('  ') ? `    - ${line.trim()}` : `- ${line}`)),
	);

	out.push('', '## Steps', '');
	maintenanceSteps.forEach((step, index) => {
		const state = record.steps[step];
		const when = state.endedAt ? ` at ${formatUtc(state.endedAt)}` : '';
		out.push(
			`${index + 1}. **${step}**: ${stepLine(step, state, record).slice(step.length + 2)}${when}${state.attempts > 1 ? ` (${state.attempts} attempts)` : ''}`,
		);
		if (state.output && state.output.length > 0 && step !== 'execute')
			out.push('', ...fenced(state.output).map(line => `   ${line}`), '');
	});

	out.push('', '## Executed', '');
	if (record.execute.length === 0) out.push('Nothing was recorded in Execute.');
	for (const item of record.execute) {
		out.push(`- ${itemLine(item)}${item.at ? `, ${formatUtc(item.at)}` : ''}`);
		if (item.commands && item.commands.length > 0)
			out.push('', ...fenced(item.commands, 'sh').map(line => `  ${line}`), '');
	}

	const skipped = maintenanceSteps.filter(step => record.steps[step].status === 'skipped');
	const skippedItems = record.execute.filter(item => item.status === 'skipped');
	if (skipped.length > 0 || skippedItems.length > 0) {
		out.push('', '## Skipped', '');
		for (const step of skipped) out.push(`- ${step}: ${record.steps[step].reason}`);
		for (const item of skippedItems)
			out.push(`- execute item: ${item.title}${item.reason ? `: ${item.reason}` : ''}`);
	}
	return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

/** The short message posted to the webhook at close. */
export function closingMessage(record: MaintenanceRecord): string {
	const skipped = maintenanceSteps.filter(step => record.steps[step].status === 'skipped');
	return `maintenance "${record.title}" on ${record.env} closed after ${durationText(record) ?? '?'}${skipped.length ? `; skipped: ${skipped.map(s => `${s} (${record.steps[s].reason})`).join(', ')}` : '; every step done'}`;
}
