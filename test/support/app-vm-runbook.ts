// examples/runbooks/app-vm.md, the project's own runbook for the demo's and the lab's VM, and the
// values its placeholders take on a running demo or lab (both are on this machine).
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import type {Runbook, RunbookStep} from '../../source/core/runbooks/types.js';
import {expect} from 'vitest';
import {runProcedure, type ProcedureResult} from '../../source/engine/procedures/runner.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {planRunbookStep} from '../../source/engine/runbooks/plan-runbook-step.js';

export const appVmRunbookFile = path.resolve('examples/runbooks/app-vm.md');

export function appVmRunbook(): Runbook {
	return parseRunbook(readFileSync(appVmRunbookFile, 'utf8'), appVmRunbookFile);
}

export function runnableSteps(runbook: Runbook): RunbookStep[] {
	return runbook.sections.flatMap(section => section.steps).filter(step => step.kind !== 'show');
}

/** The first step whose code contains `text`. */
export function stepWith(runbook: Runbook, text: string): RunbookStep {
	const found = runbook.sections.flatMap(section => section.steps).find(step => step.code.includes(text));
	if (!found) throw new Error(`${appVmRunbookFile} has no step with "${text}"`);
	return found;
}

/** Every placeholder's value on this environment: the app's directory, its URL as the host reaches it, the ops token, a stuck job, a backup's day. */
export function appVmValues(
	env: NamedEnvironment,
	options: {baseUrl: string; envFile: string; jobId: string; hostRoot?: string},
): Record<string, string> {
	const appDir = (env.slots as {base: string} | undefined)?.base;
	if (!appDir) throw new Error(`environment ${env.name} has no slots.base: the runbook's APP_DIR`);
	// The lab's VM: its files are read from the host under its root.
	const backup = readdirSync(path.join(options.hostRoot ?? '/', appDir, 'backups')).find(name =>
		/^db_\d{4}-\d{2}-\d{2}\.sql\.gz$/.test(name),
	);
	if (!backup) throw new Error(`no db_YYYY-MM-DD.sql.gz in ${appDir}/backups`);
	return {
		APP_DIR: appDir,
		APP_URL: options.baseUrl,
		OPS_VERIFY_TOKEN: opsToken(options.envFile),
		job_id: options.jobId,
		'YYYY-MM-DD': backup.slice(3, 13),
	};
}

export function opsToken(envFile: string): string {
	return /^OPS_VERIFY_TOKEN=(.*)$/m.exec(readFileSync(envFile, 'utf8'))![1]!.trim();
}

/** Only the values a step asks for (a plan gets nothing it doesn't use). */
export function valuesFor(step: RunbookStep, all: Record<string, string>): Record<string, string> {
	return Object.fromEntries(step.placeholders.map(p => [p.name, all[p.name]!]));
}

/** A step through the one runner; a followed one is stopped once its first lines arrived, as an operator would. */
export async function runStep(
	env: NamedEnvironment,
	runbook: Runbook,
	step: RunbookStep,
	given: Record<string, string>,
	options: {readOnly?: boolean; operator: string},
): Promise<ProcedureResult> {
	const runtime = createRuntime(env, {readOnly: options.readOnly});
	const stop = new AbortController();
	try {
		return await runProcedure(runtime, planRunbookStep(env, runbook, step, given), {
			confirm: async () => true,
			operator: options.operator,
			signal: stop.signal,
			onEvent: event => event.type === 'output' && stop.abort(),
		});
	} finally {
		await runtime.close();
	}
}

/**
 * Every runnable step in order, each asserted to succeed, except the status of all three units (the
 * orchestrator is seeded failed: exit 3 is the answer). The first SQL step's answer gives job_id.
 * Returns each step's result by id.
 */
export async function walkRunnableSteps(
	env: NamedEnvironment,
	runbook: Runbook,
	values: Record<string, string>,
	operator: string,
): Promise<Map<string, ProcedureResult>> {
	const results = new Map<string, ProcedureResult>();
	for (const step of runnableSteps(runbook)) {
		const result = await runStep(env, runbook, step, valuesFor(step, values), {operator});
		results.set(step.id, result);
		const output = result.steps[0]!.output ?? '';
		if (step.code.includes('systemctl status app-web app-orchestrator app-intake')) {
			expect(result.outcome, output).toBe('failed-not-undone');
			expect(result.steps[0]!.exitCode).toBe(3);
			expect(output).toMatch(/app-orchestrator\.service[\s\S]*Active: failed/);
			continue;
		}
		expect(result.outcome, `${step.id} ${step.title}: ${result.message}`).toBe('succeeded');
		if (step.kind === 'sql' && !values.job_id)
			values.job_id = /^\s*(\d+)\s*\|/m.exec(output.split('\n').slice(2).join('\n'))![1]!;
	}
	return results;
}
