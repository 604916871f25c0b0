// `pg-ops run PROCEDURE`: the procedure engine without the console. It shows the plan, asks (or
// takes --yes), runs, and exits 0 done, 1 failed and undone (or nothing done), 3 failed and not fully undone.
// On a fleet, --host NAME chooses the host; restart without it rolls over every host.
import {procedureSpecs, takesHost} from '../core/procedures/specs.js';
import {createInterface} from 'node:readline/promises';
import type {NamedEnvironment} from '../core/config/schema.js';
import {confirmationWord, formatPlanText} from '../core/procedures/format.js';
import {usesSudo} from '../core/privilege.js';
import {procedureNames, type ProcedureName} from '../core/procedures/plan.js';
import {createRuntime, unknownHost} from '../engine/runtime.js';
import {plannerFor, type ProcedureOptions} from '../engine/procedures/registry.js';
import {
	runProcedure,
	type ProcedureEvent,
	type ProcedureOutcome,
	type ProcedureResult,
} from '../engine/procedures/runner.js';
import {recordRun} from '../engine/maintenance/maintenance-steps.js';
import {recordProcedureResult} from '../engine/incident/incident-actions.js';
import type {Plan} from '../core/procedures/plan.js';
import {printErr, printOut} from '../adapters/plain-output.js';

export type RunFlags = ProcedureOptions & {
	yes: boolean;
	dryRun: boolean;
	json: boolean;
	readOnly: boolean;
	breakLock: boolean;
	trustHostKey?: string;
};

export const runExitCodes: Record<ProcedureOutcome, number> = {
	succeeded: 0,
	planned: 0,
	'failed-undone': 1,
	cancelled: 1,
	refused: 1,
	'failed-not-undone': 3,
};

export class RunUsageError extends Error {}

export async function runProcedureCommand(
	name: string | undefined,
	env: NamedEnvironment,
	flags: RunFlags,
): Promise<number> {
	if (!name) throw new RunUsageError(`run needs a procedure: ${procedureNames.join(', ')}`);
	if (!(procedureNames as readonly string[]).includes(name)) {
		const near = closestName(name, procedureNames);
		throw new RunUsageError(
			`unknown procedure ${name}${near ? ` (did you mean ${near}?)` : ''}; the known ones: ${procedureNames.join(', ')}`,
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
		if (!flags.json) printOut(formatPlanText(plan, runtime.readOnly, usesSudo(env)));
		const result = await runProcedure(runtime, plan, {
			dryRun: flags.dryRun,
			breakStaleLock: flags.breakLock,
			confirm: async () => flags.yes || (await ask(confirmationWord(plan, env.protected), env.name)),
			onEvent: event => (flags.json ? undefined : printEvent(event)),
		});
		report(result, flags.json);
		// A read-only session writes nothing, not even into the open incident or maintenance window.
		if (!runtime.readOnly) {
			recordInIncident(env, plan, result, flags.json);
			recordInMaintenance(env, plan, result, flags.json);
		}
		return runExitCodes[result.outcome];
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

/** A run's progress as lines: each step's status, failed checks, a diagnosis (also `pg-ops maintenance run`). */
export function printEvent(event: ProcedureEvent): void {
	const on =
		event.type === 'step' && event.record.host && !event.record.title.includes(event.record.host)
			? ` (on ${event.record.host})`
			: '';
	// How long a finished step took: a restart that waits out a container's 10 s stop grace says so.
	const took =
		event.type === 'step' && event.record.status !== 'running' && event.record.durationMs !== undefined
			? ` (${(event.record.durationMs / 1000).toFixed(1)}s)`
			: '';
	if (event.type === 'step' && event.record.status !== 'pending')
		printOut(
			`  [${event.record.status}] ${event.index + 1}. ${event.record.title}${on}${took}${event.record.status !== 'running' && event.record.output ? `: ${firstLine(event.record.output)}` : ''}\n`,
		);
	if (event.type === 'check')
		printOut(
			`      ${event.ok ? 'ok' : 'FAILED'}: ${event.title}${event.ok ? '' : `: ${firstLine(event.output)}`}\n`,
		);
	if (event.type === 'diagnose')
		printOut(
			`      ${event.title}:\n${event.output
				.split('\n')
				.map(l => `        ${l}`)
				.join('\n')}\n`,
		);
}

export async function ask(word: string, envName: string): Promise<boolean> {
	const prompt =
		word === 'y'
			? 'Run it? Type y to run, anything else cancels: '
			: `${envName} is protected. Type its name (${envName}) to run, anything else cancels: `;
	const rl = createInterface({input: process.stdin, output: process.stdout});
	try {
		return (await rl.question(prompt)).trim() === word;
	} finally {
		rl.close();
	}
}

function report(result: ProcedureResult, json: boolean): void {
	if (json) {
		printOut(JSON.stringify(result, null, 2) + '\n');
		return;
	}
	const lines = ['', result.message];
	if (result.changes.length > 0)
		lines.push('Changes seen on the panes:', ...result.changes.map(c => `  ${c}`));
	if (result.leftToDo.length > 0) lines.push('Left to do by hand:', ...result.leftToDo.map(c => `  - ${c}`));
	if (result.reveal)
		lines.push(
			'',
			`${result.reveal.label} (shown once; store it where it is needed now):`,
			`  ${result.reveal.value}`,
		);
	lines.push(`correlation id ${result.correlationId} (pg-ops audit shows every step)`);
	printOut(lines.join('\n') + '\n');
}

/** While an incident is open on this environment, the run is one of its actions (not a dry run or a cancel: nothing happened). */
function recordInIncident(env: NamedEnvironment, plan: Plan, result: ProcedureResult, json: boolean): void {
	if (result.outcome === 'planned' || result.outcome === 'cancelled') return;
	try {
		const incident = recordProcedureResult(env, plan, result, new Date().toISOString());
		if (incident && !json) printOut(`recorded in the open incident "${incident.title}"\n`);
	} catch (error) {
		// The run happened either way; a broken incident file is reported, not fatal.
		printErr(`pg-ops: not recorded in the incident: ${(error as Error).message}\n`);
	}
}

/** While a maintenance window is open on this environment, the run is one of its Execute items. */
function recordInMaintenance(
	env: NamedEnvironment,
	plan: Plan,
	result: ProcedureResult,
	json: boolean,
): void {
	if (result.outcome === 'planned' || result.outcome === 'cancelled') return;
	try {
		const record = recordRun(env.name, {
			name: plan.procedure,
			title: plan.title,
			outcome: result.outcome,
			message: result.message,
			commands: result.steps.map(s => s.command),
			outputs: result.steps.map(s => s.output ?? ''),
			correlationId: result.correlationId,
		});
		if (record && !json) printOut(`recorded in the open maintenance window "${record.title}"\n`);
	} catch (error) {
		printErr(`pg-ops: not recorded in the maintenance window: ${(error as Error).message}\n`);
	}
}

function fail(flags: RunFlags, message: string): number {
	if (flags.json) printOut(JSON.stringify({outcome: 'refused', message}) + '\n');
	else printErr(`pg-ops: ${message}\n`);
	return 1;
}

function firstLine(text: string): string {
	return text.split('\n')[0]!.slice(0, 200);
}
