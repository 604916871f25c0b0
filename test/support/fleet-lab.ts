// A lab with a fleet (and Prometheus) for the fleet's pg-ops tests: start and stop it by dir, the
// `fleet` environment as pg-ops loads it (or a copy narrowed to some hosts), and what a host's unit
// really is, asked over OpenSSH's own client through the lab's ssh_config (not through pg-ops) or,
// for all hosts at once, read from the state the host's stand-in systemd keeps.
import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {parseSystemctlShow} from '../../source/core/parsers/systemctl-show.js';
import {isProcessAlive} from '../../source/demo/processes.js';
import {
	ensureLabPrerequisitesFor,
	fleetHost,
	startLab,
	stopLab,
	type FleetService,
	type LabInfo,
} from '../lab/index.js';

export type FleetLab = {dir: string; stateDir: string; info: LabInfo; env: NamedEnvironment};

/**
 * Starts a lab with `size` hosts (and Prometheus when asked) in a temp dir of its own (the lab user
 * must reach it), and points pg-ops' state (audit log) at a dir of the test's own.
 */
export async function startFleetLab(
	prefix: string,
	options: {
		size: number;
		prometheus?: boolean;
		vms?: number;
		fleetScrapeSeconds?: number;
		fleetInPrometheus?: number;
	},
): Promise<FleetLab> {
	await ensureLabPrerequisitesFor({prometheus: options.prometheus});
	const dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
	const stateDir = path.join(dir, 'pg-ops-state');
	process.env.PGOPS_STATE_DIR = stateDir;
	const release = await takeStartTurn();
	try {
		const info = await startLab({
			dir,
			fleet: options.size,
			fleetVms: options.vms,
			prometheus: options.prometheus,
			fleetScrapeSeconds: options.fleetScrapeSeconds,
			fleetInPrometheus: options.fleetInPrometheus,
		});
		return {dir, stateDir, info, env: pickEnvironment(loadConfigFile(info.config), 'fleet', info.config)};
	} catch (error) {
		await stopFleetLab(dir);
		throw error;
	} finally {
		release();
	}
}

/**
 * Fleet labs start one at a time on this machine. startLab picks its ports by listening on port 0
 * and closing again (test/lab/free-ports.ts); a second lab starting meanwhile can be handed the same
 * ports before the first lab's sshd binds them, and then one host of one lab is served by the other
 * lab's sshd (seen as "HOST KEY CHANGED" for that host when these two test files ran side by side).
 * Once a lab's sshd processes listen, the kernel hands their ports to nobody else.
 */
async function takeStartTurn(): Promise<() => void> {
	const file = path.join(os.tmpdir(), 'pg-ops-fleet-lab-start.lock');
	const deadline = Date.now() + 10 * 60_000;
	for (;;) {
		try {
			writeFileSync(file, `${process.pid}\n`, {flag: 'wx'});
			return () => rmSync(file, {force: true});
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const holder = Number(readFileSyncOrEmpty(file).trim());
		// Left by a test process that died while starting its lab (an empty file: died or still writing its pid).
		if (holder > 0 ? !isProcessAlive(holder) : ageMs(file) > 10_000) rmSync(file, {force: true});
		else if (Date.now() > deadline)
			throw new Error(`waited 10 min for ${file} (held by pid ${holder}) to start a fleet lab`);
		else await new Promise(resolve => setTimeout(resolve, 250));
	}
}

function ageMs(file: string): number {
	try {
		return Date.now() - statSync(file).mtimeMs;
	} catch {
		return 0;
	}
}

function readFileSyncOrEmpty(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

/** By dir: a half-started lab is stopped too. */
export async function stopFleetLab(dir: string | undefined): Promise<void> {
	delete process.env.PGOPS_STATE_DIR;
	if (!dir) return;
	await stopLab({dir});
	rmSync(dir, {recursive: true, force: true});
}

/** The fleet environment with some of its settings changed (hosts narrowed, a shorter probe timeout...). */
export function fleetEnvWith(env: NamedEnvironment, changes: Partial<NamedEnvironment>): NamedEnvironment {
	return {...structuredClone(env), ...changes};
}

/** app-001 ... app-NNN. */
export function fleetHostNames(count: number, from = 1): string[] {
	return Array.from({length: count}, (_, i) => `app-${String(from + i).padStart(3, '0')}`);
}

export type Ran = {code: number; stdout: string; stderr: string};

/** A command on a fleet host with OpenSSH's client and the lab's ssh_config. */
export function sshFleet(info: LabInfo, host: string, command: string): Promise<Ran> {
	const args = ['-F', info.fleet!.sshConfig, '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5', host, command];
	return new Promise(resolve => {
		execFile('ssh', args, {timeout: 30_000}, (error, stdout, stderr) =>
			resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr}),
		);
	});
}

export type UnitOnHost = {host: string; activeState: string; mainPid: number; result?: string};

const unitOf = (service: FleetService) =>
	service === 'api' ? 'app-api.service' : service === 'worker' ? 'app-worker.service' : service;

/** What systemctl (the host's stand-in) says of the unit on the host: its state and main pid. */
export async function unitOnHost(info: LabInfo, host: string, service: FleetService): Promise<UnitOnHost> {
	const shown = await sshFleet(
		info,
		host,
		`systemctl show --property=Id,ActiveState,MainPID,Result --no-pager ${unitOf(service)}`,
	);
	if (shown.code !== 0)
		throw new Error(`systemctl show on ${host} exited ${shown.code}: ${shown.stderr.trim()}`);
	const unit = parseSystemctlShow(shown.stdout)[0];
	if (!unit) throw new Error(`systemctl show on ${host} printed no unit: ${shown.stdout}`);
	return {
		host,
		activeState: unit.activeState ?? '?',
		mainPid: unit.mainPid ?? 0,
		...(unit.result ? {result: unit.result} : {}),
	};
}

/** The unit on each host, asked in parallel. */
export function unitsOnHosts(info: LabInfo, hosts: string[], service: FleetService): Promise<UnitOnHost[]> {
	return Promise.all(hosts.map(host => unitOnHost(info, host, service)));
}

/**
 * The unit as the host's stand-in systemd recorded it (DIR/root/fleet/HOST/state/UNIT), without a
 * connection: for checking all of a big fleet at once. Active only if its process runs that unit
 * of that host (the stand-in's own rule: a pid reused by another process is not the unit).
 */
export function unitFromStateFile(info: LabInfo, host: string, service: FleetService): UnitOnHost {
	const unit = unitOf(service);
	const text = readFileSync(path.join(fleetHost(info, host).paths.state, unit), 'utf8');
	const field = (name: string) =>
		new RegExp(`^${name}=(.*)$`, 'm').exec(text)?.[1]?.replace(/^'|'$/g, '') ?? '';
	const pid = Number(field('S_PID')) || 0;
	const running =
		field('S_STATE') === 'active' &&
		pid > 0 &&
		commandLineOf(pid).includes(`pgops-fleet-${host}-${unit.replace(/\.service$/, '')}`);
	const activeState = running ? 'active' : field('S_STATE') === 'active' ? 'failed' : field('S_STATE');
	return {
		host,
		activeState,
		mainPid: running ? pid : 0,
		...(field('S_RESULT') ? {result: field('S_RESULT')} : {}),
	};
}

function commandLineOf(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
	} catch {
		return '';
	}
}
