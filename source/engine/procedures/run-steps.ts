// The steps of a run: each in order with its checks (stopping at the first failure, or at an
// interrupt once the running step is done), a failed step's diagnosis, and the undo of what ran, last
// first. An undo that meets a dropped connection waits for it to come back (bounded) and tries again.
import {describeAction} from '../../core/procedures/describe.js';
import type {Action, Plan, Step} from '../../core/procedures/plan.js';
import {usesSudo} from '../../core/privilege.js';
import type {AuditLog} from '../audit.js';
import type {Runtime} from '../runtime.js';
import {executeAction, type ActionOutcome} from './actions.js';
import {hostOfAction, type ReconnectWaits, retryAfterReconnect} from './reconnect.js';
import type {ProcedureEvent, StepRecord} from './run-types.js';

export type StepsContext = {
	runtime: Runtime;
	plan: Plan;
	steps: StepRecord[];
	audit: AuditLog;
	emit(event: ProcedureEvent): void;
	/** Stops a running followed step (the operator's `s`). */
	signal?: AbortSignal;
	/** Stops the run after the running step (Ctrl-C, SIGTERM). */
	interrupt?: AbortSignal;
	/** How long an undo waits for a dropped connection to come back: the run's, shared with the lock's release. */
	reconnectWaits: ReconnectWaits;
};

/**
 * How the steps ended: all done; a step failed (and whether its own failure changed nothing, as SQL
 * the server refused); or interrupted before step `index` started (what ran before it is done).
 */
export type StepsEnd =
	/** `untidy`: tidy-up steps that failed (the change itself is done): what to do by hand. */
	| {kind: 'done'; untidy: string[]}
	| {kind: 'failed'; index: number; rolledBack: boolean}
	| {kind: 'interrupted'; index: number};

export async function runSteps(context: StepsContext): Promise<StepsEnd> {
	const {runtime, plan, steps, audit, emit, signal, interrupt} = context;
	let finishing = false;
	const untidy: string[] = [];
	for (const [index, step] of plan.steps.entries()) {
		if (interrupt?.aborted && !finishing) {
			// Past the plan's point of no return the rest is finished: that is the shorter way to a safe state.
			const doneUpTo = plan.finishOnceDone && plan.steps.findIndex(s => s.id === plan.finishOnceDone);
			if (typeof doneUpTo !== 'number' || doneUpTo < 0 || index <= doneUpTo)
				return {kind: 'interrupted', index};
			finishing = true;
			emit({
				type: 'note',
				text: `interrupted (${String(interrupt.reason ?? 'signal')}): past "${plan.steps[doneUpTo]!.title}", finishing the remaining steps is safer than undoing; finishing`,
			});
		}
		const record = steps[index]!;
		record.status = 'running';
		emit({type: 'step', index, record: {...record}});
		const started = Date.now();
		const stop = interrupt && signal ? AbortSignal.any([signal, interrupt]) : (signal ?? interrupt);
		const outcome = await executeAction(runtime, step.action, plan.secrets, {
			signal: stop,
			onOutput: text => emit({type: 'output', index, text}),
		});
		record.output = outcome.output;
		record.exitCode = outcome.exitCode;
		record.stopped = outcome.stopped;
		let ok = outcome.ok;
		if (ok) {
			for (const check of step.verify ?? []) {
				const result = await executeAction(runtime, check.action, plan.secrets);
				emit({type: 'check', index, title: check.title, ok: result.ok, output: result.output});
				await audit.append({
					event: 'verify',
					step: `${index + 1}. ${step.title}`,
					command: describe(runtime, plan, check.action),
					outcome: result.ok ? 'passed' : 'failed',
					detail: `${check.title}: ${result.output}`,
				});
				if (!result.ok) {
					ok = false;
					record.output = `check "${check.title}" failed: ${result.output}`;
					break;
				}
			}
		}
		record.status = ok ? 'done' : 'failed';
		record.durationMs = Date.now() - started;
		emit({type: 'step', index, record: {...record}});
		await audit.append({
			event: 'step',
			step: `${index + 1}. ${step.title}`,
			command: record.command,
			outcome: record.status,
			durationMs: record.durationMs,
			detail: step.action.kind === 'shell' && step.action.follow ? lastOf(record.output) : record.output,
		});
		if (!ok && step.tidy) {
			untidy.push(`${step.title} failed (${record.output ?? ''}): do it by hand (${record.command})`);
			continue;
		}
		if (!ok) {
			await diagnose(context, step, index);
			return {kind: 'failed', index, rolledBack: outcome.rolledBack === true};
		}
	}
	return {kind: 'done', untidy};
}

/** The audit keeps the start of a long detail; of a followed command the end matters: its last lines and how it ended. */
function lastOf(output: string | undefined, room = 480): string | undefined {
	return output && output.length > room ? `…${output.slice(-room)}` : output;
}

function describe(runtime: Runtime, plan: Plan, action: Action): string {
	return describeAction(action, plan.secrets, usesSudo(runtime.env));
}

async function diagnose(
	{runtime, plan, audit, emit}: StepsContext,
	step: Step,
	index: number,
): Promise<void> {
	if (!step.diagnose) return;
	const result = await executeAction(runtime, step.diagnose.action, plan.secrets);
	emit({type: 'diagnose', index, title: step.diagnose.title, output: result.output});
	await audit.append({
		event: 'diagnose',
		step: `${index + 1}. ${step.title}`,
		command: describe(runtime, plan, step.diagnose.action),
		detail: result.output,
	});
}

/**
 * Undoes the steps that ran, last first, from `from` (the failed step: it may have half-changed things;
 * or the last done one, after an interrupt). `failedRolledBack`: step `from` failed and changed
 * nothing. Returns what could not be put back, for the person to do by hand.
 */
export async function undoCompleted(
	context: StepsContext,
	from: number,
	failedAt: number | undefined,
	failedRolledBack: boolean,
): Promise<string[]> {
	const {runtime, plan, steps, audit, emit} = context;
	const notUndone: string[] = [];
	const wait = (text: string) => emit({type: 'note', text});
	for (let index = from; index >= 0; index--) {
		const step = plan.steps[index]!;
		const record = steps[index]!;
		if (!step.mutates) continue;
		// Its own failure was rolled back by PostgreSQL: nothing of it to put back.
		if (index === failedAt && failedRolledBack) continue;
		// A verified step with nothing to put back (one host of a rolling restart) is settled, not left to do.
		if (index !== failedAt && step.settledWhenVerified && record.status === 'done') continue;
		if (!step.undo) {
			// A step that changes things and can't be undone (a restart that left the service down) is not "put back".
			notUndone.push(
				index !== failedAt
					? `${step.title} ran and has no undo: check its effect by hand`
					: `${step.title} failed part-way and has no undo: check it by hand${step.diagnose ? ' (its diagnosis is above)' : ''}`,
			);
			continue;
		}
		const undo = step.undo;
		const host = hostOfAction(runtime, undo.action);
		// An undo counts only when its checks see the old state back (the old version served, the old token accepted).
		const attempt = async (): Promise<ActionOutcome> => {
			const outcome = await executeAction(runtime, undo.action, plan.secrets);
			if (!outcome.ok) return outcome;
			for (const check of undo.verify ?? []) {
				const result = await executeAction(runtime, check.action, plan.secrets);
				emit({type: 'check', index, title: check.title, ok: result.ok, output: result.output});
				await audit.append({
					event: 'verify',
					step: `${index + 1}. undo ${step.title}`,
					command: describe(runtime, plan, check.action),
					outcome: result.ok ? 'passed' : 'failed',
					detail: `${check.title}: ${result.output}`,
				});
				if (!result.ok) return {ok: false, output: `undone, but "${check.title}" failed: ${result.output}`};
			}
			return outcome;
		};
		const outcome = await retryAfterReconnect(host, attempt, wait, context.reconnectWaits);
		record.status = outcome.ok ? 'undone' : 'undo-failed';
		emit({type: 'step', index, record: {...record, output: `${undo.title}: ${outcome.output}`}});
		await audit.append({
			event: 'undo',
			step: `${index + 1}. ${step.title}`,
			command: describe(runtime, plan, undo.action),
			outcome: outcome.ok ? 'undone' : 'failed',
			detail: outcome.output,
		});
		if (!outcome.ok)
			notUndone.push(`${undo.title} (${describe(runtime, plan, undo.action)}) failed: ${outcome.output}`);
	}
	return notUndone;
}
