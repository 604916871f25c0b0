// The one engine that runs every procedure: refuses mutating plans in read-only mode, audits the
// plan, asks for confirmation, takes the host lock (on a fleet, on every host the plan acts on),
// reads the plan's facts again under it (asking again when they changed), runs the steps with their
// checks, undoes completed steps in reverse on failure or interrupt, and ends saying exactly what
// state the system is in (on a fleet, each host's). Nothing of its own bookkeeping (the audit, a
// snapshot, a lock release) can take the run out of its hands: failures there are reported.
import {randomUUID} from 'node:crypto';
import {basisChanges} from '../../core/procedures/basis.js';
import {describeAction, maskSecrets} from '../../core/procedures/describe.js';
import {fleetInterruptMessage, fleetStopMessage} from '../../core/procedures/fleet-outcome.js';
import {hiddenCharactersInPlan} from '../../core/procedures/hidden.js';
import {planHosts, stepHost} from '../../core/procedures/hosts.js';
import {diffFacts, factsOf, type Facts} from '../../core/procedures/evidence.js';
import {planMutates, type Plan} from '../../core/procedures/plan.js';
import {usesSudo} from '../../core/privilege.js';
import type {PaneState, SlotInfo} from '../../core/panes.js';
import {AuditLog, auditSpaceProblem, operatorName} from '../audit.js';
import {runRefresh} from '../refresh.js';
import type {Runtime} from '../runtime.js';
import type {HeldLock} from './lock.js';
import {ReconnectWaits} from './reconnect.js';
import {leftLockAdvice, lockLabel, locksCover, releaseLocks, takeLocks} from './run-locks.js';
import {runSteps, undoCompleted, type StepsContext} from './run-steps.js';
import type {ProcedureEvent, ProcedureOutcome, ProcedureResult, RunOptions, StepRecord} from './run-types.js';

export type {
	ProcedureEvent,
	ProcedureOutcome,
	ProcedureResult,
	RunOptions,
	RunPhase,
	StepRecord,
} from './run-types.js';

/** How a run under the lock ended, before the lock is released and the result written. */
type Ended = {
	outcome: ProcedureOutcome;
	message: string;
	leftToDo?: string[];
	changes?: string[];
	reveal?: ProcedureResult['reveal'];
	interrupted?: string;
};

export async function runProcedure(
	runtime: Runtime,
	planned: Plan,
	options: RunOptions,
): Promise<ProcedureResult> {
	const correlationId = randomUUID();
	const operator = options.operator ?? operatorName();
	const audit = new AuditLog(
		runtime,
		{operator, procedure: planned.procedure, correlationId},
		planned.secrets,
	);
	const emit = (event: ProcedureEvent) => options.onEvent?.(event);
	// One wait per host that stays down, shared by the undo and the lock's release.
	const reconnectWaits = new ReconnectWaits(options.reconnectWaitSeconds);
	let plan = planned;
	let steps = recordsFor(runtime, plan);
	const result = (
		outcome: ProcedureOutcome,
		message: string,
		extra: Partial<ProcedureResult> = {},
	): ProcedureResult => ({
		outcome,
		message: audit.problem ? `${message} NOTE: ${audit.problem}.` : message,
		steps,
		leftToDo: [],
		changes: [],
		correlationId,
		...extra,
		...(audit.problem ? {auditProblem: audit.problem} : {}),
	});
	const refuse = async (message: string, why: string, command?: string) => {
		await audit.append({event: 'refused', outcome: why, detail: message, ...(command ? {command} : {})});
		return result('refused', message);
	};

	await audit.append(planRecord(plan, steps));
	// Enforced here, below every caller (console, `pg-ops run`, anything later): read-only never mutates.
	if (runtime.readOnly && planMutates(plan))
		return refuse(
			`refused: ${plan.title} changes the environment, and ${runtime.env.name} is open read-only`,
			'read-only',
		);
	// What is confirmed must be what runs: a command hiding characters is never run, whoever asks.
	const hidden = hiddenCharactersInPlan(plan);
	// The audit keeps the offending command (made visible): the review must see what was hidden.
	if (hidden) return refuse(`refused: ${hidden.message}`, 'hidden-characters', hidden.text);
	if (options.dryRun) return result('planned', 'dry run: the plan above was not run');
	// A change that can't be recorded is not started: the record is how anyone learns what happened.
	const space = planMutates(plan) ? auditSpaceProblem() : undefined;
	if (space) return refuse(`refused: ${space}; nothing was run`, 'no-space');

	emit({type: 'phase', phase: 'confirming'});
	const confirmed = !options.interrupt?.aborted && (await options.confirm(plan));
	if (!confirmed || options.interrupt?.aborted) {
		await audit.append({event: 'cancel', outcome: 'cancelled'});
		return result(
			'cancelled',
			options.interrupt?.aborted
				? `cancelled by ${reasonOf(options.interrupt)}: nothing was run`
				: 'cancelled: nothing was run',
		);
	}
	await audit.append({event: 'confirm', outcome: 'confirmed'});

	// The lock keeps two changes to one host apart. A plan that changes nothing (a followed log, read
	// for half an hour) takes none: it would block every procedure on the host while it reads.
	let locks: HeldLock[] = [];
	if (planMutates(plan)) {
		emit({type: 'phase', phase: 'locking'});
		let taken;
		try {
			taken = await takeLocks(runtime, plan, {operator, correlationId}, audit, options.breakStaleLock);
		} catch (error) {
			return refuse(`refused: ${(error as Error).message}; nothing was run`, 'error');
		}
		if (!taken.taken) return result('refused', taken.message);
		locks = taken.locks;
		emit({type: 'locks', locks: locks.map(lockLabel)});
	} else {
		await audit.append({event: 'lock', outcome: 'not taken', detail: 'the plan changes nothing'});
	}

	let ended: Ended;
	try {
		ended = await underLock();
	} catch (error) {
		// pg-ops' own fault mid-run (never the steps': their failures are outcomes): say what is known.
		const cause = maskSecrets((error as Error).message, plan.secrets);
		const ran = steps.some(s => s.status !== 'pending');
		ended = {
			outcome: ran ? 'failed-not-undone' : 'refused',
			message: ran
				? `pg-ops stopped with an error during ${plan.title}: ${cause}. What ran is listed above and in the audit log; nothing was undone`
				: `refused: pg-ops stopped with an error before anything ran: ${cause}`,
			leftToDo: ran ? ['check the steps that ran (pg-ops audit) and put back what needs it by hand'] : [],
		};
	}

	// The locks go before the result is written: one that can't be removed is part of the result.
	const left = await releaseLocks(locks, correlationId, text => emit({type: 'note', text}), reconnectWaits);
	if (locks.length > 0) emit({type: 'locks', locks: left.map(lockLabel)});
	const leftToDo = [...(ended.leftToDo ?? [])];
	for (const lock of left) {
		const advice = leftLockAdvice(lock, runtime.env.staleLockMinutes);
		leftToDo.push(advice);
		await audit.append({event: 'lock', outcome: 'not released', detail: advice});
	}
	const message = left.length
		? `${ended.message} The lock ${left.map(l => lockLabel(l).file).join(', ')} is still held: see what is left to do.`
		: ended.message;
	await audit.append({
		event: 'result',
		outcome: ended.outcome,
		detail: [message, ...(ended.changes ?? [])].join('\n'),
	});
	return result(ended.outcome, message, {
		leftToDo,
		changes: ended.changes ?? [],
		...(ended.reveal ? {reveal: ended.reveal} : {}),
		...(ended.interrupted ? {interrupted: ended.interrupted} : {}),
		...(left.length ? {locksLeft: left.map(lockLabel)} : {}),
	});

	async function underLock(): Promise<Ended> {
		const recheck = await factsUnderLock();
		if (recheck) return recheck;
		if (options.interrupt?.aborted) {
			await audit.append({event: 'cancel', outcome: 'cancelled', detail: reasonOf(options.interrupt)});
			return {
				outcome: 'cancelled',
				message: `cancelled by ${reasonOf(options.interrupt)} before anything ran: nothing was changed`,
				interrupted: reasonOf(options.interrupt),
			};
		}
		emit({type: 'phase', phase: 'snapshot'});
		const before = await snapshot(runtime);
		emit({type: 'phase', phase: 'running'});
		const context: StepsContext = {
			runtime,
			plan,
			steps,
			audit,
			emit,
			signal: options.signal,
			interrupt: options.interrupt,
			reconnectWaits,
		};
		const end = await runSteps(context);
		const interrupted = options.interrupt?.aborted ? reasonOf(options.interrupt) : undefined;
		if (interrupted) await audit.append({event: 'interrupt', outcome: end.kind, detail: interrupted});
		let ended: Ended;
		if (end.kind === 'done') {
			// "verified" only when checks proved it: a runbook step or a test command has none.
			const reveal = revealOf(plan, steps, '');
			if (reveal) emit({type: 'reveal', ...reveal});
			ended = {
				outcome: 'succeeded',
				message: `${plan.title}: done${plan.steps.some(step => step.verify?.length) ? ' and verified' : ''}${interrupted ? ` (${interrupted} came while it ran: finishing was safer than stopping)` : ''}${end.untidy.length ? `; tidying up afterwards failed: ${end.untidy.join('; ')}` : ''}`,
				leftToDo: end.untidy,
				reveal,
			};
		} else {
			emit({type: 'phase', phase: 'undoing'});
			ended =
				end.kind === 'failed'
					? await afterFailure(context, end.index, end.rolledBack)
					: await afterInterrupt(context, end.index, interrupted ?? 'an interrupt');
		}
		emit({type: 'phase', phase: 'finishing'});
		const after = await snapshot(runtime);
		return {...ended, changes: diffFacts(before, after), ...(interrupted ? {interrupted} : {})};
	}

	/** Under the lock, the facts the plan rests on are read again; undefined when the run goes on. */
	async function factsUnderLock(): Promise<Ended | undefined> {
		if (!options.replan || !plan.basis) return undefined;
		emit({type: 'phase', phase: 'rechecking'});
		let fresh: Plan;
		try {
			fresh = await options.replan();
		} catch (error) {
			const message = `refused: the facts ${plan.title} rests on could not be read again under the lock: ${maskSecrets((error as Error).message, plan.secrets)}; nothing was run`;
			await audit.append({event: 'refused', outcome: 'recheck', detail: message});
			return {outcome: 'refused', message};
		}
		audit.maskAlso(fresh.secrets);
		const changes = basisChanges(plan.basis, fresh.basis);
		await audit.append({
			event: 'recheck',
			outcome: changes.length ? 'changed' : 'unchanged',
			detail: changes.join('\n') || undefined,
		});
		if (changes.length === 0) return undefined;
		emit({
			type: 'note',
			text: `the facts this plan rests on changed since it was made: ${changes.join('; ')}`,
		});
		const hiddenNow = hiddenCharactersInPlan(fresh);
		if (hiddenNow || !locksCover(runtime, fresh, locks)) {
			const message = `refused: the facts ${plan.title} rests on changed since the plan was shown (${changes.join('; ')})${hiddenNow ? `, and the new plan can't be run: ${hiddenNow.message}` : ', and the new plan acts where this run holds no lock'}; nothing was run: run it again`;
			await audit.append({event: 'refused', outcome: 'recheck', detail: message});
			return {outcome: 'refused', message};
		}
		const again = options.reconfirm ? await options.reconfirm(fresh, changes) : false;
		if (!again || options.interrupt?.aborted) {
			const word = options.reconfirm ? 'cancelled' : 'refused';
			await audit.append({
				event: options.reconfirm ? 'cancel' : 'refused',
				outcome: word,
				detail: changes.join('\n'),
			});
			return {
				outcome: word,
				message: `${word}: the facts ${plan.title} rests on changed since the plan was shown (${changes.join('; ')}); nothing was run${options.reconfirm ? '' : ': run it again to see the new plan'}`,
			};
		}
		plan = fresh;
		steps = recordsFor(runtime, plan);
		await audit.append(planRecord(plan, steps));
		await audit.append({
			event: 'confirm',
			outcome: 'confirmed',
			detail: 'the new plan, after its facts changed',
		});
		return undefined;
	}

	async function afterFailure(context: StepsContext, failedAt: number, rolledBack: boolean): Promise<Ended> {
		const notUndone = await undoCompleted(context, failedAt, failedAt, rolledBack);
		const cause = `step ${failedAt + 1} (${plan.steps[failedAt]!.title}) failed: ${steps[failedAt]!.output ?? ''}`;
		const outcome: ProcedureOutcome = notUndone.length === 0 ? 'failed-undone' : 'failed-not-undone';
		// A secret that may be live (its step ran and the undo did not finish) is shown: losing it would lock everyone out.
		const reveal =
			outcome === 'failed-not-undone'
				? revealOf(plan, steps, ' (it may be live: the undo did not finish)')
				: undefined;
		if (reveal) emit({type: 'reveal', ...reveal});
		if (planHosts(plan).length > 1) {
			// Several hosts: where it stopped and what state each host is in, then what is left by hand.
			const message = `${fleetStopMessage(
				plan,
				steps.map(s => s.status),
				failedAt,
				steps[failedAt]!.output ?? '',
			)}${notUndone.length ? ` Do by hand: ${notUndone.join('; ')}` : ''}`;
			return {outcome, message, leftToDo: notUndone, reveal};
		}
		// Nothing undone and nothing left: the failed step changed nothing (failed SQL is rolled back) and none before it did.
		const changedNothing = notUndone.length === 0 && !steps.some(s => s.status === 'undone');
		const message =
			notUndone.length > 0
				? `${cause}. Some changes could not be put back; do by hand: ${notUndone.join('; ')}`
				: changedNothing
					? `${cause}. Nothing had changed${rolledBack ? ' (PostgreSQL rolled the failed SQL back)' : ''}, so nothing needed undoing; the system is as it was before.`
					: `${cause}. Everything it changed was put back; the system is as it was before.`;
		return {outcome, message, leftToDo: notUndone, reveal};
	}

	async function afterInterrupt(context: StepsContext, next: number, why: string): Promise<Ended> {
		emit({type: 'note', text: `interrupted by ${why}: the running step finished; putting back what ran`});
		const notUndone = next > 0 ? await undoCompleted(context, next - 1, undefined, false) : [];
		const outcome: ProcedureOutcome = notUndone.length === 0 ? 'failed-undone' : 'failed-not-undone';
		const reveal =
			outcome === 'failed-not-undone'
				? revealOf(plan, steps, ' (it may be live: the undo did not finish)')
				: undefined;
		if (reveal) emit({type: 'reveal', ...reveal});
		if (planHosts(plan).length > 1)
			return {
				outcome,
				message: `${fleetInterruptMessage(
					plan,
					steps.map(s => s.status),
					why,
				)}${notUndone.length ? ` Do by hand: ${notUndone.join('; ')}` : ''}`,
				leftToDo: notUndone,
				reveal,
			};
		const where = next > 0 ? `after step ${next} (${plan.steps[next - 1]!.title})` : 'before its first step';
		const message =
			notUndone.length > 0
				? `${plan.title}: stopped by ${why} ${where}. Some changes could not be put back; do by hand: ${notUndone.join('; ')}`
				: `${plan.title}: stopped by ${why} ${where}. ${steps.some(s => s.status === 'undone') ? 'Everything it changed was put back' : 'Nothing had changed'}; the system is as it was before.`;
		return {outcome, message, leftToDo: notUndone, reveal};
	}
}

function recordsFor(runtime: Runtime, plan: Plan): StepRecord[] {
	const sudo = usesSudo(runtime.env);
	return plan.steps.map(step => ({
		id: step.id,
		title: step.title,
		command: describeAction(step.action, plan.secrets, sudo),
		status: 'pending',
		...(stepHost(step) ? {host: stepHost(step)} : {}),
	}));
}

function planRecord(plan: Plan, steps: StepRecord[]) {
	return {
		event: 'plan' as const,
		detail: [plan.title, ...plan.summary, ...steps.map((s, i) => `${i + 1}. ${s.title}: ${s.command}`)].join(
			'\n',
		),
	};
}

/** The plan's secret to show once, when it has one and a step that puts it in place ran; `note` says why it is shown after a failure. */
function revealOf(plan: Plan, steps: StepRecord[], note: string): ProcedureResult['reveal'] {
	const shown = plan.revealAfterSuccess;
	const value = shown && plan.secrets[shown.secret];
	if (!shown || value === undefined) return undefined;
	const ran = plan.steps.some(
		(step, i) =>
			step.mutates &&
			steps[i]!.status !== 'pending' &&
			JSON.stringify(step.action).includes(`"${shown.secret}"`),
	);
	return ran ? {label: `${shown.label}${note}`, value} : undefined;
}

function reasonOf(signal: AbortSignal): string {
	return typeof signal.reason === 'string' ? signal.reason : 'an interrupt';
}

async function snapshot(runtime: Runtime): Promise<Facts> {
	const panes: Partial<Record<PaneState['id'], PaneState>> = {};
	let slot: SlotInfo | undefined;
	await runRefresh(runtime, {
		onPane: r => {
			panes[r.pane] = {id: r.pane, status: r.status, data: r.data, stale: false, configured: r.configured};
		},
		onSlot: s => {
			slot = s;
		},
	}).catch(() => {});
	return factsOf(panes, slot);
}
