// The demo's one background process per demo dir: builds the sandbox, serves PGlite on a loopback
// port, starts the units, writes pg-ops.yaml and demo.json, and tears everything down on SIGTERM.
// The database's port listens from the start while PGlite opens (database-server.ts): demo.json is
// written as soon as the services run (database.ready false, so the console can open), and again
// once the database answers.
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {join, resolve} from 'node:path';
import {writeFileAtomically, writeJsonAtomically} from './atomic-file.js';
import {renderDemoConfig} from './config-file.js';
import {type DatabaseServer, startDatabaseServer} from './database-server.js';
import {type DemoInfo, demoInfoFile, supervisorPidFile} from './demo-info.js';
import {orchestratorCrash} from './orchestrator-crash.js';
import {buildSandbox, writeEnvFile, writeSandboxContent} from './sandbox-builder.js';
import {seedFailedUnit, startUnit, stopUnit} from './service-control.js';
import {listUnitIds} from './service-units.js';

const services = ['app-web.service', 'app-orchestrator.service', 'app-intake.service'];
const dirArgument = process.argv[process.argv.indexOf('--dir') + 1];
if (!process.argv.includes('--dir') || !dirArgument) {
	process.stderr.write('usage: supervisor.js --dir DIR\n');
	process.exit(2);
}
const dir = resolve(dirArgument);
const root = join(dir, 'root');
const now = new Date();
let database: DatabaseServer | undefined;
let stopping = false;
let stopRequested: () => void = () => {};
const stopRequest = new Promise<void>(resolve => (stopRequested = resolve));

for (const signal of ['SIGTERM', 'SIGINT'] as const)
	process.on(signal, () => void shutdown(0, `received ${signal}`));

const starting = main();
starting.catch((error: unknown) => {
	if (!stopping)
		void shutdown(
			1,
			`start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
		);
});

async function main(): Promise<void> {
	log(`starting the demo environment in ${dir}`);
	mkdirSync(dir, {recursive: true});
	writeFileSync(supervisorPidFile(dir), `${process.pid}\n`);
	const httpPort = await freeLoopbackPort();
	// PGlite takes a while to open; the sandbox is built and the services started meanwhile.
	database = await startDatabaseServer({dataDir: join(dir, 'database'), now, log});
	const databasePort = database.port;
	let databaseAnswers = false;
	const databaseReady = database.ready.then(() => {
		databaseAnswers = true;
		log(`PostgreSQL (PGlite) answering on 127.0.0.1:${databasePort}`);
	});
	databaseReady.catch(() => undefined);
	// The backups and application logs are written while the services start: they need neither.
	const sandbox = buildSandbox(root, httpPort, now, {withContent: false});
	checkpoint();
	writeEnvFile(sandbox.paths, {httpPort, databasePort, token: sandbox.token});

	seedFailedUnit(
		root,
		'app-orchestrator.service',
		now.getTime() - 2 * 60_000,
		orchestratorCrash(now.getTime() - 2 * 60_000),
	);
	const units = ['app-web.service', 'app-intake.service'].map(async id => {
		const result = await startUnit(root, id);
		if (!result.ok)
			throw new Error(
				`${result.message}\n${tail(join(root, 'var', 'log', `${id.replace('.service', '')}.log`))}`,
			);
		log(`started ${id}`);
	});
	units.forEach(unit => unit.catch(() => undefined));
	writeSandboxContent(sandbox.paths, now);
	log(`sandbox built in ${root}`);
	for (const unit of units) await unit;
	checkpoint();

	const config = join(dir, 'pg-ops.yaml');
	writeFileAtomically(config, renderDemoConfig({paths: sandbox.paths, httpPort, databasePort}));
	const info = (databaseIsReady: boolean): DemoInfo => ({
		pid: process.pid,
		dir,
		config,
		root,
		http: {baseUrl: `http://127.0.0.1:${httpPort}`, verifyPath: '/ops/verify'},
		envFile: sandbox.paths.envFile,
		tokenKey: 'OPS_VERIFY_TOKEN',
		database: {
			host: '127.0.0.1',
			port: databasePort,
			name: 'postgres',
			user: 'postgres',
			ready: databaseIsReady,
		},
		services,
		startedAt: now.toISOString(),
	});
	if (!databaseAnswers) {
		writeJsonAtomically(demoInfoFile(dir), info(false));
		log(`services up in ${Date.now() - now.getTime()} ms; the database is still starting`);
		await Promise.race([databaseReady, stopRequest]);
		checkpoint();
	}
	writeJsonAtomically(demoInfoFile(dir), info(true));
	log(`ready in ${Date.now() - now.getTime()} ms: pg-ops --config ${config}`);
}

async function shutdown(code: number, reason: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	log(`${reason}; stopping the units and the database`);
	stopRequested();
	// Let start-up reach its next checkpoint first, so no unit is spawned after the units are stopped.
	await starting.catch(() => undefined);
	await Promise.all(listUnitIds(root).map(id => stopUnit(root, id).catch(() => undefined)));
	// A PGlite still loading lives only in this process's memory: exiting is enough.
	await database?.stop().catch(() => undefined);
	for (const file of [demoInfoFile(dir), supervisorPidFile(dir)])
		if (ownedByMe(file)) rmSync(file, {force: true});
	log('stopped');
	process.exit(code);
}

/** Start-up gives up here once a stop was asked for. */
function checkpoint(): void {
	if (stopping) throw new Error('stop requested during start-up');
}

// Another supervisor may have taken over the dir since; only remove our own files.
function ownedByMe(file: string): boolean {
	if (!existsSync(file)) return false;
	const text = readFileSync(file, 'utf8');
	return file.endsWith('.json')
		? (JSON.parse(text) as DemoInfo).pid === process.pid
		: Number(text.trim()) === process.pid;
}

function freeLoopbackPort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() =>
				typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
			);
		});
	});
}

function tail(file: string, lines = 15): string {
	return existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '';
}

function log(message: string): void {
	process.stdout.write(`${new Date().toISOString()} supervisor[${process.pid}]: ${message}\n`);
}
