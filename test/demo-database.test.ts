// The demo's database: its port answers at once, as PostgreSQL does while it starts (57P03), then
// serves the seeded rows from a copy of the snapshot; the snapshot is made once and reused.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import pg from 'pg';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {startDatabaseServer} from '../source/demo/database-server.js';

const dir = mkdtempSync(join(tmpdir(), 'pg-ops-demo-db-'));
const cacheBefore = process.env.PGOPS_CACHE_DIR;
beforeAll(() => {
	process.env.PGOPS_CACHE_DIR = join(dir, 'cache');
});
afterAll(() => {
	if (cacheBefore === undefined) delete process.env.PGOPS_CACHE_DIR;
	else process.env.PGOPS_CACHE_DIR = cacheBefore;
	rmSync(dir, {recursive: true, force: true});
});

const client = (port: number) =>
	new pg.Client({host: '127.0.0.1', port, user: 'postgres', database: 'postgres'});

test('says "starting up" until PGlite opens, then serves the rows; a second start reuses the snapshot', async () => {
	const lines: string[] = [];
	const log = (line: string) => lines.push(line);
	const first = await startDatabaseServer({dataDir: join(dir, 'first'), now: new Date(), log});
	try {
		// The snapshot is still being made: a client is told what PostgreSQL says while it starts.
		const early = client(first.port);
		await expect(early.connect()).rejects.toMatchObject({
			code: '57P03',
			message: 'the database system is starting up',
		});
		await first.ready;
		const ready = client(first.port);
		await ready.connect();
		const {rows} = await ready.query<{stuck: string}>(
			"SELECT count(*) AS stuck FROM jobs WHERE status = 'processing' AND created_at < now() - interval '1 hour'",
		);
		expect(Number(rows[0]!.stuck)).toBe(3);
		await ready.end();
	} finally {
		await first.stop();
	}
	expect(lines).toContainEqual(
		expect.stringMatching(
			/^making the demo's database snapshot in .*\/cache\/demo-database\/pg-ops-.*-pglite-/,
		),
	);

	lines.length = 0;
	const second = await startDatabaseServer({dataDir: join(dir, 'second'), now: new Date(), log});
	try {
		await second.ready;
		const again = client(second.port);
		await again.connect();
		expect(
			(await again.query('SELECT count(*)::int AS n FROM scheduler_job_runs')).rows[0].n,
		).toBeGreaterThan(0);
		await again.end();
	} finally {
		await second.stop();
	}
	expect(lines.filter(line => line.includes('snapshot'))).toEqual([]);
}, 240_000);
