// Every service manager pg-ops knows, by the name `manager:` gives in pg-ops.yaml. A new manager is
// one file in this folder and one line here (and in the schema's list below); the mapped type makes
// a missing one a compile error wherever a service is read, acted on or shown.
import {z} from 'zod';
import {commandManager, commandServiceSchema} from './command.js';
import {composeManager, composeServiceSchema} from './compose.js';
import type {ServiceManager} from './manager.js';
import {systemdManager, systemdServiceSchema} from './systemd.js';

export const serviceSchema = z.discriminatedUnion('manager', [
	systemdServiceSchema,
	composeServiceSchema,
	commandServiceSchema,
]);
export type ServiceConfig = z.infer<typeof serviceSchema>;
export type ManagerName = ServiceConfig['manager'];
type ServiceOf<M extends ManagerName> = Extract<ServiceConfig, {manager: M}>;

export const serviceManagers: {[M in ManagerName]: ServiceManager<ServiceOf<M>>} = {
	systemd: systemdManager,
	'docker-compose': composeManager,
	command: commandManager,
};

export const managerNames = Object.keys(serviceManagers) as ManagerName[];

/** The manager of a service, typed for any service (each manager only ever sees its own). */
export function managerOf(service: ServiceConfig): ServiceManager<ServiceConfig> {
	return serviceManagers[service.manager] as unknown as ServiceManager<ServiceConfig>;
}

/** The services in groups by manager, in the registry's order: how a host's batch reads them. */
export function byManager(
	services: readonly ServiceConfig[],
): Array<{manager: ServiceManager<ServiceConfig>; services: ServiceConfig[]}> {
	return managerNames
		.map(name => ({
			manager: serviceManagers[name] as unknown as ServiceManager<ServiceConfig>,
			services: services.filter(s => s.manager === name),
		}))
		.filter(group => group.services.length > 0);
}
