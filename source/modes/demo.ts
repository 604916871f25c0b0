// The demo modes `demo start|stop --dir DIR` (`--demo` is modes/demo-console.ts). Neither draws more
// than a spinner, so neither loads Ink.
import path from 'node:path';
import {startDemo, stopDemo, DemoAlreadyRunningError, type DemoInfo} from '../demo/index.js';
import {withProgress} from '../ui/progress.js';
import {printErr, printOut} from '../adapters/plain-output.js';

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
