// The maintenance screen's list: the six steps, with Execute's items, the team's actions and the
// configured runbooks' steps under Execute while it is open (or while the cursor is in it). The cursor is a row's key,
// not its index, so rows appearing or folding away never move it onto something else.
import {
	maintenanceSteps,
	type ExecuteItem,
	type MaintenanceRecord,
	type MaintenanceStepId,
	type MaintenanceStepStatus,
} from '../../core/maintenance/types.js';
import type {Placeholder} from '../../core/runbooks/types.js';
import type {ActionConfig} from '../../core/actions/schema.js';
import type {MaintenanceController} from '../../engine/maintenance/controller.js';
import type {Tone} from '../procedures/lines.js';
import {truncate} from '../text.js';

export type RunbookChoice = MaintenanceController['runbooks'][number];
/** A runbook step as offered; its placeholders when the engine lists them (asked for before it runs). */
export type RunbookStepChoice = RunbookChoice['steps'][number] & {placeholders?: Placeholder[]};

export type Row =
	| {key: string; kind: 'step'; step: MaintenanceStepId}
	| {key: string; kind: 'item'; item: ExecuteItem}
	| {key: string; kind: 'runbook'; runbook: RunbookChoice}
	/** A team's action (pg-ops.yaml actions:): enter asks its inputs, then its plan. */
	| {key: string; kind: 'team-action'; action: ActionConfig}
	| {key: string; kind: 'runbook-step'; runbook: RunbookChoice; step: RunbookStepChoice};

export const stepKey = (step: MaintenanceStepId) => `step:${step}`;
const inExecute = (key: string) =>
	key === stepKey('execute') ||
	key.startsWith('item:') ||
	key.startsWith('runbook') ||
	key.startsWith('action:');

export function executeOpen(record: MaintenanceRecord): boolean {
	return !['done', 'skipped'].includes(record.steps.execute.status) && !record.closedAt;
}

export function cursorInExecute(cursor: string): boolean {
	return inExecute(cursor);
}

export function listRows(
	record: MaintenanceRecord,
	runbooks: readonly RunbookChoice[],
	cursor: string,
	teamActions: readonly ActionConfig[] = [],
): Row[] {
	const open = executeOpen(record);
	const rows: Row[] = [];
	for (const step of maintenanceSteps) {
		rows.push({key: stepKey(step), kind: 'step', step});
		if (step !== 'execute' || !(open || inExecute(cursor))) continue;
		for (const item of record.execute) rows.push({key: `item:${item.id}`, kind: 'item', item});
		// The team's actions and runbook steps are offered only while Execute takes them.
		if (!open) continue;
		for (const action of teamActions) rows.push({key: `action:${action.name}`, kind: 'team-action', action});
		for (const runbook of runbooks) {
			rows.push({key: `runbook:${runbook.file}`, kind: 'runbook', runbook});
			for (const one of runbook.steps)
				rows.push({key: `runbook-step:${runbook.file}#${one.id}`, kind: 'runbook-step', runbook, step: one});
		}
	}
	return rows;
}

/** Where the cursor starts: the first step not finished yet (Close once everything is). */
export function initialCursor(record: MaintenanceRecord): string {
	return stepKey(
		maintenanceSteps.find(step => !['done', 'skipped'].includes(record.steps[step].status)) ?? 'close',
	);
}

/** The key `by` rows away, staying on the list; a cursor whose row is gone goes back to its step. */
export function moveCursor(rows: Row[], cursor: string, by: 1 | -1): string {
	const index = rows.findIndex(row => row.key === cursor);
	if (index < 0) return inExecute(cursor) ? stepKey('execute') : rows[0]!.key;
	return rows[Math.max(0, Math.min(rows.length - 1, index + by))]!.key;
}

/** The row under the cursor; a vanished item or runbook step falls back to Execute. */
export function selectedRow(rows: Row[], cursor: string): Row {
	return (
		rows.find(row => row.key === cursor) ??
		rows.find(row => row.key === (inExecute(cursor) ? stepKey('execute') : cursor)) ??
		rows[0]!
	);
}

export const stepLook: Record<MaintenanceStepStatus, {mark: string; word: string; tone: Tone}> = {
	pending: {mark: '·', word: 'pending', tone: 'dim'},
	running: {mark: '…', word: 'running', tone: 'title'},
	done: {mark: '✓', word: 'done', tone: 'ok'},
	failed: {mark: '✗', word: 'FAILED', tone: 'bad'},
	skipped: {mark: '-', word: 'skipped', tone: 'warn'},
};

const itemLook: Record<ExecuteItem['status'], {mark: string; tone: Tone}> = {
	pending: {mark: '[ ]', tone: 'plain'},
	done: {mark: '[x]', tone: 'ok'},
	failed: {mark: '[!]', tone: 'bad'},
	skipped: {mark: '[-]', tone: 'dim'},
};

export const stepTitles: Record<MaintenanceStepId, string> = {
	announce: 'Announce',
	backup: 'Backup',
	execute: 'Execute',
	test: 'Test',
	verify: 'Verify',
	close: 'Close',
};

/** One row as a line of the list, cut to width. */
export function rowLine(row: Row, record: MaintenanceRecord, width: number): {text: string; tone: Tone} {
	switch (row.kind) {
		case 'step': {
			const state = record.steps[row.step];
			const look = stepLook[state.status];
			const number = maintenanceSteps.indexOf(row.step) + 1;
			let tail = look.word;
			if (state.status === 'skipped' && state.reason) tail += `: ${state.reason}`;
			if (state.status === 'failed' && state.attempts > 1) tail += ` (try ${state.attempts})`;
			if (row.step === 'execute') tail += `  ${itemCount(record.execute)}`;
			return {
				text: truncate(`${look.mark} ${number} ${stepTitles[row.step].padEnd(10)}${tail}`, width),
				tone: look.tone,
			};
		}
		case 'item': {
			const look = itemLook[row.item.status];
			const kind = row.item.kind === 'note' ? 'note: ' : row.item.kind === 'runbook-step' ? 'runbook: ' : '';
			const tail =
				row.item.status === 'skipped' && row.item.reason
					? `  skipped: ${row.item.reason}`
					: row.item.outcome
						? `  ${row.item.outcome}`
						: '';
			return {text: truncate(`    ${look.mark} ${kind}${row.item.title}${tail}`, width), tone: look.tone};
		}
		case 'runbook':
			return {
				text: truncate(
					`    runbook ${row.runbook.title}${row.runbook.error ? ': cannot be read' : ''}`,
					width,
				),
				tone: row.runbook.error ? 'bad' : 'dim',
			};
		case 'team-action': {
			const title = row.action.title ?? row.action.name;
			return {
				text: truncate(
					`    action ${row.action.name}${title !== row.action.name ? `: ${title}` : ''}`,
					width,
				),
				tone: 'plain',
			};
		}
		case 'runbook-step': {
			const ran = record.execute.some(
				item => item.runbook?.file === row.runbook.file && item.runbook.stepId === row.step.id,
			);
			const shown = row.step.kind === 'show' ? ' (shown, not run)' : '';
			return {
				text: truncate(`      ▹ ${row.step.id} ${row.step.title}${shown}${ran ? '  (ran)' : ''}`, width),
				tone: row.step.kind === 'show' ? 'dim' : 'plain',
			};
		}
	}
}

function itemCount(items: ExecuteItem[]): string {
	if (items.length === 0) return '';
	const ticked = items.filter(item => item.status !== 'pending').length;
	return `${ticked}/${items.length} item${items.length === 1 ? '' : 's'}`;
}
