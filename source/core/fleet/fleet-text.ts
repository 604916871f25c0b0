// A fleet's summary as plain lines for `pg-ops status`: one line per service (api: 38/40 active)
// and the hosts that did not answer, by name.
import type {FleetState} from './types.js';
import type {ServiceFleetSummary} from '../panes.js';

const shownNames = 10;

export function fleetSummaryLines(fleet: FleetState): string[] {
	const {summary} = fleet;
	const counts = [
		`${summary.answered}/${summary.hosts} hosts answered`,
		summary.unreachable ? `${summary.unreachable} unreachable` : '',
		summary.slow ? `${summary.slow} slow` : '',
		summary.paused ? `${summary.paused} paused` : '',
		summary.stale ? `${summary.stale} stale` : '',
		summary.sources ? `${summary.sources.prometheus} from Prometheus, ${summary.sources.ssh} over SSH` : '',
	].filter(Boolean);
	const lines = [`fleet: ${counts.join(', ')}`];
	for (const service of summary.services) lines.push(`  ${serviceLine(service)}`);
	for (const status of ['unreachable', 'stale', 'slow'] as const) {
		const hosts = fleet.hosts.filter(h => h.status === status);
		if (hosts.length === 0) continue;
		lines.push(
			`  ${status}: ${hosts
				.slice(0, shownNames)
				.map(h => (status === 'unreachable' && h.error ? `${h.name} (${h.error})` : h.name))
				.join(', ')}${hosts.length > shownNames ? `, and ${hosts.length - shownNames} more` : ''}`,
		);
	}
	return lines;
}

/** api: 38/40 active (1 not active, 1 unknown), health failing: HTTP 503 */
export function serviceLine(service: ServiceFleetSummary): string {
	const rest = [
		service.notActive ? `${service.notActive} not active` : '',
		service.unknown ? `${service.unknown} unknown` : '',
	].filter(Boolean);
	const health =
		service.health && !service.health.ok
			? `, health failing: ${service.health.error ?? `HTTP ${service.health.status}`}`
			: '';
	return `${service.name}: ${service.active}/${service.total} active${rest.length ? ` (${rest.join(', ')})` : ''}${health}`;
}
