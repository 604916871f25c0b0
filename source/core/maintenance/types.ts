// A maintenance window as pg-ops records it (DESIGN 7): six steps walked in order, saved after every
// change so a window survives a crash and resumes where it stopped. Pure data, persisted as JSON
// by engine/maintenance/. No secret value is ever part of it.

export const maintenanceSteps = ['announce', 'backup', 'execute', 'test', 'verify', 'close'] as const;
export type MaintenanceStepId = (typeof maintenanceSteps)[number];

export type MaintenanceStepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export type MaintenanceStepState = {
	status: MaintenanceStepStatus;
	startedAt?: string;
	endedAt?: string;
	/** Tries so far: a failed step can be retried. */
	attempts: number;
	/** Why it was skipped (required to skip), or why it failed. */
	reason?: string;
	/** What the step produced: the backup file and its check, the test's output, what verify found wrong. */
	output?: string[];
	/** The test command's exit code. */
	exitCode?: number | null;
	/** The procedure run's correlation id in the audit log, when the step ran one. */
	correlationId?: string;
	/** While running: which pg-ops process runs it ("host:pid"), so a resume can tell a step left behind by a crash from one another terminal is running. */
	runBy?: string;
};

/** One thing done in the Execute step: a procedure run, a runbook step, or a note the operator ticks by hand. */
export type ExecuteItem = {
	id: string;
	kind: 'procedure' | 'runbook-step' | 'note';
	title: string;
	/** The exact commands (masked), for procedures and runbook steps. */
	commands?: string[];
	/** Runbook steps: the file and the step's id in it. */
	runbook?: {file: string; stepId: string};
	status: 'pending' | 'done' | 'failed' | 'skipped';
	at?: string;
	outcome?: string;
	/** Why it was skipped (required to skip an item). */
	reason?: string;
};

export type MaintenanceRecord = {
	version: 1;
	id: string;
	env: string;
	title: string;
	startedAt: string;
	startedBy: string;
	steps: Record<MaintenanceStepId, MaintenanceStepState>;
	execute: ExecuteItem[];
	closedAt?: string;
	/** Written at close: one line per step (with skip reasons), the items executed, the duration. */
	summary?: string[];
	/** Where the Markdown summary was written at close. */
	summaryFile?: string;
};
