// The console's procedure sessions: plans a procedure, shows its plan, waits for the operator's
// confirmation (asking twice when the data it rests on is stale), runs it through the runner and
// keeps its progress and result in the store until the operator closes the view. One at a time.
// The plan itself (with its secret values) stays here; the store holds only what may be shown.
import {specOf} from '../core/procedures/specs.js';
import {maskSecrets} from '../core/procedures/describe.js';
import type {Plan, PlanKind, ProcedureName} from '../core/procedures/plan.js';
import type {PaneData} from '../core/panes.js';
import {PlanError, type ProcedureOptions} from './procedures/options.js';
import type {ProcedureResult, RunOptions} from './procedures/runner.js';
import {
	applyEvent,
	confirmationFor,
	followedStep,
	initialSteps,
	maskEvent,
	showPlan,
	staleReasons,
	type FinishedRun,
	type ProcedureSession,
	type SessionResult,
} from './procedure-state.js';
import {SlotWatch, type SlotWatchSettings} from './slot-watch.js';
import {withDefaults} from './procedure-defaults.js';
import type {ConsoleState, Notice, Store} from './store.js';

export type ProcedureSessionDeps = {
	store: Store<ConsoleState>;
	/** The procedure's planner bound to this environment; undefined while it is not built yet. */
	planner(name: ProcedureName): ((options: ProcedureOptions) => Promise<Plan>) | undefined;
	/** The one runner (engine/procedures/runner.ts), bound to this environment's runtime. */
	run(plan: Plan, options: RunOptions): Promise<ProcedureResult>;
	sudo: boolean;
	protectedEnv: boolean;
	refreshNow(): Promise<void>;
	notify(text: string, level?: Notice['level']): void;
	/** Set when the environment has slots: the SLO watch after a switch. */
	slotWatch?: SlotWatchSettings;
};

export type {FinishedRun} from './procedure-state.js';

export class ProcedureSessions {
	private nextId = 1;
	private answer?: (confirmed: boolean) => void;
	private plan?: Plan;
	private stopStaleWatch?: () => void;
	private cancelNote?: string;
	private driving?: Promise<void>;
	/** Stops the running session's followed step (journalctl -f); one per run. */
	private stopper?: AbortController;
	/** Stops the running session at its next safe point (SIGTERM, a closed terminal, ctrl+c asked twice); one per run. */
	private interrupter?: AbortController;
	private finishedListeners = new Set<(run: FinishedRun) => void>();
	readonly slotWatch?: SlotWatch;

	constructor(private readonly deps: ProcedureSessionDeps) {
		if (deps.slotWatch) {
			this.slotWatch = new SlotWatch({
				store: deps.store,
				settings: deps.slotWatch,
				notify: deps.notify,
				switchBack: reason => this.start('switch-slot', {}, reason),
			});
		}
	}

	/** Opens a session; false (with a notice) when another is open or the procedure is not built yet. `auto`: confirmed by pg-ops itself, and why. */
	start(name: ProcedureName, options: ProcedureOptions = {}, auto?: string): boolean {
		const {store, notify} = this.deps;
		// A finished run's view does not stand in the way of pg-ops' own switch back (unless it shows a one-time value).
		const finished = store.getSnapshot().procedure;
		if (auto && finished?.phase === 'done' && !finished.result?.reveal) this.clear(finished.id);
		const open = store.getSnapshot().procedure;
		if (open) {
			notify(`${open.label} is still open: finish or close it first; nothing else was started`, 'warning');
			return false;
		}
		const planner = this.deps.planner(name);
		if (!planner) {
			notify(`${name}: coming in a later version; nothing was run`, 'warning');
			return false;
		}
		const before = store.getSnapshot();
		const chosen = withDefaults(name, options, before);
		const id = this.nextId++;
		const label = `${name}${chosen.service ? ` ${chosen.service}` : ''}${chosen.host ? ` on ${chosen.host}` : ''}`;
		// A new operation: the last one's status line ("cancelled; nothing was run") goes with it.
		store.update(s => ({
			...s,
			notice: undefined,
			procedure: {id, name, phase: 'planning', label, steps: [], autoConfirmed: auto},
		}));
		this.driving = this.drive(id, name, () => planner(chosen), before, auto);
		return true;
	}

	/**
	 * Opens a session for a plan a checklist built (a runbook step, a maintenance window's backup or
	 * test): the same dialog, confirmation, runner, audit and result as a named procedure. `tag` comes
	 * back in the FinishedRun. False (with a notice) when another session is open.
	 */
	startPlan(
		plan: Plan | (() => Promise<Plan>),
		label: string,
		tag?: string,
		/** What a plan still to be made is (a team's action): a runbook step unless said. */
		kind: PlanKind = 'runbook-step',
	): boolean {
		const {store, notify} = this.deps;
		const open = store.getSnapshot().procedure;
		if (open) {
			notify(`${open.label} is still open: finish or close it first; nothing else was started`, 'warning');
			return false;
		}
		const id = this.nextId++;
		const name = typeof plan === 'function' ? kind : plan.procedure;
		store.update(s => ({
			...s,
			notice: undefined,
			procedure: {id, name, phase: 'planning', label, steps: [], tag},
		}));
		this.driving = this.drive(
			id,
			name,
			typeof plan === 'function' ? plan : () => Promise.resolve(plan),
			store.getSnapshot(),
		);
		return true;
	}

	/** Called once for every session that ran (or was refused): not for one cancelled before it ran. */
	onFinished(listener: (run: FinishedRun) => void): () => void {
		this.finishedListeners.add(listener);
		return () => this.finishedListeners.delete(listener);
	}

	/** The operator's answer: the confirmation word ("y", or a protected environment's name). Anything else cancels. */
	confirm(typed: string): void {
		const session = this.deps.store.getSnapshot().procedure;
		if (session?.phase !== 'plan-ready' || !session.confirm || !this.answer || !this.plan) return;
		if (typed.trim() !== session.confirm.word) {
			// A wrong name keeps the dialog open: cancelling would hand the keys typed next ("backspace,
			// backspace, i, m, enter") to the console, where they are commands.
			if (session.confirm.typed)
				return this.update(session.id, s => ({...s, confirm: {...s.confirm!, mismatch: typed.trim()}}));
			return this.cancel();
		}
		const stale = staleReasons(this.deps.store.getSnapshot(), this.plan.restsOn);
		const given = session.confirm.given + 1;
		const needed = session.confirm.needed === 2 || stale.length > 0 ? 2 : 1;
		if (given < needed)
			return this.update(session.id, s => ({
				...s,
				confirm: {...s.confirm!, given, needed, stale, mismatch: undefined},
			}));
		this.settleConfirmation(true);
		this.update(session.id, s => ({...s, phase: 'running', confirm: {...s.confirm!, given}}));
	}

	/** Backs out before anything runs. A running procedure can't be cancelled: it finishes (or undoes) its steps. */
	cancel(why?: string): void {
		const session = this.deps.store.getSnapshot().procedure;
		if (!session) return;
		if (session.phase === 'planning') {
			this.clear(session.id);
			this.deps.notify(`${session.label}: cancelled while planning; nothing was run`);
		} else if (session.phase === 'plan-ready') {
			this.cancelNote = why;
			this.settleConfirmation(false);
		}
	}

	/** Stops the running step when it is a followed command (journalctl -f): it ends as a success. Any other step runs to its end, and the operator is told so. */
	stop(): void {
		const session = this.deps.store.getSnapshot().procedure;
		if (session?.phase !== 'running') return;
		const index = followedStep(session);
		if (index === undefined) {
			const running = session.steps.find(step => step.status === 'running');
			this.deps.notify(
				`${running?.title ?? session.label} can't be stopped: only a followed command (journalctl -f, logs -f) can be; this step runs to its end${session.plan?.mutates ? ' (or is undone if it fails)' : ''}`,
				'warning',
			);
			return;
		}
		this.deps.notify(`stopping ${session.steps[index]!.title}…`);
		this.stopper?.abort();
	}

	/**
	 * Stops the running session at its next safe point: the running step finishes, what ran is undone
	 * (or the rest finished, where the plan says that is safer), the lock released and the result
	 * written. Before it runs, a session is cancelled. `reason` names what asked ("SIGTERM").
	 */
	interrupt(reason: string): void {
		const session = this.deps.store.getSnapshot().procedure;
		if (!session || session.phase === 'done') return;
		if (session.phase === 'planning' || session.phase === 'plan-ready') return this.cancel(reason);
		if (this.interrupter?.signal.aborted) return;
		this.deps.notify(
			`${session.label}: stopping at the next safe point (${reason}): the running step finishes, then what ran is put back`,
			'warning',
		);
		this.interrupter?.abort(reason);
	}

	/** Whether a session is running steps now (an interrupt would have something to stop). */
	get running(): boolean {
		return this.deps.store.getSnapshot().procedure?.phase === 'running';
	}

	/** Closes a finished session's view; its one-time reveal goes with it. */
	close(): void {
		const session = this.deps.store.getSnapshot().procedure;
		if (session?.phase === 'done') this.clear(session.id);
	}

	/** Resolves when the current session's run has ended (for tests and shutdown). */
	settled(): Promise<void> {
		return this.driving ?? Promise.resolve();
	}

	dispose(): void {
		this.settleConfirmation(false);
		this.slotWatch?.stop();
	}

	private async drive(
		id: number,
		name: PlanKind,
		makePlan: () => Promise<Plan>,
		before: ConsoleState,
		auto?: string,
	): Promise<void> {
		let plan: Plan;
		try {
			plan = await makePlan();
		} catch (error) {
			const message = `cannot plan ${name}: ${(error as Error).message}; nothing was run`;
			return this.finish(id, {
				outcome: error instanceof PlanError ? 'refused' : 'error',
				message,
				changes: [],
				leftToDo: [],
			});
		}
		if (!this.isOpen(id)) return; // cancelled while planning
		this.plan = plan;
		const shown = showPlan(plan, this.deps.sudo);
		this.update(id, s => ({...s, label: plan.title, plan: shown, steps: initialSteps(shown)}));
		let result: SessionResult;
		this.stopper = new AbortController();
		this.interrupter = new AbortController();
		// The secrets of the plan that runs: a plan made again under the lock has values of its own.
		let secrets = plan.secrets;
		try {
			const ran = await this.deps.run(plan, {
				signal: this.stopper.signal,
				interrupt: this.interrupter.signal,
				confirm: () => (auto ? Promise.resolve(true) : this.askToConfirm(id, plan)),
				// The facts are read again under the lock; changed, the operator is asked again with the new plan (pg-ops' own switch back is not).
				replan: makePlan,
				reconfirm: auto
					? undefined
					: (fresh, changed) => {
							secrets = {...secrets, ...fresh.secrets};
							this.plan = fresh;
							const shown = showPlan(fresh, this.deps.sudo);
							this.update(id, s => ({...s, label: fresh.title, plan: shown, steps: initialSteps(shown)}));
							return this.askToConfirm(id, fresh, changed);
						},
				onEvent: event => this.update(id, s => applyEvent(s, maskEvent(event, secrets))),
			});
			if (ran.outcome === 'cancelled') {
				this.clear(id);
				this.deps.notify(
					`${plan.title}: cancelled${this.cancelNote ? ` (${this.cancelNote})` : ''}; nothing was run`,
				);
				return;
			}
			const mask = (text: string) => maskSecrets(text, secrets);
			result = {
				outcome: ran.outcome,
				message: mask(ran.message),
				changes: ran.changes.map(mask),
				leftToDo: ran.leftToDo.map(mask),
				correlationId: ran.correlationId,
				reveal: ran.reveal,
			};
			// The runner's records are final; keep the outputs its events showed (an undo's own output).
			this.update(id, s => ({
				...s,
				steps: s.steps.map((step, i) => ({
					...step,
					status: ran.steps[i]?.status ?? step.status,
					durationMs: ran.steps[i]?.durationMs ?? step.durationMs,
					exitCode: ran.steps[i]?.exitCode,
					stopped: ran.steps[i]?.stopped,
				})),
			}));
		} catch (error) {
			const cause = maskSecrets((error as Error).message, secrets);
			// A secret the runner said is live stays shown, whatever failed after.
			const reveal = this.deps.store.getSnapshot().procedure?.reveal;
			result = {
				outcome: 'error',
				message: `pg-ops stopped with an error: ${cause}. What state the system is in is not known: check the panes, and \`pg-ops audit\` for the steps that ran.`,
				changes: [],
				leftToDo: ['check the panes and the audit log (pg-ops audit) for what ran'],
				...(reveal ? {reveal} : {}),
			};
		} finally {
			this.plan = undefined;
			this.stopper = undefined;
			this.interrupter = undefined;
			this.cancelNote = undefined;
		}
		this.finish(id, result);
		await this.deps.refreshNow().catch(() => {});
		if (specOf(name)?.watchesSlo && result.outcome !== 'refused') {
			this.slotWatch?.afterSwitch(result.outcome === 'succeeded', {
				slo: (before.panes.slo.data as PaneData['slo'] | undefined)?.items,
				release: before.slot?.release,
			});
		}
	}

	private askToConfirm(id: number, plan: Plan, changed?: string[]): Promise<boolean> {
		return new Promise(resolve => {
			this.answer = resolve;
			const {store} = this.deps;
			this.update(id, s => ({
				...s,
				phase: 'plan-ready',
				confirm: confirmationFor(
					plan,
					this.deps.protectedEnv,
					staleReasons(store.getSnapshot(), plan.restsOn),
					changed,
				),
			}));
			// While the operator reads, a pane may turn stale or the connection drop: say so at once.
			this.stopStaleWatch = store.subscribe(() =>
				queueMicrotask(() => {
					const session = store.getSnapshot().procedure;
					if (session?.id !== id || session.phase !== 'plan-ready' || !session.confirm) return;
					const stale = staleReasons(store.getSnapshot(), plan.restsOn);
					if (stale.join('\n') !== session.confirm.stale.join('\n'))
						this.update(id, s => ({...s, confirm: {...s.confirm!, stale}}));
				}),
			);
		});
	}

	private settleConfirmation(confirmed: boolean): void {
		this.stopStaleWatch?.();
		this.stopStaleWatch = undefined;
		const answer = this.answer;
		this.answer = undefined;
		answer?.(confirmed);
	}

	private finish(id: number, result: SessionResult): void {
		this.update(id, s => ({...s, phase: 'done', result}));
		const session = this.deps.store.getSnapshot().procedure;
		if (session?.id !== id) return;
		const run: FinishedRun = {
			name: session.name,
			title: session.plan?.title ?? session.label,
			commands: session.plan?.steps.map(step => step.command) ?? [],
			outcome: result.outcome,
			message: result.message,
			changes: result.changes,
			correlationId: result.correlationId,
			tag: session.tag,
			outputs: session.steps.map(step => step.output ?? ''),
			exitCodes: session.steps.map(step => step.exitCode),
			stopped: session.steps.map(step => step.stopped),
			...(session.plan ? {mutates: session.plan.mutates} : {}),
			at: Date.now(),
		};
		for (const listener of this.finishedListeners) {
			try {
				listener(run);
			} catch {
				// A listener's failure (a checklist that could not save) must not break the procedure's own view.
			}
		}
	}

	private isOpen(id: number): boolean {
		return this.deps.store.getSnapshot().procedure?.id === id;
	}

	private update(id: number, change: (session: ProcedureSession) => ProcedureSession): void {
		this.deps.store.update(s => (s.procedure?.id === id ? {...s, procedure: change(s.procedure)} : s));
	}

	private clear(id: number): void {
		this.deps.store.update(s => (s.procedure?.id === id ? {...s, procedure: undefined} : s));
	}
}
