// Turns service-manager status and health checks into service items with a level.
import type {Level} from '../levels.js';
import type {ServiceItem} from '../panes.js';
import type {ServiceConfig} from '../config/schema.js';
import type {UnitStatus} from '../parsers/systemctl-show.js';
import type {ComposeServiceStatus} from '../parsers/compose-ps.js';

export type HealthResult = NonNullable<ServiceItem['health']>;

export function unitName(service: ServiceConfig): string {
	if (service.manager === 'docker-compose') return service.service ?? service.name;
	const unit = service.unit ?? service.name;
	return unit.includes('.') ? unit : `${unit}.service`;
}

export function evaluateSystemdService(
	service: ServiceConfig,
	unit: UnitStatus | undefined,
	health?: HealthResult,
): ServiceItem {
	const name = unitName(service);
	if (!unit || unit.loadState === 'not-found') {
		return {
			name: service.name,
			manager: 'systemd',
			unit: name,
			state: 'not-found',
			detail: 'no such unit',
			health,
			level: 'critical',
		};
	}
	const state = unit.activeState ?? 'unknown';
	const since = state === 'active' ? unit.activeEnterTimestamp : unit.inactiveEnterTimestamp;
	const detail =
		state === 'failed' && unit.result && unit.result !== 'success'
			? `${unit.result}${unit.execMainStatus ? ` (status ${unit.execMainStatus})` : ''}`
			: unit.subState;
	return {
		name: service.name,
		manager: 'systemd',
		unit: name,
		state,
		detail,
		since,
		health,
		level: combine(stateLevel(state), health),
	};
}

export function evaluateComposeService(
	service: ServiceConfig,
	row: ComposeServiceStatus | undefined,
	health?: HealthResult,
): ServiceItem {
	const name = unitName(service);
	if (!row)
		return {
			name: service.name,
			manager: 'docker-compose',
			unit: name,
			state: 'missing',
			detail: 'not in docker compose ps',
			health,
			level: 'critical',
		};
	const state = row.state === 'running' && row.health === 'unhealthy' ? 'unhealthy' : row.state;
	return {
		name: service.name,
		manager: 'docker-compose',
		unit: name,
		state,
		detail: row.status,
		health,
		level: combine(stateLevel(state), health),
	};
}

function stateLevel(state: string): Level {
	if (state === 'active' || state === 'running') return 'ok';
	if (['activating', 'reloading', 'restarting', 'starting', 'deactivating', 'paused'].includes(state))
		return 'warning';
	return 'critical';
}

// A running service whose health URL fails is as bad as a stopped one: users can't reach it.
function combine(level: Level, health?: HealthResult): Level {
	if (health && !health.ok) return 'critical';
	return level;
}
