// The demo's database as a test reads and changes it behind pg-ops' back: one client per use,
// always closed; the ETL jobs' statuses by id (what reset-stuck-jobs acts on).
import pg from 'pg';
import type {DemoInfo} from '../../source/demo/demo-info.js';

export async function withDemoDatabase<T>(
	database: DemoInfo['database'],
	use: (client: pg.Client) => Promise<T>,
): Promise<T> {
	const client = new pg.Client({
		host: database.host,
		port: database.port,
		user: database.user,
		database: database.name,
	});
	await client.connect();
	try {
		return await use(client);
	} finally {
		await client.end();
	}
}

/** Every job's status by id. */
export const demoJobs = (database: DemoInfo['database']): Promise<Record<string, string>> =>
	withDemoDatabase(database, async client => {
		const {rows} = await client.query<{id: string; status: string}>(
			'SELECT id::text AS id, status FROM jobs ORDER BY id',
		);
		return Object.fromEntries(rows.map(r => [r.id, r.status]));
	});

/** Sets one job's status, as another operator or the pipeline would. */
export const setDemoJob = (database: DemoInfo['database'], id: string, status: string): Promise<void> =>
	withDemoDatabase(database, async client => {
		await client.query('UPDATE jobs SET status = $1 WHERE id::text = $2', [status, id]);
	});
