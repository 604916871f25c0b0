// Every procedure by name: gathers the facts its plan needs (read-only) and builds the plan.
import type {Plan, ProcedureName} from '../../core/procedures/plan.js';
import type {Runtime} from '../runtime.js';
import {planBackupFor} from './plan-backup.js';
import {planRestartFor} from './plan-restart.js';
import {planResetStuckJobsFor} from './plan-reset-stuck-jobs.js';
import {planRestoreBackupFor} from './plan-restore-backup.js';
import {planRotateTokenFor} from './plan-rotate-token.js';
import {planSwitchSlotFor} from './plan-switch-slot.js';
import type {ProcedureOptions} from './options.js';

export {PlanError, type ProcedureOptions} from './options.js';

export type Planner = (runtime: Runtime, options: ProcedureOptions) => Promise<Plan>;

const planners: Partial<Record<ProcedureName, Planner>> = {
	restart: planRestartFor,
	'reset-stuck-jobs': planResetStuckJobsFor,
	'restore-backup': planRestoreBackupFor,
	'rotate-token': planRotateTokenFor,
	'switch-slot': planSwitchSlotFor,
	backup: planBackupFor,
};

export function plannerFor(name: ProcedureName): Planner | undefined {
	return planners[name];
}

export function availableProcedures(): ProcedureName[] {
	return Object.keys(planners) as ProcedureName[];
}
