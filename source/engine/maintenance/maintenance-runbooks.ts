// The Markdown runbooks a maintenance window offers in its Execute step (maintenance.runbooks, paths
// relative to the config file): listed for the screen, and one step planned to run through the dialog.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import type {NamedEnvironment} from '../../core/config/schema.js';
import {MaintenanceError} from '../../core/maintenance/record.js';
import type {Plan} from '../../core/procedures/plan.js';
import {parseRunbook} from '../../core/runbooks/parse.js';
import type {Placeholder, Runbook} from '../../core/runbooks/types.js';
import {PlanError} from '../procedures/options.js';
import {planRunbookStep, withMasked} from '../runbooks/plan-runbook-step.js';

export type RunbookListing = {
	file: string;
	title: string;
	steps: Array<{id: string; title: string; kind: string; placeholders: Placeholder[]}>;
	error?: string;
};

/** A runbook path from the config, resolved against the config file's directory (the current directory when there is none). */
export function runbookPath(env: NamedEnvironment, file: string): string {
	return path.resolve(env.configFile ? path.dirname(env.configFile) : process.cwd(), file);
}

function load(env: NamedEnvironment, file: string): Runbook {
	const full = runbookPath(env, file);
	let text: string;
	try {
		text = readFileSync(full, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new MaintenanceError(
			`maintenance.runbooks: ${file} (${full}): ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`,
		);
	}
	return parseRunbook(text, file);
}

/** Every configured runbook with its steps; one that can't be read says why instead. */
export function availableRunbooks(env: NamedEnvironment): RunbookListing[] {
	return env.maintenance.runbooks.map(file => {
		try {
			const runbook = load(env, file);
			return {
				file,
				title: runbook.title,
				steps: runbook.sections.flatMap(section =>
					section.steps.map(step => ({
						id: step.id,
						title: step.title,
						kind: step.kind,
						placeholders: step.placeholders,
					})),
				),
			};
		} catch (error) {
			return {file, title: file, steps: [], error: (error as Error).message};
		}
	});
}

/** One step of a configured runbook as a plan, its placeholders filled from `values` (secret ones reach the command on stdin only). */
export async function planRunbookStepFor(
	env: NamedEnvironment,
	file: string,
	stepId: string,
	values: Record<string, string>,
	masked: string[] = [],
): Promise<{plan: Plan; label: string}> {
	if (!env.maintenance.runbooks.includes(file))
		throw new MaintenanceError(
			`${file} is not one of this environment's maintenance.runbooks (${env.maintenance.runbooks.join(', ') || 'none configured'})`,
		);
	const runbook = load(env, file);
	const steps = runbook.sections.flatMap(section => section.steps);
	const step = steps.find(s => s.id === stepId);
	if (!step)
		throw new MaintenanceError(
			`${file} has no step ${stepId} (steps: ${steps.map(s => s.id).join(', ') || 'none'})`,
		);
	try {
		return {
			plan: planRunbookStep(env, runbook, withMasked(step, masked), values),
			label: `runbook: ${step.title}`,
		};
	} catch (error) {
		// A show-only block, a missing value: nothing was run.
		if (error instanceof PlanError) throw new MaintenanceError(error.message);
		throw error;
	}
}
