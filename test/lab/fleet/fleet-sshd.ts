// The fleet's OpenSSH servers: ceil(N/16) sshd processes of the machine's own sshd, each listening on
// 16 loopback ports, one port per host. `Match LocalPort` gives each port its host: the host's bin/
// on PATH and PGOPS_FLEET_HOST. A host taken down loses its port (config rewritten, SIGHUP: sshd
// re-executes itself and binds the ports left) and its open sessions.
import {existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync} from 'node:fs';
import {isDemoProcess, processCommandLine, waitUntil} from '../../../source/demo/processes.js';
import {listProcesses, terminateAll} from '../process-table.js';
import {type HostKey, generateHostKey} from '../ssh-keys.js';
import {greets, startSshdProcess} from '../ssh-server.js';
import {writeCheckedSshdConfig} from '../sshd-config.js';
import {type FleetHost, type FleetPaths, fleetPaths} from './fleet-layout.js';
import type {LabPaths} from '../lab-paths.js';

export interface FleetSshdSettings {
	fleet: FleetPaths;
	hosts: FleetHost[];
	user: string;
	authorizedKeys: string;
	/** Hosts whose port is left out (taken down by a test). */
	down?: ReadonlySet<string>;
}

export interface StartedFleetSshd {
	index: number;
	pid: number;
	hostKey: HostKey;
}

/** Every fleet sshd at once, each with a host key of its own; resolves once every port greets. */
export async function startFleetSshds(settings: FleetSshdSettings): Promise<StartedFleetSshd[]> {
	const indexes = [...new Set(settings.hosts.map(host => host.sshd))];
	return Promise.all(
		indexes.map(async index => {
			mkdirSync(settings.fleet.sshdDir(index), {recursive: true});
			const hostKey = await generateHostKey(settings.fleet.sshdHostKey(index), `pg-ops-lab-fleet-${index}`);
			await writeFleetSshdConfig(settings, index);
			const pid = await startSshdProcess({
				config: settings.fleet.sshdConfig(index),
				log: settings.fleet.sshdLog(index),
				ports: upHostsOf(settings, index).map(host => host.port),
			});
			return {index, pid, hostKey};
		}),
	);
}

/** After a host went down or came back: rewrite its sshd's ports and make it take them (or stop it, with none left). */
export async function reloadFleetSshd(settings: FleetSshdSettings, index: number): Promise<void> {
	const {fleet} = settings;
	const up = upHostsOf(settings, index);
	const pid = fleetSshdPid(fleet, index);
	if (up.length === 0) {
		// sshd without a Port line would listen on 22.
		if (pid) await terminateAll([pid]);
		return;
	}
	await writeFleetSshdConfig(settings, index);
	if (!pid) {
		await startSshdProcess({
			config: fleet.sshdConfig(index),
			log: fleet.sshdLog(index),
			ports: up.map(host => host.port),
		});
		return;
	}
	// sshd -D re-executes itself on SIGHUP (same pid), closing its listeners and binding the configured ones.
	process.kill(pid, 'SIGHUP');
	const down = settings.hosts.filter(host => host.sshd === index && settings.down?.has(host.name));
	const settled = await waitUntil(
		async () =>
			(await Promise.all(up.map(host => greets(host.port)))).every(Boolean) &&
			!(await Promise.all(down.map(host => greets(host.port)))).some(Boolean),
		// Generous: every port must greet in one round, slow on a busy 2-core machine.
		60_000,
		50,
	);
	if (!settled)
		throw new Error(
			`the fleet's sshd ${index} (pid ${pid}) did not take its new ports after SIGHUP; see ${fleet.sshdLog(index)}`,
		);
}

/** The live sshd serving fleet sshd `index`, from its pid file (checked against its config, so a reused pid is never taken). */
export function fleetSshdPid(fleet: FleetPaths, index: number): number | undefined {
	const file = fleet.sshdPidFile(index);
	if (!existsSync(file)) return undefined;
	const pid = Number(readFileSync(file, 'utf8').trim());
	return Number.isInteger(pid) && pid > 0 && isDemoProcess(pid, fleet.sshdConfig(index)) ? pid : undefined;
}

/** Ends every fleet sshd of the lab: by pid file, and any sshd whose command line names the fleet's dir (a crashed lab's). */
export async function stopFleetSshds(paths: LabPaths): Promise<boolean> {
	const fleet = fleetPaths(paths);
	const marker = `${fleet.dir}/sshd-`;
	const listeners = listProcesses()
		.filter(
			entry =>
				entry.comm.startsWith('sshd') &&
				entry.state !== 'Z' &&
				(processCommandLine(entry.pid) ?? '').includes(marker),
		)
		.map(entry => entry.pid);
	return (await terminateAll(listeners)) > 0;
}

/** Ends the SSH sessions connected to this loopback port (both of sshd's processes of each), as when a host dies. */
export async function dropSessionsOnPort(port: number): Promise<number> {
	const sockets = connectedSockets(port);
	if (sockets.size === 0) return 0;
	const holders: number[] = [];
	for (const entry of listProcesses()) {
		if (!entry.comm.startsWith('sshd') || entry.state === 'Z') continue;
		if (socketInodesOf(entry.pid).some(inode => sockets.has(inode))) holders.push(entry.pid);
	}
	return terminateAll(holders);
}

function upHostsOf(settings: FleetSshdSettings, index: number): FleetHost[] {
	return settings.hosts.filter(host => host.sshd === index && !settings.down?.has(host.name));
}

async function writeFleetSshdConfig(settings: FleetSshdSettings, index: number): Promise<void> {
	await writeCheckedSshdConfig(settings.fleet.sshdConfig(index), fleetSshdLines(settings, index));
}

function fleetSshdLines(settings: FleetSshdSettings, index: number): string[] {
	const {fleet, hosts, user, authorizedKeys} = settings;
	const mine = hosts.filter(host => host.sshd === index);
	const up = upHostsOf(settings, index);
	return [
		`# sshd ${index} of the pg-ops lab's simulated fleet (${mine[0]!.name} ... ${mine.at(-1)!.name}): generated by startLab.`,
		'# One loopback port per host; Match LocalPort below gives each its own PATH and PGOPS_FLEET_HOST.',
		'AddressFamily inet',
		'ListenAddress 127.0.0.1',
		...up.map(host => `Port ${host.port}`),
		`HostKey ${fleet.sshdHostKey(index)}`,
		`PidFile ${fleet.sshdPidFile(index)}`,
		`AuthorizedKeysFile ${authorizedKeys}`,
		`AllowUsers ${user}`,
		'PermitRootLogin no',
		'PubkeyAuthentication yes',
		'PasswordAuthentication no',
		'KbdInteractiveAuthentication no',
		'UsePAM no',
		'StrictModes no',
		'SetEnv PATH=/usr/local/bin:/usr/bin:/bin',
		'AllowTcpForwarding yes',
		'X11Forwarding no',
		'PrintMotd no',
		'PrintLastLog no',
		'MaxSessions 50',
		'MaxStartups 100:30:200',
		'LogLevel INFO',
		'Subsystem sftp internal-sftp',
		'PerSourcePenalties no',
		// Match blocks last: everything after a Match line belongs to it.
		...mine.flatMap(host => [
			`Match LocalPort ${host.port}`,
			`\tSetEnv PATH=${fleet.host(host.name).bin}:/usr/local/bin:/usr/bin:/bin PGOPS_FLEET_HOST=${host.name}`,
		]),
	];
}

// /proc/net/tcp: "sl local rem st ... inode"; addresses as hex ip:port. Every state but LISTEN (0A).
function connectedSockets(port: number): Set<string> {
	const inodes = new Set<string>();
	const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
	for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
		const fields = line.trim().split(/\s+/);
		if (fields.length < 10) continue;
		const [, local, , state] = fields;
		if (local?.endsWith(`:${hexPort}`) && state !== '0A') inodes.add(fields[9]!);
	}
	return inodes;
}

function socketInodesOf(pid: number): string[] {
	try {
		return readdirSync(`/proc/${pid}/fd`).flatMap(fd => {
			try {
				return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? [];
			} catch {
				return [];
			}
		});
	} catch {
		return [];
	}
}
