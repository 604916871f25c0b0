// examples/runbooks/app-vm.md, the project's own runbook for the demo's and the lab's VM, and the
// values its placeholders take on a running demo or lab (both are on this machine).
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import type {Runbook, RunbookStep} from '../../source/core/runbooks/types.js';

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
export function appVmValues(env: NamedEnvironment, options: {baseUrl: string; envFile: string; jobId: string}): Record<string, string> {
	const appDir = (env.slots as {base: string} | undefined)?.base;
	if (!appDir) throw new Error(`environment ${env.name} has no slots.base: the runbook's APP_DIR`);
	const backup = readdirSync(path.join(appDir, 'backups')).find(name => /^db_\d{4}-\d{2}-\d{2}\.sql\.gz$/.test(name));
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
