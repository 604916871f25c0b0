// How a maintenance window moves: pure functions from one record to the next. Steps are walked in
// order (a step can run once every step before it is done or skipped), a failed step can run again,
// a skip needs a reason, and Execute collects items (procedures run, runbook steps, notes) until the
// operator says it is finished. Anything not allowed throws a MaintenanceError saying why.
import {
	maintenanceSteps,
	type ExecuteItem,
	type MaintenanceRecord,
	type MaintenanceStepId,
	type MaintenanceStepState,
} from './types.js';

export class MaintenanceError extends Error {}

const finished = (state: MaintenanceStepState) => state.status === 'done' || state.status === 'skipped';

export function openWindow(input: {
	id: string;
	env: string;
	title: string;
	startedAt: string;
	startedBy: string;
}): MaintenanceRecord {
	const title = input.title.trim();
	if (!title) throw new MaintenanceError('a maintenance window needs a title: what is it for?');
	const steps = Object.fromEntries(
		maintenanceSteps.map(step => [step, {status: 'pending', attempts: 0}]),
	) as MaintenanceRecord['steps'];
	return {
		version: 1,
		id: input.id,
		env: input.env,
		title,
		startedAt: input.startedAt,
		startedBy: input.startedBy,
		steps,
		execute: [],
	};
}

/** The first step not done or skipped: where the window stands. Undefined once every step is. */
export function currentStep(record: MaintenanceRecord): MaintenanceStepId | undefined {
	return maintenanceSteps.find(step => !finished(record.steps[step]));
}

/** Why a step can't run (or be skipped) now, or undefined when it can. */
export function blockedBy(record: MaintenanceRecord, step: MaintenanceStepId): string | undefined {
	if (record.closedAt) return 'the window is closed';
	const state = record.steps[step];
	if (state.status === 'running' && step !== 'execute') return `${step} is running`;
	if (state.status === 'done') return `${step} is done`;
	if (state.status === 'skipped') return `${step} was skipped`;
	const before = maintenanceSteps
		.slice(0, maintenanceSteps.indexOf(step))
		.filter(s => !finished(record.steps[s]));
	if (before.length > 0)
		return `first ${before.join(', ')} (each step runs once the ones before it are done or skipped)`;
	return undefined;
}

function withStep(
	record: MaintenanceRecord,
	step: MaintenanceStepId,
	change: (state: MaintenanceStepState) => MaintenanceStepState,
): MaintenanceRecord {
	return {...record, steps: {...record.steps, [step]: change(record.steps[step])}};
}

function mustRun(record: MaintenanceRecord, step: MaintenanceStepId, verb = 'run'): void {
	const blocked = blockedBy(record, step);
	if (blocked) throw new MaintenanceError(`can't ${verb} ${step}: ${blocked}`);
}

/** The step starts (a retry when it failed before): earlier output and reason are cleared. */
export function beginStep(
	record: MaintenanceRecord,
	step: MaintenanceStepId,
	at: string,
	runBy?: string,
): MaintenanceRecord {
	if (step === 'execute')
		throw new MaintenanceError('execute is worked item by item and finished with finishExecute');
	mustRun(record, step);
	return withStep(record, step, state => ({
		status: 'running',
		attempts: state.attempts + 1,
		startedAt: at,
		runBy,
	}));
}

export type StepOutcome = {
	ok: boolean;
	output?: string[];
	exitCode?: number | null;
	reason?: string;
	correlationId?: string;
};

/** A running step's outcome; ignored when the step is not running (a late answer after a skip). */
export function finishStep(
	record: MaintenanceRecord,
	step: MaintenanceStepId,
	outcome: StepOutcome,
	at: string,
): MaintenanceRecord {
	if (record.steps[step].status !== 'running') return record;
	return withStep(record, step, state => ({
		...state,
		runBy: undefined,
		status: outcome.ok ? 'done' : 'failed',
		endedAt: at,
		output: outcome.output,
		exitCode: outcome.exitCode,
		reason: outcome.ok ? undefined : outcome.reason,
		correlationId: outcome.correlationId,
	}));
}

/** Skips a step that has not succeeded; the reason is required and kept for the summary. Close can't be skipped: it is how the window ends. */
export function skipStep(
	record: MaintenanceRecord,
	step: MaintenanceStepId,
	reason: string,
	at: string,
): MaintenanceRecord {
	const why = reason.trim();
	if (!why) throw new MaintenanceError(`skipping ${step} needs a reason (it is kept in the summary)`);
	if (step === 'close') throw new MaintenanceError('close ends the window: it can be run, not skipped');
	if (step === 'execute' && record.steps.execute.status === 'running') {
		const blocked = blockedBy(record, step);
		if (blocked) throw new MaintenanceError(`can't skip ${step}: ${blocked}`);
	} else mustRun(record, step, 'skip');
	return withStep(record, step, state => ({...state, status: 'skipped', reason: why, endedAt: at}));
}

/** On resume: a step left running by a pg-ops that is gone did not finish as far as the record knows. */
export function interruptRunning(
	record: MaintenanceRecord,
	at: string,
	stillRunning: (runBy: string) => boolean,
): MaintenanceRecord {
	let next = record;
	for (const step of maintenanceSteps) {
		const state = record.steps[step];
		if (step === 'execute' || state.status !== 'running' || (state.runBy && stillRunning(state.runBy)))
			continue;
		next = withStep(next, step, state => ({
			...state,
			runBy: undefined,
			status: 'failed',
			endedAt: at,
			reason:
				'interrupted: pg-ops stopped while this step ran; check what it did (pg-ops audit), then run it again or skip it',
		}));
	}
	return next;
}

function nextItemId(record: MaintenanceRecord): string {
	return `i${record.execute.length + 1}`;
}

/** Execute starts with its first item, once the steps before it are done or skipped. */
function touchExecute(record: MaintenanceRecord, at: string): MaintenanceRecord {
	if (record.steps.execute.status !== 'pending' || blockedBy(record, 'execute')) return record;
	return withStep(record, 'execute', state => ({...state, status: 'running', attempts: 1, startedAt: at}));
}

function executeOpen(record: MaintenanceRecord): void {
	if (record.closedAt) throw new MaintenanceError('the window is closed');
	const status = record.steps.execute.status;
	if (status === 'done' || status === 'skipped')
		throw new MaintenanceError(`execute is ${status === 'done' ? 'finished' : 'skipped'}: no more items`);
}

/** A free-form item the operator ticks by hand. */
export function addNote(record: MaintenanceRecord, text: string, at: string): MaintenanceRecord {
	executeOpen(record);
	const title = text.trim();
	if (!title) throw new MaintenanceError('a note needs some text');
	return touchExecute(
		{
			...record,
			execute: [...record.execute, {id: nextItemId(record), kind: 'note', title, status: 'pending', at}],
		},
		at,
	);
}

/** Something run while the window is open (a procedure, a runbook step): recorded whatever step the window is at, since it happened. */
export function addRunItem(
	record: MaintenanceRecord,
	item: Omit<ExecuteItem, 'id'>,
	at: string,
): {record: MaintenanceRecord; id: string} {
	if (record.closedAt) throw new MaintenanceError('the window is closed');
	const id = nextItemId(record);
	const withItem = {...record, execute: [...record.execute, {...item, id, at: item.at ?? at}]};
	const status = record.steps.execute.status;
	return {record: status === 'done' || status === 'skipped' ? withItem : touchExecute(withItem, at), id};
}

/** A run item's outcome when it finishes. */
export function updateItem(
	record: MaintenanceRecord,
	id: string,
	change: Partial<Pick<ExecuteItem, 'status' | 'outcome' | 'commands' | 'at' | 'reason'>>,
): MaintenanceRecord {
	if (!record.execute.some(item => item.id === id)) return record;
	return {...record, execute: record.execute.map(item => (item.id === id ? {...item, ...change} : item))};
}

/** Ticks (done) or skips a pending item; a skip needs a reason, kept in the summary. */
export function markItem(
	record: MaintenanceRecord,
	id: string,
	status: 'done' | 'skipped',
	at: string,
	reason?: string,
): MaintenanceRecord {
	executeOpen(record);
	const why = reason?.trim();
	if (status === 'skipped' && !why)
		throw new MaintenanceError(`skipping ${id} needs a reason (it is kept in the summary)`);
	const item = record.execute.find(i => i.id === id);
	if (!item)
		throw new MaintenanceError(
			`no item ${id} in execute (have: ${record.execute.map(i => i.id).join(', ') || 'none'})`,
		);
	if (item.status !== 'pending')
		throw new MaintenanceError(`${id} (${item.title}) is already ${item.status}`);
	return touchExecute(
		updateItem(record, id, status === 'skipped' ? {status, at, reason: why} : {status, at}),
		at,
	);
}

/** Execute is finished once every item is ticked, skipped or has run. */
export function finishExecute(record: MaintenanceRecord, at: string): MaintenanceRecord {
	const blocked = blockedBy(record, 'execute');
	if (blocked) throw new MaintenanceError(`can't finish execute: ${blocked}`);
	const pending = record.execute.filter(item => item.status === 'pending');
	if (pending.length > 0)
		throw new MaintenanceError(
			`can't finish execute: ${pending.length} item${pending.length === 1 ? '' : 's'} not ticked or skipped: ${pending.map(i => `${i.id} ${i.title}`).join('; ')}`,
		);
	const started = touchExecute(record, at);
	return withStep(started, 'execute', state => ({
		...state,
		status: 'done',
		endedAt: at,
		output: [executeCount(record.execute)],
	}));
}

export function executeCount(items: ExecuteItem[]): string {
	if (items.length === 0) return 'no items';
	const by = (status: ExecuteItem['status']) => items.filter(i => i.status === status).length;
	const parts = (['done', 'failed', 'skipped', 'pending'] as const)
		.filter(s => by(s) > 0)
		.map(s => `${by(s)} ${s}`);
	return `${items.length} item${items.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/** The end: close done, the summary kept. Every step before close must be done or skipped. */
export function closeWindow(
	record: MaintenanceRecord,
	summary: {lines: string[]; file?: string; output?: string[]},
	at: string,
): MaintenanceRecord {
	if (record.steps.close.status !== 'running') mustRun(record, 'close');
	const closed = withStep(record, 'close', state => ({
		...state,
		runBy: undefined,
		status: 'done',
		attempts: Math.max(1, state.attempts),
		startedAt: state.startedAt ?? at,
		endedAt: at,
		output: summary.output,
		reason: undefined,
	}));
	return {...closed, closedAt: at, summary: summary.lines, summaryFile: summary.file};
}

/** A step whose run was cancelled before anything ran (the operator backed out of the dialog): back as it was. */
export function cancelStep(
	record: MaintenanceRecord,
	step: MaintenanceStepId,
	previous: MaintenanceStepState,
): MaintenanceRecord {
	if (record.steps[step].status !== 'running') return record;
	return withStep(record, step, () => previous);
}
