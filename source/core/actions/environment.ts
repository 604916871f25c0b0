// What a team's actions need from the rest of their environment, as problems at their fields: a
// unique name that is no built-in procedure's, a unique key that is none of pg-ops' own keys, the
// checks and services their verifications name, an http section for a path, a database for SQL. Pure.
import {procedureNames} from '../procedures/plan.js';
import {builtInKeyTaken} from './keys.js';
import type {ActionConfig} from './schema.js';

type Issue = {path: Array<string | number>; message: string};

type EnvironmentParts = {
	actions: ActionConfig[];
	checks: Array<{name: string}>;
	services: Array<{name: string}>;
	http?: unknown;
	database?: unknown;
};

export function actionsProblems(env: EnvironmentParts): Issue[] {
	const issues: Issue[] = [];
	const names = new Set<string>();
	const keys = new Map<string, string>();
	const checks = new Set(env.checks.map(c => c.name));
	const services = new Set(env.services.map(s => s.name));
	env.actions.forEach((action, i) => {
		const at = (...path: Array<string | number>) => ['actions', i, ...path];
		if ((procedureNames as readonly string[]).includes(action.name))
			issues.push({path: at('name'), message: `a name no built-in procedure has (${action.name} is one)`});
		else if (names.has(action.name))
			issues.push({path: at('name'), message: `a name no other action has (${action.name} is used twice)`});
		names.add(action.name);
		if (action.key !== undefined) {
			const other = keys.get(action.key);
			const builtIn = builtInKeyTaken(action.key);
			if (builtIn)
				issues.push({
					path: at('key'),
					message: `a key pg-ops does not use itself (${action.key} is ${builtIn.keys}: ${builtIn.description})`,
				});
			else if (other)
				issues.push({path: at('key'), message: `a key no other action has (${action.key} is ${other}'s)`});
			keys.set(action.key, action.name);
		}
		action.steps.forEach((step, s) => {
			const parts: Array<
				[Array<string | number>, {sql?: string; http?: string; check?: string; service?: string}]
			> = [
				[at('steps', s), step],
				...(step.undo
					? [[at('steps', s, 'undo'), step.undo] as [Array<string | number>, typeof step.undo]]
					: []),
				...(step.verify === undefined
					? []
					: Array.isArray(step.verify)
						? step.verify.map(
								(v, j) => [at('steps', s, 'verify', j), v] as [Array<string | number>, typeof v],
							)
						: [[at('steps', s, 'verify'), step.verify] as [Array<string | number>, typeof step.verify]]),
			];
			for (const [path, part] of parts) {
				if (part.sql !== undefined && !env.database)
					issues.push({path: [...path, 'sql'], message: 'a database section (the SQL runs through it)'});
				if (part.http !== undefined && part.http.startsWith('/') && !env.http)
					issues.push({
						path: [...path, 'http'],
						message: 'an http section with baseUrl (this path is relative to it)',
					});
				if (part.check !== undefined && !checks.has(part.check))
					issues.push({
						path: [...path, 'check'],
						message: `a check of this environment's checks (${[...checks].join(', ') || 'it has none'})`,
					});
				if (part.service !== undefined && !services.has(part.service))
					issues.push({
						path: [...path, 'service'],
						message: `a service of this environment's services (${[...services].join(', ') || 'it has none'})`,
					});
			}
		});
	});
	return issues;
}
