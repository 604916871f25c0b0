// What a run of a procedure reports: its events as they happen, each step's record, and the result.
import type {Plan, StepStatus} from '../../core/procedures/plan.js';
import type {StopCause} from './actions.js';

export type ProcedureOutcome =
	'succeeded' | 'failed-undone' | 'failed-not-undone' | 'cancelled' | 'refused' | 'planned';

export type StepRecord = {
	id: string;
	title: string;
	command: string;
	status: StepStatus;
	output?: string;
	durationMs?: number;
	/** The step's command's own exit code, when it ended by itself (a shell or local command). */
	exitCode?: number;
	/** A followed command stopped by the operator, or by pg-ops at its limit. */
	stopped?: StopCause;
	/** Fleets: the host the step acts on. */
	host?: string;
};

export type RunPhase =
	'confirming' | 'locking' | 'rechecking' | 'snapshot' | 'running' | 'undoing' | 'finishing';

export type ProcedureEvent =
	| {type: 'phase'; phase: RunPhase}
	| {type: 'step'; index: number; record: StepRecord}
	| {type: 'check'; index: number; title: string; ok: boolean; output: string}
	| {type: 'diagnose'; index: number; title: string; output: string}
	/** A followed step's output as it arrives, whole lines, masked; the step's final record keeps the last lines. */
	| {type: 'output'; index: number; text: string}
	/** Something the operator should see now: waiting for a dropped connection, an interrupt taken, the plan's facts changed. */
	| {type: 'note'; text: string}
	/** The locks the run holds now (empty once released): what a run stopped now would leave behind. */
	| {type: 'locks'; locks: Array<{file: string; host: string}>}
	/**
	 * A secret that is live now (the new token, once the services run with it and it is verified): shown
	 * or handed over at once, before anything else (an audit write, a snapshot) can go wrong.
	 */
	| {type: 'reveal'; label: string; value: string};

export type ProcedureResult = {
	outcome: ProcedureOutcome;
	/** What state the system is in, in one or two sentences. */
	message: string;
	steps: StepRecord[];
	/** What a person must still do by hand (a failed undo, a lock left behind). */
	leftToDo: string[];
	/** Pane facts that changed between just before and just after. */
	changes: string[];
	correlationId: string;
	/** Shown once: e.g. the new token for the places outside the host that need it. */
	reveal?: {label: string; value: string};
	/** The run was interrupted (Ctrl-C, SIGTERM, a closed terminal): by what. */
	interrupted?: string;
	/** Locks that could not be released: they block every other procedure there until removed. */
	locksLeft?: Array<{file: string; host: string}>;
	/** The run's own bookkeeping failed (a full disk under the audit log): what is missing. */
	auditProblem?: string;
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
	/**
	 * Stops the run at its next safe point: the running step finishes, then what ran is undone (or the
	 * rest finished, past the plan's finishOnceDone), the lock released and the result written. Its
	 * `reason` says by what ("SIGINT").
	 */
	interrupt?: AbortSignal;
	/** Makes the plan again from fresh facts: called under the lock when the plan has a basis. */
	replan?(): Promise<Plan>;
	/** The facts changed under the lock: the new plan and what changed; resolve true to run the new plan. Absent: the run is refused. */
	reconfirm?(plan: Plan, changes: string[]): Promise<boolean>;
	/** How long the undo and the lock's release, together, wait for a host's dropped connection (default reconnectWaitSeconds, 120). */
	reconnectWaitSeconds?: number;
};
