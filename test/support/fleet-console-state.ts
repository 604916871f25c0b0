// A fleet's console state for redraw-key tests (ui/hooks/use-console-state.ts): hosts read from
// Prometheus, the fleet state holding them, and the console state that shows it at a given clock.
import {initialPanes, type ConsoleState} from '../../source/engine/store.js';
import type {FleetHost, FleetState} from '../../source/core/fleet/types.js';

/** A healthy host read from Prometheus at `now`: answered a second ago, scraped two; `change` overrides. */
export function prometheusHost(name: string, now: number, change: Partial<FleetHost> = {}): FleetHost {
	return {
		name,
		label: `deploy@${name}`,
		status: 'ok',
		level: 'ok',
		problems: [],
		lastDataAt: now - 1000,
		source: 'prometheus',
		scrapedAt: now - 2000,
		...change,
	};
}

/** The fleet state of these hosts, all answered; `shown`: the hosts whose detail is open. */
export function fleetOf(hosts: FleetHost[], shown?: string[]): FleetState {
	return {
		hosts,
		summary: {
			hosts: hosts.length,
			answered: hosts.length,
			unreachable: 0,
			slow: 0,
			paused: 0,
			services: [],
			openConnections: 0,
		},
		...(shown ? {shown} : {}),
	};
}

/** The console state showing this fleet (the same objects) at `now`. */
export function fleetConsoleAt(fleet: FleetState, now: number): ConsoleState {
	return {
		env: {
			name: 'fleet',
			transport: 'ssh',
			hostLabel: `${fleet.hosts.length} hosts`,
			hostCount: fleet.hosts.length,
			readOnly: false,
			protected: false,
			refreshSeconds: 5,
		},
		panes: initialPanes(),
		now,
		fleet,
	};
}
