// docker compose services: states from one `docker compose ps` per compose file, `docker compose`
// to act and for logs.
import {z} from 'zod';
import {requireSuccess} from '../batch.js';
import {name, urlPath} from '../config/fields.js';
import {parseComposePs} from '../parsers/compose-ps.js';
import {shellCommand} from '../shell.js';
import {serviceItem, type ServiceManager, type ServiceReading} from './manager.js';

export const composeServiceSchema = z.strictObject({
	name,
	manager: z.literal('docker-compose'),
	file: z.string().min(1), // the compose file on the host
	service: z.string().optional(), // defaults to NAME
	health: urlPath.optional(),
});
export type ComposeService = z.infer<typeof composeServiceSchema>;

const unitName = (service: ComposeService) => service.service ?? service.name;
const compose = (service: ComposeService, ...args: string[]) =>
	shellCommand(['docker', 'compose', '-f', service.file, ...args]);

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
		})),
	readStates(services, section) {
		const readings: Record<string, ServiceReading> = {};
		composeFiles(services).forEach((file, i) => {
			const rows = parseComposePs(
				requireSuccess(section(`services.docker-compose.${i}`), `docker compose -f ${file} ps`),
			);
			for (const service of services.filter(s => s.file === file)) {
				const row = rows.find(r => r.service === unitName(service));
				if (!row) continue;
				const state = row.state === 'running' && row.health === 'unhealthy' ? 'unhealthy' : row.state;
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
	}),
	statusCheck: service => ({
		kind: 'shell',
		command: `${compose(service, 'ps', '--status', 'running', '--services')} | grep -qx ${shellCommand([unitName(service)])}`,
		privileged: true,
	}),
	logs: (service, lines) => ({
		kind: 'shell',
		command: compose(service, 'logs', '--tail', String(lines), '--no-color', unitName(service)),
		privileged: true,
	}),
};
