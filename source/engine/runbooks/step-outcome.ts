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
	const output = run.outputs[0] ?? '';
	const common = {...previous, message: run.message, correlationId: run.correlationId, at: run.at};
	// Refused (read-only, another operator's lock) or not planned: nothing ran, the step is where it was.
	if (run.outcome === 'refused') return common;
	const lines = output.split('\n').filter(line => line.length > 0);
	const ran = {...common, runs: previous.runs + 1, output: lines.slice(-keptOutputLines)};
	// A runbook step is one step of its plan: index 0. A timeout, a signal or an SQL step has no exit code.
	const exitCode = run.exitCodes?.[0];
	if (run.outcome === 'succeeded') return {...ran, status: run.stopped?.[0] ? 'stopped' : 'done', exitCode};
	return {...ran, status: 'failed', exitCode};
}
