// Facts for restore-backup, all read-only: the backups on the host with size and age, the chosen
// file's rows per table, the state of the services it stops, and the database password for the host's tools.
import {resolveSecret} from '../../adapters/secrets.js';
import type {NamedEnvironment, ServiceConfig} from '../../core/config/schema.js';
import type {Plan} from '../../core/procedures/plan.js';
import {
	backupListingCommand,
	backupNameProblem,
	chooseBackup,
	parseBackupListing,
	parseRowCounts,
	planRestoreBackup,
	rowCountCommand,
	type BackupListing,
	type TableRows,
} from '../../core/procedures/restore-backup.js';
import {batchPrelude} from '../refresh.js';
import {readServiceStatesOn} from '../probes/services.js';
import type {Runtime} from '../runtime.js';
import {PlanError, type ProcedureOptions} from './options.js';

export async function planRestoreBackupFor(runtime: Runtime, options: ProcedureOptions): Promise<Plan> {
	const {env} = runtime;
	const backups = env.backups;
	if (!backups)
		throw new PlanError(
			`${env.name} has no backups section in its configuration (backups: {dir, pattern, stop})`,
		);
	if (!env.database)
		throw new PlanError(
			`${env.name} has no database section: restore-backup needs the database to restore into`,
		);
	const problem = options.backup === undefined ? undefined : backupNameProblem(options.backup);
	if (problem) throw new PlanError(problem);
	const stopped = backups.stop
		.map(name => env.services.find(s => s.name === name))
		.filter((s): s is ServiceConfig => s !== undefined);
	const [listing, serviceStates] = await Promise.all([
		listBackups(runtime),
		readServiceStates(runtime, stopped),
	]);
	const choice = chooseBackup(listing, backups, options.backup);
	if (!choice.ok) throw new PlanError(choice.reason);
	const rowCounts = backups.countRows
		? await countRowsOnce(runtime, `${backups.dir.replace(/\/+$/, '')}/${choice.file.name}`, choice.file)
		: 'backups.countRows is off';
	// Read-only is refused before anything runs: no reason to ask a password manager for the password.
	const password = runtime.readOnly ? undefined : await databasePassword(env);
	return planRestoreBackup(
		env,
		{listing, chosen: choice.file, rowCounts, serviceStates, now: new Date()},
		password,
	);
}

async function listBackups(runtime: Runtime): Promise<BackupListing> {
	const {env} = runtime;
	const result = await runtime.host.exec(`${batchPrelude(env)}${backupListingCommand(env.backups!)}`, {
		timeoutMs: env.probeTimeoutSeconds * 1000,
	});
	if (result.exitCode !== 0)
		throw new PlanError(
			`cannot list the backups in ${env.backups!.dir} on ${runtime.host.label}: ${(result.stderr || result.stdout).trim() || `exit ${result.exitCode}`}`,
		);
	return parseBackupListing(result.stdout);
}

// The plan is made again under the lock (to see whether another operator acted): the same file,
// unchanged (size and time), has the same rows, and reading a big dump twice would double the wait.
const countedRows = new Map<string, TableRows[] | string>();

async function countRowsOnce(
	runtime: Runtime,
	file: string,
	identity: {bytes: number; modifiedAt: number},
): Promise<TableRows[] | string> {
	const key = `${runtime.host.label} ${file} ${identity.bytes} ${identity.modifiedAt}`;
	const known = countedRows.get(key);
	if (Array.isArray(known)) return known;
	const counted = await countRows(runtime, file);
	if (countedRows.size >= 16) countedRows.delete(countedRows.keys().next().value!);
	countedRows.set(key, counted);
	return counted;
}

/** Rows per table in the backup; a reason instead when it can't be read (a corrupt file is refused by the plan's first step). */
async function countRows(runtime: Runtime, file: string): Promise<TableRows[] | string> {
	const {env} = runtime;
	const result = await runtime.host.exec(`${batchPrelude(env)}${rowCountCommand(file)}`, {
		timeoutMs: env.backups!.timeoutSeconds * 1000,
	});
	if (result.timedOut) return `reading it took longer than ${env.backups!.timeoutSeconds}s`;
	if (result.exitCode !== 0)
		return `it could not be read: ${result.stderr.trim().split('\n')[0] || `exit ${result.exitCode}`}`;
	return parseRowCounts(result.stdout);
}

async function readServiceStates(
	runtime: Runtime,
	services: ServiceConfig[],
): Promise<Record<string, string | undefined>> {
	if (services.length === 0) return {};
	const {states} = await readServiceStatesOn(
		runtime.env,
		runtime.host,
		services,
		runtime.env.probeTimeoutSeconds * 1000,
	);
	return Object.fromEntries(services.map(s => [s.name, states[s.name]?.state]));
}

/** The database password for pg_dump/psql on the host (shared with backup). */
export async function databasePassword(env: NamedEnvironment): Promise<string | undefined> {
	const source = env.database!.password;
	if (!source) return undefined; // psql and pg_dump on the host find it in ~/.pgpass, if anywhere
	try {
		return await resolveSecret(source, `the database password (environments.${env.name}.database.password)`);
	} catch (error) {
		throw new PlanError((error as Error).message);
	}
}
