// What a finished run of a runbook step leaves on the checklist: its status, the exit code and
// stop the run carries as fields (FinishedRun.exitCodes / stopped), and its last output lines.
// Pure: the desk applies it to the store.
import type {RunbookStep} from '../../core/runbooks/types.js';
import type {FinishedRun} from '../procedure-session.js';
import {keptOutputLines, type RunbookStepState} from './runbook-view.js';

export function stepAfterRun(
	previous: RunbookStepState,
	step: RunbookStep,
	run: FinishedRun,
): RunbookStepState {
	// The runbook's command is its plan's last step; a machine's check may come before it, and fail.
	const at = lastThatRan(run);
	const output = run.outputs[at] ?? '';
	const common = {...previous, message: run.message, correlationId: run.correlationId, at: run.at};
	// Refused (read-only, another operator's lock) or not planned: nothing ran, the step is where it was.
	if (run.outcome === 'refused') return common;
	const lines = output.split('\n').filter(line => line.length > 0);
	const ran = {...common, runs: previous.runs + 1, output: lines.slice(-keptOutputLines)};
	// A timeout, a signal or an SQL step has no exit code.
	const exitCode = run.exitCodes?.[at];
	if (run.outcome === 'succeeded') return {...ran, status: run.stopped?.[at] ? 'stopped' : 'done', exitCode};
	return {...ran, status: 'failed', exitCode};
}

/**
 * The plan step whose record the checklist keeps: the last (the runbook's command), unless a check
 * before it (a machine's) failed, and then the check's.
 */
function lastThatRan(run: FinishedRun): number {
	const last = run.outputs.length - 1;
	if (last <= 0) return 0;
	return run.exitCodes?.[0] === 0 ? last : 0;
}
