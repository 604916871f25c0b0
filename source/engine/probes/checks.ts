// The Checks pane, in two parts like the services pane. On each host, in its batch: every command
// check that is due (its own interval, else every refresh), each a section under its own time limit.
// For the environment, once per refresh: HTTP, SQL and PromQL checks in parallel. A check with its
// own interval keeps its last reading between runs (CheckReadings, one per runtime).
import type {BatchSection, SectionResult} from '../../core/batch.js';
import type {NamedEnvironment} from '../../core/config/schema.js';
import type {CheckItem} from '../../core/checks/evaluate.js';
import {
	failedItem,
	item,
	judgeCommand,
	judgeHttp,
	judgePrometheus,
	judgeSql,
} from '../../core/checks/readings.js';
import {checkSource, type CheckConfig} from '../../core/checks/schema.js';
import {HttpClient} from '../../adapters/http-client.js';
import type {Runtime} from '../runtime.js';
import {batchPrelude} from '../fleet/host-batch.js';
import {withTimeout} from '../fleet/timeout.js';

export const commandChecks = (env: NamedEnvironment) => env.checks.filter(c => checkSource(c) === 'command');
export const environmentChecks = (env: NamedEnvironment) =>
	env.checks.filter(c => checkSource(c) !== 'command');

const sectionId = (check: CheckConfig) => `checks.${check.name}`;

/** The batch sections of the command checks due on a host (after the built-in panes' sections). */
export function checkSections(checks: readonly CheckConfig[]): BatchSection[] {
	return checks.map(check => ({
		id: sectionId(check),
		command: check.command!,
		...(check.timeoutSeconds !== undefined ? {timeoutSeconds: check.timeoutSeconds} : {}),
	}));
}

/** Each command check's item from its section; a section that could not be read fails its own check only. */
export function readCommandChecks(
	checks: readonly CheckConfig[],
	section: (id: string) => SectionResult,
	at: number,
): CheckItem[] {
	return checks.map(check => {
		try {
			const result = section(sectionId(check));
			return item(check, judgeCommand(check, result.exitCode, result.output), at);
		} catch (error) {
			return failedItem(check, (error as Error).message, at);
		}
	});
}

/** The last readings of every check, by host ('' for the environment's), so a check runs only when due. */
export class CheckReadings {
	private readonly kept = new Map<string, CheckItem[]>();

	private static key = (check: CheckConfig, host: string) => `${host}\u0000${check.name}`;

	/** Never run here yet, or its own interval (default: every refresh) has passed. */
	due(check: CheckConfig, host: string, now: number): boolean {
		const last = this.kept.get(CheckReadings.key(check, host));
		if (!last?.[0]?.at || check.everySeconds === undefined) return true;
		return now - Date.parse(last[0].at) >= check.everySeconds * 1000 - 500;
	}

	keep(check: CheckConfig, host: string, items: CheckItem[]): void {
		this.kept.set(CheckReadings.key(check, host), items);
	}

	last(check: CheckConfig, host: string): CheckItem[] | undefined {
		return this.kept.get(CheckReadings.key(check, host));
	}
}

/** The environment's checks (HTTP, SQL, PromQL): the due ones asked now, in parallel; the others' last readings. */
export async function runEnvironmentChecks(runtime: Runtime, now: number): Promise<CheckItem[]> {
	const readings = runtime.checkReadings;
	const lists = await Promise.all(
		environmentChecks(runtime.env).map(async check => {
			if (!readings.due(check, '', now)) return readings.last(check, '') ?? [];
			const items = await askCheck(runtime, check);
			readings.keep(check, '', items);
			return items;
		}),
	);
	return lists.flat();
}

/**
 * One check asked now, whatever its interval: an HTTP, SQL or PromQL check once; a command check on
 * `host` (default: the runtime's host). Never rejects: a check that can't be asked is critical.
 */
export async function askCheck(runtime: Runtime, check: CheckConfig, host?: string): Promise<CheckItem[]> {
	const started = Date.now();
	const limitMs = (check.timeoutSeconds ?? runtime.env.probeTimeoutSeconds) * 1000;
	try {
		return await withTimeout(ask(runtime, check, host, started), limitMs + 500, `check ${check.name}`);
	} catch (error) {
		return [failedItem(check, (error as Error).message, started, host ? {host} : {})];
	}
}

async function ask(runtime: Runtime, check: CheckConfig, hostName: string | undefined, at: number) {
	switch (checkSource(check)) {
		case 'command': {
			const host = hostName ? runtime.hostNamed(hostName) : runtime.host;
			if (!host) throw new Error(`no host ${hostName}`);
			const limit = check.timeoutSeconds ?? runtime.env.probeTimeoutSeconds;
			const result = await host.exec(`${batchPrelude(runtime.env)}${check.command}`, {
				timeoutMs: limit * 1000,
			});
			const code = result.timedOut ? 124 : (result.exitCode ?? -1);
			return [
				item(
					check,
					judgeCommand(check, code, `${result.stdout}${result.stderr}`),
					at,
					hostName ? {host: hostName} : {},
				),
			];
		}
		case 'http': {
			if (!runtime.http && check.http!.startsWith('/'))
				throw new Error('no http section in the configuration');
			// A full URL needs no http section: a client of its own, closed after the check.
			const client =
				runtime.http ??
				new HttpClient({baseUrl: check.http!, timeoutMs: runtime.env.probeTimeoutSeconds * 1000});
			try {
				const answer = await client.get(check.http!, {withToken: check.token === true});
				return [item(check, judgeHttp(check, answer.status, answer.body), at)];
			} finally {
				if (!runtime.http) await client.close();
			}
		}
		case 'sql': {
			if (!runtime.database) throw new Error('no database section in the configuration');
			return [item(check, judgeSql(check, await runtime.database.query(check.sql!)), at)];
		}
		case 'prometheus': {
			if (!runtime.checksPrometheus)
				throw new Error('no Prometheus named for checks (alerts.prometheus or slo.source.prometheus)');
			return judgePrometheus(check, await runtime.checksPrometheus.query(check.prometheus!), at);
		}
	}
}
