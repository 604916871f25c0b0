// The options a procedure started from the console gets when the operator named none: restart aims
// at the troubled service (and, on a fleet, its host).
import {procedureSpecs} from '../core/procedures/specs.js';
import type {ProcedureName} from '../core/procedures/plan.js';
import type {PaneData} from '../core/panes.js';
import type {ProcedureOptions} from './procedures/options.js';
import type {ConsoleState} from './store.js';

/**
 * A procedure that defaults to the troubled service (restart), without one: the first failed one on the services pane (else the planner's default,
 * the first). On a fleet a failed reading names its host: the restart is of that host only, not a
 * roll over every host (the operator chooses a rolling restart by choosing the service, with no host).
 * Every option the caller gave (the host, on a fleet) passes through as given.
 */
export function withDefaults(
	name: ProcedureName,
	options: ProcedureOptions,
	state: ConsoleState,
): ProcedureOptions {
	if (procedureSpecs[name].defaultService !== 'troubled' || options.service) return options;
	const services = (state.panes.services.data as PaneData['services'] | undefined)?.items ?? [];
	const failed = services.find(
		s =>
			(s.state === 'failed' || s.level === 'critical') &&
			(options.host === undefined || s.host === undefined || s.host === options.host),
	);
	if (!failed) return options;
	return {
		...options,
		service: failed.name,
		...(failed.host && options.host === undefined ? {host: failed.host} : {}),
	};
}
