// What tests do to one host of a running lab's fleet: break a unit's next start, make the host slow
// to answer, take it down (its port refuses, its sessions drop) and bring it back, change its disk,
// crash a unit; with Prometheus, take its exporter down and back, make its samples lag. Each changes
// only that host's files, port or exporter answers; the lab runs on.
import {readFileSync, rmSync} from 'node:fs';
import {resolve} from 'node:path';
import {isProcessAlive, waitUntil} from '../../../source/demo/processes.js';
import type {LabInfo} from '../lab-info.js';
import {labPaths} from '../lab-paths.js';
import {writeOwned} from './fleet-hosts.js';
import {type FleetHost, type FleetUnit, type HostPaths, fleetPaths, fleetUnits} from './fleet-layout.js';
import {dropSessionsOnPort, reloadFleetSshd} from './fleet-sshd.js';
import {type FleetRecord, readFleetRecord, writeFleetRecord} from './fleet-start.js';
import {changeFleetExporter, pauseFleetScrapes} from './fleet-exporter.js';

/** A unit by the fleet environment's service name (api, worker) or its unit name. */
export type FleetService = 'api' | 'worker' | FleetUnit;

export interface FleetHostHandle {
	host: FleetHost;
	paths: HostPaths;
	record: FleetRecord;
}

/** The host as the lab laid it out; throws naming the hosts there are when there is no such host. */
export function fleetHost(info: LabInfo, name: string): FleetHostHandle {
	const paths = labPaths(resolve(info.dir));
	const record = readFleetRecord(paths);
	if (!record) throw new Error(`the lab in ${info.dir} has no fleet (start it with fleet: N)`);
	const host = record.hosts.find(candidate => candidate.name === name);
	if (!host)
		throw new Error(
			`the lab's fleet has no host ${name} (it has ${record.hosts[0]?.name} ... ${record.hosts.at(-1)?.name})`,
		);
	return {host, paths: fleetPaths(paths).host(name), record};
}

/** The unit's next start (or restart) fails, as if its exec exited 1; it keeps running until then. */
export function breakFleetHost(info: LabInfo, name: string, service: FleetService): void {
	const {paths, record} = fleetHost(info, name);
	writeOwned(paths.broken(unitOf(service)), 'set by a test: the next start fails\n', record.user);
}

/** Undoes breakFleetHost (for one unit, or every unit of the host). */
export function repairFleetHost(info: LabInfo, name: string, service?: FleetService): void {
	const {paths} = fleetHost(info, name);
	for (const unit of service ? [unitOf(service)] : fleetUnits) rmSync(paths.broken(unit), {force: true});
}

/** Every systemctl call on the host waits this long before answering (0: answers at once again). */
export function slowFleetHost(info: LabInfo, name: string, seconds: number): void {
	const {paths, record} = fleetHost(info, name);
	if (!(seconds >= 0)) throw new Error(`slowFleetHost: seconds must be 0 or more, not ${seconds}`);
	if (seconds === 0) rmSync(paths.slow, {force: true});
	else writeOwned(paths.slow, `${seconds}\n`, record.user);
}

/** Sets what df reports for the host's / (the share used, of the same size). */
export function setFleetDisk(info: LabInfo, name: string, usedPercent: number): void {
	const {paths, record} = fleetHost(info, name);
	if (!(usedPercent >= 0 && usedPercent <= 100))
		throw new Error(`setFleetDisk: usedPercent must be from 0 to 100, not ${usedPercent}`);
	const disk = Object.fromEntries(
		readFileSync(paths.disk, 'utf8')
			.trim()
			.split('\n')
			.map(line => line.split('=') as [string, string]),
	);
	const sizeKb = Number(disk.DISK_SIZE_KB);
	writeOwned(
		paths.disk,
		`DISK_DEVICE=${disk.DISK_DEVICE}\nDISK_SIZE_KB=${sizeKb}\nDISK_USED_KB=${Math.round((sizeKb * usedPercent) / 100)}\n`,
		record.user,
	);
}

/** Kills the unit's process (SIGKILL), as a crash: the host's systemctl then reports it failed (Result=signal). */
export async function crashFleetUnit(info: LabInfo, name: string, service: FleetService): Promise<number> {
	const {paths} = fleetHost(info, name);
	const state = readFileSync(`${paths.state}/${unitOf(service)}`, 'utf8');
	const pid = Number(/^S_PID=(\d+)$/m.exec(state)?.[1] ?? 0);
	if (!(pid > 0) || !isProcessAlive(pid))
		throw new Error(`crashFleetUnit: ${unitOf(service)} is not running on ${name}`);
	process.kill(pid, 'SIGKILL');
	await waitUntil(() => !isProcessAlive(pid), 5000);
	return pid;
}

/** The host goes down: its port refuses connections and its open SSH sessions drop. Its units' state is kept. */
export async function stopFleetHost(info: LabInfo, name: string): Promise<void> {
	const {host, record} = fleetHost(info, name);
	const paths = labPaths(resolve(info.dir));
	const down = new Set([...record.down, name]);
	writeFleetRecord(paths, {...record, down: [...down]});
	await reloadFleetSshd(
		{
			fleet: fleetPaths(paths),
			hosts: record.hosts,
			user: record.user.name,
			authorizedKeys: record.authorizedKeys,
			down,
		},
		host.sshd,
	);
	await dropSessionsOnPort(host.port);
}

/** The host comes back on the same port, with the same host key. */
export async function startFleetHost(info: LabInfo, name: string): Promise<void> {
	const {host, record} = fleetHost(info, name);
	const paths = labPaths(resolve(info.dir));
	const down = new Set(record.down.filter(other => other !== name));
	writeFleetRecord(paths, {...record, down: [...down]});
	await reloadFleetSshd(
		{
			fleet: fleetPaths(paths),
			hosts: record.hosts,
			user: record.user.name,
			authorizedKeys: record.authorizedKeys,
			down,
		},
		host.sshd,
	);
}

function unitOf(service: FleetService): FleetUnit {
	if (service === 'api') return 'app-api.service';
	if (service === 'worker') return 'app-worker.service';
	if ((fleetUnits as readonly string[]).includes(service)) return service;
	throw new Error(
		`a fleet host has the units ${fleetUnits.join(', ')} (services api, worker), not ${service}`,
	);
}

/** The host's node_exporter dies: Prometheus' next scrape of it fails (503: up == 0). SSH still answers. */
export async function stopHostExporter(info: LabInfo, name: string): Promise<void> {
	fleetHost(info, name);
	await changeFleetExporter(labPaths(resolve(info.dir)), config => {
		config.down = [...new Set([...config.down, name])];
	});
}

/** The host's node_exporter answers its scrapes again. */
export async function startHostExporter(info: LabInfo, name: string): Promise<void> {
	fleetHost(info, name);
	await changeFleetExporter(labPaths(resolve(info.dir)), config => {
		config.down = config.down.filter(other => other !== name);
	});
}

/**
 * The host's samples carry timestamps this many seconds in the past (0: now again), as from a lagging
 * pipeline. Prometheus keeps a series' samples in order: until the lag has passed it drops the older
 * ones, so what it holds of the host stops moving and ages.
 */
export async function lagHostExporter(info: LabInfo, name: string, seconds: number): Promise<void> {
	fleetHost(info, name);
	if (!(seconds >= 0)) throw new Error(`lagHostExporter: seconds must be 0 or more, not ${seconds}`);
	await changeFleetExporter(labPaths(resolve(info.dir)), config => {
		config.lagSeconds = {...config.lagSeconds, [name]: seconds};
		if (seconds === 0) delete config.lagSeconds[name];
	});
}

/**
 * Prometheus stops scraping the fleet's exporter (every host's target) until `resume()`; the lab's
 * other jobs (app-web, the VM's node_exporter) go on. For measuring the SSH fan-out alone.
 */
export async function pauseFleetExporterScrapes(info: LabInfo): Promise<{resume: () => void}> {
	const job = info.prometheus?.jobs.fleet;
	if (!info.prometheus || !job || !info.fleet?.exporterPid)
		throw new Error(`the lab in ${info.dir} has no fleet scraped by Prometheus`);
	return pauseFleetScrapes(labPaths(resolve(info.dir)), info.prometheus.url, job);
}
