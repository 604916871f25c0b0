// A procedure session as the console shows it: the plan with its exact commands (secrets masked),
// the confirmation it needs, each step's progress and the result. Pure data and the functions that
// build it from the runner's plan and events; the session controller (procedure-session.ts) owns it.
import {formatDataAge} from '../core/duration.js';
import {appendTail} from '../core/output-tail.js';
import {describeAction, maskSecrets} from '../core/procedures/describe.js';
import {planHosts, stepHost} from '../core/procedures/hosts.js';
import {confirmationWord} from '../core/procedures/format.js';
import {planMutates, type Plan, type PlanKind} from '../core/procedures/plan.js';
import {paneTitles} from '../core/panes.js';
import type {ProcedureEvent, ProcedureOutcome, StepRecord} from './procedures/runner.js';
import type {StopCause} from './procedures/actions.js';
import type {ConsoleState} from './store.js';

export type ShownCommand = {title: string; command: string};
/** `follow`: a long-running command (journalctl -f) that streams its output and runs until the operator stops it. */
/** `host`: on a fleet, the host the step acts on. */
export type ShownStep = {
	title: string;
	mutates: boolean;
	command: string;
	checks: ShownCommand[];
	undo?: ShownCommand;
	follow?: boolean;
	host?: string;
};
/**
 * The plan as the dialog lists it: no secret values, only their masks. `hosts`: on a fleet, every
 * host its steps act on, in order (empty otherwise); `doneOnHost`: what a finished host is ("restarted and verified").
 */
export type ShownPlan = {
	procedure: PlanKind;
	title: string;
	env: string;
	summary: string[];
	steps: ShownStep[];
	mutates: boolean;
	hosts: string[];
	doneOnHost?: string;
};

export type Confirmation = {
	/** What the operator must give: "y", the environment's name on a protected environment, or the word a team's action asks (its `confirm:`). */
	word: string;
	protectedEnv: boolean;
	/** The word is typed and submitted with enter (a protected environment, or a team's action's confirm: environment / target); else y. */
	typed: boolean;
	/** Why the data the plan rests on can't be trusted as it stands (stale panes, a reconnecting connection). */
	stale: string[];
	/** Confirmations given so far, and needed: two when the data was stale at the first. */
	given: number;
	needed: 1 | 2;
	/** The word typed wrong: the dialog stays open and says so (never a cancel whose next keys reach the console). */
	mismatch?: string;
	/** Asked again under the lock: what changed since the plan was first shown (another operator acted). */
	changed?: string[];
};

export type CheckProgress = {title: string; ok: boolean; output: string};
export type StepProgress = StepRecord & {
	checks: CheckProgress[];
	diagnose?: {title: string; output: string};
	follow?: boolean;
	host?: string;
};

export type SessionResult = {
	outcome: ProcedureOutcome | 'error';
	message: string;
	changes: string[];
	leftToDo: string[];
	correlationId?: string;
	/** Shown once, in this view only: gone from the store when the view closes. */
	reveal?: {label: string; value: string};
};

export type SessionPhase = 'planning' | 'plan-ready' | 'running' | 'done';
export type RunnerPhase = Extract<ProcedureEvent, {type: 'phase'}>['phase'];

export type ProcedureSession = {
	id: number;
	name: PlanKind;
	phase: SessionPhase;
	/** Until the plan exists: what is being planned ("restart app-orchestrator"). */
	label: string;
	plan?: ShownPlan;
	confirm?: Confirmation;
	/** Confirmed by pg-ops itself (an automatic switch back), and why. */
	autoConfirmed?: string;
	runnerPhase?: RunnerPhase;
	steps: StepProgress[];
	result?: SessionResult;
	/** Given by startPlan's caller (a checklist), handed back when the session finishes. */
	tag?: string;
	/** The runner's latest word for the operator: waiting for a dropped connection, an interrupt taken, facts that changed. */
	note?: string;
	/** A secret live now (the runner's reveal event): kept for the result, whatever happens after. */
	reveal?: {label: string; value: string};
	/** The locks the run holds now: what stopping it at once would leave behind. */
	locks?: Array<{file: string; host: string}>;
};

/** What a finished session did, for the incident timeline and the maintenance window's record. No secret values: commands are masked. */
export type FinishedRun = {
	name: PlanKind;
	title: string;
	/** The exact commands as shown (secrets masked), in step order. */
	commands: string[];
	outcome: SessionResult['outcome'];
	message: string;
	changes: string[];
	correlationId?: string;
	/** The caller's own tag from startPlan (a maintenance step, a runbook step's id). */
	tag?: string;
	/** The streamed or final output of each step, masked (a runbook step's output). */
	outputs: string[];
	/**
	 * Per step, in step order: the command's own exit code when it ended by itself (a shell or local
	 * command; none for SQL, HTTP, a timeout or a signal), and whether a followed command was stopped
	 * ('operator' or 'limit'). Read these, never the "exit N:" or "stopped by" in the output text.
	 * Always set by ProcedureSessions; optional only so hand-built runs (tests) may leave them out.
	 */
	exitCodes?: Array<number | undefined>;
	stopped?: Array<StopCause | undefined>;
	/** Whether its plan changes anything (a team's action that only reads does not tick an incident's mitigate). */
	mutates?: boolean;
	at: number;
};

export function showPlan(plan: Plan, sudo: boolean): ShownPlan {
	const describe = (action: Parameters<typeof describeAction>[0]) =>
		describeAction(action, plan.secrets, sudo);
	return {
		procedure: plan.procedure,
		title: plan.title,
		env: plan.env,
		summary: plan.summary,
		mutates: planMutates(plan),
		hosts: planHosts(plan),
		...(plan.doneOnHost ? {doneOnHost: plan.doneOnHost} : {}),
		steps: plan.steps.map(step => ({
			title: step.title,
			mutates: step.mutates,
			command: describe(step.action),
			checks: (step.verify ?? []).map(check => ({title: check.title, command: describe(check.action)})),
			undo: step.undo ? {title: step.undo.title, command: describe(step.undo.action)} : undefined,
			...(step.action.kind === 'shell' && step.action.follow ? {follow: true} : {}),
			...(stepHost(step) ? {host: stepHost(step)} : {}),
		})),
	};
}

export function confirmationFor(
	plan: Plan,
	protectedEnv: boolean,
	stale: string[],
	changed?: string[],
): Confirmation {
	return {
		word: confirmationWord(plan, protectedEnv),
		protectedEnv,
		typed: protectedEnv || plan.confirm !== undefined,
		stale,
		given: 0,
		needed: stale.length > 0 ? 2 : 1,
		...(changed ? {changed} : {}),
	};
}

export function initialSteps(plan: ShownPlan): StepProgress[] {
	return plan.steps.map((step, index) => ({
		id: String(index),
		title: step.title,
		command: step.command,
		status: 'pending',
		checks: [],
		...(step.follow ? {follow: true} : {}),
		...(step.host ? {host: step.host} : {}),
	}));
}

/** The step a stop would end: the running one, when it is a followed command. */
export function followedStep(session: ProcedureSession): number | undefined {
	if (session.phase !== 'running') return undefined;
	const index = session.steps.findIndex(step => step.status === 'running');
	return index >= 0 && session.steps[index]!.follow ? index : undefined;
}

/** The session after one of the runner's events. */
export function applyEvent(session: ProcedureSession, event: ProcedureEvent): ProcedureSession {
	const withStep = (index: number, change: (step: StepProgress) => StepProgress) => ({
		...session,
		steps: session.steps.map((step, i) => (i === index ? change(step) : step)),
	});
	switch (event.type) {
		case 'phase':
			return event.phase === 'confirming'
				? session
				: {...session, phase: 'running', runnerPhase: event.phase};
		case 'step':
			// A step starting again is a retry: its earlier checks and output no longer say anything.
			return withStep(event.index, step => ({
				...step,
				...event.record,
				...(event.record.status === 'running' ? {checks: [], output: event.record.output} : {}),
			}));
		case 'check':
			return withStep(event.index, step => ({
				...step,
				checks: [...step.checks, {title: event.title, ok: event.ok, output: event.output}],
			}));
		case 'diagnose':
			return withStep(event.index, step => ({...step, diagnose: {title: event.title, output: event.output}}));
		case 'output':
			// Only the last lines: a followed command may run for an hour.
			return withStep(event.index, step => ({...step, output: appendTail(step.output ?? '', event.text)}));
		case 'note':
			return {...session, note: event.text};
		case 'locks':
			return {...session, locks: event.locks};
		case 'reveal':
			return {...session, reveal: {label: event.label, value: event.value}};
	}
}

/** Why the data a plan rests on can't be trusted as it stands; empty when it can. */
export function staleReasons(state: ConsoleState, restsOn: Plan['restsOn']): string[] {
	const reasons: string[] = [];
	const connection = state.connection;
	if (connection?.status === 'reconnecting')
		reasons.push(
			`the connection to ${state.env.hostLabel} is reconnecting (try ${connection.attempt}): every pane shows data from before the drop`,
		);
	else if (connection?.status === 'failed')
		reasons.push(`the connection to ${state.env.hostLabel} is down: every pane shows data from before`);
	for (const id of restsOn) {
		const pane = state.panes[id];
		if (!pane?.configured) continue;
		const title = paneTitles[id];
		if (pane.updatedAt === undefined) reasons.push(`${title}: no data yet`);
		else if (pane.stale)
			reasons.push(
				`${title} is stale: its data is ${formatDataAge((state.now - pane.updatedAt) / 1000)} old${pane.error ? ` (last refresh failed: ${pane.error})` : ''}`,
			);
	}
	return reasons;
}

/** The runner masks what it reports; masked again here, so no secret value can reach the store (and the screen) whatever a runner does. */
export function maskEvent(event: ProcedureEvent, secrets: Plan['secrets']): ProcedureEvent {
	const mask = (text: string) => maskSecrets(text, secrets);
	switch (event.type) {
		case 'step':
			return {
				...event,
				record: {
					...event.record,
					command: mask(event.record.command),
					output: event.record.output === undefined ? undefined : mask(event.record.output),
				},
			};
		case 'check':
		case 'diagnose':
			return {...event, output: mask(event.output)};
		case 'output':
		case 'note':
			return {...event, text: mask(event.text)};
		default:
			return event;
	}
}
