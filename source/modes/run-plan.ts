// What `pg-ops run` does with a plan, whether a built-in procedure's or a team's action's: shows it,
// asks (or takes --yes), runs it through the one runner, prints each step, reports, and records the
// run in an open incident or maintenance window. Signals stop the run at its next safe point
// (run-signals.ts); the facts are read again under the lock (`replan`), and asked about again when
// they changed.
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
import {watchRunSignals} from './run-signals.js';

export type PlanFlags = {yes: boolean; dryRun: boolean; json: boolean; breakLock: boolean};

export const runExitCodes: Record<ProcedureOutcome, number> = {
	succeeded: 0,
	planned: 0,
	'failed-undone': 1,
	cancelled: 1,
	refused: 1,
	'failed-not-undone': 3,
};

export async function executePlan(
	runtime: Runtime,
	plan: Plan,
	flags: PlanFlags,
	replan?: () => Promise<Plan>,
): Promise<number> {
	const {env} = runtime;
	const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
	if (!flags.json) printOut(formatPlanText(plan, runtime.readOnly, usesSudo(env)));
	const signals = watchRunSignals(env.staleLockMinutes);
	signals.plan(plan);
	let revealed = false;
	let result: ProcedureResult;
	try {
		result = await runProcedure(runtime, plan, {
			dryRun: flags.dryRun,
			breakStaleLock: flags.breakLock,
			interrupt: signals.interrupt,
			confirm: async () =>
				flags.yes ||
				(await ask(confirmationWord(plan, env.protected), env.name, plan.confirm?.what, signals.interrupt)),
			// Changed under the lock: asked again with the new plan, or with --yes (nobody has seen it) refused.
			replan,
			reconfirm:
				flags.yes || !interactive
					? undefined
					: async (fresh, changed) => {
							printOut(
								`\nThe facts this plan rests on changed since it was shown:\n${changed.map(c => `  - ${c}`).join('\n')}\nThe plan made again now:\n${formatPlanText(fresh, runtime.readOnly, usesSudo(env))}`,
							);
							signals.plan(fresh);
							return ask(
								confirmationWord(fresh, env.protected),
								env.name,
								fresh.confirm?.what,
								signals.interrupt,
							);
						},
			onEvent: event => {
				signals.track(event);
				// A live secret is shown at once, before anything else can go wrong (with --json it is in the JSON: stdout stays JSON).
				if (flags.json) return;
				if (event.type === 'reveal') revealed = true;
				printEvent(event);
			},
		});
	} finally {
		signals.dispose();
	}
	report(result, flags.json, revealed);
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
	if (event.type === 'note') printOut(`  ${event.text}\n`);
	if (event.type === 'reveal')
		printOut(
			`\n${event.label} (shown once, now that it is live; store it where it is needed):\n  ${event.value}\n\n`,
		);
	if (event.type === 'diagnose')
		printOut(
			`      ${event.title}:\n${event.output
				.split('\n')
				.map(l => `        ${l}`)
				.join('\n')}\n`,
		);
}

/** `what`: what the word is when a team's action asks for one ("the slot (blue)"). Ctrl-C there (or an interrupt) is a no. */
export async function ask(
	word: string,
	envName: string,
	what?: string,
	interrupt?: AbortSignal,
): Promise<boolean> {
	const prompt =
		what !== undefined
			? `Type ${what} to run, anything else cancels: `
			: word === 'y'
				? 'Run it? Type y to run, anything else cancels: '
				: `${envName} is protected. Type its name (${envName}) to run, anything else cancels: `;
	if (interrupt?.aborted) return false;
	const rl = createInterface({input: process.stdin, output: process.stdout});
	const asked = new AbortController();
	const stop = () => asked.abort();
	interrupt?.addEventListener('abort', stop, {once: true});
	// In a terminal readline takes Ctrl-C itself rather than letting it reach the process as SIGINT.
	rl.on('SIGINT', stop);
	try {
		return (await rl.question(prompt, {signal: asked.signal})).trim() === word;
	} catch {
		return false;
	} finally {
		interrupt?.removeEventListener('abort', stop);
		rl.close();
	}
}

function report(result: ProcedureResult, json: boolean, revealed: boolean): void {
	if (json) {
		printOut(JSON.stringify(result, null, 2) + '\n');
		return;
	}
	const lines = ['', result.message];
	if (result.changes.length > 0)
		lines.push('Changes seen on the panes:', ...result.changes.map(c => `  ${c}`));
	if (result.leftToDo.length > 0) lines.push('Left to do by hand:', ...result.leftToDo.map(c => `  - ${c}`));
	// Shown once: when it went live (above), not again here.
	if (result.reveal && !revealed)
		lines.push(
			'',
			`${result.reveal.label} (shown once; store it where it is needed now):`,
			`  ${result.reveal.value}`,
		);
	else if (result.reveal) lines.push(`${result.reveal.label}: shown above, once`);
	if (result.auditProblem) printErr(`pg-ops: WARNING: ${result.auditProblem}\n`);
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
