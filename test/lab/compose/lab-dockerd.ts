// The lab's own dockerd: its data root, exec root, socket and log under DIR/docker, so it never meets
// the machine's dockerd (if any) or another lab's. It touches no network and no firewall:
// --bridge=none (no docker0, no private-range bridge), --iptables=false, --ip-forward=false and
// --ip-masq=false leave the host's firewall and ip_forward as they were; the app's containers use
// `network_mode: host` and listen on 127.0.0.1. Containers run under a cgroup of the lab's
// (cgroupfs: there is no systemd on the host), so stopLab finds and removes every one of them.
import {spawn} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {isProcessAlive, processCommandLine, sleep, terminateProcess} from '../../../source/demo/processes.js';
import {lastLines} from '../log-tail.js';
import {listProcesses, terminateAll} from '../process-table.js';
import {runCommand} from '../run-command.js';
import {vmAccounts} from '../vm/base-root.js';
import {everyHierarchy, removeCgroups} from '../vm/vm-cgroups.js';
import {type DockerPaths, dockerCli, dockerd} from './compose-layout.js';

const startTimeoutMs = 90_000;

/** `docker ARGS` against the lab's dockerd, from the host (the lab's set-up and tests' looks from outside). */
export function labDocker(docker: DockerPaths, args: string[], options: {timeoutMs?: number} = {}) {
	return runCommand(dockerCli, args, {
		env: {PATH: '/usr/sbin:/usr/bin:/sbin:/bin', DOCKER_HOST: `unix://${docker.socket}`, HOME: docker.dir},
		timeoutMs: options.timeoutMs ?? 60_000,
	});
}

/** Starts it and resolves with its pid once it answers on its socket. */
export async function startDockerd(docker: DockerPaths): Promise<number> {
	await stopDockerd(docker);
	for (const dir of [docker.dir, docker.data, docker.exec]) mkdirSync(dir, {recursive: true});
	// Its own (empty) configuration: /etc/docker/daemon.json is the machine's, not the lab's.
	writeFileSync(docker.config, '{}\n');
	const log = openSync(docker.log, 'w');
	const child = spawn(
		dockerd,
		[
			'--data-root',
			docker.data,
			'--exec-root',
			docker.exec,
			'--host',
			`unix://${docker.socket}`,
			'--pidfile',
			docker.pidFile,
			'--config-file',
			docker.config,
			'--bridge=none',
			'--iptables=false',
			'--ip-forward=false',
			'--ip-masq=false',
			// The VM's docker group owns the socket (root and that group only): the deploy user goes through sudo.
			'--group',
			String(vmAccounts.dockerGroup.gid),
			'--cgroup-parent',
			`/${docker.cgroup}`,
			'--exec-opt',
			'native.cgroupdriver=cgroupfs',
			// Containers that ignore SIGTERM would hold a stop for their whole grace period: stopLab removes them first anyway.
			'--shutdown-timeout',
			'2',
		],
		{detached: true, stdio: ['ignore', log, log], env: {PATH: '/usr/sbin:/usr/bin:/sbin:/bin'}},
	);
	closeSync(log);
	let exited: string | undefined;
	child.once('exit', (code, signal) => (exited = signal ? `was killed by ${signal}` : `exited with ${code}`));
	child.unref();
	const began = Date.now();
	while (Date.now() - began < startTimeoutMs && exited === undefined) {
		if (
			(await labDocker(docker, ['version', '--format', '{{.Server.Version}}'], {timeoutMs: 10_000})).code ===
			0
		)
			return child.pid!;
		await sleep(200);
	}
	const why = exited ?? `did not answer on ${docker.socket} within ${startTimeoutMs / 1000} s`;
	await stopDockerd(docker);
	throw new Error(`the lab's dockerd ${why}; last lines of ${docker.log}:\n${lastLines(docker.log)}`);
}

/**
 * Removes its containers (SIGKILL: a stop would wait out each one's grace period), stops it, ends
 * whatever it left (containerd, shims, container processes), unmounts its layers and removes its
 * cgroups. Harmless when nothing runs. True when something was running.
 */
export async function stopDockerd(docker: DockerPaths): Promise<boolean> {
	const daemon = dockerdPid(docker);
	if (daemon) {
		const containers = await labDocker(docker, ['ps', '--all', '--quiet'], {timeoutMs: 20_000});
		const ids = containers.stdout.split('\n').filter(Boolean);
		if (containers.code === 0 && ids.length > 0)
			await labDocker(docker, ['rm', '--force', ...ids], {timeoutMs: 60_000});
		await terminateProcess(daemon, 20_000);
	}
	// Found by their command lines, which name the lab's docker dir: containerd and the shims.
	const leftovers = listProcesses()
		.filter(entry => processCommandLine(entry.pid)?.includes(`${docker.dir}/`))
		.map(entry => entry.pid);
	await terminateAll(leftovers);
	const cgroups = await removeCgroups(docker.cgroup, everyHierarchy());
	await unmountUnder(docker.dir);
	rmSync(docker.pidFile, {force: true});
	rmSync(docker.socket, {force: true});
	return Boolean(daemon) || leftovers.length > 0 || cgroups;
}

function dockerdPid(docker: DockerPaths): number | undefined {
	const fromFile = existsSync(docker.pidFile) ? Number(readFileSync(docker.pidFile, 'utf8').trim()) : 0;
	const candidates = [
		fromFile,
		...listProcesses()
			.filter(entry => entry.comm === 'dockerd')
			.map(entry => entry.pid),
	];
	return candidates.find(
		pid => pid > 0 && isProcessAlive(pid) && (processCommandLine(pid)?.includes(`${docker.data} `) ?? false),
	);
}

/** Whatever dockerd left mounted under the dir (its data root's bind mount, layers, the netns file), deepest first. */
async function unmountUnder(dir: string): Promise<void> {
	const points = readFileSync('/proc/self/mountinfo', 'utf8')
		.split('\n')
		.map(line => line.split(' ')[4] ?? '')
		.filter(point => point === dir || point.startsWith(`${dir}/`))
		.sort((a, b) => b.length - a.length);
	for (const point of points) {
		const result = await runCommand('umount', [point]);
		if (result.code !== 0) await runCommand('umount', ['--lazy', point]);
	}
}
