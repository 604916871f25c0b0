// Every procedure by name: gathers the facts its plan needs (read-only) and builds the plan. On a
// fleet, a procedure whose scope is one host needs that host chosen and is planned and run there; a
// fleet-scoped one (restart) plans its own fleet cases, a database-scoped one only talks to the database.
import {planOnHost} from '../../core/procedures/hosts.js';
import type {Plan, ProcedureName} from '../../core/procedures/plan.js';
import {procedureSpecs} from '../../core/procedures/specs.js';
import type {Runtime} from '../runtime.js';
import {planBackupFor} from './plan-backup.js';
import {planRestartFor} from './plan-restart.js';
import {planResetStuckJobsFor} from './plan-reset-stuck-jobs.js';
import {planRestoreBackupFor} from './plan-restore-backup.js';
import {planRotateTokenFor} from './plan-rotate-token.js';
import {planSwitchSlotFor} from './plan-switch-slot.js';
import {chosenHost, PlanError, type ProcedureOptions} from './options.js';

export {PlanError, type ProcedureOptions} from './options.js';

export type Planner = (runtime: Runtime, options: ProcedureOptions) => Promise<Plan>;

// Each procedure's own fact gathering; where it acts (its scope, core/procedures/specs.ts) decides the rest.
const planners: Record<ProcedureName, Planner> = {
	restart: planRestartFor,
	'reset-stuck-jobs': planResetStuckJobsFor,
	'restore-backup': planRestoreBackupFor,
	'rotate-token': planRotateTokenFor,
	'switch-slot': planSwitchSlotFor,
	backup: planBackupFor,
};

/**
 * A procedure that acts on one host: on a fleet it needs the host chosen, reads its facts there, and
 * every shell command of its plan names that host (so the runner runs it there, locks it, and the
 * plan and audit say so). One host: unchanged.
 */
function onOneHost(name: ProcedureName, planner: Planner): Planner {
	return async (runtime, options) => {
		const host = chosenHost(runtime, options);
		if (!runtime.fleet) return planner(runtime, options);
		if (!host)
			throw new PlanError(
				`${runtime.env.name} has ${runtime.hosts.length} hosts; ${name} acts on one host: choose it (--host NAME, or select the host's row in the console)`,
			);
		return planOnHost(await planner(runtime.forHost(host), options), host, runtime.hosts.length);
	};
}

/**
 * restore-backup stops `backups.stop` on the host it runs on while the shared database is replaced:
 * on a fleet the other hosts would keep writing to it meanwhile, so it is refused there until it
 * can quiesce every host. Asked before a host is chosen.
 */
function quiescesEveryHost(runtime: Runtime): void {
	const stop = runtime.env.backups?.stop ?? [];
	if (runtime.fleet && stop.length > 0) {
		throw new PlanError(
			`${runtime.env.name} has ${runtime.hosts.length} hosts: restore-backup would stop ${stop.join(', ')} on one host while the other ${runtime.hosts.length - 1} keep writing to the database being restored; not supported on fleets yet (stop the services on every host by hand, or restore from a one-host environment)`,
		);
	}
}

/** What a procedure refuses on a whole fleet before anything is read. */
const fleetRefusals: Partial<Record<ProcedureName, (runtime: Runtime) => void>> = {
	'restore-backup': quiescesEveryHost,
};

export function plannerFor(name: ProcedureName): Planner | undefined {
	const planner = procedureSpecs[name].scope === 'host' ? onOneHost(name, planners[name]) : planners[name];
	const refusal = fleetRefusals[name];
	return refusal
		? async (runtime, options) => {
				refusal(runtime);
				return planner(runtime, options);
			}
		: planner;
}

export function availableProcedures(): ProcedureName[] {
	return Object.keys(planners) as ProcedureName[];
}
