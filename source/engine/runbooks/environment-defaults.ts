// Values pg-ops already knows for a runbook's blanks, offered (editable) when a step asks: the
// environment's HTTP base URL, its database's name, host, port and user, its one service's unit,
// its own name. Never for a masked placeholder: a secret is always typed.
import type {NamedEnvironment} from '../../core/config/schema.js';
import type {Placeholder} from '../../core/runbooks/types.js';

/** Placeholder names (lower case, letters and digits only) and where their value comes from. */
const known: Array<[RegExp, (env: NamedEnvironment) => string | undefined]> = [
	[/^(?:base|api|app|service|http|ops)?url$|^baseurl$|^apibase$/, env => env.http?.baseUrl],
	[/^(?:db|database|pg)(?:name)?$|^pgdatabase$|^dbname$/, env => env.database?.name],
	[/^(?:db|database|pg)host$|^pghost$/, env => env.database?.host],
	[/^(?:db|database|pg)port$|^pgport$/, env => (env.database ? String(env.database.port) : undefined)],
	[/^(?:db|database|pg)user$|^pguser$/, env => env.database?.user],
	[/^(?:service|servicename|unit|unitname|systemdunit)$/, oneService],
	[/^(?:env|environment|envname)$/, env => env.name],
];

function oneService(env: NamedEnvironment): string | undefined {
	if (env.services.length !== 1) return undefined;
	const service = env.services[0]!;
	return 'unit' in service && typeof service.unit === 'string' ? service.unit : service.name;
}

export function environmentDefaults(
	env: NamedEnvironment,
	placeholders: Placeholder[],
): Record<string, string> {
	const defaults: Record<string, string> = {};
	for (const placeholder of placeholders) {
		if (placeholder.secret) continue;
		const key = placeholder.name.toLowerCase().replace(/[^a-z0-9]/g, '');
		const value = known.find(([pattern]) => pattern.test(key))?.[1](env);
		if (value !== undefined && value !== '') defaults[placeholder.name] = value;
	}
	return defaults;
}
