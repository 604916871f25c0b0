// `pg-ops run` and the signals that would otherwise abandon a procedure half-done: Ctrl-C (SIGINT),
// SIGTERM, and SIGHUP (a closed terminal, a dropped SSH session to a jump box). The first asks the
// runner to stop at its next safe point (the running step finishes, then what ran is undone or the
// rest finished, the lock released, the result written); the second says what stopping right now
// would leave; a third within a few seconds stops at once, leaving exactly that (exit 3).
import {whatStoppingLeaves} from '../core/procedures/abandon.js';
import type {Plan, StepStatus} from '../core/procedures/plan.js';
import {printErr} from '../adapters/plain-output.js';
import type {ProcedureEvent} from '../engine/procedures/runner.js';

const handled = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** How long after the explanation a further signal stops at once. */
export const abandonWindowMs = 10_000;
/** A signal again within this time is the echo of the same one (see onSignal), not the operator's second press. */
const echoWindowMs = 300;
/** The exit code when the operator insists on stopping at once: the state is what the explanation said. */
export const abandonedExitCode = 3;

export type RunSignals = {
	/** Aborted (with the signal's name as reason) at the first signal. */
	interrupt: AbortSignal;
	/** Follows the run, to say what stopping now would leave. */
	track(event: ProcedureEvent): void;
	/** The plan that runs now (a plan made again under the lock replaces the first). */
	plan(plan: Plan): void;
	dispose(): void;
};

export function watchRunSignals(
	staleLockMinutes: number,
	exit = (code: number) => process.exit(code),
): RunSignals {
	const controller = new AbortController();
	let plan: Plan | undefined;
	let statuses: StepStatus[] = [];
	let locks: Array<{file: string; host: string}> = [];
	let explainedAt: number | undefined;
	let hungUp = false;
	// With the terminal gone, a write fails: it must not take the run (and its undo) down with it.
	const ignore = () => {};
	process.stdout.on('error', ignore);
	process.stderr.on('error', ignore);
	const say = (text: string) => {
		if (!hungUp) printErr(text);
	};

	let last: {signal: string; at: number} | undefined;
	const onSignal = (signal: (typeof handled)[number]) => {
		// A library's exit hook (when-exit, under conf) answers a signal by sending it to this process
		// again at once: that echo is the same press, not a second one.
		const now = Date.now();
		const echo = last?.signal === signal && now - last.at < echoWindowMs;
		last = {signal, at: now};
		if (echo) return;
		if (signal === 'SIGHUP') hungUp = true;
		if (!controller.signal.aborted) {
			controller.abort(signal);
			say(
				`\npg-ops: ${signal}: stopping at the next safe point: the running step finishes, then what ran is put back (or the rest finished, where the plan says that is safer), the lock released and the result written. ${signal === 'SIGINT' ? 'Ctrl-C' : signal} again says what stopping right now would leave.\n`,
			);
			return;
		}
		if (explainedAt !== undefined && Date.now() - explainedAt < abandonWindowMs) {
			say(
				`pg-ops: ${signal} again: stopping now, leaving what is listed above (exit ${abandonedExitCode}).\n`,
			);
			return exit(abandonedExitCode);
		}
		explainedAt = Date.now();
		const lines = plan
			? whatStoppingLeaves(plan, statuses, locks, staleLockMinutes)
			: ['nothing has changed yet'];
		say(
			`\npg-ops is still putting things right. Stopping right now would leave:\n${lines.map(l => `  - ${l}`).join('\n')}\n${signal === 'SIGINT' ? 'Ctrl-C' : signal} once more within ${abandonWindowMs / 1000}s stops now anyway; otherwise pg-ops finishes putting things right.\n`,
		);
	};
	const listeners = handled.map(signal => {
		const listener = () => onSignal(signal);
		process.on(signal, listener);
		return [signal, listener] as const;
	});

	return {
		interrupt: controller.signal,
		track(event) {
			if (event.type === 'step') statuses[event.index] = event.record.status;
			if (event.type === 'locks') locks = event.locks;
		},
		plan(next) {
			plan = next;
			statuses = next.steps.map(() => 'pending');
		},
		dispose() {
			for (const [signal, listener] of listeners) process.off(signal, listener);
			process.stdout.off('error', ignore);
			process.stderr.off('error', ignore);
		},
	};
}
