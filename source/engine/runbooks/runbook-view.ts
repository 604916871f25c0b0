// A Markdown runbook being worked in a console, as the store holds it (`state.runbook`) and the
// screen draws it, and what the screen may ask of the engine about it. No secret value is ever
// part of it: masked placeholders are asked for on every run and go only into that run's plan.
import type {Runbook, RunbookStep} from '../../core/runbooks/types.js';

export type RunbookStepStatus = 'pending' | 'done' | 'failed' | 'skipped' | 'stopped';

export type RunbookStepState = {
	status: RunbookStepStatus;
	/** Shell steps: the command's exit code, when the runner's output says it (0 once it succeeded). */
	exitCode?: number;
	/** The last lines of its output (masked), newest last. */
	output: string[];
	/** The run's outcome in the runner's words, a refusal, or why it was skipped. */
	message?: string;
	/** The run's correlation id in the audit log. */
	correlationId?: string;
	/** Times it was run (a failed step can be run again). */
	runs: number;
	at?: number;
};

export type RunbookView = {
	/** The file as given. */
	file: string;
	/** Undefined when the file could not be read or parsed (`error` says why). */
	runbook?: Runbook;
	error?: string;
	/** By step id; every step of the runbook has one. */
	steps: Record<string, RunbookStepState>;
	/** Non-secret placeholder values given so far, by placeholder name: offered again for the next step. */
	values: Record<string, string>;
	/** Values the environment gives some placeholders (its base URL, database name …), offered until one is typed. */
	defaults?: Record<string, string>;
	/** The step whose procedure session is open (plan, confirmation, progress). */
	active?: string;
};

export interface RunbookController {
	/** Reads and parses the runbook into the store; false (with `error` set) when it can't. */
	open(file: string): boolean;
	/**
	 * Plans the step with these placeholder values and opens its session (the procedure screens take over).
	 * `masked`: names the operator masked when asked. False when it can't start.
	 */
	runStep(stepId: string, values: Record<string, string>, masked?: string[]): boolean;
	/** Marks a step skipped (the reason is kept), or puts a skipped or failed one back to pending. */
	skip(stepId: string, reason?: string): void;
	reset(stepId: string): void;
	/** Leaves the runbook (not while one of its steps is open). */
	close(): void;
}

/** The shortest output kept per step: enough to read an error, not a whole journal. */
export const keptOutputLines = 40;

export function stepsOf(runbook: Runbook): RunbookStep[] {
	return runbook.sections.flatMap(section => section.steps);
}

export function findStep(runbook: Runbook, id: string): RunbookStep | undefined {
	return stepsOf(runbook).find(step => step.id === id);
}
