// DIR/lab.json: how a running lab is found and reached. Written last by startLab (atomically),
// read by the tests, the benchmark and the CLI.
import {existsSync, readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {writeJsonAtomically} from '../../source/demo/atomic-file.js';
import type {FleetVm} from './fleet/fleet-vms.js';
import {labPaths} from './lab-paths.js';

export type LabInfo = {
	dir: string;
	ssh: {
		host: '127.0.0.1';
		port: number;
		/** The VM's deploy user (sudo for systemctl, journalctl and docker only). */
		user: string;
		/** The VM's read-only user (no sudo): the environment's ssh.readOnlyUser. */
		readOnlyUser: string;
		identityFile: string;
		knownHostsFile: string;
		hostKeyFingerprint: string;
		/** The "ssh-ed25519 AAAA..." line (no comment). */
		hostPublicKey: string;
	};
	/** As the host sees it: reach it through the SSH connection. */
	http: {baseUrl: string; verifyPath: '/ops/verify'};
	database: {
		host: '127.0.0.1';
		port: number;
		name: string;
		user: string;
		/** A role with SELECT only: the environment's database.readOnlyUser (same password). */
		readOnlyUser: string;
		passwordFile: string;
	};
	/** The VM as the host knows it: its hostname, its systemd-nspawn machine name, its cgroup, its console log. */
	vm: {hostname: string; machine: string; cgroup: string; console: string};
	/** The VM's whole filesystem as the host reads it (its overlay, mounted while the lab runs). */
	root: string;
	/** The app's env file, as the host reads it (under root). */
	envFile: string;
	/** The same places as pg-ops sees them inside the VM. */
	inVm: {appBase: string; envFile: string; backups: string};
	tokenKey: 'OPS_VERIFY_TOKEN';
	/** DIR/pg-ops.yaml, with the environment `lab` (and `fleet` when started with a fleet). */
	config: string;
	/** systemd-nspawn, and the VM's PID 1 (its systemd) as the host numbers it. */
	pids: {nspawn: number; vm: number};
	startedAt: string;
	/** Only when started with `fleet: N`: N simulated hosts, each a loopback port of the fleet's sshd processes. */
	fleet?: LabFleetInfo;
	/**
	 * Only when started with `prometheus: true`: Prometheus scraping app-web's /metrics every second, the
	 * VM's node_exporter (job `node`) and, with a fleet, each host's stand-in exporter (job `fleet-node`).
	 */
	prometheus?: {
		url: string;
		pid: number;
		jobs: {vm: string; fleet?: string};
		scrapeSeconds: {vm: number; fleet?: number; labelOnly?: number};
		/** Only with `prometheusTeam`: its scrape job, and the file_sd file (JSON) a test writes its targets to. */
		team?: {job: string; targetsFile: string};
	};
	/** Only when started with `compose: true`: the app as a Compose project in the VM, run by the lab's own dockerd. */
	compose?: LabComposeInfo;
};

export type LabComposeInfo = {
	/** The environment of DIR/pg-ops.yaml whose services are the project's. */
	environment: 'compose';
	/** In the VM: /opt/app/docker-compose.prod.yml (project `app`, services api and scheduler). */
	file: string;
	project: string;
	/** api's HTTP port on 127.0.0.1 (host network). */
	apiPort: number;
	/** The lab's dockerd, as the host reaches it (DOCKER_HOST=unix://SOCKET). */
	dockerd: {pid: number; socket: string; log: string};
	image: string;
};

export type LabFleetInfo = {
	/** The environment of DIR/pg-ops.yaml that lists the fleet. */
	environment: 'fleet';
	/** The machine's lab user the stand-in hosts' sshd lets in (not the VM's deploy user). */
	user: string;
	/** app-001 ... app-NNN, in order. */
	hosts: Array<{name: string; port: number}>;
	/** DIR/fleet/ssh_config: ssh -F it app-001. */
	sshConfig: string;
	/** DIR/root/fleet: one directory per stand-in host (bin/, state/, log/). */
	root: string;
	sshdPids: number[];
	/** The fleet's real hosts (vm-1 ...), when started with `fleetVms: N`: booted Debian 12 with real systemd, after the stand-ins in the environment's hosts. */
	vms?: FleetVm[];
	/** With Prometheus: the stand-in node_exporter serving every host's metrics (one process, one port, /metrics/<host>). */
	exporterPid?: number;
	/** With Prometheus and fleetInPrometheus: hosts past the stand-ins (app-NNN after them) in Prometheus alone; environment fleet-prometheus-all. */
	labelOnlyHosts?: number;
};

export class LabAlreadyRunningError extends Error {
	constructor(
		readonly dir: string,
		state = 'is already running',
	) {
		super(`a pg-ops lab ${state} in ${dir}; stop it with: npm run lab -- stop --dir ${dir}`);
		this.name = 'LabAlreadyRunningError';
	}
}

export function readLabInfo(dir: string): LabInfo | undefined {
	const file = labPaths(resolve(dir)).info;
	if (!existsSync(file)) return undefined;
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as LabInfo;
	} catch {
		return undefined;
	}
}

export function writeLabInfo(info: LabInfo): void {
	writeJsonAtomically(labPaths(info.dir).info, info);
}
