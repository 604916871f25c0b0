// Runs a command inside the lab VM as root, the way a person with a console on the VM would:
// nsenter into the namespaces of the VM's PID 1 (systemd). For the lab's own set-up and for tests that
// check the world (systemctl show, psql as postgres); pg-ops itself only ever goes in over SSH.
import {runCommand, type RunResult} from '../run-command.js';

const vmEnvironment = [
	'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
	'LANG=C.UTF-8',
	'TZ=UTC',
];

export interface VmExecOptions {
	/** Run as this account of the VM (runuser), not root. */
	user?: string;
	input?: string;
	timeoutMs?: number;
	/** Extra VAR=value for the command (kept off its command line). */
	env?: string[];
}

export function vmExec(
	leaderPid: number,
	command: string[],
	options: VmExecOptions = {},
): Promise<RunResult> {
	const asUser = options.user ? ['runuser', '-u', options.user, '--'] : [];
	return runCommand(
		'nsenter',
		[
			`--target=${leaderPid}`,
			'--mount',
			'--uts',
			'--ipc',
			'--pid',
			'--root',
			'--wd',
			'--',
			'/usr/bin/env',
			'-i',
			...vmEnvironment,
			...(options.env ?? []),
			...asUser,
			...command,
		],
		{input: options.input, timeoutMs: options.timeoutMs ?? 60_000, cwd: '/'},
	);
}

/** vmExec that fails with the command and its output on a non-zero exit. */
export async function vmExecChecked(
	leaderPid: number,
	command: string[],
	options: VmExecOptions = {},
): Promise<RunResult> {
	const result = await vmExec(leaderPid, command, options);
	if (result.code !== 0)
		throw new Error(
			`in the lab VM, ${command.join(' ')} exited with ${result.code}: ${(result.stderr.trim() || result.stdout.trim()).split('\n').slice(-15).join('\n')}`,
		);
	return result;
}
