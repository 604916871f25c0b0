// `pg-ops run ACTION --input key=value ...`: a team's own procedure (`actions:` in pg-ops.yaml). Its
// inputs are checked before the plan is shown; secrets are read on standard input only. Then the
// same plan, confirmation, lock, audit, verification and undo as a built-in procedure (./run-plan.ts).
import {checkInputs} from '../core/actions/plan.js';
import type {ActionConfig} from '../core/actions/schema.js';
import type {NamedEnvironment} from '../core/config/schema.js';
import {createRuntime, unknownHost} from '../engine/runtime.js';
import {planTeamAction} from '../engine/procedures/plan-action.js';
import {readSecrets} from '../adapters/secret-input.js';
import {printErr} from '../adapters/plain-output.js';
import {executePlan, fail} from './run-plan.js';
import type {RunFlags} from './run.js';

export async function runTeamAction(
	action: ActionConfig,
	env: NamedEnvironment,
	flags: RunFlags,
): Promise<number> {
	const given: Record<string, string> = {};
	for (const pair of flags.input ?? []) {
		const at = pair.indexOf('=');
		if (at < 1) return fail(flags, `--input ${pair}: expected key=value`);
		given[pair.slice(0, at)] = pair.slice(at + 1);
	}
	const secretNames = action.inputs.filter(i => i.type === 'secret').map(i => i.name);
	const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
	if (!flags.yes && !flags.dryRun && !interactive)
		return fail(
			flags,
			`${action.name} needs --yes without a terminal to confirm on (or --dry-run to see the plan); refusing rather than waiting for an answer nobody can give`,
		);
	// Wrong values are said before any secret is asked for, and before anything connects.
	const first = checkInputs(action, given, Object.fromEntries(secretNames.map(name => [name, 'x'])));
	if (!first.ok) return fail(flags, `${action.name}: ${first.problems.join('; ')}; nothing was run`);
	// A dry run shows the plan only: its secrets are not asked for (the plan names them, never shows them).
	let secrets: Record<string, string> = Object.fromEntries(
		secretNames.map(name => [name, 'not read: dry run']),
	);
	try {
		if (!flags.dryRun)
			secrets = await readSecrets(secretNames, name => {
				const input = action.inputs.find(i => i.name === name)!;
				return `${name}${input.description ? ` (${input.description})` : ''}, not shown: `;
			});
	} catch (error) {
		return fail(flags, `${action.name}: ${(error as Error).message}; nothing was run`);
	}
	const checked = checkInputs(action, given, secrets);
	if (!checked.ok)
		return fail(
			flags,
			`${action.name}: ${checked.problems.join('; ')}${secretNames.length > 0 ? ` (secrets are read on standard input, one line each: ${secretNames.join(', ')})` : ''}; nothing was run`,
		);
	const runtime = createRuntime(env, {readOnly: flags.readOnly, trustHostKey: flags.trustHostKey});
	for (const warning of runtime.warnings.filter(w => w.startsWith(`environments.${env.name}.hosts`)))
		printErr(`warning: ${warning}\n`);
	try {
		const problem = flags.host === undefined ? undefined : unknownHost(runtime, flags.host);
		if (problem) return fail(flags, `--host: ${problem}`);
		let plan;
		try {
			plan = planTeamAction(runtime, action, checked.inputs, {host: flags.host});
		} catch (error) {
			return fail(flags, `cannot plan ${action.name}: ${(error as Error).message}`);
		}
		return await executePlan(runtime, plan, flags);
	} finally {
		await runtime.close();
	}
}
