// Services pane, in two parts. On each host (in its batch): systemd units (one `systemctl show`
// for all) and compose services (one `ps` per compose file). For the environment, once per
// refresh: each configured health URL over HTTP (a fleet's through its load balancer).
import type {BatchSection, SectionResult} from '../../core/batch.js';
import type {NamedEnvironment, ServiceConfig} from '../../core/config/schema.js';
import {parseSystemctlShow, systemctlShowProperties} from '../../core/parsers/systemctl-show.js';
import {parseComposePs} from '../../core/parsers/compose-ps.js';
import {unitName, type HealthResult} from '../../core/policy/services.js';
import {shellCommand} from '../../core/shell.js';
import {composeFiles, type HealthResults, type HostServiceStates} from '../../core/fleet/aggregate.js';
import {displayUrl, HttpClient} from '../../adapters/http-client.js';
import type {Runtime} from '../runtime.js';
import {requireSuccess} from './probe.js';

export function systemctlShowCommand(units: string[]): string {
	return shellCommand([
		'systemctl',
		'show',
		`--property=${systemctlShowProperties.join(',')}`,
		'--no-pager',
		...units,
	]);
}

export const servicesConfigured = (env: NamedEnvironment) => env.services.length > 0;

export function serviceSections(env: NamedEnvironment): BatchSection[] {
	if (!servicesConfigured(env)) return [];
	const sections: BatchSection[] = [];
	const units = env.services.filter(s => s.manager === 'systemd').map(unitName);
	if (units.length > 0) sections.push({id: 'services.systemd', command: systemctlShowCommand(units)});
	composeFiles(env).forEach((file, i) =>
		sections.push({
			id: `services.compose.${i}`,
			command: shellCommand(['docker', 'compose', '-f', file, 'ps', '--all', '--format', 'json']),
		}),
	);
	return sections;
}

/** One host's unit and container states from its batch; throws what the pane shows when a command failed. */
export async function readServiceStates(
	env: NamedEnvironment,
	section: (id: string) => Promise<SectionResult>,
): Promise<HostServiceStates> {
	const states: HostServiceStates = {units: [], compose: []};
	if (env.services.some(s => s.manager === 'systemd'))
		states.units = parseSystemctlShow(requireSuccess(await section('services.systemd'), 'systemctl show'));
	for (const [i, file] of composeFiles(env).entries())
		states.compose[i] = parseComposePs(
			requireSuccess(await section(`services.compose.${i}`), `docker compose -f ${file} ps`),
		);
	return states;
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
