// A closed terminal (SIGHUP), a SIGTERM or a SIGINT while a procedure or a runbook step runs must not
// abandon it half-way: it stops at its next safe point (undone or finished, lock released, result
// written), then the screen closes and pg-ops exits. With the terminal gone, drawing fails: that must
// not take the procedure down either.
import type {ConsoleEngine} from '../engine/console-engine.js';

const signals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;
let stdoutErrorsIgnored = false;

/** Listens until the returned function is called; `engine` and `close` are read when a signal comes. */
export function finishOnSignals(engine: () => ConsoleEngine | undefined, close: () => void): () => void {
	let stopping = false;
	const onSignal = (signal: (typeof signals)[number]) => {
		if (stopping) return;
		stopping = true;
		void (engine()?.interruptProcedure(signal) ?? Promise.resolve()).finally(close);
	};
	const listeners = signals.map(signal => [signal, () => onSignal(signal)] as const);
	for (const [signal, listener] of listeners) process.on(signal, listener);
	// Once for the process, and kept: a gone terminal's error can come after the screen has closed.
	if (!stdoutErrorsIgnored) process.stdout.on('error', () => {});
	stdoutErrorsIgnored = true;
	return () => {
		for (const [signal, listener] of listeners) process.off(signal, listener);
	};
}
