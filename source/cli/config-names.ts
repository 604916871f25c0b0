// The names shell completion offers from the config file in use: its environments, and the
// procedures (the registry's) and actions (the environment's `actions:`) `pg-ops run` takes. The
// file is read leniently: completion must work while it is half-edited, so the YAML's keys are taken
// without the schema's checks, and a file that can't be read completes nothing.
import {existsSync, readFileSync} from 'node:fs';
import {parse} from 'yaml';
import {findConfigFile} from '../adapters/config-file.js';
import {availableProcedures} from '../engine/procedures/registry.js';

export function environmentNames(config: string | undefined): string[] {
	return Object.keys(environmentsOf(config));
}

export function procedureNames(config: string | undefined, env: string | undefined): string[] {
	const environments = environmentsOf(config);
	const chosen = env !== undefined ? [environments[env]] : Object.values(environments);
	return [...availableProcedures(), ...chosen.flatMap(actionNames)];
}

function environmentsOf(config: string | undefined): Record<string, unknown> {
	try {
		const file = findConfigFile(config).path;
		if (!file || !existsSync(file)) return {};
		const environments = (parse(readFileSync(file, 'utf8')) as {environments?: unknown} | null)?.environments;
		return environments && typeof environments === 'object' ? (environments as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

/** An environment's `actions:`, as a map by name or a list of entries with a `name`. */
function actionNames(env: unknown): string[] {
	const actions = (env as {actions?: unknown} | undefined)?.actions;
	if (Array.isArray(actions))
		return actions.flatMap(action => {
			const name = (action as {name?: unknown} | null)?.name;
			return typeof name === 'string' ? [name] : [];
		});
	return actions && typeof actions === 'object' ? Object.keys(actions) : [];
}
