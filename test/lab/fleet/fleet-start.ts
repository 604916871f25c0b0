// Starting and stopping the lab's simulated fleet: the hosts' directories, their sshd processes and
// their units (in parallel), and DIR/fleet/fleet.json, which the test controls read to change a host.
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {writeJsonAtomically} from '../../../source/demo/atomic-file.js';
import {processCommandLine} from '../../../source/demo/processes.js';
import {listProcesses, terminateAll} from '../process-table.js';
import type {LabPaths} from '../lab-paths.js';
import type {LabUser} from '../lab-user.js';
import type {HostKey} from '../ssh-keys.js';
import {bootFleetUnits, buildFleetHosts} from './fleet-hosts.js';
import {type FleetHost, assertFleetSize, fleetHosts, fleetPaths} from './fleet-layout.js';
import {fleetKnownHostsLines, renderFleetSshConfig} from './fleet-ssh-config.js';
import {startFleetSshds, stopFleetSshds} from './fleet-sshd.js';

/** DIR/fleet/fleet.json: what the controls need to take a host down or bring it back. */
export interface FleetRecord {
	user: LabUser;
	authorizedKeys: string;
	hosts: FleetHost[];
	/** Hosts a test took down (their ports closed). */
	down: string[];
}

export interface FleetStart {
	paths: LabPaths;
	size: number;
	/** One loopback port per host, chosen by the caller. */
	ports: number[];
	user: LabUser;
}

export interface StartedFleet {
	hosts: FleetHost[];
	sshdPids: number[];
	/** known_hosts lines for every host's port. */
	knownHosts: string;
	/** With Prometheus: the stand-in exporter serving every host's metrics (fleet-exporter.ts). */
	exporterPid?: number;
	/** How many hosts past the stand-ins the exporter serves, in Prometheus alone. */
	labelOnlyHosts?: number;
}

/** Writes the hosts (including the sudo dispatchers); call before the sudo rule is installed. */
export async function layOutFleet({paths, size, ports, user}: FleetStart): Promise<FleetHost[]> {
	assertFleetSize(size);
	if (ports.length !== size) throw new Error(`the fleet needs ${size} ports, got ${ports.length}`);
	const fleet = fleetPaths(paths);
	rmSync(fleet.dir, {recursive: true, force: true});
	mkdirSync(fleet.dir, {recursive: true});
	const hosts = fleetHosts(ports);
	await buildFleetHosts({fleet, hosts, user});
	writeFleetRecord(paths, {user, authorizedKeys: paths.authorizedKeys, hosts, down: []});
	writeFileSync(
		fleet.sshConfig,
		renderFleetSshConfig({
			hosts,
			user: user.name,
			identityFile: paths.clientKey,
			knownHostsFile: paths.knownHosts,
			labDir: paths.dir,
		}),
		{mode: 0o644},
	);
	return hosts;
}

/** The fleet's sshd processes and every host's units, at once. */
export async function startFleet(paths: LabPaths, hosts: FleetHost[], user: LabUser): Promise<StartedFleet> {
	const fleet = fleetPaths(paths);
	const [sshds] = await Promise.all([
		startFleetSshds({fleet, hosts, user: user.name, authorizedKeys: paths.authorizedKeys}),
		bootFleetUnits(fleet, hosts, user),
	]);
	const keys = new Map<number, HostKey>(sshds.map(sshd => [sshd.index, sshd.hostKey]));
	return {hosts, sshdPids: sshds.map(sshd => sshd.pid), knownHosts: fleetKnownHostsLines(hosts, keys)};
}

/** The fleet's sshd processes and every host's unit processes (found by command line, so a crashed lab's too); sessions end with the lab user's processes. */
export async function stopFleet(paths: LabPaths): Promise<boolean> {
	const sshds = await stopFleetSshds(paths);
	const hostsRoot = `${fleetPaths(paths).hostsRoot}/`;
	const units = listProcesses().filter(
		entry =>
			entry.state !== 'Z' &&
			/^pgops-fleet-app-\d{3,4}-/.test(unitMarker(entry.pid) ?? '') &&
			(processCommandLine(entry.pid) ?? '').includes(hostsRoot),
	);
	return (await terminateAll(units.map(entry => entry.pid))) > 0 || sshds;
}

// A unit's command line: sh -c SCRIPT pgops-fleet-HOST-UNIT HOST_ROOT/run/hold.
function unitMarker(pid: number): string | undefined {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[3];
	} catch {
		return undefined;
	}
}

export function readFleetRecord(paths: LabPaths): FleetRecord | undefined {
	const file = fleetPaths(paths).layout;
	if (!existsSync(file)) return undefined;
	return JSON.parse(readFileSync(file, 'utf8')) as FleetRecord;
}

export function writeFleetRecord(paths: LabPaths, record: FleetRecord): void {
	writeJsonAtomically(fleetPaths(paths).layout, record);
}
