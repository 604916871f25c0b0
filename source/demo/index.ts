// The demo environment's public surface: start it, stop it, find it. Everything else in
// source/demo is private to the demo's own processes.
import {spawn} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {
	type DemoInfo,
	demoInfoFile,
	readDemoInfo,
	supervisorLogFile,
	supervisorPidFile,
} from './demo-info.js';
import {builtDemoScript} from './package-paths.js';
import {isDemoProcess, isProcessAlive, terminateProcess, waitUntil} from './processes.js';
import {listUnitIds, readUnitState, writeUnitState} from './service-units.js';

export {readDemoInfo, type DemoInfo};

// Generous: the first start on a machine also makes the database snapshot (an initdb), which takes
// tens of seconds on a busy machine. A supervisor that fails exits, and that is noticed at once.
const startTimeoutMs = 120_000;

export class DemoAlreadyRunningError extends Error {
	constructor(
		readonly dir: string,
		readonly pid: number,
	) {
		super(
			`a demo environment is already running in ${dir} (pid ${pid}); stop it with: pg-ops demo stop --dir ${dir}`,
		);
		this.name = 'DemoAlreadyRunningError';
	}
}

/**
 * Starts the demo's supervisor in the background and resolves once the demo is ready to use, or,
 * with `until: 'services'`, as soon as its services run while its database may still be starting
 * (the console opens then, and its panes say the database is starting up).
 */
export async function startDemo({
	dir,
	until = 'database',
}: {
	dir: string;
	until?: 'services' | 'database';
}): Promise<DemoInfo> {
	const demoDir = resolve(dir);
	const running = runningSupervisorPid(demoDir);
	if (running) throw new DemoAlreadyRunningError(demoDir, running);
	// A demo that died uncleanly may have left units behind; they would hold the old ports.
	await stopDemo({dir: demoDir});

	const script = builtDemoScript('supervisor');
	if (!existsSync(script)) throw new Error(`the demo is not built: ${script} is missing; run: npm run build`);
	mkdirSync(demoDir, {recursive: true});
	const logFile = supervisorLogFile(demoDir);
	const log = openSync(logFile, 'w');
	const env = {...process.env};
	// Debugger or loader flags meant for the caller would break (or hang) the supervisor.
	delete env.NODE_OPTIONS;
	// One malloc arena instead of one per thread (glibc): the supervisor runs PGlite in a thread of
	// its own, and per-thread arenas hold tens of MB it never needs. Other C libraries ignore it.
	env.MALLOC_ARENA_MAX ??= '1';
	const child = spawn(process.execPath, [script, '--dir', demoDir], {
		detached: true,
		stdio: ['ignore', log, log],
		env,
	});
	closeSync(log);
	let exited: string | undefined;
	child.once(
		'exit',
		(code, signal) => (exited = signal ? `was killed by ${signal}` : `exited with code ${code}`),
	);
	child.once('error', error => (exited = `could not start: ${error.message}`));
	child.unref();

	let info: DemoInfo | undefined;
	const ready = await waitUntil(
		() => {
			info = readDemoInfo(demoDir);
			return (
				exited !== undefined ||
				(info?.pid === child.pid && (until === 'services' || info?.database.ready !== false))
			);
		},
		startTimeoutMs,
		100,
	);
	if (ready && exited === undefined && info) return info;

	// Said before stopping it: the stop's own SIGKILL would otherwise read as the cause.
	const why = exited
		? `the demo supervisor ${exited} before it was ready`
		: `the demo was not ready after ${startTimeoutMs / 1000} s`;
	await stopDemo({dir: demoDir});
	if (child.pid && isProcessAlive(child.pid)) await terminateProcess(child.pid, 1000);
	throw new Error(`${why}; last lines of ${logFile}:\n${lastLines(logFile)}`);
}

/** Stops the supervisor and every unit process of the demo in `dir`; harmless when nothing runs. */
export async function stopDemo({dir}: {dir: string}): Promise<{wasRunning: boolean}> {
	const demoDir = resolve(dir);
	let wasRunning = false;
	const supervisor = runningSupervisorPid(demoDir);
	if (supervisor) {
		wasRunning = true;
		await terminateProcess(supervisor, 5000);
	}
	// The supervisor stops the units itself; this catches any it could not (killed, crashed, or started later by hand).
	const root = join(demoDir, 'root');
	const stops = listUnitIds(root).map(async id => {
		const state = readUnitState(root, id);
		if (!isDemoProcess(state.mainPid, root)) return;
		wasRunning = true;
		await terminateProcess(state.mainPid, 5000);
		writeUnitState(root, id, {...state, mainPid: 0, activating: false, inactiveEnterTimestamp: Date.now()});
	});
	await Promise.all(stops);
	rmSync(demoInfoFile(demoDir), {force: true});
	rmSync(supervisorPidFile(demoDir), {force: true});
	return {wasRunning};
}

/** The pid of a live supervisor for this dir (from demo.json, or its pid file while it starts up). */
function runningSupervisorPid(demoDir: string): number | undefined {
	const candidates = [readDemoInfo(demoDir)?.pid, readPidFile(supervisorPidFile(demoDir))];
	return candidates.find((pid): pid is number => pid !== undefined && isDemoProcess(pid, demoDir));
}

function readPidFile(file: string): number | undefined {
	if (!existsSync(file)) return undefined;
	const pid = Number(readFileSync(file, 'utf8').trim());
	return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function lastLines(file: string, count = 20): string {
	return existsSync(file)
		? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n')
		: '(no log)';
}
