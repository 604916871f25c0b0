// Booting and stopping the lab VM: the shared base root under an overlay of the lab's own (so `df`
// and `du` in the VM see a real filesystem, the disk the lab dir is on), real systemd as PID 1 under
// systemd-nspawn in the host's network namespace (every server in the VM listens on 127.0.0.1, on
// ports the lab chose), in a cgroup the lab makes and removes. Without systemd on the host there is
// no machined or D-Bus to register with: --register=no --keep-unit.
import {spawn} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync} from 'node:fs';
import {isProcessAlive, sleep, terminateProcess} from '../../../source/demo/processes.js';
import {lastLines} from '../log-tail.js';
import {listProcesses} from '../process-table.js';
import {runCommand} from '../run-command.js';
import {greets} from '../ssh-server.js';
import {baseRootPaths} from './base-root.js';
import {cgroupPids, makeCgroups, removeCgroups} from './vm-cgroups.js';
import {vmExec} from './vm-exec.js';
import type {VmHostPaths} from './vm-layout.js';

/** A host path bind-mounted into the VM. */
export interface VmBind {
	from: string;
	to: string;
	readOnly: boolean;
}

export interface BootedVm {
	nspawnPid: number;
	/** The VM's PID 1 (systemd), as the host numbers it. */
	leaderPid: number;
}

const bootTimeoutMs = 90_000;

/** Mounts the overlay at vm.root (empty upper: a fresh VM), for the lab to write its files into before boot. */
export async function mountVmRoot(vm: VmHostPaths): Promise<void> {
	await unmountVmRoot(vm);
	for (const dir of [vm.upper, vm.work]) rmSync(dir, {recursive: true, force: true});
	for (const dir of [vm.upper, vm.work, vm.root]) mkdirSync(dir, {recursive: true});
	const mounted = await runCommand('mount', [
		'-t',
		'overlay',
		'overlay',
		'-o',
		`lowerdir=${baseRootPaths.root},upperdir=${vm.upper},workdir=${vm.work}`,
		vm.root,
	]);
	if (mounted.code !== 0)
		throw new Error(
			`cannot mount the lab VM's overlay at ${vm.root} (the lab dir must be on a disk filesystem such as ext4, not overlay or tmpfs): ${mounted.stderr.trim()}`,
		);
}

export async function bootVm(vm: VmHostPaths, binds: VmBind[], sshPort: number): Promise<BootedVm> {
	const cgroups = makeCgroups(vm.cgroup);
	const console = openSync(vm.console, 'w');
	const nspawnArgs = [
		'-b',
		'-D',
		vm.root,
		'-M',
		vm.machine,
		'--register=no',
		'--keep-unit',
		'--console=passive',
		...binds.map(bind => `--bind${bind.readOnly ? '-ro' : ''}=${bind.from}:${bind.to}`),
	];
	// The shell joins the VM's cgroups, then becomes nspawn: its payload and supervisor cgroups land there.
	const child = spawn(
		'/bin/sh',
		[
			'-c',
			'for dir in $VM_CGROUPS; do echo $$ > "$dir/cgroup.procs" || exit 1; done; exec systemd-nspawn "$@"',
			'pg-ops-lab-vm',
			...nspawnArgs,
		],
		{
			detached: true,
			stdio: ['ignore', console, console],
			env: {
				PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
				VM_CGROUPS: cgroups.join(' '),
				// Pure cgroup v2 in the VM, as on a Debian 12 server, whatever the host mounts.
				SYSTEMD_NSPAWN_UNIFIED_HIERARCHY: '1',
			},
		},
	);
	closeSync(console);
	let exited: string | undefined;
	child.once('exit', (code, signal) => (exited = signal ? `was killed by ${signal}` : `exited with ${code}`));
	child.unref();
	const nspawnPid = child.pid!;
	const began = Date.now();
	let leaderPid = 0;
	let state = '';
	while (Date.now() - began < bootTimeoutMs && exited === undefined) {
		leaderPid ||= findLeader(nspawnPid);
		if (leaderPid) {
			// degraded: a unit failed at boot, as the lab's app-orchestrator does on purpose.
			state = (
				await vmExec(leaderPid, ['systemctl', 'is-system-running'], {timeoutMs: 10_000})
			).stdout.trim();
			if ((state === 'running' || state === 'degraded') && (await greets(sshPort)))
				return {nspawnPid, leaderPid};
		}
		await sleep(100);
	}
	const failed = leaderPid
		? (await vmExec(leaderPid, ['systemctl', '--failed', '--no-pager', '--plain'], {timeoutMs: 10_000}))
				.stdout
		: '';
	await stopVm(vm, {nspawnPid, leaderPid});
	throw new Error(
		`the lab VM did not boot (systemd-nspawn ${exited ?? `still starting after ${bootTimeoutMs / 1000} s, system ${state || 'unknown'}`}); failed units:\n${failed}\nlast lines of ${vm.console}:\n${lastLines(vm.console)}`,
	);
}

/** Powers the VM off (nspawn turns SIGTERM into a clean shutdown), then kills whatever is left, removes its cgroups and unmounts it. */
export async function stopVm(vm: VmHostPaths, known?: Partial<BootedVm>): Promise<boolean> {
	const nspawnPids = [
		known?.nspawnPid,
		...listProcesses()
			.filter(entry => entry.comm === 'systemd-nspawn' && commandLineOf(entry.pid).includes(` ${vm.root} `))
			.map(entry => entry.pid),
	].filter((pid): pid is number => pid !== undefined && pid > 0 && isProcessAlive(pid));
	const wasRunning = nspawnPids.length > 0 || cgroupPids(vm.cgroup).length > 0;
	await Promise.all([...new Set(nspawnPids)].map(pid => terminateProcess(pid, 20_000)));
	await removeCgroups(vm.cgroup);
	await unmountVmRoot(vm);
	return wasRunning;
}

export async function unmountVmRoot(vm: VmHostPaths): Promise<void> {
	// Whatever is mounted at or below the root (nspawn's own mounts live in its namespace, gone with it).
	const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
		.split('\n')
		.map(line => line.split(' ')[4] ?? '')
		.filter(point => point === vm.root || point.startsWith(`${vm.root}/`))
		.sort((a, b) => b.length - a.length);
	for (const point of mounts) {
		const result = await runCommand('umount', [point]);
		if (result.code !== 0) await runCommand('umount', ['--lazy', point]);
	}
	if (
		existsSync(vm.root) &&
		mounts.length > 0 &&
		(await runCommand('mountpoint', ['-q', vm.root])).code === 0
	)
		throw new Error(`cannot unmount the lab VM's root ${vm.root}`);
}

function findLeader(nspawnPid: number): number {
	const leader = listProcesses().find(entry => entry.ppid === nspawnPid && entry.comm === 'systemd');
	return leader?.pid ?? 0;
}

function commandLineOf(pid: number): string {
	try {
		return ` ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')} `;
	} catch {
		return '';
	}
}
