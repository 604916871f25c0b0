// docker compose services: states from one `docker compose ps` per compose file, `docker compose`
// to act and for logs.
import {z} from 'zod';
import {requireSuccess} from '../batch.js';
import {name, urlPath, steadySeconds} from '../config/fields.js';
import {parseComposePs} from '../parsers/compose-ps.js';
import {shellCommand} from '../shell.js';
import {serviceItem, type ServiceManager, type ServiceReading} from './manager.js';
import {composeRefusals, withRefusalsExplained} from './refusals.js';

export const composeServiceSchema = z.strictObject({
	name,
	manager: z.literal('docker-compose'),
	file: z.string().min(1), // the compose file on the host
	service: z.string().optional(), // defaults to NAME
	health: urlPath.optional(),
	steadySeconds,
});
export type ComposeService = z.infer<typeof composeServiceSchema>;

const unitName = (service: ComposeService) => service.service ?? service.name;
const compose = (service: ComposeService, ...args: string[]) =>
	shellCommand(['docker', 'compose', '-f', service.file, ...args]);

/** Compose v2 starts every log line with ESC [2K (erase the line), --no-color or not, terminal or not. */
export const eraseLine = '\u001b[2K';

/** A `ps --format` template: `running` when running and healthy (or without a healthcheck), else its state and health. */
const upWhenHealthy =
	'{{if and (eq .State "running") (or (eq .Health "") (eq .Health "healthy"))}}running{{else}}{{.State}}{{if .Health}} ({{.Health}}){{end}}{{end}}';

/** The compose files the services name, each once, in order: the batch has one `ps` section per file. */
const composeFiles = (services: readonly ComposeService[]) => [...new Set(services.map(s => s.file))];

export const composeManager: ServiceManager<ComposeService> = {
	unitLabel: 'compose service',
	unitName,
	describe: service => `compose service ${unitName(service)} in ${service.file}`,
	stateSections: services =>
		composeFiles(services).map((file, i) => ({
			id: `services.docker-compose.${i}`,
			command: shellCommand(['docker', 'compose', '-f', file, 'ps', '--all', '--format', 'json']),
			// docker's socket is root's (and its group's): the SSH user asks through sudo, like for a restart.
			privileged: true,
		})),
	readStates(services, section) {
		const readings: Record<string, ServiceReading> = {};
		composeFiles(services).forEach((file, i) => {
			const result = section(`services.docker-compose.${i}`);
			const rows = parseComposePs(
				requireSuccess(
					{...result, output: withRefusalsExplained(result.output, composeRefusals)},
					`docker compose -f ${file} ps`,
				),
			);
			for (const service of services.filter(s => s.file === file)) {
				const row = rows.find(r => r.service === unitName(service));
				if (!row) continue;
				// A healthcheck's verdict overrides `running`: unhealthy is down for its users, starting is not up yet.
				const state =
					row.state === 'running' && (row.health === 'unhealthy' || row.health === 'starting')
						? row.health
						: row.state;
				readings[service.name] = {state, detail: row.status};
			}
		});
		return readings;
	},
	evaluate: (service, reading, health) =>
		serviceItem(
			service,
			unitName(service),
			reading ?? {state: 'missing', detail: 'not in docker compose ps'},
			health,
		),
	control: (service, verb) => ({
		kind: 'shell',
		command: compose(service, verb, unitName(service)),
		privileged: true,
		timeoutSeconds: 90,
		refusals: composeRefusals,
	}),
	// Running is not enough where the service has a healthcheck: a restarted container is `starting`
	// until its check passes, and may turn `unhealthy`. The line reads `running` only when both hold,
	// and otherwise says what compose says (`exited`, `running (unhealthy)`).
	statusCheck: service => ({
		kind: 'shell',
		command: compose(service, 'ps', '--all', '--format', upWhenHealthy, unitName(service)),
		privileged: true,
		expectOutput: 'running',
		refusals: composeRefusals,
	}),
	logs: (service, lines) => ({
		kind: 'shell',
		command: compose(service, 'logs', '--tail', String(lines), '--no-color', unitName(service)),
		privileged: true,
		dropSequences: [eraseLine],
		refusals: composeRefusals,
	}),
	followLogs: service => ({
		kind: 'shell',
		command: compose(service, 'logs', '--follow', '--tail', '0', '--no-color', unitName(service)),
		privileged: true,
		follow: true,
		dropSequences: [eraseLine],
		refusals: composeRefusals,
	}),
};
