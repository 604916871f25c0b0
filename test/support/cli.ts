// Runs the built CLI (dist/cli.js) as a user would, without a terminal.
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import path from 'node:path';

export const cliPath = path.resolve('dist/cli.js');

export type CliOptions = {cwd?: string; env?: Record<string, string>; timeoutMs?: number};
export type CliResult = {code: number | null; stdout: string; stderr: string};

export function runCli(args: string[], options: CliOptions = {}): CliResult {
	const result = spawnSync(process.execPath, [cliPath, ...args], {
		cwd: options.cwd,
		env: {...process.env, NO_COLOR: '1', ...options.env},
		encoding: 'utf8',
		timeout: options.timeoutMs ?? 60_000,
	});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

/** A CLI run in the background: its output so far, and its end (killed at the timeout, so no test leaves it running). */
export type RunningCli = {
	child: ChildProcess;
	output(): {stdout: string; stderr: string};
	done: Promise<CliResult & {signal: NodeJS.Signals | null}>;
};

export function startCli(args: string[], options: CliOptions = {}): RunningCli {
	const child = spawn(process.execPath, [cliPath, ...args], {
		cwd: options.cwd,
		env: {...process.env, NO_COLOR: '1', ...options.env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
	child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
	const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
	const done = new Promise<CliResult & {signal: NodeJS.Signals | null}>(resolve =>
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({code, signal, stdout, stderr});
		}),
	);
	return {child, output: () => ({stdout, stderr}), done};
}

/** runCli without blocking the test's process: several operators at once. */
export function runCliAsync(args: string[], options: CliOptions = {}): Promise<CliResult> {
	return startCli(args, options).done;
}
