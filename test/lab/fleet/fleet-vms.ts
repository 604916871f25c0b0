// A few of the fleet's hosts are real Debian 12 machines, beside the stand-ins: each boots the
// shared base root under an overlay of its own (DIR/fleet-vms/vm-N) with real systemd, journald,
// sshd (on its own loopback port, the deploy user with the lab VM's narrow sudo) and the fleet's two
// units, app-api.service and app-worker.service, as real units (Restart=on-failure). PostgreSQL is
// masked: the fleet's database is the lab VM's. So a rolling restart over the fleet restarts real
// units on these hosts, and pg-ops reads real `systemctl show` there.
import {existsSync, mkdirSync, readdirSync, symlinkSync} from 'node:fs';
import {join} from 'node:path';
import {readLabInfo} from '../lab-info.js';
import {labId, type LabPaths} from '../lab-paths.js';
import {vmAccounts} from '../vm/base-root.js';
import {bootVm, mountVmRoot, stopVm} from '../vm/vm-boot.js';
import {writeVmHost} from '../vm/vm-files.js';
import type {VmHostPaths} from '../vm/vm-layout.js';
import {vmPaths} from '../vm/vm-layout.js';

/** The fleet's real hosts are vm-1 ... vm-N (N at most this: each is a booted systemd). */
export const maxFleetVms = 5;

export const fleetVmName = (n: number) => `vm-${n}`;

export interface FleetVm {
	name: string;
	port: number;
	/** systemd-nspawn, and the host's PID 1 (systemd) as this machine numbers it. */
	pids: {nspawn: number; vm: number};
	/** Its filesystem as this machine reads it. */
	root: string;
}

export function fleetVmHostPaths(paths: LabPaths, name: string): VmHostPaths {
	const dir = join(paths.dir, 'fleet-vms', name);
	const id = labId(paths.dir);
	return {
		dir,
		upper: join(dir, 'upper'),
		work: join(dir, 'work'),
		root: join(dir, 'root'),
		console: join(dir, 'console.log'),
		machine: `pgops-${id}-${name}`,
		cgroup: `pg-ops-lab-${id}-${name}`,
		inVm: (path: string) => join(dir, 'root', path),
	};
}

export function assertFleetVmCount(count: number): void {
	if (!Number.isInteger(count) || count < 0 || count > maxFleetVms)
		throw new Error(
			`the fleet's real hosts must be a whole number from 0 to ${maxFleetVms} (each boots systemd), not ${count}`,
		);
}

/** Boots them all at once; resolves when every one runs systemd and answers on its sshd port. */
export async function startFleetVms(
	paths: LabPaths,
	ports: number[],
	ssh: {hostKeyFile: string; clientPublicKey: string},
): Promise<FleetVm[]> {
	return Promise.all(
		ports.map(async (port, index) => {
			const name = fleetVmName(index + 1);
			const vm = fleetVmHostPaths(paths, name);
			await mountVmRoot(vm);
			writeFleetVmFiles(vm, name, {sshPort: port, ...ssh});
			const booted = await bootVm(vm, [], port);
			return {name, port, pids: {nspawn: booted.nspawnPid, vm: booted.leaderPid}, root: vm.root};
		}),
	);
}

/** Every fleet VM the dir has (also a crashed lab's): powered off, cgroups removed, overlays unmounted. */
export async function stopFleetVms(paths: LabPaths): Promise<boolean> {
	const dir = join(paths.dir, 'fleet-vms');
	if (!existsSync(dir)) return false;
	const stopped = await Promise.all(
		readdirSync(dir).map(name => stopVm(fleetVmHostPaths(paths, name), nspawnOf(paths, name))),
	);
	return stopped.some(Boolean);
}

function nspawnOf(paths: LabPaths, name: string): {nspawnPid?: number; leaderPid?: number} | undefined {
	const vm = readLabInfo(paths.dir)?.fleet?.vms?.find(found => found.name === name);
	return vm ? {nspawnPid: vm.pids.nspawn, leaderPid: vm.pids.vm} : undefined;
}

function writeFleetVmFiles(
	vm: VmHostPaths,
	name: string,
	ssh: {sshPort: number; hostKeyFile: string; clientPublicKey: string},
): void {
	const file = writeVmHost(vm, name, ssh);
	// The fleet's database is the lab VM's: this host runs none. Nor node_exporter: Debian's package
	// would listen on :9100 on every interface (these hosts share the machine's network); Prometheus
	// does not scrape them, so a fleet-prometheus environment reads them over SSH (not known to it).
	for (const unit of ['postgresql.service', vmPaths.postgresUnit, 'prometheus-node-exporter.service'])
		symlinkSync('/dev/null', vm.inVm(`/etc/systemd/system/${unit}`));
	const wants = vm.inVm('/etc/systemd/system/multi-user.target.wants');
	mkdirSync(wants, {recursive: true});
	for (const unit of fleetVmUnits()) {
		file(`/etc/systemd/system/${unit.name}`, unit.text);
		symlinkSync(`/etc/systemd/system/${unit.name}`, join(wants, unit.name));
	}
}

/** Host blocks for the laptop's ssh_config: the deploy user, as on the lab VM. */
export function renderFleetVmSshConfig(
	vms: FleetVm[],
	{identityFile, knownHostsFile}: {identityFile: string; knownHostsFile: string},
): string {
	const blocks = vms.map(vm =>
		[
			`Host ${vm.name}`,
			'\tHostName 127.0.0.1',
			`\tPort ${vm.port}`,
			`\tUser ${vmAccounts.deploy.name}`,
			`\tIdentityFile ${identityFile}`,
			'\tIdentitiesOnly yes',
			`\tUserKnownHostsFile ${knownHostsFile}`,
			'\tStrictHostKeyChecking yes',
		].join('\n'),
	);
	return `\n# The fleet's real hosts: Debian 12 with real systemd (see docs/LAB.md).\n\n${blocks.join('\n\n')}\n`;
}

/** The fleet's two units, as the stand-ins name them: small real services that log a line every few seconds. */
export function fleetVmUnits(): Array<{name: string; text: string}> {
	const user = vmAccounts.deploy.name;
	return ['app-api', 'app-worker'].map(unit => ({
		name: `${unit}.service`,
		text: `[Unit]
Description=${unit} (pg-ops lab fleet host)
After=network.target

[Service]
User=${user}
Type=exec
ExecStart=/bin/sh -c 'echo "${unit} started"; while sleep 5; do echo "${unit}: serving"; done'
Restart=on-failure
RestartSec=1
TimeoutStopSec=10

[Install]
WantedBy=multi-user.target
`,
	}));
}
