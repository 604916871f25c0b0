// A team's action started from the console (its key on the panes, the incident's Mitigate, the
// maintenance window's Execute): the typed inputs checked first (nothing is planned while one is
// wrong), then the plan through the console's one procedure session, so its plan, confirmation,
// lock, audit, verification, undo and read-only refusal are the built-in procedures', and the
// incident and maintenance desks record the finished run as they record any other.
import {checkInputs} from '../core/actions/plan.js';
import type {ActionConfig} from '../core/actions/schema.js';
import {teamActionAvailability} from '../core/actions/keys.js';
import type {ProcedureSessions} from './procedure-session.js';
import {planTeamAction} from './procedures/plan-action.js';
import type {Runtime} from './runtime.js';

/** What the operator typed: plain values, and secrets (typed masked; they reach commands on stdin only). */
export type TypedInputs = {values: Record<string, string>; secrets: Record<string, string>};

/** started: the session is open (its plan next); else why nothing was planned. */
export type TeamActionStart = {started: true} | {started: false; problems: string[]};

export function startTeamAction(
	deps: {runtime: Runtime; sessions: Pick<ProcedureSessions, 'startPlan'>},
	name: string,
	typed: TypedInputs,
	options: {host?: string} = {},
): TeamActionStart {
	const {runtime, sessions} = deps;
	const action = runtime.env.actions.find((a: ActionConfig) => a.name === name);
	if (!action)
		return {
			started: false,
			problems: [`${runtime.env.name} has no action ${name} (actions: in pg-ops.yaml)`],
		};
	const availability = teamActionAvailability(action, runtime.readOnly);
	if (!availability.available)
		return {
			started: false,
			problems: [
				`${action.name} changes the system and ${runtime.env.name} is open in ${availability.reason}`,
			],
		};
	const checked = checkInputs(action, typed.values, typed.secrets);
	if (!checked.ok) return {started: false, problems: checked.problems};
	// Planned inside the session: a plan that cannot be made (a fleet with no host chosen) ends it as refused, said on its screen.
	const started = sessions.startPlan(
		async () => planTeamAction(runtime, action, checked.inputs, options),
		action.title ?? action.name,
		undefined,
		`action:${action.name}`,
	);
	return started
		? {started: true}
		: {started: false, problems: ['another procedure is open: finish or close it first']};
}
