// What `pg-ops run` does with a plan, whether a built-in procedure's or a team's action's: shows it,
// asks (or takes --yes), runs it through the one runner, prints each step, reports, and records the
// run in an open incident or maintenance window.
import type {NamedEnvironment} from '../core/config/schema.js';
import {confirmationWord, formatPlanText} from '../core/procedures/format.js';
import {usesSudo} from '../core/privilege.js';
import type {Plan} from '../core/procedures/plan.js';
import type {Runtime} from '../engine/runtime.js';
import {
	runProcedure,
	type ProcedureEvent,
	type ProcedureOutcome,
	type ProcedureResult,
} from '../engine/procedures/runner.js';
import {recordRun} from '../engine/maintenance/maintenance-steps.js';
import {recordProcedureResult} from '../engine/incident/incident-actions.js';
import {createInterface} from 'node:readline/promises';
import {printErr, printOut} from '../adapters/plain-output.js';

export type PlanFlags = {yes: boolean; dryRun: boolean; json: boolean; breakLock: boolean};

export const runExitCodes: Record<ProcedureOutcome, number> = {
	succeeded: 0,
	planned: 0,
	'failed-undone': 1,
	cancelled: 1,
	refused: 1,
	'failed-not-undone': 3,
};

export async function executePlan(runtime: Runtime, plan: Plan, flags: PlanFlags): Promise<number> {
	const {env} = runtime;
	if (!flags.json) printOut(formatPlanText(plan, runtime.readOnly, usesSudo(env)));
	const result = await runProcedure(runtime, plan, {
		dryRun: flags.dryRun,
		breakStaleLock: flags.breakLock,
		confirm: async () =>
			flags.yes || (await ask(confirmationWord(plan, env.protected), env.name, plan.confirm?.what)),
		onEvent: event => (flags.json ? undefined : printEvent(event)),
	});
	report(result, flags.json);
	// A read-only session writes nothing, not even into the open incident or maintenance window.
	if (!runtime.readOnly) {
		recordInIncident(env, plan, result, flags.json);
		recordInMaintenance(env, plan, result, flags.json);
	}
	return runExitCodes[result.outcome];
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

/** `what`: what the word is when a team's action asks for one ("the slot (blue)"). */
export async function ask(word: string, envName: string, what?: string): Promise<boolean> {
	const prompt =
		what !== undefined
			? `Type ${what} to run, anything else cancels: `
			: word === 'y'
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

export function fail(flags: {json: boolean}, message: string): number {
	if (flags.json) printOut(JSON.stringify({outcome: 'refused', message}) + '\n');
	else printErr(`pg-ops: ${message}\n`);
	return 1;
}

function firstLine(text: string): string {
	return text.split('\n')[0]!.slice(0, 200);
}
