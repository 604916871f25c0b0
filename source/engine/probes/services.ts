// Services pane: systemd units (one `systemctl show` for all) and compose services (one `ps` per
// compose file) from the batch, plus each configured health URL over HTTP, in parallel.
import type {BatchSection} from '../../core/batch.js';
import type {NamedEnvironment, ServiceConfig} from '../../core/config/schema.js';
import {parseSystemctlShow, systemctlShowProperties} from '../../core/parsers/systemctl-show.js';
import {parseComposePs} from '../../core/parsers/compose-ps.js';
import {evaluateComposeService, evaluateSystemdService, unitName, type HealthResult} from '../../core/policy/services.js';
import {paneStatusFromLevels} from '../../core/policy/overall.js';
import {shellCommand} from '../../core/shell.js';
import type {ServiceItem} from '../../core/panes.js';
import {displayUrl, HttpClient} from '../../adapters/http-client.js';
import {requireSuccess, type Probe} from './probe.js';

const composeFiles = (env: NamedEnvironment) => [...new Set(env.services.filter(s => s.manager === 'docker-compose').map(s => s.file!))];

export function systemctlShowCommand(units: string[]): string {
	return shellCommand(['systemctl', 'show', `--property=${systemctlShowProperties.join(',')}`, '--no-pager', ...units]);
}

export const servicesProbe: Probe<'services'> = {
	pane: 'services',
	configured: env => env.services.length > 0,
	sections(env) {
		const sections: BatchSection[] = [];
		const units = env.services.filter(s => s.manager === 'systemd').map(unitName);
		if (units.length > 0) sections.push({id: 'services.systemd', command: systemctlShowCommand(units)});
		composeFiles(env).forEach((file, i) => sections.push({id: `services.compose.${i}`, command: shellCommand(['docker', 'compose', '-f', file, 'ps', '--all', '--format', 'json'])}));
		return sections;
	},
	async collect({env, runtime, section}) {
		const healthChecks = new Map(env.services.filter(s => s.health).map(s => [s.name, checkHealth(runtime.http, s, env.probeTimeoutSeconds * 1000)] as const));
		const items: ServiceItem[] = [];
		const systemd = env.services.filter(s => s.manager === 'systemd');
		if (systemd.length > 0) {
			const units = parseSystemctlShow(requireSuccess(await section('services.systemd'), 'systemctl show'));
			for (const service of systemd) {
				const unit = units.find(u => u.id === unitName(service));
				items.push(evaluateSystemdService(service, unit, await healthChecks.get(service.name)));
			}
		}
		const files = composeFiles(env);
		for (const [i, file] of files.entries()) {
			const rows = parseComposePs(requireSuccess(await section(`services.compose.${i}`), `docker compose -f ${file} ps`));
			for (const service of env.services.filter(s => s.manager === 'docker-compose' && s.file === file)) {
				items.push(evaluateComposeService(service, rows.find(r => r.service === unitName(service)), await healthChecks.get(service.name)));
			}
		}
		// Keep the configured order: operators learn where to look.
		items.sort((a, b) => env.services.findIndex(s => s.name === a.name) - env.services.findIndex(s => s.name === b.name));
		return {data: {items}, status: paneStatusFromLevels(items.map(i => i.level))};
	},
};

async function checkHealth(http: HttpClient | undefined, service: ServiceConfig, timeoutMs: number): Promise<HealthResult | undefined> {
	if (!service.health) return undefined;
	if (!http && service.health.startsWith('/')) return {ok: false, url: service.health, error: 'no http.baseUrl configured'};
	// A full URL needs no http section: a client of its own, closed after the check.
	const client = http ?? new HttpClient({baseUrl: service.health, timeoutMs});
	const url = client.url(service.health);
	try {
		const result = await client.get(url);
		const ok = result.status >= 200 && result.status < 300;
		return {ok, status: result.status, ms: result.ms, url: displayUrl(url), error: ok ? undefined : `HTTP ${result.status}`};
	} catch (error) {
		return {ok: false, url: displayUrl(url), error: (error as Error).message.replace(/^GET \S+: /, '')};
	} finally {
		if (!http) await client.close();
	}
}
