// Runs the built CLI (dist/cli.js) as a user would, without a terminal.
import {spawnSync} from 'node:child_process';
import path from 'node:path';

export const cliPath = path.resolve('dist/cli.js');

export function runCli(
	args: string[],
	options: {cwd?: string; env?: Record<string, string>; timeoutMs?: number} = {},
) {
	const result = spawnSync(process.execPath, [cliPath, ...args], {
		cwd: options.cwd,
		env: {...process.env, NO_COLOR: '1', ...options.env},
		encoding: 'utf8',
		timeout: options.timeoutMs ?? 60_000,
	});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}
