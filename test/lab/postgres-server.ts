// The lab's PostgreSQL: Debian's server binaries, a cluster under DIR/pgdata run by the `postgres`
// account (initdb refuses root), listening on 127.0.0.1 only, scram-sha-256 for TCP clients.
import {
	appendFileSync,
	chmodSync,
	chownSync,
	existsSync,
	mkdirSync,
	readFileSync,
	writeFileSync,
} from 'node:fs';
import {join} from 'node:path';
import pg from 'pg';
import {demoDatabaseScript} from '../../source/demo/seed-data.js';
import {isProcessAlive, terminateProcess} from '../../source/demo/processes.js';
import type {LabPaths} from './lab-paths.js';
import {lastLines} from './log-tail.js';
import {postgresBinDir} from './prerequisites.js';
import {runChecked, runCommand} from './run-command.js';

export const databaseName = 'analytics';
export const databaseRole = 'ops';

export interface PostgresStart {
	port: number;
	password: string;
	now: Date;
}

/** Creates the cluster, starts it, and seeds `analytics` (owned by `ops`) with the demo's schema and rows; returns the postmaster's pid. */
export async function startPostgres(paths: LabPaths, {port, password, now}: PostgresStart): Promise<number> {
	const account = await postgresAccount();
	const bin = postgresBinDir();
	for (const dir of [paths.pgData, paths.pgSocket]) {
		mkdirSync(dir, {recursive: true});
		chownSync(dir, account.uid, account.gid);
		chmodSync(dir, 0o700);
	}
	writeFileSync(paths.pgLog, '');
	chownSync(paths.pgLog, account.uid, account.gid);
	const asPostgres = {
		as: account,
		cwd: paths.dir,
		env: {PATH: `${bin}:/usr/bin:/bin`, LANG: 'C.UTF-8', HOME: paths.pgData},
	};

	// --no-sync and fsync=off: a throwaway cluster, so start-up costs a second rather than several.
	await runChecked(
		join(bin, 'initdb'),
		[
			'-D',
			paths.pgData,
			'-U',
			'postgres',
			'-E',
			'UTF8',
			'--locale=C',
			'--no-sync',
			'--auth-local=peer',
			'--auth-host=scram-sha-256',
		],
		asPostgres,
	);
	appendFileSync(join(paths.pgData, 'postgresql.conf'), serverSettings(paths, port));
	writeFileSync(join(paths.pgData, 'pg_hba.conf'), hbaRules());
	const started = await runCommand(
		join(bin, 'pg_ctl'),
		['start', '-D', paths.pgData, '-l', paths.pgLog, '-w', '-t', '30'],
		asPostgres,
	);
	if (started.code !== 0)
		throw new Error(
			`PostgreSQL did not start (pg_ctl exited with ${started.code}); last lines of ${paths.pgLog}:\n${lastLines(paths.pgLog)}`,
		);

	// The role's password goes through stdin, never a command line.
	const setup = `CREATE ROLE ${databaseRole} LOGIN PASSWORD '${password}';\nCREATE DATABASE ${databaseName} OWNER ${databaseRole};\n`;
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
		{...asPostgres, input: setup},
	);
	// Seeded as ops over TCP: the tables are ops' own, and scram authentication is proven on the way.
	const client = new pg.Client({
		host: '127.0.0.1',
		port,
		user: databaseRole,
		password,
		database: databaseName,
	});
	await client.connect();
	try {
		await client.query(demoDatabaseScript(now));
	} finally {
		await client.end();
	}
	return postmasterPid(paths) ?? 0;
}

/** `pg_ctl stop -m fast`, then the postmaster's pid as a fallback; true when a server was running. */
export async function stopPostgres(paths: LabPaths): Promise<boolean> {
	const pid = postmasterPid(paths);
	if (!pid || !isProcessAlive(pid)) return false;
	const account = await postgresAccount();
	const bin = postgresBinDir();
	const stopped = await runCommand(
		join(bin, 'pg_ctl'),
		['stop', '-D', paths.pgData, '-m', 'fast', '-w', '-t', '20'],
		{as: account, cwd: paths.dir, env: {PATH: `${bin}:/usr/bin:/bin`}},
	).catch(() => undefined);
	// SIGINT is PostgreSQL's fast shutdown; terminateProcess escalates if even that hangs.
	if (stopped?.code !== 0 || isProcessAlive(pid)) {
		try {
			process.kill(pid, 'SIGINT');
		} catch {
			// Gone meanwhile.
		}
		await terminateProcess(pid, 10_000);
	}
	return true;
}

export function postmasterPid(paths: LabPaths): number | undefined {
	const file = join(paths.pgData, 'postmaster.pid');
	if (!existsSync(file)) return undefined;
	const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
	return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function serverSettings(paths: LabPaths, port: number): string {
	return [
		'',
		'# pg-ops lab: loopback only, on the port the lab chose; small and fast, not durable.',
		"listen_addresses = '127.0.0.1'",
		`port = ${port}`,
		`unix_socket_directories = '${paths.pgSocket}'`,
		'max_connections = 50',
		'shared_buffers = 16MB',
		'fsync = off',
		'synchronous_commit = off',
		'full_page_writes = off',
		"password_encryption = 'scram-sha-256'",
		'',
	].join('\n');
}

// Only the postgres account over the socket (to create the role); everyone else over TCP with a password.
function hbaRules(): string {
	return ['# pg-ops lab', 'local all postgres peer', 'host all all 127.0.0.1/32 scram-sha-256', ''].join(
		'\n',
	);
}

export async function postgresAccount(): Promise<{uid: number; gid: number}> {
	const result = await runCommand('getent', ['passwd', 'postgres']);
	if (result.code !== 0)
		throw new Error('there is no postgres account; install PostgreSQL: apt-get install -y postgresql');
	const [, , uid, gid] = result.stdout.trim().split(':');
	return {uid: Number(uid), gid: Number(gid)};
}
