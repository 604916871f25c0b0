// The VM's PostgreSQL once it has booted: the app's role and database (made as the VM's postgres
// account, the password on standard input), the demo's rows (over TCP as the app's role, so scram
// authentication is proven on the way), a read-only role for read-only environments, and the nightly
// backups as real pg_dump output of the same data as of each backup's time.
import {chownSync, readdirSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import pg from 'pg';
import {demoDatabaseScript} from '../../../source/demo/seed-data.js';
import {sleep} from '../../../source/demo/processes.js';
import {vmAccounts} from './base-root.js';
import {vmExec, vmExecChecked} from './vm-exec.js';

export const databaseName = 'analytics';
export const databaseRole = 'ops';
/** A role that may only read: the read-only environment's database user, refused by the server itself. */
export const readOnlyDatabaseRole = 'ops_viewer';

export interface VmDatabase {
	leaderPid: number;
	port: number;
	password: string;
}

function psqlAsPostgres(database: VmDatabase, sql: string) {
	return vmExecChecked(
		database.leaderPid,
		['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-p', String(database.port), '-d', 'postgres'],
		{
			user: 'postgres',
			input: sql,
		},
	);
}

/** Waits for the server (a unit that started at boot), then creates the roles and the database and seeds it. */
export async function prepareVmDatabase(database: VmDatabase, now: Date): Promise<void> {
	const deadline = Date.now() + 30_000;
	while (
		(await vmExec(database.leaderPid, ['pg_isready', '-q', '-h', '127.0.0.1', '-p', String(database.port)]))
			.code !== 0
	) {
		if (Date.now() > deadline)
			throw new Error(
				`the lab VM's PostgreSQL did not accept connections on 127.0.0.1:${database.port} within 30 s`,
			);
		await sleep(100);
	}
	await psqlAsPostgres(
		database,
		[
			`CREATE ROLE ${databaseRole} LOGIN PASSWORD '${database.password}';`,
			`CREATE ROLE ${readOnlyDatabaseRole} LOGIN PASSWORD '${database.password}';`,
			`CREATE DATABASE ${databaseName} OWNER ${databaseRole};`,
			'',
		].join('\n'),
	);
	await seed(database, databaseName, demoDatabaseScript(now));
	await vmExecChecked(
		database.leaderPid,
		['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-p', String(database.port), '-d', databaseName],
		{
			user: 'postgres',
			input: `GRANT USAGE ON SCHEMA public TO ${readOnlyDatabaseRole};\nGRANT SELECT ON ALL TABLES IN SCHEMA public TO ${readOnlyDatabaseRole};\n`,
		},
	);
}

/** Replaces each db_*.sql.gz of the VM's backups dir (host path) with pg_dump's dump of the demo's data as of that file's time. */
export async function writeVmBackups(database: VmDatabase, backupsDir: string): Promise<void> {
	const files = readdirSync(backupsDir)
		.filter(name => /^db_.*\.sql\.gz$/.test(name))
		.sort();
	const scratch = files.map((_, index) => `lab_backup_${index}`);
	await psqlAsPostgres(
		database,
		scratch.map(name => `CREATE DATABASE ${name} OWNER ${databaseRole};`).join('\n'),
	);
	try {
		await Promise.all(
			files.map(async (name, index) => {
				const file = join(backupsDir, name);
				const takenAt = statSync(file).mtime;
				await seed(database, scratch[index]!, demoDatabaseScript(takenAt));
				const dump = await vmExecChecked(
					database.leaderPid,
					['pg_dump', '--clean', '--if-exists', '-p', String(database.port), '-d', scratch[index]!],
					{user: 'postgres'},
				);
				writeFileSync(file, gzipSync(dump.stdout));
				utimesSync(file, takenAt, takenAt);
				chownSync(file, vmAccounts.deploy.uid, vmAccounts.deploy.gid);
			}),
		);
	} finally {
		await psqlAsPostgres(database, scratch.map(name => `DROP DATABASE IF EXISTS ${name};`).join('\n'));
	}
}

async function seed(database: VmDatabase, name: string, script: string): Promise<void> {
	const client = new pg.Client({
		host: '127.0.0.1',
		port: database.port,
		user: databaseRole,
		password: database.password,
		database: name,
	});
	await client.connect();
	try {
		await client.query(script);
	} finally {
		await client.end();
	}
}
