// The demo modes: `demo start|stop --dir DIR`, and `--demo` (a fresh demo environment for one console session).
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startDemo, stopDemo, DemoAlreadyRunningError, type DemoInfo} from '../demo/index.js';
import {loadConfigFile} from '../adapters/config-file.js';
import {runConsole} from '../ui/run-console.js';
import {withProgress} from '../ui/progress.js';
import {printErr, printOut} from '../adapters/plain-output.js';
import {forceStateDir} from '../engine/state-dir.js';

export async function runDemoStart(dir: string): Promise<number> {
	const target = path.resolve(dir);
	try {
		const info = await withProgress('Starting the demo environment', startDemo({dir: target}));
		printOut(describeDemo(info));
		return 0;
	} catch (error) {
		if (error instanceof DemoAlreadyRunningError) {
			printErr(`${error.message}\n`);
			return 1;
		}
		throw error;
	}
}

export async function runDemoStop(dir: string): Promise<number> {
	const target = path.resolve(dir);
	const {wasRunning} = await withProgress('Stopping the demo environment', stopDemo({dir: target}));
	printOut(
		wasRunning
			? `stopped the demo environment in ${target}; nothing of it is running\n`
			: `no demo environment was running in ${target}\n`,
	);
	return 0;
}

/** `pg-ops --demo`: start in a temporary directory, open the console, remove everything on exit. */
export async function runDemoConsole(options: {
	readOnly: boolean;
	status?: (info: DemoInfo) => Promise<number>;
}): Promise<number> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-demo-'));
	// A sandbox: what this demo records (audit, incidents, maintenance, reviews) lives and dies with it,
	// whatever PGOPS_STATE_DIR says, so the next demo starts fresh and real environments' records stay apart.
	forceStateDir(path.join(dir, 'state'));
	const cleanup = async () => {
		await stopDemo({dir}).catch(() => {});
		rmSync(dir, {recursive: true, force: true});
	};
	// Whatever ends this process, the demo's processes stop and its files go: a closed terminal
	// (SIGHUP, often twice: terminal and multiplexer), SIGTERM, ctrl+c while starting (SIGINT; once
	// the console runs ctrl+c is a key), and the terminal's streams failing (EIO), which can arrive
	// before the hangup signal and would otherwise crash the process before any cleanup.
	// Listeners stay for the whole session: with none of ours left, Ink's signal-exit would re-raise
	// a second hangup and kill the process mid-cleanup.
	let shuttingDown = false;
	const shutDown = (code: number) => {
		if (shuttingDown) return;
		shuttingDown = true;
		void cleanup().finally(() => process.exit(code));
	};
	const onSignal = () => shutDown(130);
	const onTerminalGone = () => shutDown(129);
	const onCrash = (error: Error) => {
		try {
			printErr(`pg-ops: ${error.stack ?? error.message}\n`);
		} catch {
			// the terminal may be gone too
		}
		shutDown(1);
	};
	const streams = [process.stdin, process.stdout, process.stderr];
	for (const stream of streams) stream.on('error', onTerminalGone);
	process.on('uncaughtException', onCrash);
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	try {
		const info = await withProgress('Starting the demo environment', startDemo({dir}));
		if (options.status) return await options.status(info);
		const config = loadConfigFile(info.config);
		await runConsole({config, envName: 'demo', readOnly: options.readOnly});
		return 0;
	} finally {
		await cleanup();
		// Listeners go only after the cleanup: a hangup during it must not kill the process half-way.
		if (!shuttingDown) {
			process.off('SIGINT', onSignal);
			process.off('SIGTERM', onSignal);
			process.off('SIGHUP', onSignal);
			process.off('uncaughtException', onCrash);
			for (const stream of streams) stream.off('error', onTerminalGone);
		}
	}
}

function describeDemo(info: DemoInfo): string {
	return [
		`demo environment running in ${info.dir} (supervisor pid ${info.pid})`,
		`  config     ${info.config}   (pg-ops --config ${info.config})`,
		`  http       ${info.http.baseUrl}   (ops verify: ${info.http.verifyPath}, token ${info.tokenKey} in ${info.envFile})`,
		`  database   postgres://${info.database.user}@${info.database.host}:${info.database.port}/${info.database.name}`,
		`  root       ${info.root}`,
		`stop it with: pg-ops demo stop --dir ${info.dir}`,
		'',
	].join('\n');
}
