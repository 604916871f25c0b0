// What every service manager (systemd, docker compose, a team's own commands) does for pg-ops,
// behind one interface: read its services' states in the host's batch, turn a reading into a
// pane item, and give the exact commands to restart, stop, start, check and read logs. Each
// manager is one file in this folder; managers.ts registers them. Pure: no I/O.
import type {BatchSection, SectionResult} from '../batch.js';
import type {Level} from '../levels.js';
import type {ServiceItem} from '../panes.js';
import type {ShellAction} from '../procedures/plan.js';

/** What a host said about one service: its state in the manager's own words, and what goes with it. */
export type ServiceReading = {state: string; detail?: string; since?: string};

/** One host's readings, by service name; a service with no reading is missing on that host. */
export type ServiceReadings = Readonly<Record<string, ServiceReading>>;

export type HealthResult = NonNullable<ServiceItem['health']>;

export type ControlVerb = 'restart' | 'start' | 'stop';

/** The fields every service has, whatever its manager. */
export type ServiceBase = {name: string; manager: string; health?: string; steadySeconds?: number};

export interface ServiceManager<S extends ServiceBase> {
	/** What a detail view calls the thing it manages: "unit", "compose service", "status command". */
	readonly unitLabel: string;
	/** The manager's own name for the service: `app-web.service`, the compose service, the status command. */
	unitName(service: S): string;
	/** For plans: `app-web.service`, `compose service api in /opt/app/compose.yml`. */
	describe(service: S): string;
	/** The shell sections of a host's batch that read these services' states (ids start `services.<manager>.`). */
	stateSections(services: readonly S[]): BatchSection[];
	/** Reads those sections' output; throws what the pane shows when the manager itself could not be asked. */
	readStates(services: readonly S[], section: (id: string) => SectionResult): ServiceReadings;
	/** A reading (or none: missing on the host) and the health URL's answer as the pane's item. */
	evaluate(service: S, reading: ServiceReading | undefined, health?: HealthResult): ServiceItem;
	/** The command that restarts, starts or stops it; undefined where the team gave no such command. */
	control(service: S, verb: ControlVerb): ShellAction | undefined;
	/** A check that passes once the service runs (after a restart, a start). */
	statusCheck(service: S): ShellAction;
	/** Its last `lines` log lines; undefined where there is no way to read them. */
	logs(service: S, lines: number): ShellAction | undefined;
	/** Its new log lines as they come, until stopped (the log viewer's `f`); undefined where its logs can't be followed. */
	followLogs(service: S): ShellAction | undefined;
}

/** A state that counts as running: systemd's `active`, compose's `running`. */
export const isActive = (state: string) => state === 'active' || state === 'running';

const settling = new Set(['activating', 'reloading', 'restarting', 'starting', 'deactivating', 'paused']);

export function stateLevel(state: string): Level {
	if (isActive(state)) return 'ok';
	return settling.has(state) ? 'warning' : 'critical';
}

/**
 * The pane item for a reading, the same for every manager: missing is critical, and a running
 * service whose health URL fails is as bad as a stopped one (users can't reach it).
 */
export function serviceItem(
	service: ServiceBase,
	unit: string,
	reading: ServiceReading,
	health?: HealthResult,
): ServiceItem {
	return {
		name: service.name,
		manager: service.manager as ServiceItem['manager'],
		unit,
		state: reading.state,
		...(reading.detail !== undefined ? {detail: reading.detail} : {}),
		...(reading.since !== undefined ? {since: reading.since} : {}),
		health,
		level: health && !health.ok ? 'critical' : stateLevel(reading.state),
	};
}
