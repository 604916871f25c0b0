// What the console's maintenance screen may ask of the engine. The engine's MaintenanceDesk
// implements it; the open window itself is in the store (`state.maintenance`). After close the closed
// record stays there (closedAt, summary, summaryFile set) until start() opens the next window.
// Refusals (a step out of order, a skip without a reason, anything that would change the window in
// read-only mode, where it can only be looked at) change nothing and arrive as a notice.
import type {MaintenanceStepId} from '../../core/maintenance/types.js';
import type {Placeholder} from '../../core/runbooks/types.js';

export interface MaintenanceController {
	/** Starts a window on this environment (one at a time); saved at once. */
	start(title: string): void;
	/**
	 * Runs a step: announce (records the start, posts to the webhook when configured), backup (the
	 * `backup` procedure: a fresh dump, verified, through the procedure dialog), test (the configured
	 * command on the host, through the dialog; output and exit code kept), verify (every pane green,
	 * every health URL answering), close (records the end and the summary). Execute is finished with
	 * `finishExecute`. A failed step can be run again.
	 */
	runStep(step: Exclude<MaintenanceStepId, 'execute'>): void;
	/** Skips a step; the reason is required and kept in the summary. */
	skipStep(step: MaintenanceStepId, reason: string): void;
	/** Execute: a free-form item the operator ticks by hand. */
	addNote(text: string): void;
	/** Execute: ticks (done) or skips an item; a skip needs the reason (refused without one), kept in the summary. */
	markItem(id: string, status: 'done' | 'skipped', reason?: string): void;
	/** Execute: runs a configured runbook's step (maintenance.runbooks) through the procedure dialog. */
	/** `masked`: names the operator masked when asked (secret for this run). */
	runRunbookStep(file: string, stepId: string, values: Record<string, string>, masked?: string[]): void;
	/** Execute is done (every item ticked, skipped or run). */
	finishExecute(): void;
	/** The runbooks maintenance.runbooks names, parsed (for the Execute step's list); errors as text. */
	readonly runbooks: Array<{
		file: string;
		title: string;
		steps: Array<{id: string; title: string; kind: string; placeholders: Placeholder[]}>;
		error?: string;
	}>;
}
