// A team's action planned for this runtime: its checked inputs into the plan (core/actions/plan.ts);
// on a fleet, an action that runs anything on a host needs the host chosen and acts there only, as a
// built-in one-host procedure does.
import {planAction, type InputValues} from '../../core/actions/plan.js';
import type {ActionConfig} from '../../core/actions/schema.js';
import {planOnHost} from '../../core/procedures/hosts.js';
import type {Action, Plan} from '../../core/procedures/plan.js';
import {checkSource} from '../../core/checks/schema.js';
import type {Runtime} from '../runtime.js';
import {chosenHost, PlanError} from './options.js';

export function planTeamAction(
	runtime: Runtime,
	action: ActionConfig,
	inputs: InputValues,
	options: {host?: string} = {},
): Plan {
	const host = chosenHost(runtime, options);
	const plan = planAction(runtime.env, action, inputs);
	const onHost = plan.steps.some(step =>
		[step.action, ...(step.verify ?? []).map(v => v.action), ...(step.undo ? [step.undo.action] : [])].some(
			a => runsOnHost(runtime, a),
		),
	);
	if (!runtime.fleet || !onHost) return plan;
	if (!host)
		throw new PlanError(
			`${runtime.env.name} has ${runtime.hosts.length} hosts; ${action.name} runs commands on one host: choose it (--host NAME)`,
		);
	return planOnHost(plan, host, runtime.hosts.length);
}

function runsOnHost(runtime: Runtime, action: Action): boolean {
	if (action.kind === 'shell') return true;
	if (action.kind === 'until') return runsOnHost(runtime, action.check);
	if (action.kind === 'check') {
		const check = runtime.env.checks.find(c => c.name === action.name);
		return check !== undefined && checkSource(check) === 'command';
	}
	return false;
}
