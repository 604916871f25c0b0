// The maintenance screen's text below the list: what the selected step does and what it produced
// (the backup file and its check, the test's output and exit code, what verify found not green,
// the skip reason), an Execute item's commands, a runbook step's kind; and a closed window's
// summary. Pure: the screen draws these lines.
import {
	maintenanceSteps,
	type ExecuteItem,
	type MaintenanceRecord,
	type MaintenanceStepId,
} from '../../core/maintenance/types.js';
import {procedureKeys} from '../../core/intents.js';
import {wrapped, type Line} from '../procedures/lines.js';
import {progressText, windowAge} from './progress.js';
import {stepLook, stepTitles, type Row} from './rows.js';

const whatItDoes: Record<MaintenanceStepId, string> = {
	announce: 'Records the start and posts it to the webhook when one is configured.',
	backup: 'A fresh dump on the host, verified (the backup procedure: plan, confirmation, audit).',
	execute: `Your own steps: procedures (${procedureKeys}), the team's actions and runbook steps listed below, notes ticked by hand. a adds a note, d when done.`,
	test: 'Runs maintenance.test.command on the host and keeps its output and exit code.',
	verify: 'Every pane green and every health URL answering; whatever is not is listed.',
	close: 'Records the end and writes the summary.',
};

/** "04:12 UTC": times on the host and in the audit are UTC, so the screen says so. */
export function clock(iso: string): string {
	return `${iso.slice(11, 16)} UTC`;
}

export function titleLines(record: MaintenanceRecord, now: number, width: number): Line[] {
	const ran = windowAge(record, now);
	const when = record.closedAt ? `closed ${clock(record.closedAt)} after ${ran}` : `running for ${ran}`;
	return [
		...wrapped(`Maintenance: ${record.title}`, width, 'title').slice(0, 1),
		{
			text: `started ${clock(record.startedAt)} by ${record.startedBy} · ${when} · ${progressText(record)} steps finished`.slice(
				0,
				width,
			),
			tone: 'dim',
		},
	];
}

export function detailLines(row: Row, record: MaintenanceRecord, width: number): Line[] {
	switch (row.kind) {
		case 'step':
			return stepDetail(row.step, record, width);
		case 'item':
			return itemDetail(row.item, width);
		case 'runbook':
			return [
				...wrapped(`Runbook ${row.runbook.title} (${row.runbook.file})`, width, 'title', '  '),
				...(row.runbook.error
					? wrapped(row.runbook.error, width, 'bad', '  ')
					: wrapped(
							`${row.runbook.steps.length} steps; enter on one asks its placeholders and runs it.`,
							width,
							'dim',
						)),
			];
		case 'team-action': {
			const {action} = row;
			return [
				...wrapped(
					`The team's action ${action.name}${action.title ? `: ${action.title}` : ''}`,
					width,
					'title',
					'  ',
				),
				...(action.description ? wrapped(action.description, width, 'plain', '  ') : []),
				...wrapped(
					`${action.mutates ? 'Changes the system' : 'Only reads (mutates: false)'}; enter ${action.inputs.length > 0 ? `asks for ${action.inputs.map(i => `${i.name}${i.type === 'secret' ? ' (secret, masked)' : ''}`).join(', ')}, then shows` : 'shows'} its plan with the exact commands; its run is recorded here.`,
					width,
					'dim',
					'  ',
				),
			];
		}
		case 'runbook-step': {
			const placeholders = row.step.placeholders ?? [];
			return [
				...wrapped(`${row.step.id} ${row.step.title} (${row.runbook.file})`, width, 'title', '  '),
				...wrapped(
					row.step.kind === 'show'
						? 'Shown, never run (not a shell or SQL block).'
						: row.step.kind === 'sql'
							? 'SQL: runs through the database connection, with preview and confirmation.'
							: 'Shell: runs on the host, with preview and confirmation.',
					width,
					'dim',
				),
				...(placeholders.length > 0
					? wrapped(
							`Asks for: ${placeholders.map(p => `${p.name}${p.secret ? ' (secret, masked)' : ''}`).join(', ')}`,
							width,
							'plain',
							'  ',
						)
					: []),
			];
		}
	}
}

function stepDetail(step: MaintenanceStepId, record: MaintenanceRecord, width: number): Line[] {
	const state = record.steps[step];
	const look = stepLook[state.status];
	const lines: Line[] = [...wrapped(`${stepTitles[step]}: ${whatItDoes[step]}`, width, 'plain', '  ')];
	const times = [
		state.startedAt ? `started ${clock(state.startedAt)}` : '',
		state.endedAt ? `ended ${clock(state.endedAt)}` : '',
		state.attempts > 1 ? `${state.attempts} tries` : '',
	]
		.filter(Boolean)
		.join(', ');
	lines.push(
		...wrapped(
			`${look.mark} ${look.word}${state.reason ? `: ${state.reason}` : ''}${times ? `  (${times})` : ''}`,
			width,
			look.tone,
			'  ',
		),
	);
	for (const text of state.output ?? []) lines.push(...wrapped(`  ${text}`, width, 'plain', '    '));
	if (state.exitCode !== undefined)
		lines.push({
			text: `  exit code ${state.exitCode ?? 'none (stopped)'}`,
			tone: state.exitCode === 0 ? 'ok' : 'bad',
		});
	if (state.correlationId) lines.push({text: `  audit: ${state.correlationId}`, tone: 'dim'});
	if (step === 'execute' && record.execute.length === 0 && state.status !== 'skipped')
		lines.push(
			...wrapped(
				`  Nothing yet: run a procedure (${procedureKeys}), a team's action or a runbook step below, or add a note (a).`,
				width,
				'dim',
				'    ',
			),
		);
	return lines;
}

function itemDetail(item: ExecuteItem, width: number): Line[] {
	const kind = {procedure: 'Procedure', 'runbook-step': 'Runbook step', note: 'Note'}[item.kind];
	const lines: Line[] = [...wrapped(`${kind}: ${item.title}`, width, 'title', '  ')];
	lines.push(
		...wrapped(
			`${item.status}${item.at ? ` at ${clock(item.at)}` : ''}${item.outcome ? `: ${item.outcome}` : ''}${item.status === 'skipped' && item.reason ? `: ${item.reason}` : ''}`,
			width,
			item.status === 'failed' ? 'bad' : 'plain',
			'  ',
		),
	);
	if (item.runbook)
		lines.push(...wrapped(`from ${item.runbook.file}, step ${item.runbook.stepId}`, width, 'dim', '  '));
	for (const command of item.commands ?? []) lines.push(...wrapped(`$ ${command}`, width, 'command', '    '));
	if (item.kind === 'note' && item.status === 'pending')
		lines.push({text: 'space ticks it when it is done; S skips it (with a reason)', tone: 'dim'});
	return lines;
}

/** A closed window: when, how long, and its summary (every step, skip reasons, the items executed). */
export function closedLines(record: MaintenanceRecord, width: number): Line[] {
	const lines: Line[] = [];
	for (const text of record.summary ?? []) lines.push(...wrapped(text, width, 'plain', '  '));
	// Without the engine's summary, the steps themselves say what happened.
	if (!record.summary?.length) {
		for (const step of maintenanceSteps) {
			const state = record.steps[step];
			lines.push(
				...wrapped(
					`${stepLook[state.status].mark} ${stepTitles[step]}: ${stepLook[state.status].word}${state.reason ? `: ${state.reason}` : ''}`,
					width,
					stepLook[state.status].tone,
					'    ',
				),
			);
		}
	}
	if (record.summaryFile)
		lines.push({text: ''}, ...wrapped(`Summary written to ${record.summaryFile}`, width, 'ok', '  '));
	return lines;
}
