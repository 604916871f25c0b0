// Services pane, in two parts. On each host (in its batch): every manager's sections (systemd: one
// `systemctl show` for all units; compose: one `ps` per compose file; a team's commands: each
// status command). For the environment, once per refresh: each configured health URL over HTTP
// (a fleet's through its load balancer).
import {randomBytes} from 'node:crypto';
import {
	buildBatchScript,
	parseBatchOutput,
	sectionOf,
	type BatchSection,
	type SectionResult,
} from '../../core/batch.js';
import type {NamedEnvironment, ServiceConfig} from '../../core/config/schema.js';
import type {HealthResult, ServiceReadings} from '../../core/services/manager.js';
import {byManager} from '../../core/services/managers.js';
import {privileged, usesSudo} from '../../core/privilege.js';
import type {HealthResults, HostServiceStates} from '../../core/fleet/aggregate.js';
import {displayUrl, HttpClient} from '../../adapters/http-client.js';
import type {Host} from '../../adapters/host.js';
import type {Runtime} from '../runtime.js';
import {batchPrelude} from '../fleet/host-batch.js';

export const servicesConfigured = (env: NamedEnvironment) => env.services.length > 0;

/** Every manager's sections; one that needs root (compose's `ps`: docker's socket) goes through sudo -n where the environment uses sudo. */
export function serviceSections(env: NamedEnvironment, services: readonly ServiceConfig[]): BatchSection[] {
	const sudo = usesSudo(env);
	return byManager(services).flatMap(({manager, services}) =>
		manager
			.stateSections(services)
			.map(section =>
				section.privileged ? {...section, command: privileged(section.command, sudo)} : section,
			),
	);
}

/** One host's service states from its batch; throws what the pane shows when a manager could not be asked. */
export function readServiceStates(
	services: readonly ServiceConfig[],
	section: (id: string) => SectionResult,
): HostServiceStates {
	const readings: Record<string, ServiceReadings[string]> = {};
	for (const group of byManager(services))
		Object.assign(readings, group.manager.readStates(group.services, section));
	return readings;
}

/**
 * The states of a few services on one host, read now in one exec (a plan's facts). Rejects when the
 * host can't be asked; a manager that could not be read (its command failed, the exec timed out)
 * gives no states and says why in `error`.
 */
export async function readServiceStatesOn(
	env: NamedEnvironment,
	host: Host,
	services: readonly ServiceConfig[],
	timeoutMs: number,
): Promise<{states: HostServiceStates; timedOut: boolean; error?: string}> {
	const sections = serviceSections(env, services);
	const nonce = randomBytes(6).toString('hex');
	const result = await host.exec(
		buildBatchScript(sections, nonce, batchPrelude(env), Math.max(1, (timeoutMs / 1000) * 0.8)),
		{timeoutMs},
	);
	const results = parseBatchOutput(result.stdout, nonce);
	try {
		const states = readServiceStates(services, id => sectionOf(results, id, host.label, result.cut));
		return {states, timedOut: result.timedOut};
	} catch (error) {
		return {states: {}, timedOut: result.timedOut, error: (error as Error).message};
	}
}

/** Every configured health URL, checked in parallel; resolves when all have answered (each bounded by its own timeout). */
export async function checkServicesHealth(runtime: Runtime): Promise<HealthResults> {
	const {env} = runtime;
	const checked = await Promise.all(
		env.services
			.filter(s => s.health)
			.map(async s => [s.name, await checkHealth(runtime.http, s, env.probeTimeoutSeconds * 1000)] as const),
	);
	return new Map(checked);
}

async function checkHealth(
	http: HttpClient | undefined,
	service: ServiceConfig,
	timeoutMs: number,
): Promise<HealthResult | undefined> {
	if (!service.health) return undefined;
	if (!http && service.health.startsWith('/'))
		return {ok: false, url: service.health, error: 'no http.baseUrl configured'};
	// A full URL needs no http section: a client of its own, closed after the check.
	const client = http ?? new HttpClient({baseUrl: service.health, timeoutMs});
	const url = client.url(service.health);
	try {
		const result = await client.get(url);
		const ok = result.status >= 200 && result.status < 300;
		return {
			ok,
			status: result.status,
			ms: result.ms,
			url: displayUrl(url),
			error: ok ? undefined : `HTTP ${result.status}`,
		};
	} catch (error) {
		return {ok: false, url: displayUrl(url), error: (error as Error).message.replace(/^GET \S+: /, '')};
	} finally {
		if (!http) await client.close();
	}
}
