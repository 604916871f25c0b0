// Incident severities: pg-ops' defaults merged with the environment's `incidents.severities`, and
// the response clock (respond-by, time left, overdue) the screen and `incident status` show.
import {severityNames, type IncidentsConfig} from '../config/schema.js';
import {formatAge, formatDuration, parseDuration} from '../duration.js';
import type {Severity, SeverityDefinition} from './types.js';

export const defaultSeverities: Record<Severity, SeverityDefinition> = {
	P1: {
		severity: 'P1',
		name: 'Critical',
		definition: 'The platform is down: nothing is served or processed',
		respondWithinMinutes: 15,
		example: 'every service crashed, the database unreachable',
	},
	P2: {
		severity: 'P2',
		name: 'High',
		definition: 'A major feature is degraded',
		respondWithinMinutes: 60,
		example: 'pipelines failing, error rate well above its SLO',
	},
	P3: {
		severity: 'P3',
		name: 'Medium',
		definition: 'A minor degradation, with a workaround',
		respondWithinMinutes: 240,
		example: 'one worker failing, slow queries',
	},
	P4: {
		severity: 'P4',
		name: 'Low',
		definition: 'Cosmetic or not urgent',
		respondWithinMinutes: 1440,
		example: 'noisy logs, a small UI glitch',
	},
};

/** The environment's severities, P1 first: each field the config gives replaces the default's. */
export function severityDefinitions(config?: IncidentsConfig['severities']): SeverityDefinition[] {
	return severityNames.map(severity => {
		const given = config?.[severity];
		const base = defaultSeverities[severity];
		if (!given) return base;
		// The schema has validated respondWithin already; an unparsable one keeps the default.
		const seconds = given.respondWithin === undefined ? undefined : parseDuration(given.respondWithin);
		return {
			severity,
			name: given.name ?? base.name,
			definition: given.definition ?? base.definition,
			respondWithinMinutes: seconds === undefined ? base.respondWithinMinutes : seconds / 60,
			example: given.example ?? base.example,
		};
	});
}

export function isSeverity(text: string): text is Severity {
	return (severityNames as readonly string[]).includes(text);
}

/** "P2 High: A major feature is degraded (respond within 1h)" */
export function severityLine(definition: SeverityDefinition): string {
	return `${definition.severity} ${definition.name}: ${definition.definition} (respond within ${formatDuration(definition.respondWithinMinutes * 60)})`;
}

/** openedAt plus the response target, as an ISO time. */
export function respondByFor(openedAt: string, definition: SeverityDefinition): string {
	return new Date(Date.parse(openedAt) + definition.respondWithinMinutes * 60_000).toISOString();
}

export type ResponseClock =
	| {state: 'waiting'; leftSeconds: number; text: string}
	| {state: 'overdue'; overSeconds: number; text: string}
	| {state: 'met' | 'missed'; tookSeconds: number; text: string};

/**
 * Where the response stands: before the first response, the time left (or how long overdue); after
 * it, how long it took and whether that met the target.
 */
export function responseClock(
	input: {openedAt: string; respondBy: string; firstResponseAt?: string},
	now: number,
): ResponseClock {
	const respondBy = Date.parse(input.respondBy);
	if (input.firstResponseAt) {
		const responded = Date.parse(input.firstResponseAt);
		const tookSeconds = Math.max(0, (responded - Date.parse(input.openedAt)) / 1000);
		const met = responded <= respondBy;
		const target = formatDuration(Math.round((respondBy - Date.parse(input.openedAt)) / 1000));
		return {
			state: met ? 'met' : 'missed',
			tookSeconds,
			text: `responded in ${formatAge(tookSeconds)} (target ${target}): ${met ? 'met' : 'MISSED'}`,
		};
	}
	const left = (respondBy - now) / 1000;
	if (left >= 0) return {state: 'waiting', leftSeconds: left, text: `${formatAge(left)} left to respond`};
	return {state: 'overdue', overSeconds: -left, text: `response OVERDUE by ${formatAge(-left)}`};
}
