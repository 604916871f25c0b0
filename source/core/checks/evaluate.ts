// How a check's answer becomes its level and the words beside it. Pure: the engine runs the
// command, request or query and hands the answer here.
import type {Level} from '../levels.js';
import {formatJsonPath, parseJsonPath, readJsonPath, type JsonPath} from './json-path.js';
import type {Thresholds} from './schema.js';

/**
 * One check's reading, as the Checks pane and `status --json` show it. `at`: when it ran (ISO); a
 * check with its own interval keeps its last reading between runs. `host`: fleets, a host check's host.
 */
export type CheckItem = {
	name: string;
	level: Level;
	value?: string;
	message: string;
	host?: string;
	at?: string;
	/** Prometheus: one item per series, this one's labels ({instance="app-1"}). */
	series?: string;
	/** What it runs, for its details: "command: /opt/app/bin/daily-check", "GET /ready". */
	source?: string;
};

const path = (text: string): JsonPath => {
	const parsed = parseJsonPath(text);
	if ('error' in parsed) throw new Error(parsed.error); // the schema refused it already
	return parsed.path;
};

/** A command's exit code through the team's map; a code not listed is critical. */
export function levelFromExitCode(
	exitCodes: Readonly<Record<string, Level>>,
	exitCode: number,
): {level: Level; listed: boolean} {
	const level = exitCodes[String(exitCode)];
	return level ? {level, listed: true} : {level: 'critical', listed: false};
}

/** A number against `above` (higher is worse) or `below` (lower is worse). */
export function levelFromThresholds(value: number, thresholds: Thresholds): Level {
	if (thresholds.above) {
		if (value >= thresholds.above.crit) return 'critical';
		return value >= thresholds.above.warn ? 'warning' : 'ok';
	}
	if (thresholds.below) {
		if (value <= thresholds.below.crit) return 'critical';
		return value <= thresholds.below.warn ? 'warning' : 'ok';
	}
	return 'ok';
}

export function thresholdWords(level: Level, thresholds: Thresholds): string {
	if (level === 'ok') return '';
	const side = thresholds.above ? '>=' : '<=';
	const limits = thresholds.above ?? thresholds.below!;
	return ` (${side}${level === 'critical' ? limits.crit : limits.warn})`;
}

/**
 * A JSON answer's field against the rule: equal to a value, equal to another field (deployed sha =
 * running sha), or a number against thresholds. A missing field is critical: the check can't say.
 */
export function judgeJsonField(
	body: unknown,
	rule: {field: string; equals?: string | number | boolean; equalsField?: string; thresholds?: Thresholds},
): {level: Level; value?: string; message: string} {
	const value = readJsonPath(body, path(rule.field));
	if (value === undefined)
		return {level: 'critical', message: `no field ${formatJsonPath(path(rule.field))} in the answer`};
	const shown = typeof value === 'object' ? JSON.stringify(value).slice(0, 80) : String(value);
	if (rule.equalsField !== undefined) {
		const other = readJsonPath(body, path(rule.equalsField));
		if (other === undefined)
			return {level: 'critical', value: shown, message: `no field ${rule.equalsField} in the answer`};
		return other === value
			? {level: 'ok', value: shown, message: `${rule.field} = ${rule.equalsField}`}
			: {
					level: 'critical',
					value: shown,
					message: `${rule.field} is ${shown}, ${rule.equalsField} is ${String(other)}`,
				};
	}
	if (rule.equals !== undefined)
		return value === rule.equals
			? {level: 'ok', value: shown, message: `${rule.field} = ${String(rule.equals)}`}
			: {
					level: 'critical',
					value: shown,
					message: `${rule.field} is ${shown}, expected ${String(rule.equals)}`,
				};
	if (rule.thresholds) return judgeNumber(value, rule.thresholds, rule.field);
	return {level: 'ok', value: shown, message: `${rule.field} = ${shown}`};
}

/** A value that must be a number (a SQL value, a PromQL sample, a JSON field) against thresholds. */
export function judgeNumber(
	value: unknown,
	thresholds: Thresholds,
	what: string,
): {level: Level; value?: string; message: string} {
	const number =
		typeof value === 'number'
			? value
			: typeof value === 'string' && value.trim() !== ''
				? Number(value)
				: NaN;
	if (!Number.isFinite(number))
		return {level: 'critical', value: String(value), message: `${what} is not a number`};
	const level = levelFromThresholds(number, thresholds);
	return {level, value: String(number), message: `${what} ${number}${thresholdWords(level, thresholds)}`};
}
