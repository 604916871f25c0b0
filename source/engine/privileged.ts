// Runs a command that needs root on the environment's host, through sudo -n where configured.
import type {ExecResult} from '../adapters/host.js';
import {SudoPasswordError} from '../adapters/ssh/errors.js';
import {privileged, sudoWantsPassword, usesSudo} from '../core/privilege.js';
import {batchPrelude} from './refresh.js';
import type {Runtime} from './runtime.js';

export async function runPrivileged(
	runtime: Runtime,
	command: string,
	timeoutMs: number,
): Promise<ExecResult & {command: string}> {
	const full = privileged(command, usesSudo(runtime.env));
	const result = await runtime.host.exec(`${batchPrelude(runtime.env)}${full}`, {timeoutMs});
	if (result.exitCode !== 0 && sudoWantsPassword(result.stderr + result.stdout))
		throw new SudoPasswordError(runtime.host.label, command);
	return {...result, command: full};
}
