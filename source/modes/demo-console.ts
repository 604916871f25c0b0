// `pg-ops --demo`: a fresh demo environment for one console session, removed on exit. The console's
// modules load while the demo starts.
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startDemo, stopDemo, type DemoInfo} from '../demo/index.js';
import {loadConfigFile} from '../adapters/config-file.js';
import {withProgress} from '../ui/progress.js';
import {printErr} from '../adapters/plain-output.js';
import {forceStateDir} from '../engine/state-dir.js';

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
	// A pipe whose reader went away (`pg-ops --demo status | head`) is a quiet end; a terminal gone is a hangup.
	const onTerminalGone = (error: NodeJS.ErrnoException) => shutDown(error.code === 'EPIPE' ? 0 : 129);
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
		// Ink and the console load while the demo starts, rather than after.
		const consoleModule = options.status ? undefined : import('../ui/run-console.js');
		consoleModule?.catch(() => undefined);
		// The console opens once the services run; the database may still be starting (its panes say so).
		const info = await withProgress(
			'Starting the demo environment',
			startDemo({dir, until: options.status ? 'database' : 'services'}),
		);
		if (options.status) return await options.status(info);
		const config = loadConfigFile(info.config);
		const {runConsole} = await (consoleModule ?? import('../ui/run-console.js'));
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
