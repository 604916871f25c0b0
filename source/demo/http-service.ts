// app-web: the demo's HTTP service with the ops endpoints (health, verify, version, deploy
// status, job freshness, SLO, metrics). It reads its env file and resolves its release slot once
// at start-up, as a real service does, so a token rotation or a slot switch needs a restart.
import {createHash, timingSafeEqual} from 'node:crypto';
import {readFileSync, realpathSync} from 'node:fs';
import http from 'node:http';
import {basename, join} from 'node:path';
import type pg from 'pg';
import {parseEnvFile} from './env-file.js';
import {lastSuccesses, latestJobRuns, modelHealth} from './http-ops-data.js';
import {type BuildInfo, readSloFile, renderMetrics, sloSummary} from './http-metrics.js';

interface Reply {
	status: number;
	body: unknown;
	contentType?: string;
}

const startedAt = Date.now();
const envFile = argValue('--env-file') ?? process.env.PGOPS_DEMO_ENV_FILE;
if (!envFile) fail('pass --env-file PATH (or set PGOPS_DEMO_ENV_FILE)');
const env = parseEnvFile(readFileSync(envFile, 'utf8'));
const port = Number(env.PORT);
const appRoot = env.APP_ROOT ?? fail(`APP_ROOT missing from ${envFile}`);
const sloFile = env.SLO_FILE ?? fail(`SLO_FILE missing from ${envFile}`);
const tokenDigest = digest(env.OPS_VERIFY_TOKEN ?? fail(`OPS_VERIFY_TOKEN missing from ${envFile}`));
const build = readRelease(appRoot);
// pg is loaded on the first request that needs the database, not before the service listens: the
// demo's console waits for this service to answer, and compiling pg was most of its start.
let pool: Promise<pg.Pool> | undefined;
let openPool: pg.Pool | undefined;
function database(): Promise<pg.Pool> {
	return (pool ??= import('pg').then(({default: driver}) => {
		const made = new driver.Pool({
			connectionString: env.DATABASE_URL,
			max: 2,
			connectionTimeoutMillis: 2000,
			idleTimeoutMillis: 30_000,
		});
		// An idle connection dropping (database restarting) must not take the service down.
		made.on('error', error => log(`database connection error: ${error.message}`));
		openPool = made;
		return made;
	}));
}

const routes: Record<string, (request: http.IncomingMessage) => Promise<Reply>> = {
	'/healthz': async () => ({status: 200, body: {ok: true}}),
	'/readyz': async () => {
		try {
			await withTimeout((await database()).query('SELECT 1'), 2000);
			return {status: 200, body: {ok: true, db: 'ok'}};
		} catch (error) {
			return {status: 503, body: {ok: false, db: errorMessage(error)}};
		}
	},
	'/ops/verify': async request =>
		guarded(request, async () => ({
			ok: true,
			git_sha: build.gitSha,
			slot: build.slot,
			version: build.version,
		})),
	'/ops/version': async request =>
		guarded(request, async () => ({
			ok: true,
			git_sha: build.gitSha,
			slot: build.slot,
			version: build.version,
			started_at: new Date(startedAt).toISOString(),
		})),
	'/ops/deploy-status': async request =>
		guarded(request, async () => ({
			current_sha: build.gitSha,
			last_deploy: JSON.parse(readFileSync(join(appRoot, 'last_deploy.json'), 'utf8')) as unknown,
		})),
	// Read-only and harmless: answers with or without a token, like many real health pages.
	'/ops/model-health': async () => ({status: 200, body: await modelHealth(await database())}),
	'/ops/jobs': async () => ({status: 200, body: await latestJobRuns(await database())}),
	'/api/monitoring/slo': async () => ({status: 200, body: sloSummary(readSloFile(sloFile), startedAt)}),
	'/metrics': async () => ({
		status: 200,
		body: renderMetrics(
			readSloFile(sloFile),
			build,
			await lastSuccesses(await database()).catch(() => new Map()),
			startedAt,
		),
		contentType: 'text/plain; version=0.0.4; charset=utf-8',
	}),
};

// A stats line even when nobody calls, as many services log: `journalctl -u app-web -f` always shows movement.
const statsSeconds = 5;
let servedSinceStats = 0;
setInterval(() => {
	log(
		`stats: ${servedSinceStats} requests in the last ${statsSeconds}s; database pool ${openPool?.totalCount ?? 0} open, ${openPool?.idleCount ?? 0} idle`,
	);
	servedSinceStats = 0;
}, statsSeconds * 1000).unref();

const server = http.createServer((request, response) => {
	const began = performance.now();
	servedSinceStats++;
	const path = new URL(request.url ?? '/', 'http://localhost').pathname;
	const route = request.method === 'GET' || request.method === 'HEAD' ? routes[path] : undefined;
	const reply = route
		? route(request)
		: Promise.resolve<Reply>({
				status: 404,
				body: {ok: false, error: `no route for ${request.method} ${path}`},
			});
	reply
		// A database still starting (PostgreSQL's 57P03) makes the service unavailable, not broken.
		.catch((error: unknown): Reply => ({
			status: (error as {code?: string}).code === '57P03' ? 503 : 500,
			body: {ok: false, error: errorMessage(error)},
		}))
		.then(({status, body, contentType}) => {
			const text = typeof body === 'string' ? body : JSON.stringify(body);
			response.writeHead(status, {'content-type': contentType ?? 'application/json'});
			response.end(request.method === 'HEAD' ? undefined : text);
			// Path and status only: never a header, so the token cannot leak into the journal.
			log(`${request.method} ${path} ${status} ${(performance.now() - began).toFixed(1)}ms`);
		});
});

server.listen(port, '127.0.0.1', () =>
	log(
		`listening on http://127.0.0.1:${port} (slot ${build.slot}, ${build.version}, ${build.gitSha.slice(0, 12)})`,
	),
);
server.on('error', error => fail(`cannot listen on 127.0.0.1:${port}: ${error.message}`));

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.on(signal, () => {
		log(`received ${signal}, closing`);
		server.closeAllConnections();
		server.close(() => void (openPool?.end() ?? Promise.resolve()).finally(() => process.exit(0)));
		setTimeout(() => process.exit(0), 2000).unref();
	});
}

async function guarded(request: http.IncomingMessage, answer: () => Promise<unknown>): Promise<Reply> {
	const given = request.headers['x-ops-token'];
	// Comparing fixed-length digests keeps the comparison constant-time whatever the length given.
	if (typeof given !== 'string' || !timingSafeEqual(digest(given), tokenDigest))
		return {status: 401, body: {ok: false, error: 'invalid ops token'}};
	return {status: 200, body: await answer()};
}

function readRelease(base: string): BuildInfo {
	const release = realpathSync(join(base, 'current'));
	const info = JSON.parse(readFileSync(join(release, 'release.json'), 'utf8')) as {version: string};
	return {
		gitSha: readFileSync(join(release, '.gitsha'), 'utf8').trim(),
		slot: basename(release),
		version: info.version,
	};
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>(
		(_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)),
	);
	return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function digest(text: string): Buffer {
	return createHash('sha256').update(text).digest();
}

function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function argValue(name: string): string | undefined {
	const index = process.argv.indexOf(name);
	return index >= 0 ? process.argv[index + 1] : undefined;
}

function log(message: string): void {
	process.stdout.write(`${new Date().toISOString()} [${process.pid}] INFO ${message}\n`);
}

function fail(message: string): never {
	process.stderr.write(`${new Date().toISOString()} [${process.pid}] ERROR app-web: ${message}\n`);
	process.exit(1);
}
