// What a finished run of a runbook step leaves on the checklist: its status, the exit code the
// runner's output carries, and its last output lines. Pure: the desk applies it to the store.
import type {RunbookStep} from '../../core/runbooks/types.js';
import type {FinishedRun} from '../procedure-session.js';
import {keptOutputLines, type RunbookStepState} from './runbook-view.js';

export function stepAfterRun(previous: RunbookStepState, step: RunbookStep, run: FinishedRun): RunbookStepState {
	const output = run.outputs[0] ?? '';
	const common = {...previous, message: run.message, correlationId: run.correlationId, at: run.at};
	// Refused (read-only, another operator's lock) or not planned: nothing ran, the step is where it was.
	if (run.outcome === 'refused') return common;
	const lines = output.split('\n').filter(line => line.length > 0);
	const ran = {...common, runs: previous.runs + 1, output: lines.slice(-keptOutputLines)};
	if (run.outcome === 'succeeded') {
		const stopped = step.longRunning && /\bstopped\b/i.test(`${run.message}\n${lines.at(-1) ?? ''}`);
		return {...ran, status: stopped ? 'stopped' : 'done', exitCode: step.kind === 'shell' && !stopped ? 0 : undefined};
	}
	return {...ran, status: 'failed', exitCode: step.kind === 'shell' ? exitCodeOf(output) : undefined};
}

/** The runner says "exit N: output" for a command that failed (actions.ts); a timeout or a signal has none. */
export function exitCodeOf(output: string): number | undefined {
	const match = /^exit (\d+)\b/.exec(output);
	return match ? Number(match[1]) : undefined;
}
