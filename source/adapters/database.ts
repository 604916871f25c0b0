// PostgreSQL through `pg`: parameterised queries only, a client-side timeout on each, and
// read-only sessions for read-only environments (the server refuses writes, not just the UI).
// Every text value of a row, and the server's error text, made visible (core/safe-text.ts) before
// anything reads it.
import type pg from 'pg';
import {visibleJson, visibleLine} from '../core/safe-text.js';
import {traced} from './trace.js';
import {afterFirstLoads} from './load-order.js';

export type DatabaseOptions = {
	host: string;
	port: number;
	/** Where to really connect when the database is reached through a tunnel; messages keep naming host:port. */
	endpoint?: () => Promise<{host: string; port: number}>;
	database: string;
	user: string;
	/** Without one, pg reads ~/.pgpass as psql does. */
	password?: () => Promise<string | undefined>;
	readOnly: boolean;
	timeoutMs: number;
	/** Adds the cause a failed query can't see itself (the SSH tunnel's error). */
	explainFailure?: () => string | undefined;
};

export class Database {
	private pool?: Promise<pg.Pool>;

	constructor(private readonly options: DatabaseOptions) {}

	// The pool is made on first use: a tunnel's local port is known only once it listens.
	private getPool(): Promise<pg.Pool> {
		this.pool ??= this.makePool().catch(error => {
			this.pool = undefined;
			throw error;
		});
		return this.pool;
	}

	private async makePool(): Promise<pg.Pool> {
		const options = this.options;
		// The password is asked for now, beside the tunnel's set-up, rather than once the server asks
		// for it: its source (a command, a password manager) then runs while the connection is made.
		// pg's first connection takes this answer; later ones ask the source (which caches it).
		let early = options.password?.();
		early?.catch(() => undefined);
		const password = async () => {
			const answer = early ?? options.password!();
			early = undefined;
			return (await answer) ?? '';
		};
		// pg is loaded here, beside the tunnel's set-up: a command that asks nothing of the database never
		// compiles it; one over SSH compiles it once ssh2 has loaded (load-order.ts).
		const [endpoint, {default: driver}] = await Promise.all([
			options.endpoint
				? traced('database: tunnel', options.endpoint())
				: {host: options.host, port: options.port},
			traced(
				'database: pg load',
				afterFirstLoads().then(() => import('pg')),
			),
		]);
		const pool = new driver.Pool({
			host: endpoint.host,
			port: endpoint.port,
			database: options.database,
			user: options.user,
			password: options.password ? password : undefined,
			max: 2,
			idleTimeoutMillis: 30_000,
			connectionTimeoutMillis: options.timeoutMs,
			query_timeout: options.timeoutMs,
			application_name: 'pg-ops',
			// Read-only sessions from the first statement on, enforced by the server.
			options: options.readOnly ? '-c default_transaction_read_only=on' : undefined,
		});
		pool.on('error', () => {}); // an idle client's broken connection: the next query reports it
		return pool;
	}

	get label(): string {
		return `${this.options.user}@${this.options.host}:${this.options.port}/${this.options.database}`;
	}

	async query<Row extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row[]> {
		try {
			const result = await traced('database: query', (await this.getPool()).query(sql, params));
			return visibleJson(result.rows) as Row[];
		} catch (error) {
			throw new DatabaseError(
				`database ${this.label}: ${describeDatabaseError(error, this.options.endpoint !== undefined)}${this.explanation()}`,
				fromServer(error),
			);
		}
	}

	private explanation(): string {
		const cause = this.options.explainFailure?.();
		return cause ? ` (through the SSH tunnel: ${cause})` : '';
	}

	/** Runs statements in one transaction on one session; commits, or rolls back when `rollback` (a preview) or on error. Returns each statement's rows. */
	async transaction(
		statements: Array<{sql: string; params: unknown[]}>,
		{rollback = false}: {rollback?: boolean} = {},
	): Promise<Array<Array<Record<string, unknown>>>> {
		const pool = await this.getPool();
		let client: pg.PoolClient | undefined;
		try {
			client = await pool.connect();
			await client.query('BEGIN');
			const results: Array<Array<Record<string, unknown>>> = [];
			for (const statement of statements)
				results.push(
					visibleJson((await client.query(statement.sql, statement.params)).rows) as Array<
						Record<string, unknown>
					>,
				);
			await client.query(rollback ? 'ROLLBACK' : 'COMMIT');
			return results;
		} catch (error) {
			await client?.query('ROLLBACK').catch(() => {});
			throw new DatabaseError(
				`database ${this.label}: ${describeDatabaseError(error, this.options.endpoint !== undefined)}${this.explanation()}`,
				fromServer(error),
			);
		} finally {
			client?.release();
		}
	}

	async close(): Promise<void> {
		const pool = await this.pool?.catch(() => undefined);
		await pool?.end().catch(() => {});
	}
}

/**
 * `refusedByServer`: PostgreSQL itself answered with an error, so the statement (or the transaction)
 * was rolled back there; otherwise (no connection, a timeout, a connection lost mid-COMMIT) nobody
 * can say what the server did.
 */
export class DatabaseError extends Error {
	constructor(
		message: string,
		readonly refusedByServer: boolean,
	) {
		super(message);
		this.name = 'DatabaseError';
	}
}

// pg's errors from the server carry the server's severity; errors of the socket or the client don't.
function fromServer(error: unknown): boolean {
	return typeof (error as {severity?: unknown})?.severity === 'string';
}

function describeDatabaseError(error: unknown, tunnelled: boolean): string {
	const raw = error as {code?: string; message?: string};
	// The server's message can quote anything a row or a RAISE put in it.
	const e = {code: raw.code, message: raw.message === undefined ? undefined : visibleLine(raw.message)};
	// Only a tunnelled connection has a tunnel to blame; a direct one (via: direct) never did.
	if (e.code === 'ECONNREFUSED')
		return `connection refused (is PostgreSQL running${tunnelled ? ' and the SSH tunnel up' : ' and listening there'}?)`;
	if (e.code === '28P01') return 'password authentication failed';
	if (e.code === '42P01') return `${e.message} (check etl.table / jobs.source.sql.table)`;
	if (e.code === '42703') return `${e.message} (check the column names in the config)`;
	if (/timeout/i.test(e.message ?? '')) return 'no answer in time';
	return e.message ?? visibleLine(String(error));
}
