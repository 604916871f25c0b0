// A team's action (core/actions/schema.ts) as a plan for the one runner: its inputs checked first
// (each known, valid, present; a secret only ever from standard input), then every step with its
// exact command, SQL or request, its verification and its undo. Pure: the engine gathers the values.
import type {NamedEnvironment} from '../config/schema.js';
import type {
	Action,
	CheckAction,
	HttpAction,
	Plan,
	ShellAction,
	SqlAction,
	Step,
} from '../procedures/plan.js';
import {serviceStatusCheck} from '../procedures/restart.js';
import {
	inputProblem,
	type ActionConfig,
	type ActionStep,
	type ActionUndo,
	type ActionVerify,
} from './schema.js';
import {fillCommand, fillPath, fillSql, fillValue} from './template.js';

export type InputValues = {values: Record<string, string>; secrets: Record<string, string>};

/**
 * The inputs given (`given`: --input k=v or the console's form; `secrets`: read on standard input or
 * typed masked) checked against the action: each known and valid, a secret never given as a plain
 * value, each without a default given. The problems, or the values with defaults filled in.
 */
export function checkInputs(
	action: ActionConfig,
	given: Readonly<Record<string, string>>,
	secrets: Readonly<Record<string, string>>,
): {ok: true; inputs: InputValues} | {ok: false; problems: string[]} {
	const problems: string[] = [];
	const known = new Map(action.inputs.map(input => [input.name, input]));
	for (const name of Object.keys(given)) {
		const input = known.get(name);
		if (!input)
			problems.push(
				`${action.name} has no input ${name} (its inputs: ${action.inputs.map(i => i.name).join(', ') || 'none'})`,
			);
		else if (input.type === 'secret')
			problems.push(
				`${name} is a secret: it is read on standard input (or typed masked), never given on the command line`,
			);
	}
	const values: Record<string, string> = {};
	const secretValues: Record<string, string> = {};
	for (const input of action.inputs) {
		const value =
			input.type === 'secret'
				? secrets[input.name]
				: (given[input.name] ?? (input.default !== undefined ? String(input.default) : undefined));
		if (value === undefined) {
			problems.push(
				`${input.name} is needed (${input.type}${input.description ? `: ${input.description}` : ''})`,
			);
			continue;
		}
		const problem = inputProblem(input, value);
		if (problem) problems.push(problem);
		else if (input.type === 'secret') secretValues[input.name] = value;
		else values[input.name] = value;
	}
	return problems.length > 0 ? {ok: false, problems} : {ok: true, inputs: {values, secrets: secretValues}};
}

/** The plan of a team's action with checked inputs; `host` on a fleet is applied by the engine (planOnHost). */
export function planAction(env: NamedEnvironment, action: ActionConfig, inputs: InputValues): Plan {
	const {values} = inputs;
	const steps: Step[] = action.steps.map((step, i) => {
		const verifies =
			step.verify === undefined ? [] : Array.isArray(step.verify) ? step.verify : [step.verify];
		return {
			id: `step-${i + 1}`,
			title: step.title ?? `${action.name}: step ${i + 1}`,
			mutates: action.mutates && step.mutates !== false,
			action: stepAction(step, values),
			...(verifies.length > 0
				? {
						verify: verifies.map(verify => ({
							title: verify.title ?? verifyTitle(verify, values),
							action: verifyAction(env, verify, values),
						})),
					}
				: {}),
			...(step.undo
				? {undo: {title: step.undo.title ?? 'put it back', action: stepAction(step.undo, values)}}
				: {}),
		};
	});
	const shown = action.inputs.map(input =>
		input.type === 'secret'
			? `${input.name}: (secret, given on standard input)`
			: `${input.name}: ${values[input.name]}`,
	);
	return {
		procedure: `action:${action.name}`,
		title: `${action.title ?? action.name}${action.confirm === 'target' && action.target ? ` (${action.target} ${values[action.target]})` : ''}`,
		env: env.name,
		summary: [
			...(action.description ? [action.description] : []),
			...(shown.length > 0 ? [`inputs: ${shown.join(', ')}`] : []),
			action.mutates
				? `the team's action ${action.name}: it changes the system`
				: `the team's action ${action.name}: it only reads (mutates: false)`,
		],
		steps,
		secrets: inputs.secrets,
		restsOn: [],
		...confirmOf(env, action, values),
	};
}

function confirmOf(
	env: NamedEnvironment,
	action: ActionConfig,
	values: Record<string, string>,
): Pick<Plan, 'confirm'> {
	if (action.confirm === 'environment')
		return {confirm: {word: env.name, what: `the environment's name (${env.name})`}};
	if (action.confirm === 'target') {
		const target = action.target!;
		return {confirm: {word: values[target]!, what: `the ${target} (${values[target]})`}};
	}
	return {};
}

type Runnable = Pick<
	ActionStep,
	'command' | 'sudo' | 'stdin' | 'timeoutSeconds' | 'sql' | 'http' | 'expectStatus' | 'token'
>;

function stepAction(
	step: Runnable | ActionUndo,
	values: Record<string, string>,
): ShellAction | SqlAction | HttpAction {
	if (step.command !== undefined)
		return {
			kind: 'shell',
			command: fillCommand(step.command, values),
			...(step.sudo ? {privileged: true} : {}),
			...(step.stdin ? {stdinSecret: step.stdin} : {}),
			...(step.timeoutSeconds !== undefined ? {timeoutSeconds: step.timeoutSeconds} : {}),
		};
	if (step.sql !== undefined) {
		const {sql, params} = fillSql(step.sql, values);
		return {kind: 'sql', statements: [{sql, params}], transaction: false, showRows: true};
	}
	return {
		kind: 'http',
		path: fillPath(step.http!, values),
		...(step.token ? {token: 'configured' as const} : {}),
		...(step.expectStatus ? {expectStatus: step.expectStatus} : {}),
	};
}

function verifyAction(env: NamedEnvironment, verify: ActionVerify, values: Record<string, string>): Action {
	const once = verifyOnce(env, verify, values);
	const within = verify.withinSeconds ?? (verify.service !== undefined ? 60 : undefined);
	if (within === undefined) return once;
	return {kind: 'until', check: once, timeoutSeconds: within, intervalMs: 2000};
}

function verifyOnce(
	env: NamedEnvironment,
	verify: ActionVerify,
	values: Record<string, string>,
): ShellAction | SqlAction | HttpAction | CheckAction {
	if (verify.check !== undefined) return {kind: 'check', name: verify.check} satisfies CheckAction;
	if (verify.service !== undefined) {
		// The config names only services it has (schema); the manager's own status check, as restart waits on.
		const service = env.services.find(s => s.name === verify.service)!;
		return serviceStatusCheck(service);
	}
	if (verify.sql !== undefined && verify.equals !== undefined) {
		const {sql, params} = fillSql(verify.sql, values);
		// Its one value as text (NULL when no row), compared as the operator wrote it: a failure says both.
		return {
			kind: 'sql',
			statements: [{sql: `SELECT ((${sql}))::text AS value`, params}],
			transaction: false,
			expectValue: fillValue(String(verify.equals), values),
		};
	}
	const action = stepAction(verify, values);
	if (action.kind === 'http' && verify.field !== undefined && verify.equals !== undefined)
		return {...action, expectField: {name: verify.field, equals: fillValue(String(verify.equals), values)}};
	return action;
}

// The title names what is compared as it will be (an input's value, not its {{placeholder}}).
function verifyTitle(verify: ActionVerify, values: Readonly<Record<string, string>>): string {
	const equals = fillValue(String(verify.equals), values);
	if (verify.check !== undefined) return `check ${verify.check}`;
	if (verify.service !== undefined) return `${verify.service} is active`;
	if (verify.sql !== undefined)
		return verify.equals !== undefined ? `the query returns ${equals}` : 'the query runs';
	if (verify.http !== undefined)
		return verify.field !== undefined
			? `${fillPath(verify.http, values)}: ${verify.field} = ${equals}`
			: `${fillPath(verify.http, values)} answers ${verify.expectStatus?.join(' or ') ?? '2xx'}`;
	return `${fillCommand(verify.command!, values)} exits 0`;
}
