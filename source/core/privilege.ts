// Privileged commands run through `sudo -n`: never a password prompt (pg-ops types no passwords),
// and a clear failure when sudo wants one.
import type {NamedEnvironment} from './config/schema.js';

/** Whether commands that need root go through sudo on this environment's hosts. */
export function usesSudo(env: NamedEnvironment): boolean {
	if (env.sudo !== undefined) return env.sudo;
	return env.transport === 'ssh' && env.ssh.user !== 'root';
}

export function privileged(command: string, sudo: boolean): string {
	return sudo ? `sudo -n ${command}` : command;
}

/** sudo's own words when -n meets a rule that wants a password (or a terminal to ask on). */
export function sudoWantsPassword(output: string): boolean {
	return /sudo: (a password is required|a terminal is required|no tty present|sorry, you must have a tty)/i.test(
		output,
	);
}
