// What a caller may choose for a procedure, and the error for a plan that cannot be made.
import {unknownHost} from '../runtime.js';

export type ProcedureOptions = {
	/** restart: the service (required when there are several: the error lists them and their states). */
	service?: string;
	/**
	 * Fleets: the host to act on. restart without one rolls over every host, one at a time; the
	 * other host procedures need one on a fleet (they act on one host).
	 */
	host?: string;
	/** restore-backup: the backup file (a name in backups.dir; default: the newest). */
	backup?: string;
	/** rotate-token: the key to rotate (default: the first in secrets). */
	secret?: string;
	/** rotate-token: a value typed by the operator instead of a generated one. */
	token?: string;
	/** The plan will only be shown: facts are read without side effects (reset-stuck-jobs previews with a SELECT, not the rolled-back UPDATE). */
	dryRun?: boolean;
};

/** The procedure cannot be planned (nothing to do, a name that does not exist): nothing was run. */
export class PlanError extends Error {}

/** options.host checked against the environment's hosts: a PlanError when it is not one. */
export function chosenHost(
	runtime: {env: {name: string}; hosts: Array<{name: string}>},
	options: ProcedureOptions,
): string | undefined {
	if (options.host === undefined) return undefined;
	const problem = unknownHost(runtime, options.host);
	if (problem) throw new PlanError(problem);
	return options.host;
}
