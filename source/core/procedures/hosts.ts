// Fleets: which host each action of a plan runs on. A shell action (or a repeated check of one)
// may name a host of the environment; everything else (SQL, HTTP, local) is environment-wide.
import type {Action, CheckAction, Plan, ShellAction, Step} from './plan.js';

/** The host an action runs on: a host-tagged shell command, or a repeated check of one. */
export function hostOf(action: Action): string | undefined {
	if (action.kind === 'shell') return action.host;
	if (action.kind === 'until' && action.check.kind === 'shell') return action.check.host;
	return undefined;
}

/** The host a step acts on: its own action's, else the first its checks, undo or diagnosis name. */
export function stepHost(step: Step): string | undefined {
	return actionsOf(step).map(hostOf).find(Boolean);
}

/** Every host the plan's actions name, in the order they first appear (for the lock: all of them). */
export function planHosts(plan: Pick<Plan, 'steps'>): string[] {
	const hosts = new Set<string>();
	for (const step of plan.steps) {
		for (const action of actionsOf(step)) {
			const host = hostOf(action);
			if (host) hosts.add(host);
		}
	}
	return [...hosts];
}

function actionsOf(step: Step): Action[] {
	return [
		step.action,
		...(step.verify ?? []).map(c => c.action),
		...(step.undo ? [step.undo.action, ...(step.undo.verify ?? []).map(c => c.action)] : []),
		...(step.diagnose ? [step.diagnose.action] : []),
	];
}

/** The action run on `host`: shell commands (and repeated checks of them) get the host; SQL, HTTP and local ones stay environment-wide. A host already named stays. */
export function onHost(action: Action, host: string): Action {
	if (action.kind === 'shell' || action.kind === 'check') return action.host ? action : {...action, host};
	if (action.kind === 'until' && (action.check.kind === 'shell' || action.check.kind === 'check'))
		return {...action, check: onHost(action.check, host) as ShellAction | CheckAction};
	return action;
}

/** The step with every shell action (its checks, undo and diagnosis too) on `host`. */
export function stepOnHost(step: Step, host: string): Step {
	const checks = (list: Step['verify']) =>
		list?.map(check => ({...check, action: onHost(check.action, host)}));
	return {
		...step,
		action: onHost(step.action, host),
		...(step.verify ? {verify: checks(step.verify)} : {}),
		...(step.undo
			? {
					undo: {
						...step.undo,
						action: onHost(step.undo.action, host),
						...(step.undo.verify ? {verify: checks(step.undo.verify)} : {}),
					},
				}
			: {}),
		...(step.diagnose ? {diagnose: {...step.diagnose, action: onHost(step.diagnose.action, host)}} : {}),
	};
}

/** A one-host procedure's plan acting on one host of a fleet: every shell command runs there, and the plan says so. */
export function planOnHost(plan: Plan, host: string, hostCount: number): Plan {
	return {
		...plan,
		title: `${plan.title} on ${host}`,
		summary: [
			`acts on ${host} only (one of ${plan.env}'s ${hostCount} hosts); the other hosts are not touched`,
			...plan.summary,
		],
		steps: plan.steps.map(step => stepOnHost(step, host)),
	};
}

/** A step as shown (commands described, secrets masked): what sameOnEveryHost compares. */
export type DescribedStep = {
	title: string;
	command: string;
	checks: Array<{title: string; command: string}>;
	undo?: {title: string; command: string};
	undoChecks?: Array<{title: string; command: string}>;
	mutates: boolean;
	host?: string;
};

/**
 * A plan over several hosts whose hosts all get the same steps, in host order (a rolling restart):
 * how many steps each host has. undefined when they differ or a step names no host; then a plan is
 * shown step by step.
 */
export function sameOnEveryHost(steps: DescribedStep[], hosts: string[]): {perHost: number} | undefined {
	if (hosts.length < 2) return undefined;
	const perHost = steps.length / hosts.length;
	if (!Number.isInteger(perHost) || perHost < 1) return undefined;
	const shape = (step: DescribedStep) => {
		const neutral = (text: string) => (step.host ? text.split(step.host).join('{host}') : text);
		return JSON.stringify([
			neutral(step.title),
			neutral(step.command),
			step.checks.map(c => [neutral(c.title), neutral(c.command)]),
			step.undo && [neutral(step.undo.title), neutral(step.undo.command)],
			(step.undoChecks ?? []).map(c => [neutral(c.title), neutral(c.command)]),
			step.mutates,
		]);
	};
	const first = steps.slice(0, perHost).map(shape);
	const same = hosts.every((host, h) =>
		steps
			.slice(h * perHost, (h + 1) * perHost)
			.every((step, i) => step.host === host && shape(step) === first[i]),
	);
	return same ? {perHost} : undefined;
}

/**
 * A list of host names short enough for one line: all of them up to `room`, else
 * "first ... last (N hosts)". Used for runs of hosts in plan order, so "..." means "and those between".
 */
export function compactHosts(names: string[], room = 3): string {
	if (names.length <= room) return names.join(', ');
	return `${names[0]} ... ${names.at(-1)} (${names.length} hosts)`;
}
