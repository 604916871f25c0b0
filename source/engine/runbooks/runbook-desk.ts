// The runbook being worked in a console: reads and parses the file, keeps each step's status,
// exit code and last output in the store (`state.runbook`), and runs a step by handing its plan to
// the procedure sessions, whose screens show the plan, confirmation, progress and result. Secret
// placeholder values go into that one plan only; the store keeps the others to offer them again.
import {readFileSync} from 'node:fs';
import type {NamedEnvironment} from '../../core/config/schema.js';
import {parseRunbook} from '../../core/runbooks/parse.js';
import type {Runbook} from '../../core/runbooks/types.js';
import type {FinishedRun, ProcedureSessions} from '../procedure-session.js';
import type {ConsoleState, Notice, Store} from '../store.js';
import {environmentDefaults} from './environment-defaults.js';
import {planRunbookStep, withMasked} from './plan-runbook-step.js';
import {stepAfterRun} from './step-outcome.js';
import {
	findStep,
	stepsOf,
	type RunbookController,
	type RunbookStepState,
	type RunbookView,
} from './runbook-view.js';

export type RunbookDeskDeps = {
	store: Store<ConsoleState>;
	sessions: Pick<ProcedureSessions, 'startPlan' | 'onFinished'>;
	env: NamedEnvironment;
	notify(text: string, level?: Notice['level']): void;
	/** The file's text; the file system unless a test says otherwise. */
	readText?(file: string): string;
};

/** The session tag of a step this desk started (a maintenance window tags its own runs differently). */
const tagPrefix = 'runbook-desk:';

export class RunbookDesk implements RunbookController {
	private readonly unsubscribe: Array<() => void> = [];

	constructor(private readonly deps: RunbookDeskDeps) {
		this.unsubscribe.push(deps.sessions.onFinished(run => this.finished(run)));
		// A session closed without finishing (cancelled at the confirmation) leaves the step as it was.
		this.unsubscribe.push(
			deps.store.subscribe(() => {
				const {runbook, procedure} = deps.store.getSnapshot();
				if (runbook?.active && procedure?.tag !== tagPrefix + runbook.active)
					this.update(view => ({...view, active: undefined}));
			}),
		);
	}

	open(file: string): boolean {
		let runbook: Runbook;
		try {
			runbook = parseRunbook((this.deps.readText ?? readRunbookFile)(file), file);
		} catch (error) {
			this.deps.store.update(s => ({
				...s,
				runbook: {file, error: (error as Error).message, steps: {}, values: {}},
			}));
			return false;
		}
		const steps = Object.fromEntries(
			stepsOf(runbook).map(step => [
				step.id,
				{status: 'pending', output: [], runs: 0} satisfies RunbookStepState,
			]),
		);
		const defaults = environmentDefaults(
			this.deps.env,
			stepsOf(runbook).flatMap(step => step.placeholders),
		);
		this.deps.store.update(s => ({...s, runbook: {file, runbook, steps, values: {}, defaults}}));
		return true;
	}

	runStep(stepId: string, values: Record<string, string>, masked: string[] = []): boolean {
		const view = this.deps.store.getSnapshot().runbook;
		const found = view?.runbook && findStep(view.runbook, stepId);
		const step = found && withMasked(found, masked);
		if (!view?.runbook || !step) return false;
		if (step.kind === 'show') {
			this.deps.notify(
				`step ${step.id} is shown, not run: ${step.reason ?? `a ${step.language || 'plain'} block`}`,
				'warning',
			);
			return false;
		}
		const runbook = view.runbook;
		// Planned inside the session, so a step that can't be planned ends in the session's own "cannot plan" result.
		const started = this.deps.sessions.startPlan(
			async () => planRunbookStep(this.deps.env, runbook, step, values),
			`runbook: ${step.title}`,
			tagPrefix + step.id,
		);
		if (!started) return false;
		const kept = Object.fromEntries(
			step.placeholders
				.filter(p => !p.secret && values[p.name] !== undefined)
				.map(p => [p.name, values[p.name]!]),
		);
		this.update(v => ({...v, active: step.id, values: {...v.values, ...kept}}));
		return true;
	}

	skip(stepId: string, reason?: string): void {
		this.setStep(stepId, state =>
			state.status === 'done'
				? state
				: {...state, status: 'skipped', message: reason ? `skipped: ${reason}` : 'skipped', at: Date.now()},
		);
	}

	reset(stepId: string): void {
		this.setStep(stepId, state =>
			state.status === 'skipped' || state.status === 'failed' || state.status === 'stopped'
				? {...state, status: 'pending', message: undefined}
				: state,
		);
	}

	close(): void {
		const view = this.deps.store.getSnapshot().runbook;
		if (view?.active)
			return this.deps.notify(`step ${view.active} is still open: finish or close it first`, 'warning');
		this.deps.store.update(s => ({...s, runbook: undefined}));
	}

	dispose(): void {
		for (const stop of this.unsubscribe) stop();
	}

	private finished(run: FinishedRun): void {
		if (!run.tag?.startsWith(tagPrefix)) return;
		const id = run.tag.slice(tagPrefix.length);
		const view = this.deps.store.getSnapshot().runbook;
		const step = view?.runbook && findStep(view.runbook, id);
		if (!step) return;
		this.update(v => ({
			...v,
			active: undefined,
			steps: {...v.steps, [id]: stepAfterRun(v.steps[id]!, step, run)},
		}));
	}

	private setStep(stepId: string, change: (state: RunbookStepState) => RunbookStepState): void {
		this.update(view =>
			view.steps[stepId] ? {...view, steps: {...view.steps, [stepId]: change(view.steps[stepId])}} : view,
		);
	}

	private update(change: (view: RunbookView) => RunbookView): void {
		this.deps.store.update(s => (s.runbook ? {...s, runbook: change(s.runbook)} : s));
	}
}

/** The file's text, or an error that names it the way a shell would. */
export function readRunbookFile(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') throw new Error(`${file}: no such file`);
		if (code === 'EISDIR') throw new Error(`${file}: is a directory, not a Markdown file`);
		if (code === 'EACCES') throw new Error(`${file}: permission denied`);
		throw new Error(`${file}: ${(error as Error).message}`);
	}
}
