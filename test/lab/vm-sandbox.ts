// The simulated VM under DIR/root, built by the demo's own sandbox builder: releases, `current`,
// backups, logs, the env file (pointing at the lab's real PostgreSQL) and the service-manager stand-in,
// handed to the lab user as a VM's app tree belongs to its service user, with the units running as that user.
import {chmodSync, existsSync, lchownSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {orchestratorCrash} from '../../source/demo/orchestrator-crash.js';
import {builtDemoScript} from '../../source/demo/package-paths.js';
import {type Sandbox, buildSandbox, writeEnvFile} from '../../source/demo/sandbox-builder.js';
import {seedFailedUnit} from '../../source/demo/service-control.js';
import {lastLines} from './log-tail.js';
import type {LabUser} from './lab-user.js';
import {runCommand} from './run-command.js';

export interface VmSandboxSettings {
	httpPort: number;
	databasePort: number;
	databaseUrl: string;
	user: LabUser;
	now: Date;
}

export function buildVmSandbox(
	root: string,
	{httpPort, databasePort, databaseUrl, user, now}: VmSandboxSettings,
): Sandbox {
	const sandbox = buildSandbox(root, httpPort, now, {
		serviceUser: {uid: user.uid, gid: user.gid, home: user.home},
		hostDatabaseTools: true,
	});
	writeEnvFile(sandbox.paths, {httpPort, databasePort, token: sandbox.token, databaseUrl});
	const failedAt = now.getTime() - 2 * 60_000;
	seedFailedUnit(root, 'app-orchestrator.service', failedAt, orchestratorCrash(failedAt));
	// root/ and bin/ stay root's: sudo runs bin/systemctl as root, so the lab user must not be able to replace it.
	chmodSync(root, 0o755);
	for (const part of ['opt', 'etc', 'var']) chownTree(join(root, part), user);
	return sandbox;
}

/** Starts app-web and app-intake through the stand-in, as the lab user, as a VM's service manager would at boot. */
export async function startVmUnits(root: string, user: LabUser): Promise<void> {
	await assertUserCanRunStandIn(user);
	const started = await runCommand(
		join(root, 'bin', 'systemctl'),
		['start', 'app-web.service', 'app-intake.service'],
		{
			as: user,
			cwd: user.home,
			env: {PATH: `${join(root, 'bin')}:/usr/local/bin:/usr/bin:/bin`, HOME: user.home, LANG: 'C.UTF-8'},
		},
	);
	if (started.code !== 0) {
		const logs = ['app-web', 'app-intake']
			.map(unit => `${unit}.log:\n${lastLines(join(root, 'var', 'log', `${unit}.log`), 10)}`)
			.join('\n');
		throw new Error(`the lab's units did not start: ${started.stderr.trim()}\n${logs}`);
	}
}

// The units run node and pg-ops' built scripts as the lab user: a checkout under /root would be unreadable to it.
async function assertUserCanRunStandIn(user: LabUser): Promise<void> {
	const script = builtDemoScript('service-manager');
	if (!existsSync(script)) throw new Error(`the demo is not built: ${script} is missing; run: npm run build`);
	const check = await runCommand(
		'/bin/sh',
		['-c', 'test -x "$0" && test -r "$1"', process.execPath, script],
		{as: user, cwd: '/'},
	);
	if (check.code !== 0)
		throw new Error(
			`the lab user ${user.name} cannot run ${process.execPath} ${script}: every directory above them must be readable and searchable by others`,
		);
}

function chownTree(path: string, user: LabUser): void {
	lchownSync(path, user.uid, user.gid);
	for (const entry of readdirSync(path, {withFileTypes: true})) {
		const child = join(path, entry.name);
		if (entry.isDirectory()) chownTree(child, user);
		else lchownSync(child, user.uid, user.gid);
	}
}
