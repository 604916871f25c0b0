// The Markdown runbooks a maintenance window offers in its Execute step (maintenance.runbooks, paths
// relative to the config file): listed for the screen, and one step planned to run through the dialog.
import path from 'node:path';
import type {NamedEnvironment} from '../../core/config/schema.js';
import {MaintenanceError} from '../../core/maintenance/record.js';
import type {Plan} from '../../core/procedures/plan.js';

export type RunbookListing = {file: string; title: string; steps: Array<{id: string; title: string; kind: string}>; error?: string};

const notAvailable = 'running Markdown runbook steps from a maintenance window is not available in this build yet';

/** A runbook path from the config, resolved against the config file's directory (the current directory when there is none). */
export function runbookPath(env: NamedEnvironment, file: string): string {
	return path.resolve(env.configFile ? path.dirname(env.configFile) : process.cwd(), file);
}

export function availableRunbooks(env: NamedEnvironment): RunbookListing[] {
	return env.maintenance.runbooks.map(file => ({file, title: file, steps: [], error: notAvailable}));
}

export async function planRunbookStepFor(_env: NamedEnvironment, _file: string, _stepId: string, _values: Record<string, string>): Promise<{plan: Plan; label: string}> {
	throw new MaintenanceError(notAvailable);
}
