// Facts for backup, all read-only: the database's tables with their rows (what the dump must hold),
// what backups.dir holds now and its free space, and the database password for the host's pg_dump.
import type {Plan} from '../../core/procedures/plan.js';
import {planBackup, type BackupFacts} from '../../core/procedures/backup.js';
import {
	backupListingCommand,
	parseBackupListing,
	type BackupListing,
} from '../../core/procedures/restore-backup.js';
import {shellCommand} from '../../core/shell.js';
import {batchPrelude} from '../refresh.js';
import type {Runtime} from '../runtime.js';
import {PlanError, type ProcedureOptions} from './options.js';
import {databasePassword} from './plan-restore-backup.js';

// What pg_dump dumps: ordinary tables outside the system schemas that no extension owns.
const tablesSql = `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name
	FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
		AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
	ORDER BY 1`;

export async function planBackupFor(runtime: Runtime, _options: ProcedureOptions): Promise<Plan> {
	const {env} = runtime;
	if (!env.backups)
		throw new PlanError(
			`${env.name} has no backups section in its configuration (backups: {dir, pattern}): backup writes into backups.dir`,
		);
	if (!env.database)
		throw new PlanError(`${env.name} has no database section: backup needs the database to dump`);
	const [tables, listing, freeKb] = await Promise.all([
		listTables(runtime),
		listBackups(runtime),
		freeSpace(runtime),
	]);
	const facts: BackupFacts = {tables, listing, freeKb, now: new Date()};
	// Read-only is refused before anything runs: no reason to ask a password manager for the password.
	const password = runtime.readOnly ? undefined : await databasePassword(env);
	return planBackup(env, facts, password);
}

/** The tables and, with backups.countRows, their rows now; a reason instead when the database can't say. */
async function listTables(runtime: Runtime): Promise<BackupFacts['tables']> {
	const database = runtime.database!;
	let names: string[];
	try {
		names = (await database.query<{name: string}>(tablesSql)).map(r => r.name);
	} catch (error) {
		return (error as Error).message;
	}
	if (!runtime.env.backups!.countRows || names.length === 0) return names.map(table => ({table}));
	// Names come quoted by the server (quote_ident), so they are safe to put into the query.
	const sql = names
		.map((name, i) => `SELECT $${i + 1}::text AS name, count(*)::bigint AS rows FROM ONLY ${name}`)
		.join(' UNION ALL ');
	try {
		const counted = new Map(
			(await database.query<{name: string; rows: string}>(sql, names)).map(r => [r.name, Number(r.rows)]),
		);
		return names.map(table => ({table, rows: counted.get(table)}));
	} catch {
		// Counting a big table can outlast the query timeout: the dump is then checked to hold the tables only.
		return names.map(table => ({table}));
	}
}

async function listBackups(runtime: Runtime): Promise<BackupListing> {
	const {env} = runtime;
	const result = await runtime.host.exec(`${batchPrelude(env)}${backupListingCommand(env.backups!)}`, {
		timeoutMs: env.probeTimeoutSeconds * 1000,
	});
	if (result.exitCode !== 0)
		throw new PlanError(
			`cannot list ${env.backups!.dir} on ${runtime.host.label}: ${(result.stderr || result.stdout).trim() || `exit ${result.exitCode}`}`,
		);
	return parseBackupListing(result.stdout);
}

async function freeSpace(runtime: Runtime): Promise<number | undefined> {
	const {env} = runtime;
	const result = await runtime.host
		.exec(`${batchPrelude(env)}${shellCommand(['df', '-Pk', env.backups!.dir])}`, {
			timeoutMs: env.probeTimeoutSeconds * 1000,
		})
		.catch(() => undefined);
	const fields = result?.exitCode === 0 ? result.stdout.trim().split('\n').at(-1)?.split(/\s+/) : undefined;
	const available = Number(fields?.[3]);
	return Number.isFinite(available) ? available : undefined;
}
