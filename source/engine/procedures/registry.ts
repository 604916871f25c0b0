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
	'restore-backup': onOneHost('restore-backup', planRestoreBackupFor),
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
		if (!host) throw new PlanError(`${runtime.env.name} has ${runtime.hosts.length} hosts; ${name} acts on one host: choose it (--host NAME, or select the host's row in the console)`);
		return planOnHost(await planner(runtime.forHost(host), options), host, runtime.hosts.length);
	};
}

export function plannerFor(name: ProcedureName): Planner | undefined {
	return planners[name];
}

export function availableProcedures(): ProcedureName[] {
	return Object.keys(planners) as ProcedureName[];
}
