// What enter and the action keys mean on a fleet's rows: a summary line stands for a service on
// every host, a host's row for that host (and its service, if it is one).
import {paneIds, type PaneId} from '../../core/panes.js';
import {procedureSpecs, takesHost, takesService} from '../../core/procedures/specs.js';
import type {ProcedureName} from '../../core/procedures/plan.js';
import type {ProcedureOptions} from '../../engine/procedures/options.js';
import type {ViewRow} from './pane-view.js';

/**
 * enter on a fleet row: a host's row opens the host's detail; a summary line filters the pane to
 * that service (its row on every host, worst first: the hosts it concerns, which is what the line
 * counted); the collapsed line lists the healthy hosts; a mount shows its detail (on its host).
 */
export type FleetEnter =
	| {kind: 'host'; host: string}
	| {kind: 'filter'; text: string}
	| {kind: 'expand'}
	| {kind: 'detail'}
	| {kind: 'none'};

export function fleetEnter(row: ViewRow | undefined): FleetEnter {
	switch (row?.kind) {
		case 'summary':
			return {kind: 'filter', text: row.service!};
		case 'service':
		case 'host':
			return {kind: 'host', host: row.host!};
		case 'collapsed':
			return {kind: 'expand'};
		case 'mount':
			return {kind: 'detail'};
		default:
			return {kind: 'none'};
	}
}

/**
 * The options an action key passes on a fleet, as its procedure declares them: one that takes a
 * service (restart) gets, on its pane, a summary line's service alone (the engine rolls it over every
 * host, one at a time) or a host's service row's service and host (any other row is refused:
 * fleetActionRefusal). One that takes a host gets the row's host (it acts on one host on a fleet; the
 * engine refuses it without one, and says so). One that takes neither (the database's) gets nothing.
 */
export function fleetProcedureOptions(
	procedure: ProcedureName,
	focus: PaneId,
	row: ViewRow | undefined,
): ProcedureOptions {
	const spec = procedureSpecs[procedure];
	if (!row) return {};
	if (takesService(procedure)) {
		if (focus !== spec.servicePane) return {};
		if (row.kind === 'summary') return {service: row.service};
		if (row.kind === 'service') return {service: row.service, host: row.host};
		return {};
	}
	return takesHost(procedure) && row.host ? {host: row.host} : {};
}

/**
 * Why an action key does nothing on a fleet: a procedure that needs a service's row (r) without one
 * (another pane, a collapsed line, a host that did not answer, an empty pane) would pick the first
 * configured service and roll it over every host, which nobody meant by pressing r there.
 * Short: with "r restart a service: " before and "; nothing was run" after, it fits 80 columns.
 */
export function fleetActionRefusal(
	procedure: ProcedureName,
	focus: PaneId,
	row: ViewRow | undefined,
): string | undefined {
	const spec = procedureSpecs[procedure];
	if (!spec.fleetNeedsRow) return undefined;
	if (spec.servicePane && focus !== spec.servicePane)
		return `select a service in pane ${paneIds.indexOf(spec.servicePane) + 1} first`;
	if (row?.kind === 'summary' || row?.kind === 'service') return undefined;
	return spec.fleetNeedsRow;
}

/** r in a host's detail with no service to select (a host that has not answered): the same refusal. */
export const hostRestartRefusal = 'this host lists no service to restart';
