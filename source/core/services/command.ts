// A service the team manages with its own commands (supervisorctl, pm2, kubectl rollout ...):
// a status command whose exit code or output says the state, and restart/start/stop/logs commands.
import {z} from 'zod';
import {exitCodeMap, name, pattern, urlPath, steadySeconds} from '../config/fields.js';
import {shellCommand} from '../shell.js';
import {serviceItem, type ServiceManager, type ServiceReading} from './manager.js';
import {stateFromStatus} from './status-rules.js';

/** The states a status rule may name (systemd's words, so levels read the same in every pane). */
export const commandServiceStates = [
	'active',
	'activating',
	'reloading',
	'deactivating',
	'inactive',
	'failed',
] as const;
const state = z.enum(commandServiceStates);

export const commandServiceSchema = z.strictObject({
	name,
	manager: z.literal('command'),
	status: z.strictObject({
		command: z.string().min(1),
		// exit code → state; any code not listed is failed
		exitCodes: exitCodeMap(state).default({'0': 'active'}),
		// regular expressions over the output, first match wins, before the exit code is looked at
		output: z.array(z.strictObject({match: pattern, state})).default([]),
	}),
	restart: z.string().min(1),
	start: z.string().min(1).optional(),
	stop: z.string().min(1).optional(),
	// `{lines}` is replaced by how many lines are wanted
	logs: z.string().min(1).optional(),
	// restart, start, stop and logs run through sudo -n (where the environment uses sudo); status never does
	sudo: z.boolean().default(false),
	timeoutSeconds: z.number().positive().max(3600).default(90),
	health: urlPath.optional(),
	steadySeconds,
});
export type CommandService = z.infer<typeof commandServiceSchema>;

const sectionId = (service: CommandService) => `services.command.${service.name}`;

export const commandManager: ServiceManager<CommandService> = {
	unitLabel: 'status command',
	unitName: service => service.status.command,
	describe: service => `managed by commands; status: ${service.status.command}`,
	stateSections: services => services.map(s => ({id: sectionId(s), command: s.status.command})),
	readStates(services, section) {
		const readings: Record<string, ServiceReading> = {};
		for (const service of services) {
			const result = section(sectionId(service));
			readings[service.name] = stateFromStatus(service.status, result.exitCode, result.output);
		}
		return readings;
	},
	evaluate: (service, reading, health) =>
		serviceItem(service, service.status.command, reading ?? {state: 'unknown', detail: 'not read'}, health),
	control: (service, verb) => {
		const command = service[verb];
		return command === undefined
			? undefined
			: {kind: 'shell', command, privileged: service.sudo, timeoutSeconds: service.timeoutSeconds};
	},
	statusCheck: service => ({
		kind: 'shell',
		command: service.status.command,
		expectState: {rules: service.status, state: 'active'},
	}),
	logs: (service, lines) =>
		service.logs === undefined
			? undefined
			: {
					kind: 'shell',
					command: service.logs.split('{lines}').join(shellCommand([String(lines)])),
					privileged: service.sudo,
				},
	// A team's own logs command prints and ends: there is nothing pg-ops could follow.
	followLogs: () => undefined,
};
