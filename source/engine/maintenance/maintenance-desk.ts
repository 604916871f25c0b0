// The console's maintenance window (DESIGN 7): resumes the open window at start, runs each step
// (backup and test through the procedure dialog, like any procedure), records procedures run while
// the window is open as Execute items, and keeps the window in the store (`state.maintenance`).
// The saved file is the truth: every change is read-change-write, so `pg-ops maintenance` in another
// terminal and this console see each other's steps.
import {
	addNote,
	cancelStep,
	finishExecute,
	finishStep,
	interruptRunning,
	markItem,
	MaintenanceError,
	skipStep,
} from '../../core/maintenance/record.js';
import {planTestCommand} from '../../core/maintenance/test-plan.js';
import type {
	MaintenanceRecord,
	MaintenanceStepId,
	MaintenanceStepState,
} from '../../core/maintenance/types.js';
import type {FinishedRun, ProcedureSessions} from '../procedure-session.js';
import type {Runtime} from '../runtime.js';
import type {ConsoleState, Notice, Store} from '../store.js';
import type {MaintenanceController} from './controller.js';
import {openWindowStamp, readOpenWindow, saveOpenWindow, updateOpenWindow} from './maintenance-file.js';
import {
	announce,
	auditWindow,
	readOnlyWindow,
	backupStepOutcome,
	beginSavedStep,
	closeNow,
	finishSavedStep,
	judgeVerify,
	recordRun,
	runnerAlive,
	runnerId,
	startWindow,
	testStepOutcome,
} from './maintenance-steps.js';
import {availableRunbooks, planRunbookStepFor, type RunbookListing} from './maintenance-runbooks.js';

export type MaintenanceDeskDeps = {
	runtime: Runtime;
	store: Store<ConsoleState>;
	sessions: ProcedureSessions;
	refreshNow(): Promise<void>;
	notify(text: string, level?: Notice['level']): void;
};

/** A step waiting for its procedure session (backup, test): which session, and the step as it was, for a cancel. */
type Waiting = {step: 'backup' | 'test'; sessionId: number; before: MaintenanceStepState};

const runbookTag = 'maintenance:runbook:';
// Another terminal (`pg-ops maintenance ...`) may change the window: its file is looked at this often.
const watchFileMs = 2000;

export class MaintenanceDesk implements MaintenanceController {
	private waiting?: Waiting;
	private readonly work = new Set<Promise<void>>();
	private readonly unsubscribe: Array<() => void> = [];
	private fileTimer?: NodeJS.Timeout;
	private fileStamp?: number;
	private runbookCache?: RunbookListing[];

	constructor(private readonly deps: MaintenanceDeskDeps) {
		this.unsubscribe.push(deps.sessions.onFinished(run => this.onRun(run)));
		this.unsubscribe.push(deps.store.subscribe(() => this.noticeCancel()));
	}

	private get env() {
		return this.deps.runtime.env;
	}

	/** At the console's start: the window left open (by a crash, a closed laptop, another terminal) comes back. */
	resume(): void {
		let record: MaintenanceRecord | undefined;
		try {
			record = readOpenWindow(this.env.name);
			if (record) {
				const interrupted = interruptRunning(record, new Date().toISOString(), runnerAlive);
				if (interrupted !== record) saveOpenWindow(interrupted);
				record = interrupted;
			}
		} catch (error) {
			this.deps.notify((error as Error).message, 'error');
			return;
		}
		if (record) {
			this.show(record);
			this.deps.notify(
				`maintenance window "${record.title}" resumed (m shows it${this.deps.runtime.readOnly ? '; read-only: it can be looked at, not changed' : ''})`,
			);
		}
		this.fileStamp = this.stamp();
		this.fileTimer = setInterval(() => this.followFile(), watchFileMs);
		this.fileTimer.unref?.();
	}

	start(title: string): void {
		this.change(async () => {
			const record = await startWindow(this.deps.runtime, title);
			this.show(record);
			this.deps.notify(`maintenance window "${record.title}" opened on ${this.env.name}`);
		});
	}

	runStep(step: Exclude<MaintenanceStepId, 'execute'>): void {
		switch (step) {
			case 'announce':
				return this.change(async () => {
					const record = this.begin('announce');
					this.show(await finishSavedStep(this.deps.runtime, 'announce', await announce(this.env, record)));
				}, 'announce');
			case 'backup':
				return this.viaSession('backup');
			case 'test':
				return this.viaSession('test');
			case 'verify':
				return this.change(async () => {
					this.begin('verify');
					await this.deps.refreshNow();
					const outcome = await judgeVerify(this.deps.runtime, this.deps.store.getSnapshot().panes);
					this.show(await finishSavedStep(this.deps.runtime, 'verify', outcome));
				}, 'verify');
			case 'close':
				return this.change(async () => {
					const closed = await closeNow(this.deps.runtime);
					// The closed window stays in the store (closedAt set) so its summary can be read; start() opens the next one.
					this.show(closed);
					this.deps.notify(`maintenance window "${closed.title}" closed; summary: ${closed.summaryFile}`);
				});
		}
	}

	skipStep(step: MaintenanceStepId, reason: string): void {
		this.change(async () => {
			const record = updateOpenWindow(this.env.name, r =>
				skipStep(r, step, reason, new Date().toISOString()),
			);
			this.show(record);
			await auditWindow(this.deps.runtime, record, 'skip', {step, outcome: 'skipped', detail: reason.trim()});
		});
	}

	addNote(text: string): void {
		this.change(async () =>
			this.show(updateOpenWindow(this.env.name, r => addNote(r, text, new Date().toISOString()))),
		);
	}

	markItem(id: string, status: 'done' | 'skipped', reason?: string): void {
		this.change(async () =>
			this.show(
				updateOpenWindow(this.env.name, r => markItem(r, id, status, new Date().toISOString(), reason)),
			),
		);
	}

	finishExecute(): void {
		this.change(async () => {
			const record = updateOpenWindow(this.env.name, r => finishExecute(r, new Date().toISOString()));
			this.show(record);
			await auditWindow(this.deps.runtime, record, 'step', {
				step: 'execute',
				outcome: 'done',
				detail: record.steps.execute.output?.join('\n'),
			});
		});
	}

	runRunbookStep(file: string, stepId: string, values: Record<string, string>, masked: string[] = []): void {
		this.change(async () => {
			const record = readOpenWindow(this.env.name);
			if (!record || record.closedAt)
				throw new MaintenanceError(`no maintenance window is open on ${this.env.name}`);
			const {plan, label} = await planRunbookStepFor(this.env, file, stepId, values, masked);
			// The values stay in this closure and the plan; only the step's identity travels in the tag.
			this.deps.sessions.startPlan(plan, label, `${runbookTag}${JSON.stringify({file, stepId})}`);
		});
	}

	get runbooks(): MaintenanceController['runbooks'] {
		this.runbookCache ??= availableRunbooks(this.env);
		return this.runbookCache;
	}

	/** Resolves when the steps started so far have finished their own work (tests, shutdown). */
	async settled(): Promise<void> {
		while (this.work.size > 0) await Promise.allSettled([...this.work]);
	}

	dispose(): void {
		for (const unsubscribe of this.unsubscribe) unsubscribe();
		clearInterval(this.fileTimer);
	}

	/** Backup and test run as procedure sessions: the dialog shows the plan, asks, runs; onRun records the outcome. */
	private viaSession(step: 'backup' | 'test'): void {
		this.change(async () => {
			const open = this.deps.store.getSnapshot().procedure;
			if (open)
				throw new MaintenanceError(`${open.label} is still open: finish or close it first, then run ${step}`);
			const plan = step === 'test' ? planTestCommand(this.env) : undefined;
			const before = readOpenWindow(this.env.name)?.steps[step];
			this.begin(step);
			if (step === 'test' && !plan) {
				this.show(
					await finishSavedStep(this.deps.runtime, 'test', {
						ok: false,
						reason: `no test command is configured (maintenance.test.command${this.env.configFile ? ` in ${this.env.configFile}` : ''}): skip this step with a reason, or configure one`,
					}),
				);
				return;
			}
			const started = plan
				? this.deps.sessions.startPlan(plan, 'maintenance test command', 'maintenance:test')
				: this.deps.sessions.start('backup');
			const sessionId = this.deps.store.getSnapshot().procedure?.id;
			if (!started || sessionId === undefined) {
				this.show(updateOpenWindow(this.env.name, r => cancelStep(r, step, before!)));
				return;
			}
			this.waiting = {step, sessionId, before: before!};
		}, step);
	}

	private onRun(run: FinishedRun): void {
		const waiting = this.waiting;
		if (waiting?.step === 'test' && run.tag === 'maintenance:test') {
			this.waiting = undefined;
			this.act(
				async () => this.show(await finishSavedStep(this.deps.runtime, 'test', testStepOutcome(run))),
				'test',
			);
		} else if (waiting?.step === 'backup' && run.name === 'backup' && !run.tag) {
			this.waiting = undefined;
			this.act(
				async () => this.show(await finishSavedStep(this.deps.runtime, 'backup', backupStepOutcome(run))),
				'backup',
			);
		} else if (this.deps.runtime.readOnly) {
			// A read-only console leaves the window as it is (and runs nothing that changes the environment).
		} else if (run.tag?.startsWith(runbookTag)) {
			const runbook = JSON.parse(run.tag.slice(runbookTag.length)) as {file: string; stepId: string};
			this.act(async () => this.showIf(recordRun(this.env.name, {...run, name: 'runbook-step'}, runbook)));
		} else if (!run.tag?.startsWith('maintenance:')) {
			this.act(async () => this.showIf(recordRun(this.env.name, run)));
		}
	}

	/** A step's session gone before it finished (cancelled while planning or at the confirmation): nothing ran, the step is as it was. */
	private noticeCancel(): void {
		const waiting = this.waiting;
		if (!waiting || this.deps.store.getSnapshot().procedure?.id === waiting.sessionId) return;
		this.waiting = undefined;
		this.act(async () =>
			this.show(updateOpenWindow(this.env.name, r => cancelStep(r, waiting.step, waiting.before))),
		);
	}

	private begin(step: MaintenanceStepId): MaintenanceRecord {
		const record = beginSavedStep(this.env.name, step);
		this.show(record);
		return record;
	}

	/** A change to the window: refused in read-only mode, where the window can only be looked at. */
	private change(work: () => Promise<void>, step?: MaintenanceStepId): void {
		if (this.deps.runtime.readOnly) return this.deps.notify(readOnlyWindow(this.env.name), 'warning');
		this.act(work, step);
	}

	/**
	 * Runs a change; what goes wrong is told as a notice, and the store shows the saved window as it
	 * now is. `step`: the step this work runs; one it left running (an unexpected error after it began)
	 * is finished as failed, since nothing will finish it otherwise.
	 */
	private act(work: () => Promise<void>, step?: MaintenanceStepId): void {
		const running = work().catch((error: unknown) => {
			const message = (error as Error).message;
			this.deps.notify(message, error instanceof MaintenanceError ? 'warning' : 'error');
			try {
				let saved = readOpenWindow(this.env.name);
				const state = step && saved?.steps[step];
				if (
					saved &&
					state?.status === 'running' &&
					state.runBy === runnerId() &&
					this.waiting?.step !== step
				) {
					saved = updateOpenWindow(this.env.name, r =>
						finishStep(
							r,
							step!,
							{
								ok: false,
								reason: `pg-ops stopped with an error: ${message}; check what it did (pg-ops audit), then run it again or skip it`,
							},
							new Date().toISOString(),
						),
					);
				}
				if (saved) this.show(saved);
			} catch {
				// The file itself is the problem: the notice above names it.
			}
		});
		this.work.add(running);
		void running.finally(() => this.work.delete(running));
	}

	private show(record: MaintenanceRecord): void {
		this.fileStamp = this.stamp();
		this.deps.store.update(s => ({...s, maintenance: record}));
	}

	private showIf(record: MaintenanceRecord | undefined): void {
		if (record) this.show(record);
	}

	/** Another terminal changed (or closed) the window: show what the file says now. */
	private followFile(): void {
		const stamp = this.stamp();
		if (stamp === this.fileStamp) return;
		this.fileStamp = stamp;
		try {
			const record = readOpenWindow(this.env.name);
			const shown = this.deps.store.getSnapshot().maintenance;
			// Closed elsewhere: the closed record is in closed/, the open file gone; keep what is shown, marked by its own closedAt if it has one.
			if (record) this.deps.store.update(s => ({...s, maintenance: record}));
			else if (shown && !shown.closedAt) this.deps.store.update(s => ({...s, maintenance: undefined}));
		} catch {
			// A half-written or broken file: the next action reports it with its path.
		}
	}

	private stamp(): number | undefined {
		return openWindowStamp(this.env.name);
	}
}
