// PostgreSQL through `pg`: parameterised queries only, a client-side timeout on each, and
// read-only sessions for read-only environments (the server refuses writes, not just the UI).
import pg from 'pg';

export type DatabaseOptions = {host: string; port: number; database: string; user: string; password?: () => Promise<string | undefined>; readOnly: boolean; timeoutMs: number};

export class Database {
	private readonly pool: pg.Pool;

	constructor(private readonly options: DatabaseOptions) {
		this.pool = new pg.Pool({
			host: options.host,
			port: options.port,
			database: options.database,
			user: options.user,
			password: options.password ? async () => (await options.password!()) ?? '' : undefined,
			max: 2,
			idleTimeoutMillis: 30_000,
			connectionTimeoutMillis: options.timeoutMs,
			query_timeout: options.timeoutMs,
			application_name: 'pg-ops',
		});
		this.pool.on('error', () => {}); // an idle client's broken connection: the next query reports it
		if (options.readOnly) this.pool.on('connect', client => void client.query('SET default_transaction_read_only = on').catch(() => {}));
	}

	get label(): string {
		return `${this.options.user}@${this.options.host}:${this.options.port}/${this.options.database}`;
	}

	async query<Row extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row[]> {
		try {
			const result = await this.pool.query(sql, params);
			return result.rows as Row[];
		} catch (error) {
			throw new Error(`database ${this.label}: ${describeDatabaseError(error)}`);
		}
	}

	async close(): Promise<void> {
		await this.pool.end().catch(() => {});
	}
}

function describeDatabaseError(error: unknown): string {
	const e = error as {code?: string; message?: string};
	if (e.code === 'ECONNREFUSED') return 'connection refused (is PostgreSQL running and the tunnel up?)';
	if (e.code === '28P01') return 'password authentication failed';
	if (e.code === '42P01') return `${e.message} (check etl.table / jobs.source.sql.table)`;
	if (e.code === '42703') return `${e.message} (check the column names in the config)`;
	if (/timeout/i.test(e.message ?? '')) return 'no answer in time';
	return e.message ?? String(error);
}
