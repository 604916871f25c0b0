// What a plan over several hosts (a rolling restart) left behind when it stopped: where it
// stopped, and which hosts were done and verified, put back, left part-way or never touched.
// The one-host message stays the runner's own.
import {compactHosts, stepHost} from './hosts.js';
import type {Plan, StepStatus} from './plan.js';

export type {StepStatus} from './plan.js';

export type HostState = 'verified' | 'stopped' | 'undone' | 'part-way' | 'untouched';

/** Each host the plan's steps act on, in plan order, with the state the run left it in. */
export function hostStates(
	plan: Pick<Plan, 'steps'>,
	statuses: StepStatus[],
	failedAt: number,
): Array<{host: string; state: HostState}> {
	const groups = new Map<string, number[]>();
	plan.steps.forEach((step, index) => {
		const host = stepHost(step);
		if (host) groups.set(host, [...(groups.get(host) ?? []), index]);
	});
	return [...groups].map(([host, indices]) => ({host, state: stateOf(indices, plan, statuses, failedAt)}));
}

function stateOf(
	indices: number[],
	plan: Pick<Plan, 'steps'>,
	statuses: StepStatus[],
	failedAt: number,
): HostState {
	const of = indices.map(i => statuses[i] ?? 'pending');
	if (indices.includes(failedAt)) return 'stopped';
	if (of.every(s => s === 'pending' || s === 'skipped')) return 'untouched';
	if (of.every(s => s === 'done')) return 'verified';
	// Put back: every step that changed something and ran is undone.
	if (indices.every((i, n) => !plan.steps[i]!.mutates || of[n] === 'undone' || of[n] === 'pending'))
		return 'undone';
	return 'part-way';
}

/**
 * "stopped at app-03: restart api failed (check ... failed: ...). app-01, app-02 were restarted and
 * verified; app-04 ... app-10 (7 hosts) were not touched." `cause`: the failed step's output.
 */
export function fleetStopMessage(
	plan: Pick<Plan, 'steps' | 'doneOnHost'>,
	statuses: StepStatus[],
	failedAt: number,
	cause: string,
): string {
	const failed = plan.steps[failedAt]!;
	const at = stepHost(failed);
	const title =
		at && failed.title.endsWith(` on ${at}`) ? failed.title.slice(0, -` on ${at}`.length) : failed.title;
	const parts = hostsSaid(plan, statuses, failedAt);
	const where = at ? `stopped at ${at}: ` : 'stopped: ';
	const there = at && statuses[failedAt] === 'undone' ? ` What it changed on ${at} was put back.` : '';
	return `${where}${title} failed (${cause}).${there}${parts.length ? ` ${parts.join('; ')}.` : ''}`;
}

/** An interrupted run over several hosts: "stopped by SIGINT: app-01, app-02 were restarted and verified; app-03 ... app-10 (8 hosts) were not touched." */
export function fleetInterruptMessage(
	plan: Pick<Plan, 'steps' | 'doneOnHost'>,
	statuses: StepStatus[],
	why: string,
): string {
	const parts = hostsSaid(plan, statuses, -1);
	return `stopped by ${why} between two steps: ${parts.join('; ')}.`;
}

/** Each host's end state in words, grouped: "app-01, app-02 were done and verified", "app-03 was put back", … */
function hostsSaid(
	plan: Pick<Plan, 'steps' | 'doneOnHost'>,
	statuses: StepStatus[],
	failedAt: number,
): string[] {
	const states = hostStates(plan, statuses, failedAt);
	const named = (state: HostState) => states.filter(s => s.state === state).map(s => s.host);
	const were = (hosts: string[], what: string) =>
		hosts.length ? [`${compactHosts(hosts)} ${hosts.length === 1 ? 'was' : 'were'} ${what}`] : [];
	return [
		...were(named('verified'), plan.doneOnHost ?? 'done and verified'),
		...were(named('undone'), 'put back'),
		...were(named('part-way'), 'left part-way (see what is left to do)'),
		...were(named('untouched'), 'not touched'),
	];
}
