// STAND-IN FOR pg_dump AND psql (pg-ops demo), run by the sandbox's bin/pg_dump and bin/psql: the demo's
// PostgreSQL is PGlite, which has neither, so restore-backup's safety dump and restore go through these
// small stand-ins and the ordinary `pg` client. Against real hosts pg-ops runs the real pg_dump and psql.
// Exit codes as the real tools: 0 done, 1 pg_dump failed, 2 bad usage or no connection, 3 psql script error.
import pg from 'pg';
import {
	type ConnectionOptions,
	UnsupportedOptionError,
	parsePgDumpArgs,
	parsePsqlArgs,
} from './database-tool-options.js';
import {dumpDatabase} from './pg-dump-stand-in.js';
import {UnsupportedScriptError, runScript, scriptForServer} from './psql-stand-in.js';

const [tool, ...args] = process.argv.slice(2);

try {
	process.exitCode = tool === 'pg_dump' ? await pgDump(args) : tool === 'psql' ? await psql(args) : usage();
} catch (error) {
	if (error instanceof UnsupportedOptionError || error instanceof UnsupportedScriptError) {
		process.stderr.write(`${error.message}\n`);
		process.exitCode = 2;
	} else {
		throw error;
	}
}

async function pgDump(argv: string[]): Promise<number> {
	const options = parsePgDumpArgs(argv);
	const client = await connect('pg_dump', options.connection);
	if (!client) return 1;
	try {
		const chunks: string[] = [];
		await dumpDatabase(client, options, text => chunks.push(text));
		await write(chunks.join(''));
		return 0;
	} catch (error) {
		process.stderr.write(`pg_dump: error: ${(error as Error).message}\n`);
		return 1;
	} finally {
		await client.end().catch(() => undefined);
	}
}

async function psql(argv: string[]): Promise<number> {
	const options = parsePsqlArgs(argv);
	const script = scriptForServer(await readStdin());
	const client = await connect('psql', options.connection);
	if (!client) return 2;
	try {
		await runScript(client, script);
		return 0;
	} catch (error) {
		process.stderr.write(`psql:<stdin>: ERROR:  ${(error as Error).message}\n`);
		return 3;
	} finally {
		await client.end().catch(() => undefined);
	}
}

/** Connection settings from the flags, else PGHOST, PGPORT, PGUSER, PGDATABASE and PGPASSWORD, as libpq reads them. */
async function connect(name: string, connection: ConnectionOptions): Promise<pg.Client | undefined> {
	const client = new pg.Client({...connection, application_name: `${name} (pg-ops demo stand-in)`});
	try {
		await client.connect();
		return client;
	} catch (error) {
		process.stderr.write(
			`${name}: error: connection to server at ${connection.host ?? process.env.PGHOST ?? 'localhost'}, port ${connection.port ?? process.env.PGPORT ?? 5432} failed: ${(error as Error).message}\n`,
		);
		return undefined;
	}
}

async function readStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function write(text: string): Promise<void> {
	return new Promise((resolve, reject) =>
		process.stdout.write(text, error => (error ? reject(error) : resolve())),
	);
}

function usage(): number {
	process.stderr.write(
		"usage: database-tools.js pg_dump|psql [OPTIONS] (the pg-ops demo's stand-ins for pg_dump and psql)\n",
	);
	return 2;
}
