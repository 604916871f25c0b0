// What stopping a run right now would leave, for the operator who presses Ctrl-C a second time: the
// steps that changed something and are not put back, the one cut off half-way, the lock left held.
// Pure: the caller says where the run is.
import type {Plan, StepStatus} from './plan.js';

export type HeldLockInfo = {file: string; host: string};

export function whatStoppingLeaves(
	plan: Plan,
	statuses: StepStatus[],
	locks: HeldLockInfo[],
	staleLockMinutes: number,
): string[] {
	const lines: string[] = [];
	for (const [index, step] of plan.steps.entries()) {
		const status = statuses[index];
		const name = `${index + 1}. ${step.title}`;
		if (status === 'running')
			lines.push(
				step.mutates
					? `${name}: running now; stopping cuts it off half-way, in a state nobody has checked`
					: `${name}: running now (it changes nothing)`,
			);
		else if (step.mutates && (status === 'done' || status === 'failed' || status === 'undo-failed'))
			lines.push(
				`${name}: ${status === 'done' ? 'done' : status === 'failed' ? 'failed part-way' : 'its undo failed'}, and not put back`,
			);
	}
	if (lines.length === 0) lines.push('nothing has changed yet');
	for (const lock of locks)
		lines.push(
			`the lock ${lock.file} on ${lock.host} stays held: every other procedure there is refused until it is removed by hand, or broken with --break-lock after ${staleLockMinutes} min`,
		);
	lines.push('no result in the audit log: it would end at the last step written');
	return lines;
}
