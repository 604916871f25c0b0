// Every procedure by name: gathers the facts its plan needs (read-only) and builds the plan. On a
// fleet, a procedure that acts on one host (restore a backup, rotate a token, switch the slot, take
// a backup) needs that host chosen and is planned and run there; restart plans its own fleet cases,
// and reset-stuck-jobs only talks to the database.
import {planOnHost} from '../../core/procedures/hosts.js';
import type {Plan, ProcedureName} from '../../core/procedures/plan.js';
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

const planners: Partial<Record<ProcedureName, Planner>> = {
	restart: planRestartFor,
	'reset-stuck-jobs': planResetStuckJobsFor,
	'restore-backup': quiescesEveryHost(onOneHost('restore-backup', planRestoreBackupFor)),
	'rotate-token': onOneHost('rotate-token', planRotateTokenFor),
	'switch-slot': onOneHost('switch-slot', planSwitchSlotFor),
	backup: onOneHost('backup', planBackupFor),
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
 * can quiesce every host.
 */
function quiescesEveryHost(planner: Planner): Planner {
	return async (runtime, options) => {
		const stop = runtime.env.backups?.stop ?? [];
		if (runtime.fleet && stop.length > 0) {
			throw new PlanError(
				`${runtime.env.name} has ${runtime.hosts.length} hosts: restore-backup would stop ${stop.join(', ')} on one host while the other ${runtime.hosts.length - 1} keep writing to the database being restored; not supported on fleets yet (stop the services on every host by hand, or restore from a one-host environment)`,
			);
		}
		return planner(runtime, options);
	};
}

export function plannerFor(name: ProcedureName): Planner | undefined {
	return planners[name];
}

export function availableProcedures(): ProcedureName[] {
	return Object.keys(planners) as ProcedureName[];
}
