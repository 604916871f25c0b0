// Where a lab's simulated fleet lives and what each host is: names (app-001 ...), one loopback port
// per host, the sshd process serving it (16 ports each), its directory, and the state it starts with.
import {join} from 'node:path';
import type {LabPaths} from '../lab-paths.js';

/** OpenSSH's sshd listens on at most 16 sockets per process (MAX_LISTEN_SOCKS). */
export const hostsPerSshd = 16;

export const maxFleetSize = 1000;

/** The two units every fleet host runs. */
export const fleetUnits = ['app-api.service', 'app-worker.service'] as const;

export type FleetUnit = (typeof fleetUnits)[number];

export interface FleetHost {
	name: string;
	port: number;
	/** Which fleet sshd (1-based) listens on the port. */
	sshd: number;
}

export type FleetPaths = ReturnType<typeof fleetPaths>;

export function fleetPaths(paths: LabPaths) {
	const dir = join(paths.dir, 'fleet');
	const hostsRoot = join(paths.root, 'fleet');
	return {
		/** The laptop's side: ssh_config, the sshd processes' configs, keys and logs, fleet.json. */
		dir,
		sshConfig: join(dir, 'ssh_config'),
		layout: join(dir, 'fleet.json'),
		/** The hosts' side, under the VM's root: one directory per host, the stand-ins, the sudo dispatchers. */
		hostsRoot,
		standIns: join(hostsRoot, 'lib'),
		sudoBin: join(hostsRoot, 'sudo-bin'),
		sshdDir: (index: number) => join(dir, `sshd-${index}`),
		sshdConfig: (index: number) => join(dir, `sshd-${index}`, 'sshd_config'),
		sshdHostKey: (index: number) => join(dir, `sshd-${index}`, 'ssh_host_ed25519_key'),
		sshdPidFile: (index: number) => join(dir, `sshd-${index}`, 'sshd.pid'),
		sshdLog: (index: number) => join(dir, `sshd-${index}.log`),
		host: (name: string) => hostPaths(join(hostsRoot, name)),
	};
}

export type HostPaths = ReturnType<typeof hostPaths>;

export function hostPaths(root: string) {
	const state = join(root, 'state');
	return {
		root,
		bin: join(root, 'bin'),
		state,
		log: join(root, 'log'),
		run: join(root, 'run'),
		hold: join(root, 'run', 'hold'),
		disk: join(state, 'disk'),
		slow: join(state, 'slow'),
		broken: (unit: FleetUnit) => join(state, `broken-${unit.replace(/\.service$/, '')}`),
	};
}

/** app-001 ... app-NNN (zero-padded to 3), one port each, 16 to an sshd. */
export function fleetHosts(ports: number[]): FleetHost[] {
	return ports.map((port, index) => ({
		name: fleetHostName(index + 1),
		port,
		sshd: Math.floor(index / hostsPerSshd) + 1,
	}));
}

export function fleetHostName(n: number): string {
	return `app-${String(n).padStart(3, '0')}`;
}

export function assertFleetSize(size: number): void {
	if (!Number.isInteger(size) || size < 1 || size > maxFleetSize)
		throw new Error(
			`the lab's fleet size must be a whole number from 1 to ${maxFleetSize} (host names are app-001 ... app-999, app-1000), not ${size}`,
		);
}

export interface HostSeed {
	/** df's figures for / on this host. */
	disk: {device: string; sizeKb: number; usedKb: number};
	/** Units whose start fails at boot (so they show failed), healed right after. */
	failedAtBoot: FleetUnit[];
	/**
	 * Its stand-in node_exporter (fleet-exporter.ts) with Prometheus: scraped; unscraped (not among
	 * Prometheus' targets, as a host added to the inventory before the scrape config); down (its scrapes
	 * fail: up == 0); or its samples that many seconds old (a lagging pipeline: stale in pg-ops; less
	 * than Prometheus' 5-minute lookback, past which a query would not see them at all).
	 */
	exporter: 'scraped' | 'unscraped' | 'down' | number;
}

// Hosts that differ on purpose; the rest are healthy, with disks between 30 and 70% full.
const seededDiskPercent: Record<string, number> = {'app-042': 93, 'app-063': 85};
const seededFailures: Record<string, FleetUnit[]> = {'app-017': ['app-worker.service']};
const seededExporters: Record<string, HostSeed['exporter']> = {
	'app-019': 'unscraped',
	'app-033': 120,
	'app-050': 'down',
};
const diskSizesKb = [20_511_312, 41_152_736, 82_503_044];

/** Deterministic per host, so a test knows what each host says without asking it. */
export function hostSeed(name: string): HostSeed {
	const n = Number(name.slice(4));
	const sizeKb = diskSizesKb[n % diskSizesKb.length]!;
	const percent = seededDiskPercent[name] ?? 30 + ((n * 37) % 41);
	return {
		disk: {
			device: n % 2 === 0 ? '/dev/vda1' : '/dev/sda1',
			sizeKb,
			usedKb: Math.round((sizeKb * percent) / 100),
		},
		failedAtBoot: seededFailures[name] ?? [],
		exporter: seededExporters[name] ?? 'scraped',
	};
}
