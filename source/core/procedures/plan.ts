// A procedure is data: a plan of steps, each with the exact command / SQL / HTTP request it runs,
// whether it changes anything, how its success is verified and how it is undone. The engine's
// runner executes plans; nothing here does I/O.
import type {Refusal} from '../services/refusals.js';
import type {StatusRules} from '../services/status-rules.js';

export const procedureNames = [
	'restart',
	'reset-stuck-jobs',
	'restore-backup',
	'rotate-token',
	'switch-slot',
	'backup',
] as const;
export type ProcedureName = (typeof procedureNames)[number];
/** What a plan is, for the audit log and the lock: a named procedure, or a step brought by a checklist (a Markdown runbook's step, a maintenance window's test command). */
export type PlanKind = ProcedureName | 'runbook-step' | 'test-command' | TeamActionKind;
/** A team's own procedure (`actions:` in pg-ops.yaml), by its name: "action:promote". */
export type TeamActionKind = `action:${string}`;

/** A shell command on the environment's host; `privileged` runs it through sudo -n where the environment says so. */
export type ShellAction = {
	kind: 'shell';
	command: string;
	/** Fleets: the host it runs on (a name from the environment's hosts); absent: the runtime's host. */
	host?: string;
	privileged?: boolean;
	/** Name of a plan secret written to the command's standard input (never into the command line). */
	stdinSecret?: string;
	/** Names of plan secrets written to standard input one per line, in this order (a runbook step's masked placeholders, read by the command's own prelude). */
	stdinSecrets?: string[];
	/** A long-running command (journalctl -f, logs -f): its output is streamed as it comes and the operator stops it; stopping is not a failure. */
	follow?: boolean;
	/** Runs in a pseudo-terminal (a command asks for one with -t): nothing goes to its standard input, and its errors come with its output. */
	terminal?: boolean;
	timeoutSeconds?: number;
	/** The manager's refusals (Access denied, docker's socket): a `pg-ops: ...` line says what they mean and how to fix them. */
	refusals?: readonly Refusal[];
	/** Escape sequences the program prints as decoration on every line (compose logs' ESC [2K): dropped from its output instead of shown. */
	dropSequences?: readonly string[];
	/** For checks: the output names the running process (systemd's MainPID and NRestarts): a new output means it was restarted. */
	namesProcess?: boolean;
	/** For checks: a line of the output must be exactly this (trimmed), e.g. "active". */
	expectOutput?: string;
	/**
	 * For checks: a line that is exactly one of these says waiting is pointless (systemd's `failed`:
	 * it has stopped restarting the unit), so an `until` ends at once with `reason` instead of
	 * waiting out its time.
	 */
	giveUpOn?: {lines: readonly string[]; reason: string};
	/** For checks: the exit code and output, read by a service's status rules, must say this state (any exit code may). */
	expectState?: {rules: StatusRules; state: string};
};

/** Statements against the environment's database, in one transaction when `transaction`. */
export type SqlAction = {
	kind: 'sql';
	statements: Array<{sql: string; params: unknown[]}>;
	transaction: boolean;
	/** Checks: the last statement must return exactly this many rows. */
	expectRows?: number;
	/** Checks: the last statement's one row has a column `value` (text, NULL for none) that must equal this. */
	expectValue?: string;
	/** The output lists the rows the last statement returned (a runbook's SELECT), not only how many. */
	showRows?: boolean;
};

/** An HTTP GET to the service (a path under http.baseUrl) with the configured ops token, a plan secret as the token, or none. */
export type HttpAction = {
	kind: 'http';
	path: string;
	token?: 'configured' | {secret: string};
	expectStatus?: number[];
	/** A top-level JSON field that must equal a value, e.g. git_sha. */
	expectField?: {name: string; equals: string};
	/** A top-level JSON array field that must be empty, e.g. pipeline_blockers. */
	expectEmpty?: string;
};

/** Repeats a check until it passes or the time is up (a service coming back, a health URL answering). */
export type UntilAction = {
	kind: 'until';
	check: ShellAction | HttpAction | SqlAction | CheckAction;
	timeoutSeconds: number;
	intervalMs: number;
	/**
	 * Once it passes, it must go on passing this long (a service that starts and crashes a second
	 * later fails); where the check's output names the process (`namesProcess`), with the same output.
	 * The time is on top of timeoutSeconds.
	 */
	holdSeconds?: number;
};

/** A check of the environment's `checks:` asked now (a command check on `host`, default the runtime's): passes when every reading of it is ok. */
export type CheckAction = {kind: 'check'; name: string; host?: string};

/** A command on the operator's own machine, e.g. handing a new token to a password manager on stdin. */
export type LocalAction = {kind: 'local'; command: string; stdinSecret?: string};

export type Action = ShellAction | SqlAction | HttpAction | UntilAction | LocalAction | CheckAction;

export type Step = {
	id: string;
	title: string;
	/** Changes something on the environment: refused in read-only mode. */
	mutates: boolean;
	action: Action;
	/** Checks that must all pass after the action, or the step failed. */
	verify?: Array<{title: string; action: Action}>;
	/** Puts back what the action changed; run in reverse order when a later step fails. Its checks prove the old state is back. */
	undo?: {title: string; action: Action; verify?: Array<{title: string; action: Action}>};
	/** Gathered when the step fails, to show why (a service's last log lines). */
	diagnose?: {title: string; action: Action};
	/**
	 * Once its checks passed there is nothing to put back (a verified restart on one host of a rolling
	 * restart): a later failure does not list it as left to do.
	 */
	settledWhenVerified?: boolean;
	/**
	 * Tidies up after the change is done and verified (removes a backup that holds an old secret): its
	 * failure puts nothing back, it is reported as left to do. Only after every step before it passed.
	 */
	tidy?: boolean;
};

export type Plan = {
	procedure: PlanKind;
	title: string;
	env: string;
	/** What the operator should read before confirming: the target, the rows it will change... */
	summary: string[];
	steps: Step[];
	/** Values the steps need but no screen, log or audit line may show. */
	secrets: Record<string, string>;
	/** Panes whose freshness the decision rests on; stale data means asking again. */
	restsOn: Array<'services' | 'jobs' | 'disk' | 'etl' | 'slo'>;
	/** Shown once after success, e.g. the new token for the places outside the host that need it. */
	revealAfterSuccess?: {label: string; secret: string};
	/**
	 * The facts the plan rests on, as read while planning: the runner reads them again under the lock
	 * and asks again when they changed (another operator acted meanwhile). A `secret` fact's value is a
	 * digest, and is never shown: only that it changed.
	 */
	basis?: BasisFact[];
	/**
	 * The id of the step after which an interrupted run (Ctrl-C, SIGTERM, a closed terminal) finishes the
	 * remaining steps instead of undoing what ran: from there, finishing is the shorter way to a safe
	 * state. Before it, and without it, an interrupted run undoes.
	 */
	finishOnceDone?: string;
	/**
	 * Plans over several hosts (a rolling restart): what a host whose steps all passed is, in the message
	 * of a run that stopped ("app-01, app-02 were restarted and verified"). Default: "done and verified".
	 */
	doneOnHost?: string;
	/**
	 * A word other than "y" (or, protected, the environment's name) typed to confirm: a team's action
	 * asking for its environment's name or its target (the slot), `what` saying what it is.
	 */
	confirm?: {word: string; what: string};
};

export type BasisFact = {fact: string; value: string; secret?: boolean};

/** Where a step of a run is: not yet, running, done, failed, put back, not put back, or left out. */
export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'undone' | 'undo-failed' | 'skipped';

export function planMutates(plan: Plan): boolean {
	return plan.steps.some(step => step.mutates);
}
