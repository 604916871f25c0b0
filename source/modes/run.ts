// `pg-ops run PROCEDURE`: the procedure engine without the console. It shows the plan, asks (or
// takes --yes), runs, and exits 0 done, 1 failed and undone (or nothing done), 3 failed and not fully
// undone. Ctrl-C, SIGTERM and SIGHUP stop it at its next safe point (run-signals.ts), never half-way.
// On a fleet, --host NAME chooses the host; restart without it rolls over every host. A name the
// environment's `actions:` gives is the team's own procedure (./run-action.ts), through the same runner.
import {procedureSpecs, takesHost} from '../core/procedures/specs.js';
import type {NamedEnvironment} from '../core/config/schema.js';
import {procedureNames, type ProcedureName} from '../core/procedures/plan.js';
import {createRuntime, unknownHost} from '../engine/runtime.js';
import {plannerFor, type ProcedureOptions} from '../engine/procedures/registry.js';
import {printErr} from '../adapters/plain-output.js';
import {executePlan, fail} from './run-plan.js';
import {runTeamAction} from './run-action.js';

export {ask, printEvent, runExitCodes} from './run-plan.js';

export type RunFlags = ProcedureOptions & {
	yes: boolean;
	dryRun: boolean;
	json: boolean;
	readOnly: boolean;
	breakLock: boolean;
	trustHostKey?: string;
	/** A team's action: its inputs, key=value (--input, repeatable); secrets are read on standard input. */
	input?: string[];
};

export class RunUsageError extends Error {}

export async function runProcedureCommand(
	name: string | undefined,
	env: NamedEnvironment,
	flags: RunFlags,
): Promise<number> {
	const actions = env.actions.map(a => a.name);
	const known = [...procedureNames, ...actions];
	const listed = `${procedureNames.join(', ')}${actions.length > 0 ? `; ${env.name}'s actions: ${actions.join(', ')}` : ''}`;
	if (!name) throw new RunUsageError(`run needs a procedure: ${listed}`);
	const action = env.actions.find(a => a.name === name);
	if (action) return runTeamAction(action, env, flags);
	if ((flags.input ?? []).length > 0)
		throw new RunUsageError(
			`--input is for ${env.name}'s actions (${actions.join(', ') || 'it has none'}), not ${name}`,
		);
	if (!(procedureNames as readonly string[]).includes(name)) {
		const near = closestName(name, known);
		throw new RunUsageError(
			`unknown procedure ${name}${near ? ` (did you mean ${near}?)` : ''}; the known ones: ${listed}`,
		);
	}
	const planner = plannerFor(name as ProcedureName);
	if (!planner) throw new RunUsageError(`${name} is not built yet in this version of pg-ops`);
	const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
	if (!flags.yes && !flags.dryRun && !interactive)
		throw new RunUsageError(
			`${name} needs --yes without a terminal to confirm on (or --dry-run to see the plan); refusing rather than waiting for an answer nobody can give`,
		);
	if (flags.host !== undefined && !takesHost(name as ProcedureName))
		throw new RunUsageError(
			`${name} acts on the ${procedureSpecs[name as ProcedureName].scope}, not on a host: leave out --host`,
		);
	const runtime = createRuntime(env, {readOnly: flags.readOnly, trustHostKey: flags.trustHostKey});
	// A hosts entry that matched nothing (or named a host twice) changes which hosts a procedure reaches: say so first.
	for (const warning of runtime.warnings.filter(w => w.startsWith(`environments.${env.name}.hosts`)))
		printErr(`warning: ${warning}\n`);
	try {
		const problem = flags.host === undefined ? undefined : unknownHost(runtime, flags.host);
		if (problem) throw new RunUsageError(`--host: ${problem}`);
		let plan;
		try {
			plan = await planner(runtime, flags);
		} catch (error) {
			// A PlanError, or a host that can't be reached while the facts are read: either way, no plan.
			if (error instanceof Error) return fail(flags, `cannot plan ${name}: ${error.message}`);
			throw error;
		}
		// The facts are read again under the lock: the same planner, the same flags.
		return await executePlan(runtime, plan, flags, () => planner(runtime, flags));
	} finally {
		await runtime.close();
	}
}

/** The known name a typo most likely meant (at most 2 edits away), if any. */
function closestName(typed: string, names: readonly string[]): string | undefined {
	const distance = (a: string, b: string) => {
		let row = Array.from({length: b.length + 1}, (_, i) => i);
		for (let i = 1; i <= a.length; i++) {
			const next = [i];
			for (let j = 1; j <= b.length; j++)
				next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
			row = next;
		}
		return row[b.length]!;
	};
	const ranked = names.map(name => ({name, d: distance(typed, name)})).sort((a, b) => a.d - b.d);
	return ranked[0] && ranked[0].d <= 2 ? ranked[0].name : undefined;
}
