// Runs a command that needs root on the environment's host, through sudo -n where configured (or, asked, as the user).
import type {ExecResult} from '../adapters/host.js';
import {SudoPasswordError} from '../adapters/ssh/errors.js';
import {privileged, sudoWantsPassword, usesSudo} from '../core/privilege.js';
import {batchPrelude} from './refresh.js';
import type {Runtime} from './runtime.js';

/** `asRoot: false`: as the environment's own user (a team's logs command that needs no sudo). */
export async function runPrivileged(
	runtime: Runtime,
	command: string,
	timeoutMs: number,
	asRoot = true,
): Promise<ExecResult & {command: string}> {
	const full = asRoot ? privileged(command, usesSudo(runtime.env)) : command;
	const result = await runtime.host.exec(`${batchPrelude(runtime.env)}${full}`, {timeoutMs});
	if (result.exitCode !== 0 && sudoWantsPassword(result.stderr + result.stdout))
		throw new SudoPasswordError(runtime.host.label, command);
	return {...result, command: full};
}
