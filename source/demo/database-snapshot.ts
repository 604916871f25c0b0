// The demo's PostgreSQL data directory, made once per version and copied at each start. A fresh
// initdb in PGlite takes seconds (several times that on a busy machine); opening a copy of a data
// directory that already holds the demo's tables takes a fraction of it. The snapshot lives in the
// user's cache directory (PGOPS_CACHE_DIR, else $XDG_CACHE_HOME/pg-ops, else ~/.cache/pg-ops),
// named by pg-ops' and PGlite's versions, and is rebuilt when it is missing or fails to open.
import {userCacheDir} from '../adapters/cache-dir.js';
import {spawn, type ChildProcess} from 'node:child_process';
import {cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {PGlite} from '@electric-sql/pglite';
import {pgOpsVersion} from '../core/version.js';
import {builtDemoScript} from './package-paths.js';
import {demoRowsScript, demoSchemaScript} from './seed-data.js';

/** Bumped whenever what the snapshot holds changes, so an old one is not reused. */
const snapshotFormat = 1;
const markerFile = 'pg-ops-demo-snapshot.json';

// PGlite's own defaults, plus a small buffer cache: the demo's few rows need no 128 MB of
// shared_buffers, and the supervisor's memory is mostly that cache.
const startParams = [
	'--single',
	'-F',
	'-O',
	'-j',
	'-c',
	'search_path=public',
	'-c',
	'exit_on_error=false',
	'-c',
	'log_checkpoints=false',
	'-c',
	'max_worker_processes=0',
	'-c',
	'max_parallel_workers=0',
	'-c',
	'max_parallel_workers_per_gather=0',
	'-c',
	'io_method=sync',
	'-c',
	'max_parallel_maintenance_workers=0',
	'-c',
	'shared_buffers=2MB',
	'-c',
	'max_connections=20',
];

/** Opens the demo database in `dataDir` (a copy of the snapshot, replacing whatever was there) with its rows as of `now`. */
export async function openDemoDatabase(
	dataDir: string,
	now: Date,
	log: (line: string) => void,
): Promise<PGlite> {
	let snapshot = await databaseSnapshot(log);
	let db: PGlite;
	try {
		db = await openCopy(snapshot, dataDir);
	} catch (error) {
		// A snapshot that can't be opened (damaged, left by another build of PGlite) is made again, once.
		log(`the database snapshot ${snapshot} did not open (${(error as Error).message}); making it again`);
		rmSync(snapshot, {recursive: true, force: true});
		snapshot = await databaseSnapshot(log);
		db = await openCopy(snapshot, dataDir);
	}
	await db.exec(demoRowsScript(now));
	return db;
}

async function openCopy(snapshot: string, dataDir: string): Promise<PGlite> {
	rmSync(dataDir, {recursive: true, force: true});
	cpSync(snapshot, dataDir, {recursive: true});
	return PGlite.create(dataDir, {startParams});
}

/**
 * The snapshot's directory, made first when there is none: in a process of its own
 * (dist/demo/database-snapshot.js), so that the initdb's memory goes when it is done rather than
 * staying with the supervisor for the demo's life.
 */
export async function databaseSnapshot(log: (line: string) => void): Promise<string> {
	const dir = snapshotDir();
	if (existsSync(join(dir, markerFile))) return dir;
	const began = Date.now();
	log(`making the demo's database snapshot in ${dir} (once per version)`);
	const child = spawn(process.execPath, [builtDemoScript('database-snapshot'), dir], {
		stdio: ['ignore', 'inherit', 'inherit'],
	});
	builder = child;
	builderTarget = dir;
	const exit = await new Promise<string | undefined>(resolve => {
		child.once('error', error => resolve(`could not start: ${error.message}`));
		child.once('exit', (code, signal) =>
			resolve(code === 0 ? undefined : signal ? `was killed by ${signal}` : `exited with code ${code}`),
		);
	});
	builder = undefined;
	if (exit !== undefined || !existsSync(join(dir, markerFile)))
		throw new Error(`making the demo's database snapshot failed: the process ${exit ?? 'made nothing'}`);
	log(`database snapshot made in ${Date.now() - began} ms`);
	return dir;
}

let builder: ChildProcess | undefined;
let builderTarget = '';

/** Stops a snapshot being made for this process and removes what it made so far (the supervisor's shutdown). */
export function abandonSnapshotBuild(): void {
	if (!builder?.pid) return;
	builder.kill('SIGKILL');
	rmSync(`${builderTarget}.building-${builder.pid}`, {recursive: true, force: true});
}

/** What dist/demo/database-snapshot.js runs: the snapshot in `dir`, unless one is there. */
export async function makeSnapshot(dir: string): Promise<void> {
	if (!existsSync(join(dir, markerFile))) await buildSnapshot(dir);
}

export function snapshotDir(): string {
	return join(
		userCacheDir(),
		'demo-database',
		`pg-ops-${pgOpsVersion}-pglite-${pgliteVersion()}-${snapshotFormat}`,
	);
}

// Built beside the final place and renamed into it, so a snapshot is whole or absent; two demos
// starting at once may both build one, and the second rename simply finds the first in place.
async function buildSnapshot(dir: string): Promise<void> {
	const building = `${dir}.building-${process.pid}`;
	rmSync(building, {recursive: true, force: true});
	mkdirSync(dirname(building), {recursive: true});
	try {
		// 1 MB WAL segments instead of 16: the copy at each start is that much smaller.
		const db = await PGlite.create(building, {initDbStartParams: ['--wal-segsize=1'], startParams});
		try {
			// The demo lives in the database `postgres`; the template databases would only be copied along.
			// (one statement a call: DROP DATABASE refuses to run in a multi-statement string)
			for (const template of ['template0', 'template1']) {
				await db.exec(`ALTER DATABASE ${template} IS_TEMPLATE false`);
				await db.exec(`DROP DATABASE ${template}`);
			}
			await db.exec(demoSchemaScript());
			await db.exec('CHECKPOINT');
		} finally {
			await db.close();
		}
		writeFileSync(
			join(building, markerFile),
			JSON.stringify({pgOps: pgOpsVersion, pglite: pgliteVersion(), format: snapshotFormat}) + '\n',
		);
		try {
			renameSync(building, dir);
		} catch (error) {
			if (!existsSync(join(dir, markerFile))) throw error;
		}
	} finally {
		rmSync(building, {recursive: true, force: true});
	}
}

let pglite: string | undefined;

/** The installed PGlite's version, from its package.json (found above its resolved entry). */
function pgliteVersion(): string {
	if (pglite) return pglite;
	let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
	for (;;) {
		const manifest = join(dir, 'package.json');
		if (existsSync(manifest)) {
			const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as {name?: string; version?: string};
			if (parsed.name === '@electric-sql/pglite' && parsed.version) return (pglite = parsed.version);
		}
		const parent = dirname(dir);
		if (parent === dir) return (pglite = 'unknown');
		dir = parent;
	}
}
