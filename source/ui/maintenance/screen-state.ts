// What the maintenance screen derives from a record: the context its key hints need, why a step
// cannot be skipped, and a step's detail fitted to the lines there are.
import type {MaintenanceRecord, MaintenanceStepId} from '../../core/maintenance/types.js';
import {blockedBy} from '../../core/maintenance/record.js';
import type {Line} from '../procedures/lines.js';
import type {HintContext} from './maintenance-keys.js';
import {cursorInExecute, executeOpen, type Row} from './rows.js';

/** Why the engine would refuse to skip this step now (core/maintenance/record.ts's rules), or undefined. */
export function skipBlockedBy(record: MaintenanceRecord, step: MaintenanceStepId): string | undefined {
	if (step === 'close') return 'Close ends the window: it is run, not skipped';
	return blockedBy(record, step);
}

export function hintContext(
	record: MaintenanceRecord,
	row: Row,
	cursor: string,
	readOnly: boolean,
): HintContext {
	const open = executeOpen(record);
	const base = {
		readOnly,
		inExecute: cursorInExecute(cursor),
		executeOpen: open,
		finishable: open && !blockedBy(record, 'execute'),
	};
	if (row.kind === 'step') {
		const status = record.steps[row.step].status;
		return {
			...base,
			row: 'step',
			runnable: row.step !== 'execute' && !blockedBy(record, row.step),
			retry: status === 'failed',
			skippable: !skipBlockedBy(record, row.step),
		};
	}
	if (row.kind === 'item') return {...base, row: 'item', tickable: open && row.item.status === 'pending'};
	return {...base, row: row.kind};
}

/** The detail in `height` lines: its head (what the step is, its status) and the end of its output, which is where results are. */
export function fitDetail(lines: Line[], height: number): Line[] {
	if (lines.length <= height) return lines;
	const head = Math.min(2, Math.max(0, height - 2));
	const tail = height - head - 1;
	return [
		...lines.slice(0, head),
		{text: `  … ${lines.length - head - tail} more lines`, tone: 'dim'},
		...lines.slice(lines.length - tail),
	];
}
