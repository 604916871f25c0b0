// The one engine that runs every procedure: refuses mutating plans in read-only mode, audits the
// plan, asks for confirmation, takes the host lock (on a fleet, on every host the plan acts on),
// runs the steps with their checks, undoes completed steps in reverse on failure, and ends saying
// exactly what state the system is in (on a fleet, each host's).
import {randomUUID} from 'node:crypto';
import os from 'node:os';
import {describeAction} from '../../core/procedures/describe.js';
import {fleetStopMessage} from '../../core/procedures/fleet-outcome.js';
import {hiddenCharactersInPlan} from '../../core/procedures/hidden.js';
import {compactHosts, planHosts, stepHost} from '../../core/procedures/hosts.js';
import {diffFacts, factsOf, type Facts} from '../../core/procedures/evidence.js';
import {planMutates, type Plan, type Step} from '../../core/procedures/plan.js';
import {usesSudo} from '../../core/privilege.js';
import type {PaneState, SlotInfo} from '../../core/panes.js';
import {AuditLog, operatorName} from '../audit.js';
import {runRefresh} from '../refresh.js';
import type {Runtime} from '../runtime.js';
import {executeAction, type StopCause} from './actions.js';
import {
	acquireHostLocks,
	acquireLock,
	describeHolder,
	lockFileFor,
	releaseHostLocks,
	releaseLock,
	type HeldLock,
	type LockAttempt,
} from './lock.js';

export type ProcedureOutcome =
	'succeeded' | 'failed-undone' | 'failed-not-undone' | 'cancelled' | 'refused' | 'planned';

export type StepRecord = {
	id: string;
	title: string;
	command: string;
	status: 'pending' | 'running' | 'done' | 'failed' | 'undone' | 'undo-failed' | 'skipped';
	output?: string;
	durationMs?: number;
	/** The step's command's own exit code, when it ended by itself (a shell or local command). */
	exitCode?: number;
	/** A followed command stopped by the operator, or by pg-ops at its limit. */
	stopped?: StopCause;
	/** Fleets: the host the step acts on. */
	host?: string;
};

export type ProcedureEvent =
	| {type: 'phase'; phase: 'confirming' | 'locking' | 'snapshot' | 'running' | 'undoing' | 'finishing'}
	| {type: 'step'; index: number; record: StepRecord}
	| {type: 'check'; index: number; title: string; ok: boolean; output: string}
	| {type: 'diagnose'; index: number; title: string; output: string}
	/** A followed step's output as it arrives, whole lines, masked; the step's final record keeps the last lines. */
	| {type: 'output'; index: number; text: string};

export type ProcedureResult = {
	outcome: ProcedureOutcome;
	/** What state the system is in, in one or two sentences. */
	message: string;
	steps: StepRecord[];
	/** What a person must still do by hand (a failed undo). */
	leftToDo: string[];
	/** Pane facts that changed between just before and just after. */
	changes: string[];
	correlationId: string;
	/** Shown once: e.g. the new token for the places outside the host that need it. */
	reveal?: {label: string; value: string};
};

export type RunOptions = {
	/** Asked after the plan is audited; resolve false to cancel with nothing done. */
	confirm(plan: Plan): Promise<boolean>;
	onEvent?(event: ProcedureEvent): void;
	breakStaleLock?: boolean;
	operator?: string;
	/** Audit the plan and stop: nothing is confirmed, locked or run. */
	dryRun?: boolean;
	/** Stops the running `follow` step (journalctl -f): it ends as a success. Other steps ignore it, and a later follow step does not start once it is aborted. */
	signal?: AbortSignal;
};

export async function runProcedure(
	runtime: Runtime,
	plan: Plan,
	options: RunOptions,
): Promise<ProcedureResult> {
	const correlationId = randomUUID();
	const operator = options.operator ?? operatorName();
	const audit = new AuditLog(runtime, {operator, procedure: plan.procedure, correlationId}, plan.secrets);
	const emit = (event: ProcedureEvent) => options.onEvent?.(event);
	const sudo = usesSudo(runtime.env);
	const steps: StepRecord[] = plan.steps.map(step => ({
		id: step.id,
		title: step.title,
		command: describeAction(step.action, plan.secrets, sudo),
		status: 'pending',
		...(stepHost(step) ? {host: stepHost(step)} : {}),
	}));
	const result = (
		outcome: ProcedureOutcome,
		message: string,
		extra: Partial<ProcedureResult> = {},
	): ProcedureResult => ({outcome, message, steps, leftToDo: [], changes: [], correlationId, ...extra});

	await audit.append({
		event: 'plan',
		detail: [plan.title, ...plan.summary, ...steps.map((s, i) => `${i + 1}. ${s.title}: ${s.command}`)].join(
			'\n',
		),
	});
	// Enforced here, below every caller (console, `pg-ops run`, anything later): read-only never mutates.
	if (runtime.readOnly && planMutates(plan)) {
		const message = `refused: ${plan.title} changes the environment, and ${runtime.env.name} is open read-only`;
		await audit.append({event: 'refused', outcome: 'read-only', detail: message});
		return result('refused', message);
	}

	// What is confirmed must be what runs: a command hiding characters is never run, whoever asks.
	const hidden = hiddenCharactersInPlan(plan);
	if (hidden) {
		const message = `refused: ${hidden.message}`;
		await audit.append({
			event: 'refused',
			outcome: 'hidden-characters',
			command: hidden.text,
			detail: message,
		});
		return result('refused', message);
	}

	if (options.dryRun) return result('planned', 'dry run: the plan above was not run');
	emit({type: 'phase', phase: 'confirming'});
	if (!(await options.confirm(plan))) {
		await audit.append({event: 'cancel', outcome: 'cancelled'});
		return result('cancelled', 'cancelled: nothing was run');
	}
	await audit.append({event: 'confirm', outcome: 'confirmed'});

	// The lock keeps two changes to one host apart. A plan that changes nothing (a followed log, read
	// for half an hour) takes none: it would block every procedure on the host while it reads.
	let locks: HeldLock[] = [];
	if (planMutates(plan)) {
		emit({type: 'phase', phase: 'locking'});
		const holder = {
			operator,
			procedure: plan.procedure,
			correlationId,
			since: new Date().toISOString(),
			from: os.hostname(),
		};
		// On a fleet the first host's lock also stands for the environment's shared parts (the database,
		// the token, the load balancer's view): two changes on different hosts still can't overlap there.
		const named = planHosts(plan);
		const hosts =
			runtime.fleet && named.length > 0 && !named.includes(runtime.hosts[0]!.name)
				? [runtime.hosts[0]!.name, ...named]
				: named;
		if (hosts.length === 0) {
			let lock: LockAttempt;
			try {
				lock = await acquireLock(runtime, holder, {breakStale: options.breakStaleLock});
			} catch (error) {
				// A deadline can fall after the lock was linked: releasing removes it only if it is ours.
				await releaseLock(runtime, lockFileFor(runtime), correlationId);
				const message = `refused: ${(error as Error).message}; no lock is left taken and nothing was run`;
				await audit.append({event: 'refused', outcome: 'error', detail: message});
				return result('refused', message);
			}
			if (!lock.acquired) {
				const message =
					'unsafe' in lock
						? `refused: ${lock.unsafe}; nothing was run`
						: `refused: another procedure holds the lock on ${runtime.env.name}: ${describeHolder(lock, runtime.env.staleLockMinutes)}`;
				await audit.append({
					event: 'refused',
					outcome: 'unsafe' in lock ? 'error' : 'locked',
					detail: message,
				});
				return result('refused', message);
			}
			locks = [{runtime, file: lock.file}];
			await audit.append({event: 'lock', outcome: 'acquired', detail: lock.file});
		} else {
			const attempt = await acquireHostLocks(runtime, hosts, holder, {breakStale: options.breakStaleLock});
			if (!attempt.acquired) {
				const message = `refused: ${attempt.message}; no lock is left taken and nothing was run`;
				await audit.append({event: 'refused', outcome: attempt.outcome, detail: message});
				return result('refused', message);
			}
			locks = attempt.locks;
			await audit.append({
				event: 'lock',
				outcome: 'acquired',
				detail: `${locks[0]!.file} on ${hosts.length === 1 ? hosts[0] : `${hosts.length} hosts: ${compactHosts(hosts)}`}`,
			});
		}
	} else {
		await audit.append({event: 'lock', outcome: 'not taken', detail: 'the plan changes nothing'});
	}

	try {
		emit({type: 'phase', phase: 'snapshot'});
		const before = await snapshot(runtime);
		emit({type: 'phase', phase: 'running'});
		const failedAt = await runSteps(runtime, plan, steps, audit, emit, options.signal);
		let outcome: ProcedureOutcome = 'succeeded';
		// "verified" only when checks proved it: a runbook step or a test command has none.
		let message = `${plan.title}: done${plan.steps.some(step => step.verify?.length) ? ' and verified' : ''}`;
		const leftToDo: string[] = [];
		if (failedAt !== undefined) {
			emit({type: 'phase', phase: 'undoing'});
			const notUndone = await undoCompleted(runtime, plan, steps, failedAt, audit, emit);
			leftToDo.push(...notUndone);
			const cause = `step ${failedAt + 1} (${plan.steps[failedAt]!.title}) failed: ${steps[failedAt]!.output ?? ''}`;
			if (planHosts(plan).length > 1) {
				// Several hosts: where it stopped and what state each host is in, then what is left by hand.
				outcome = notUndone.length === 0 ? 'failed-undone' : 'failed-not-undone';
				message = `${fleetStopMessage(
					plan,
					steps.map(s => s.status),
					failedAt,
					steps[failedAt]!.output ?? '',
				)}${notUndone.length ? ` Do by hand: ${notUndone.join('; ')}` : ''}`;
			} else if (notUndone.length === 0) {
				outcome = 'failed-undone';
				message = `${cause}. Everything it changed was put back; the system is as it was before.`;
			} else {
				outcome = 'failed-not-undone';
				message = `${cause}. Some changes could not be put back; do by hand: ${notUndone.join('; ')}`;
			}
		}
		emit({type: 'phase', phase: 'finishing'});
		const after = await snapshot(runtime);
		const changes = diffFacts(before, after);
		await audit.append({event: 'result', outcome, detail: [message, ...changes].join('\n')});
		const reveal =
			outcome === 'succeeded' && plan.revealAfterSuccess
				? {label: plan.revealAfterSuccess.label, value: plan.secrets[plan.revealAfterSuccess.secret]!}
				: undefined;
		return result(outcome, message, {leftToDo, changes, reveal});
	} finally {
		for (const lock of await releaseHostLocks(locks, correlationId)) {
			await audit
				.append({
					event: 'lock',
					outcome: 'not released',
					detail: `${lock.file} on ${lock.host ?? lock.runtime.host.label} could not be removed; remove it by hand once nobody is running a procedure`,
				})
				.catch(() => {});
		}
	}
}

/** Runs steps in order; returns the index of the first that failed (its action or a check), if any. */
async function runSteps(
	runtime: Runtime,
	plan: Plan,
	steps: StepRecord[],
	audit: AuditLog,
	emit: (e: ProcedureEvent) => void,
	signal?: AbortSignal,
): Promise<number | undefined> {
	for (const [index, step] of plan.steps.entries()) {
		const record = steps[index]!;
		record.status = 'running';
		emit({type: 'step', index, record: {...record}});
		const started = Date.now();
		const outcome = await executeAction(runtime, step.action, plan.secrets, {
			signal,
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
					command: describeAction(check.action, plan.secrets, usesSudo(runtime.env)),
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
		if (!ok) {
			await diagnose(runtime, plan, step, index, audit, emit);
			return index;
		}
	}
	return undefined;
}

/** The audit keeps the start of a long detail; of a followed command the end matters: its last lines and how it ended. */
function lastOf(output: string | undefined, room = 480): string | undefined {
	return output && output.length > room ? `…${output.slice(-room)}` : output;
}

async function diagnose(
	runtime: Runtime,
	plan: Plan,
	step: Step,
	index: number,
	audit: AuditLog,
	emit: (e: ProcedureEvent) => void,
): Promise<void> {
	if (!step.diagnose) return;
	const result = await executeAction(runtime, step.diagnose.action, plan.secrets);
	emit({type: 'diagnose', index, title: step.diagnose.title, output: result.output});
	await audit.append({
		event: 'diagnose',
		step: `${index + 1}. ${step.title}`,
		command: describeAction(step.diagnose.action, plan.secrets, usesSudo(runtime.env)),
		detail: result.output,
	});
}

/** Undoes the steps that ran (the failed one included: it may have half-changed things), last first. */
async function undoCompleted(
	runtime: Runtime,
	plan: Plan,
	steps: StepRecord[],
	failedAt: number,
	audit: AuditLog,
	emit: (e: ProcedureEvent) => void,
): Promise<string[]> {
	const notUndone: string[] = [];
	for (let index = failedAt; index >= 0; index--) {
		const step = plan.steps[index]!;
		const record = steps[index]!;
		if (!step.mutates) continue;
		// A verified step with nothing to put back (one host of a rolling restart) is settled, not left to do.
		if (index < failedAt && step.settledWhenVerified && record.status === 'done') continue;
		if (!step.undo) {
			// A step that changes things and can't be undone (a restart that left the service down) is not "put back".
			notUndone.push(
				index < failedAt
					? `${step.title} ran and has no undo: check its effect by hand`
					: `${step.title} failed part-way and has no undo: check it by hand${step.diagnose ? ' (its diagnosis is above)' : ''}`,
			);
			continue;
		}
		let outcome = await executeAction(runtime, step.undo.action, plan.secrets);
		// An undo counts only when its checks see the old state back (the old version served, the old token accepted).
		for (const check of outcome.ok ? (step.undo.verify ?? []) : []) {
			const result = await executeAction(runtime, check.action, plan.secrets);
			emit({type: 'check', index, title: check.title, ok: result.ok, output: result.output});
			await audit.append({
				event: 'verify',
				step: `${index + 1}. undo ${step.title}`,
				command: describeAction(check.action, plan.secrets, usesSudo(runtime.env)),
				outcome: result.ok ? 'passed' : 'failed',
				detail: `${check.title}: ${result.output}`,
			});
			if (!result.ok) {
				outcome = {ok: false, output: `undone, but "${check.title}" failed: ${result.output}`};
				break;
			}
		}
		record.status = outcome.ok ? 'undone' : 'undo-failed';
		emit({type: 'step', index, record: {...record, output: `${step.undo.title}: ${outcome.output}`}});
		await audit.append({
			event: 'undo',
			step: `${index + 1}. ${step.title}`,
			command: describeAction(step.undo.action, plan.secrets, usesSudo(runtime.env)),
			outcome: outcome.ok ? 'undone' : 'failed',
			detail: outcome.output,
		});
		if (!outcome.ok)
			notUndone.push(
				`${step.undo.title} (${describeAction(step.undo.action, plan.secrets, usesSudo(runtime.env))}) failed: ${outcome.output}`,
			);
	}
	return notUndone;
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
