// The demo modes: `demo start|stop --dir DIR`, and `--demo` (a fresh demo environment for one console session).
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startDemo, stopDemo, DemoAlreadyRunningError, type DemoInfo} from '../demo/index.js';
import {loadConfigFile} from '../adapters/config-file.js';
import {runConsole} from '../ui/run-console.js';
import {withProgress} from '../ui/progress.js';

export async function runDemoStart(dir: string): Promise<number> {
	const target = path.resolve(dir);
	try {
		const info = await withProgress('Starting the demo environment', startDemo({dir: target}));
		process.stdout.write(describeDemo(info));
		return 0;
	} catch (error) {
		if (error instanceof DemoAlreadyRunningError) {
			process.stderr.write(`${error.message}\n`);
			return 1;
		}
		throw error;
	}
}

export async function runDemoStop(dir: string): Promise<number> {
	const target = path.resolve(dir);
	const {wasRunning} = await withProgress('Stopping the demo environment', stopDemo({dir: target}));
	process.stdout.write(wasRunning ? `stopped the demo environment in ${target}; nothing of it is running\n` : `no demo environment was running in ${target}\n`);
	return 0;
}

/** `pg-ops --demo`: start in a temporary directory, open the console, remove everything on exit. */
export async function runDemoConsole(options: {readOnly: boolean; status?: (info: DemoInfo) => Promise<number>}): Promise<number> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-demo-'));
	const cleanup = async () => {
		await stopDemo({dir}).catch(() => {});
		rmSync(dir, {recursive: true, force: true});
	};
	// A terminal closed under us still stops the demo's processes and removes its files. Reads and
	// writes on the gone terminal fail (EIO); while shutting down they must not end the process
	// before the cleanup has.
	// `on`, not `once`: a hangup often comes twice (terminal and multiplexer), and with no listener of
	// ours left Ink's signal-exit would re-raise the second one and kill the process mid-cleanup.
	let shuttingDown = false;
	const onSignal = () => {
		if (shuttingDown) return;
		shuttingDown = true;
		const ignore = () => {};
		for (const stream of [process.stdin, process.stdout, process.stderr]) stream.on('error', ignore);
		process.on('uncaughtException', ignore);
		void cleanup().finally(() => process.exit(130));
	};
	// SIGINT: ctrl+c while the demo is still starting (once the console runs, ctrl+c is a key it handles).
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
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		await cleanup();
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
