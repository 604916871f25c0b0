// The demo database: schema and rows, as plain SQL. The demo's database snapshot holds the schema
// (demoSchemaScript, run once per version: database-snapshot.ts); each start adds the rows as of its
// own time (demoRowsScript). The whole script, as of each backup's time, is what the gzipped backups
// hold, since PGlite has no pg_dump.

const minute = 60_000;
const hour = 60 * minute;

type SqlValue = string | number | Date | null;

interface JobRow {
	id: number;
	kind: string;
	status: string;
	createdAgo: number;
	updatedAfter: number;
	error: string | null;
}
interface JobRunRow {
	job: string;
	finishedAgo: number;
	durationMs: number;
	status: 'ok' | 'failed';
	error: string | null;
}

const schema = `CREATE TABLE jobs (
	id bigint PRIMARY KEY,
	kind text NOT NULL,
	status text NOT NULL,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	error text
);
CREATE INDEX jobs_status_created_at ON jobs (status, created_at);
CREATE TABLE scheduler_job_runs (
	id serial PRIMARY KEY,
	job_name text NOT NULL,
	started_at timestamptz NOT NULL,
	finished_at timestamptz,
	duration_ms int,
	status text NOT NULL,
	error_snippet text
);
CREATE INDEX scheduler_job_runs_job_started ON scheduler_job_runs (job_name, started_at DESC);`;

// Three jobs stuck in processing past both the 1 h stuck and 2 h reset thresholds (4411, 4414, 4417);
// 4420 is processing but young, so it must not count.
const jobRows: JobRow[] = [
	done(4401, 'ingest_invoices', 8 * hour + 10 * minute),
	done(4402, 'score_accounts', 7 * hour + 45 * minute),
	done(4403, 'export_ledger', 7 * hour + 20 * minute),
	{
		id: 4404,
		kind: 'ingest_invoices',
		status: 'failed',
		createdAgo: 6 * hour + 55 * minute,
		updatedAfter: 4 * minute,
		error: 'upstream feed returned HTTP 502 after 3 attempts',
	},
	done(4405, 'score_accounts', 6 * hour + 30 * minute),
	done(4406, 'sync_payouts', 6 * hour + 5 * minute),
	done(4407, 'ingest_invoices', 5 * hour + 50 * minute),
	done(4408, 'export_ledger', 5 * hour + 35 * minute),
	done(4409, 'score_accounts', 5 * hour + 20 * minute),
	done(4410, 'sync_payouts', 5 * hour + 10 * minute),
	stuck(4411, 'ingest_invoices', 5 * hour),
	done(4412, 'score_accounts', 4 * hour + 30 * minute),
	done(4413, 'export_ledger', 3 * hour + 40 * minute),
	stuck(4414, 'sync_payouts', 3 * hour + 12 * minute),
	done(4415, 'ingest_invoices', 2 * hour + 50 * minute),
	done(4416, 'score_accounts', 2 * hour + 30 * minute),
	stuck(4417, 'export_ledger', 2 * hour + 10 * minute),
	done(4418, 'sync_payouts', 1 * hour + 20 * minute),
	done(4419, 'ingest_invoices', 40 * minute),
	{
		id: 4420,
		kind: 'score_accounts',
		status: 'processing',
		createdAgo: 10 * minute,
		updatedAfter: 1 * minute,
		error: null,
	},
	{id: 4421, kind: 'export_ledger', status: 'queued', createdAgo: 4 * minute, updatedAfter: 0, error: null},
	{id: 4422, kind: 'sync_payouts', status: 'queued', createdAgo: 1 * minute, updatedAfter: 0, error: null},
];

// One stale job (calibration_trainer, 13 h against 12 h); alpha_research's latest run failed but a success 7 h ago keeps it fresh.
const jobRunRows: JobRunRow[] = [
	...Array.from({length: 24}, (_, i): JobRunRow => ({
		job: 'result_resolution',
		finishedAgo: 14 * minute + i * 30 * minute,
		durationMs: 38_000 + ((i * 7919) % 41_000),
		status: 'ok',
		error: null,
	})),
	{job: 'calibration_trainer', finishedAgo: 37 * hour, durationMs: 1_260_000, status: 'ok', error: null},
	{job: 'calibration_trainer', finishedAgo: 25 * hour, durationMs: 1_310_000, status: 'ok', error: null},
	{job: 'calibration_trainer', finishedAgo: 13 * hour, durationMs: 1_195_000, status: 'ok', error: null},
	{job: 'alpha_feature_discovery', finishedAgo: 27 * hour, durationMs: 640_000, status: 'ok', error: null},
	{job: 'alpha_feature_discovery', finishedAgo: 3 * hour, durationMs: 702_000, status: 'ok', error: null},
	{job: 'alpha_research', finishedAgo: 31 * hour, durationMs: 2_040_000, status: 'ok', error: null},
	{job: 'alpha_research', finishedAgo: 7 * hour, durationMs: 1_980_000, status: 'ok', error: null},
	{
		job: 'alpha_research',
		finishedAgo: 6 * hour,
		durationMs: 95_000,
		status: 'failed',
		error: "KeyError: 'feature_set_v7' in research/backtest.py line 212 (features table missing column)",
	},
];

/** The SQL script that (re)creates the demo schema and rows as they were at `now`. */
export function demoDatabaseScript(now: Date): string {
	return [
		`-- pg-ops demo database as of ${now.toISOString()}: plain SQL, restore with psql (or any client).`,
		'BEGIN;',
		...schemaStatements(),
		...rowStatements(now),
		'COMMIT;',
		'',
	].join('\n');
}

/** The tables and indexes, empty: what the demo's database snapshot is built with. */
export function demoSchemaScript(): string {
	return ['BEGIN;', ...schemaStatements(), 'COMMIT;', ''].join('\n');
}

/** The rows as they were at `now`, into the empty tables of demoSchemaScript. */
export function demoRowsScript(now: Date): string {
	return ['BEGIN;', ...rowStatements(now), 'COMMIT;', ''].join('\n');
}

function schemaStatements(): string[] {
	return ['DROP TABLE IF EXISTS jobs;', 'DROP TABLE IF EXISTS scheduler_job_runs;', schema];
}

function rowStatements(now: Date): string[] {
	const at = (agoMs: number) => new Date(now.getTime() - agoMs);
	const jobs = jobRows.map(row => [
		row.id,
		row.kind,
		row.status,
		at(row.createdAgo),
		at(row.createdAgo - row.updatedAfter),
		row.error,
	]);
	const runs = [...jobRunRows]
		.sort((a, b) => b.finishedAgo - a.finishedAgo)
		.map((row, index) => [
			index + 1,
			row.job,
			at(row.finishedAgo + row.durationMs),
			at(row.finishedAgo),
			row.durationMs,
			row.status,
			row.error,
		]);
	return [
		insert('jobs', ['id', 'kind', 'status', 'created_at', 'updated_at', 'error'], jobs),
		insert(
			'scheduler_job_runs',
			['id', 'job_name', 'started_at', 'finished_at', 'duration_ms', 'status', 'error_snippet'],
			runs,
		),
		`SELECT setval('scheduler_job_runs_id_seq', ${runs.length});`,
	];
}

function insert(table: string, columns: string[], rows: SqlValue[][]): string {
	const values = rows.map(row => `\t(${row.map(sqlLiteral).join(', ')})`).join(',\n');
	return `INSERT INTO ${table} (${columns.join(', ')}) VALUES\n${values};`;
}

function sqlLiteral(value: SqlValue): string {
	if (value === null) return 'NULL';
	if (typeof value === 'number') return String(value);
	const text = value instanceof Date ? value.toISOString() : value;
	return `'${text.replaceAll("'", "''")}'`;
}

function done(id: number, kind: string, createdAgo: number): JobRow {
	return {id, kind, status: 'done', createdAgo, updatedAfter: 3 * minute + (id % 5) * minute, error: null};
}

function stuck(id: number, kind: string, createdAgo: number): JobRow {
	return {id, kind, status: 'processing', createdAgo, updatedAfter: 1 * minute, error: null};
}
