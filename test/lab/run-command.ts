// Runs one system command (no shell) and fails with the command and its stderr, so a lab that
// cannot start says which step broke and why.
import {spawn} from 'node:child_process';

export interface RunOptions {
	/** Run as this account (the lab runs as root and drops to the lab user or postgres). */
	as?: {uid: number; gid: number};
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	input?: string;
	timeoutMs?: number;
}

export interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
}

/** Resolves with the exit code whatever it is; never throws for a non-zero exit. */
export function runCommand(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			uid: options.as?.uid,
			gid: options.as?.gid,
			stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
			timeout: options.timeoutMs ?? 60_000,
		});
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', chunk => (stdout += chunk));
		child.stderr!.on('data', chunk => (stderr += chunk));
		child.once('error', error => reject(new Error(`cannot run ${command}: ${error.message}`)));
		child.once('close', (code, signal) => resolve({code: code ?? (signal ? 128 : 1), stdout, stderr}));
		if (options.input !== undefined) child.stdin!.end(options.input);
	});
}

/** Like runCommand, but a non-zero exit is an error naming the command and its output. */
export async function runChecked(
	command: string,
	args: string[],
	options: RunOptions = {},
): Promise<RunResult> {
	const result = await runCommand(command, args, options);
	if (result.code !== 0) {
		const output = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-15).join('\n');
		throw new Error(
			`${[command, ...args].join(' ')} exited with ${result.code}${output ? `:\n${output}` : ''}`,
		);
	}
	return result;
}
