// A check's answer as its pane item: a command's exit code and output, an HTTP answer, a SQL row, or
// Prometheus' samples, judged by the check's rule (./evaluate.ts). Pure: the engine asks, this reads.
import type {Level} from '../levels.js';
import {judgeJsonField, judgeNumber, levelFromExitCode, type CheckItem} from './evaluate.js';
import {checkSource, type CheckConfig} from './schema.js';

type Judged = {level: Level; value?: string; message: string};

const firstLine = (text: string) =>
	text
		.split('\n')
		.map(l => l.trim())
		.find(Boolean)
		?.slice(0, 200);

/** What it runs, for its details. */
export function describeCheck(check: CheckConfig): string {
	switch (checkSource(check)) {
		case 'command':
			return `command: ${check.command}`;
		case 'http':
			return `GET ${check.http}${check.field ? ` → ${check.field}` : ''}`;
		case 'sql':
			return `SQL: ${check.sql!.replace(/\s+/g, ' ').trim()}`;
		case 'prometheus':
			return `PromQL: ${check.prometheus}`;
	}
}

export function item(
	check: CheckConfig,
	judged: Judged,
	at: number,
	extra: Partial<CheckItem> = {},
): CheckItem {
	return {
		name: check.name,
		level: judged.level,
		...(judged.value !== undefined ? {value: judged.value} : {}),
		message: judged.message,
		at: new Date(at).toISOString(),
		source: describeCheck(check),
		...extra,
	};
}

/** A check that could not be asked at all (no answer, no connection): critical, saying why. */
export function failedItem(
	check: CheckConfig,
	error: string,
	at: number,
	extra: Partial<CheckItem> = {},
): CheckItem {
	return item(check, {level: 'critical', message: `not read: ${error}`}, at, extra);
}

/**
 * A command's exit code through its map (default: 0 ok, anything else critical); with showOutput,
 * its first line of output beside the level. 124 is the batch's timeout, 127 a command not found.
 */
export function judgeCommand(check: CheckConfig, exitCode: number, output: string): Judged {
	const map = check.exitCodes ?? {'0': 'ok'};
	const {level, listed} = levelFromExitCode(map, exitCode);
	const said = check.showOutput ? firstLine(output) : undefined;
	const why =
		exitCode === 124
			? 'timed out on the host'
			: exitCode === 127
				? 'command not found on the host'
				: exitCode < 0
					? 'cut: it printed too much'
					: listed
						? undefined
						: 'an exit code its map does not list';
	return {
		level,
		value: `exit ${exitCode}`,
		message: [why, said].filter(Boolean).join(': ') || `exit ${exitCode}`,
	};
}

/** An HTTP answer: the status expected (default any 2xx), then the JSON field's rule if there is one. */
export function judgeHttp(check: CheckConfig, status: number, body: unknown): Judged {
	const expected = check.expectStatus;
	const statusOk = expected ? expected.includes(status) : status >= 200 && status < 300;
	if (!statusOk)
		return {
			level: 'critical',
			value: String(status),
			message: `HTTP ${status}, expected ${expected ? expected.join(' or ') : '2xx'}`,
		};
	if (!check.field) return {level: 'ok', value: String(status), message: `HTTP ${status}`};
	if (body === null || typeof body !== 'object')
		return {level: 'critical', value: String(status), message: `HTTP ${status}, not a JSON answer`};
	return judgeJsonField(body, {
		field: check.field,
		equals: check.equals,
		equalsField: check.equalsField,
		thresholds: check.thresholds,
	});
}

/** A query's first value (first column of the first row), equal to a value or against thresholds. */
export function judgeSql(check: CheckConfig, rows: ReadonlyArray<Record<string, unknown>>): Judged {
	const row = rows[0];
	if (!row) return {level: 'critical', message: 'the query returned no row'};
	const [column, value] = Object.entries(row)[0] ?? ['?', undefined];
	const shown = value === null ? 'NULL' : value instanceof Date ? value.toISOString() : String(value);
	if (check.thresholds) return judgeNumber(value === null ? NaN : value, check.thresholds, column);
	if (check.equals !== undefined)
		return String(value) === String(check.equals)
			? {level: 'ok', value: shown, message: `${column} = ${String(check.equals)}`}
			: {level: 'critical', value: shown, message: `${column} is ${shown}, expected ${String(check.equals)}`};
	return {level: 'ok', value: shown, message: `${column} = ${shown}`};
}

/** Prometheus' samples: each series judged on its own (one item each); no series is critical. */
export function judgePrometheus(
	check: CheckConfig,
	samples: ReadonlyArray<{labels: Record<string, string>; value: number}>,
	at: number,
): CheckItem[] {
	if (samples.length === 0)
		return [item(check, {level: 'critical', message: 'no data: the query returned no series'}, at)];
	return samples.map(sample => {
		const labels = Object.entries(sample.labels)
			.filter(([label]) => label !== '__name__')
			.map(([label, value]) => `${label}="${value}"`)
			.join(',');
		const series = samples.length > 1 && labels ? {series: `{${labels}}`} : {};
		return item(check, judgeNumber(sample.value, check.thresholds!, 'value'), at, series);
	});
}
