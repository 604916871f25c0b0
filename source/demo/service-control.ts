// Starting and stopping units: the acting half of the service-manager stand-in (systemd cannot
// run on these machines). Processes are spawned detached so they outlive the command that started them.
import {spawn} from 'node:child_process';
import {closeSync, mkdirSync, openSync} from 'node:fs';
import {sleep, terminateProcess, waitUntil} from './processes.js';
import {sandboxPaths} from './sandbox-layout.js';
import {appendManagerLine, appendUnitLog, unitLogPath} from './service-log.js';
import {
	type UnitDefinition,
	isUnitProcessAlive,
	readUnitDefinition,
	readUnitState,
	writeUnitState,
} from './service-units.js';

export type ControlResult = {ok: true} | {ok: false; message: string};

const settleMs = 300;
const readyTimeoutMs = 10_000;
const stopGraceMs = 5000;

// Only what a unit needs from the caller's environment: systemd starts units with a clean one too.
const inheritedVariables = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'SYSTEMROOT'];

export async function startUnit(root: string, id: string): Promise<ControlResult> {
	const definition = readUnitDefinition(root, id);
	if (!definition) return {ok: false, message: `Unit ${id} not found.`};
	const before = readUnitState(root, id);
	if (isUnitProcessAlive(root, before.mainPid)) return {ok: true};

	appendManagerLine(root, id, `Starting ${id} - ${definition.description}...`);
	const child = spawnUnit(root, id, definition);
	let exit: {code: number | null; signal: NodeJS.Signals | null} | undefined;
	child.once('exit', (code, signal) => (exit = {code, signal}));
	child.once('error', () => (exit = {code: 203, signal: null}));
	const pid = child.pid ?? 0;
	writeUnitState(root, id, {
		...before,
		mainPid: pid,
		lastPid: pid || before.lastPid,
		activating: true,
		failed: false,
	});

	await sleep(settleMs);
	let ready = exit === undefined;
	if (ready && definition.readyUrl)
		ready = await waitUntil(
			async () => exit !== undefined || (await answersOk(definition.readyUrl!)),
			readyTimeoutMs,
			100,
		);
	if (ready && exit === undefined) {
		child.unref();
		writeUnitState(root, id, {
			...readUnitState(root, id),
			activating: false,
			failed: false,
			result: 'success',
			execMainStatus: 0,
			activeEnterTimestamp: Date.now(),
		});
		appendManagerLine(root, id, `Started ${id} - ${definition.description}.`);
		return {ok: true};
	}
	if (exit === undefined) {
		// Alive but never became ready: treat like systemd's start timeout.
		await terminateProcess(pid, stopGraceMs);
		exit = {code: null, signal: 'SIGTERM'};
	}
	recordFailure(root, id, exit.code, exit.signal);
	return {ok: false, message: `Job for ${id} failed. See "journalctl -u ${id}" for details.`};
}

export async function stopUnit(root: string, id: string): Promise<ControlResult> {
	const definition = readUnitDefinition(root, id);
	if (!definition) return {ok: false, message: `Unit ${id} not found.`};
	const state = readUnitState(root, id);
	if (!isUnitProcessAlive(root, state.mainPid)) {
		if (state.mainPid) writeUnitState(root, id, {...state, mainPid: 0, activating: false});
		return {ok: true};
	}
	appendManagerLine(root, id, `Stopping ${id} - ${definition.description}...`);
	const outcome = await terminateProcess(state.mainPid, stopGraceMs);
	const killed = outcome === 'killed';
	if (killed) appendManagerLine(root, id, `${id}: State 'stop-sigterm' timed out. Killing.`);
	writeUnitState(root, id, {
		...state,
		mainPid: 0,
		activating: false,
		result: killed ? 'signal' : 'success',
		execMainStatus: killed ? 9 : 0,
		inactiveEnterTimestamp: Date.now(),
	});
	appendManagerLine(root, id, `Stopped ${id} - ${definition.description}.`);
	return {ok: true};
}

export async function restartUnit(root: string, id: string): Promise<ControlResult> {
	const stopped = await stopUnit(root, id);
	return stopped.ok ? startUnit(root, id) : stopped;
}

/** Records the unit as failed with a crash in its log, as if it had died before the demo started. */
export function seedFailedUnit(root: string, id: string, failedAt: number, crashLines: string[]): void {
	const pid = 40_000 + Math.floor(Math.random() * 20_000);
	appendUnitLog(
		root,
		id,
		crashLines.map(line => line.replaceAll('{pid}', String(pid))),
	);
	writeUnitState(root, id, {
		mainPid: 0,
		lastPid: pid,
		activating: false,
		failed: true,
		result: 'exit-code',
		execMainStatus: 1,
		inactiveEnterTimestamp: failedAt,
	});
	appendManagerLine(root, id, `${id}: Main process exited, code=exited, status=1/FAILURE`, failedAt);
	appendManagerLine(root, id, `${id}: Failed with result 'exit-code'.`, failedAt);
}

function spawnUnit(root: string, id: string, definition: UnitDefinition) {
	const env: Record<string, string> = {PGOPS_DEMO_ROOT: root, PGOPS_DEMO_UNIT: id};
	for (const name of inheritedVariables) if (process.env[name]) env[name] = process.env[name]!;
	if (definition.environmentFile) env.PGOPS_DEMO_ENV_FILE = definition.environmentFile;
	mkdirSync(sandboxPaths(root).unitLogs, {recursive: true});
	const log = openSync(unitLogPath(root, id), 'a');
	try {
		const [command, ...args] = definition.exec;
		return spawn(command!, args, {detached: true, stdio: ['ignore', log, log], env, cwd: root});
	} finally {
		closeSync(log);
	}
}

function recordFailure(root: string, id: string, code: number | null, signal: NodeJS.Signals | null): void {
	const result = signal ? 'signal' : 'exit-code';
	writeUnitState(root, id, {
		...readUnitState(root, id),
		mainPid: 0,
		activating: false,
		failed: true,
		result,
		execMainStatus: code ?? 0,
		inactiveEnterTimestamp: Date.now(),
	});
	const how = signal
		? `code=killed, signal=${signal.replace('SIG', '')}`
		: `code=exited, status=${code}/FAILURE`;
	appendManagerLine(root, id, `${id}: Main process exited, ${how}`);
	appendManagerLine(root, id, `${id}: Failed with result '${result}'.`);
}

async function answersOk(url: string): Promise<boolean> {
	try {
		const response = await fetch(url, {signal: AbortSignal.timeout(1000)});
		await response.body?.cancel();
		return response.ok;
	} catch {
		return false;
	}
}
