// The VM's nightly backups as the lab has them: REAL pg_dump output (plain SQL, --clean --if-exists,
// gzip) of the lab's PostgreSQL holding the demo's data as of each backup's time, so restoring one with
// psql is a real restore. Each is dumped from a scratch database that is dropped again.
import {chownSync, readdirSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import pg from 'pg';
import {demoDatabaseScript} from '../../source/demo/seed-data.js';
import type {LabPaths} from './lab-paths.js';
import type {LabUser} from './lab-user.js';
import {databaseRole, postgresAccount} from './postgres-server.js';
import {postgresBinDir} from './prerequisites.js';
import {runChecked} from './run-command.js';

export interface LabBackupSettings {
	port: number;
	password: string;
	/** The sandbox's backups directory: the demo's files there give each backup's name and time. */
	dir: string;
	user: LabUser;
}

/** Replaces each db_*.sql.gz the sandbox builder wrote with pg_dump's dump of the same data, keeping name, time and owner. */
export async function writeLabBackups(
	paths: LabPaths,
	{port, password, dir, user}: LabBackupSettings,
): Promise<void> {
	const files = readdirSync(dir)
		.filter(name => /^db_.*\.sql\.gz$/.test(name))
		.sort();
	const scratch = files.map((_, index) => `lab_backup_${index}`);
	await asPostgres(
		paths,
		port,
		scratch.map(name => `CREATE DATABASE ${name} OWNER ${databaseRole};`).join('\n'),
	);
	try {
		await Promise.all(
			files.map(async (name, index) => {
				const file = join(dir, name);
				const takenAt = statSync(file).mtime;
				await seed(port, password, scratch[index]!, demoDatabaseScript(takenAt));
				// The password in pg_dump's environment, never its command line.
				const dump = await runChecked(
					join(postgresBinDir(), 'pg_dump'),
					[
						'--clean',
						'--if-exists',
						'-h',
						'127.0.0.1',
						'-p',
						String(port),
						'-U',
						databaseRole,
						'-d',
						scratch[index]!,
					],
					{env: {PATH: '/usr/bin:/bin', PGPASSWORD: password}},
				);
				writeFileSync(file, gzipSync(dump.stdout));
				utimesSync(file, takenAt, takenAt);
				chownSync(file, user.uid, user.gid);
			}),
		);
	} finally {
		await asPostgres(paths, port, scratch.map(name => `DROP DATABASE IF EXISTS ${name};`).join('\n'));
	}
}

async function seed(port: number, password: string, database: string, script: string): Promise<void> {
	const client = new pg.Client({host: '127.0.0.1', port, user: databaseRole, password, database});
	await client.connect();
	try {
		await client.query(script);
	} finally {
		await client.end();
	}
}

async function asPostgres(paths: LabPaths, port: number, sql: string): Promise<void> {
	const account = await postgresAccount();
	const bin = postgresBinDir();
	await runChecked(
		join(bin, 'psql'),
		[
			'-X',
			'-q',
			'-v',
			'ON_ERROR_STOP=1',
			'-h',
			paths.pgSocket,
			'-p',
			String(port),
			'-U',
			'postgres',
			'-d',
			'postgres',
		],
		{
			as: account,
			cwd: paths.dir,
			env: {PATH: `${bin}:/usr/bin:/bin`, LANG: 'C.UTF-8', HOME: paths.pgData},
			input: sql,
		},
	);
}
