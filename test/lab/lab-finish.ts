// The end of a lab's start: the operator's side of it (known_hosts, secrets, pg-ops.yaml, each handed
// to whoever ran sudo) and DIR/lab.json, which says where every part is.
import {appendFileSync, chownSync} from 'node:fs';
import {writeFileAtomically} from '../../source/demo/atomic-file.js';
import {appImage, composeInVm, type DockerPaths} from './compose/compose-layout.js';
import {fleetPaths} from './fleet/fleet-layout.js';
import type {StartedFleet} from './fleet/fleet-start.js';
import {renderFleetVmSshConfig, type FleetVm} from './fleet/fleet-vms.js';
import {renderLabConfig} from './lab-config.js';
import {type LabInfo, writeLabInfo} from './lab-info.js';
import type {LabPaths} from './lab-paths.js';
import {labUserName} from './lab-user.js';
import {
	type StartedPrometheus,
	labelOnlyScrapeSeconds,
	prometheusJobs,
	vmScrapeSeconds,
} from './prometheus-server.js';
import {type HostKey, writeKnownHosts} from './ssh-keys.js';
import {vmAccounts} from './vm/base-root.js';
import type {BootedVm} from './vm/vm-boot.js';
import {databaseName, databaseRole, readOnlyDatabaseRole} from './vm/vm-database.js';
import {type VmApp, vmHostname} from './vm/vm-files.js';
import {vmApp, vmHostPaths} from './vm/vm-layout.js';

export interface StartedParts {
	now: Date;
	hostKey: HostKey;
	app: VmApp;
	booted: BootedVm;
	password: string;
	sshPort: number;
	httpPort: number;
	databasePort: number;
	fleet?: StartedFleet;
	prometheus?: StartedPrometheus & {fleetScrapeSeconds: number};
	compose?: {docker: DockerPaths; apiPort: number; dockerdPid: number};
	/** The fleet's real hosts (with a fleet). */
	fleetVms?: FleetVm[];
}

export function finish(
	paths: LabPaths,
	{
		now,
		hostKey,
		app,
		booted,
		password,
		sshPort,
		httpPort,
		databasePort,
		fleet,
		prometheus,
		compose,
		fleetVms = [],
	}: StartedParts,
): LabInfo {
	const vm = vmHostPaths(paths);
	// The laptop's side: what pg-ops reads locally (key, known hosts, secrets, config), the operator's own.
	writeKnownHosts(paths, sshPort, hostKey);
	if (fleet) appendFileSync(paths.knownHosts, fleet.knownHosts);
	// The real hosts use the lab VM's host key (one key for the lab's machines, as the stand-ins share theirs per sshd).
	for (const host of fleetVms)
		appendFileSync(paths.knownHosts, `[127.0.0.1]:${host.port} ${hostKey.publicKey}\n`);
	if (fleet && fleetVms.length > 0)
		appendFileSync(
			fleetPaths(paths).sshConfig,
			renderFleetVmSshConfig(fleetVms, {identityFile: paths.clientKey, knownHostsFile: paths.knownHosts}),
		);
	writeSecret(paths.dbPassword, `${password}\n`);
	writeSecret(paths.opsToken, `${app.token}\n`);
	const fleetPathsOfLab = fleetPaths(paths);
	writeFileAtomically(
		paths.config,
		renderLabConfig({
			paths,
			vmRoot: vm.root,
			user: vmAccounts.deploy.name,
			readOnlyUser: vmAccounts.viewer.name,
			readOnlyDatabaseUser: readOnlyDatabaseRole,
			sshPort,
			httpPort,
			databasePort,
			prometheus: prometheus && {url: prometheus.url, job: prometheusJobs.vm, scrapeSeconds: vmScrapeSeconds},
			fleet: fleet
				? {
						size: fleet.hosts.length,
						vms: fleetVms.length,
						sshConfig: fleetPathsOfLab.sshConfig,
						knownHostsFile: paths.knownHosts,
						prometheusUrl: prometheus?.url,
						...(prometheus && fleet.exporterPid
							? {
									exporter: {
										job: prometheusJobs.fleet,
										scrapeSeconds: prometheus.fleetScrapeSeconds,
										labelOnly: fleet.labelOnlyHosts ?? 0,
										labelOnlyScrapeSeconds,
									},
								}
							: {}),
					}
				: undefined,
			compose: compose ? {apiPort: compose.apiPort} : undefined,
		}),
	);
	const info: LabInfo = {
		dir: paths.dir,
		ssh: {
			host: '127.0.0.1',
			port: sshPort,
			user: vmAccounts.deploy.name,
			readOnlyUser: vmAccounts.viewer.name,
			identityFile: paths.clientKey,
			knownHostsFile: paths.knownHosts,
			hostKeyFingerprint: hostKey.fingerprint,
			hostPublicKey: hostKey.publicKey,
		},
		http: {baseUrl: `http://127.0.0.1:${httpPort}`, verifyPath: '/ops/verify'},
		database: {
			host: '127.0.0.1',
			port: databasePort,
			name: databaseName,
			user: databaseRole,
			readOnlyUser: readOnlyDatabaseRole,
			passwordFile: paths.dbPassword,
		},
		vm: {hostname: vmHostname, machine: vm.machine, cgroup: vm.cgroup, console: vm.console},
		root: vm.root,
		envFile: vm.inVm(vmApp.envFile),
		inVm: {appBase: vmApp.appBase, envFile: vmApp.envFile, backups: vmApp.backups},
		tokenKey: 'OPS_VERIFY_TOKEN',
		config: paths.config,
		pids: {nspawn: booted.nspawnPid, vm: booted.leaderPid},
		startedAt: now.toISOString(),
	};
	if (fleet) {
		info.fleet = {
			environment: 'fleet',
			user: labUserName(paths.dir),
			hosts: fleet.hosts.map(({name, port}) => ({name, port})),
			sshConfig: fleetPathsOfLab.sshConfig,
			root: fleetPathsOfLab.hostsRoot,
			sshdPids: fleet.sshdPids,
			...(fleetVms.length > 0 ? {vms: fleetVms} : {}),
			...(fleet.exporterPid ? {exporterPid: fleet.exporterPid} : {}),
			...(fleet.labelOnlyHosts ? {labelOnlyHosts: fleet.labelOnlyHosts} : {}),
		};
	}
	if (prometheus)
		info.prometheus = {
			url: prometheus.url,
			pid: prometheus.pid,
			jobs: {vm: prometheusJobs.vm, ...(fleet?.exporterPid ? {fleet: prometheusJobs.fleet} : {})},
			...(prometheus.team ? {team: prometheus.team} : {}),
			scrapeSeconds: {
				vm: vmScrapeSeconds,
				...(fleet?.exporterPid ? {fleet: prometheus.fleetScrapeSeconds} : {}),
				...(fleet?.labelOnlyHosts ? {labelOnly: labelOnlyScrapeSeconds} : {}),
			},
		};
	if (compose)
		info.compose = {
			environment: 'compose',
			file: composeInVm.file,
			project: composeInVm.project,
			apiPort: compose.apiPort,
			dockerd: {pid: compose.dockerdPid, socket: compose.docker.socket, log: compose.docker.log},
			image: appImage,
		};
	writeLabInfo(info);
	const operatorFiles = [
		paths.clientKey,
		`${paths.clientKey}.pub`,
		paths.knownHosts,
		paths.config,
		paths.info,
		...(fleet ? [fleetPathsOfLab.sshConfig] : []),
	];
	for (const file of operatorFiles) handToOperator(file);
	return info;
}

function writeSecret(file: string, content: string): void {
	writeFileAtomically(file, content, 0o600);
	handToOperator(file);
}

// Started through sudo, the files pg-ops reads on the laptop's side belong to whoever ran sudo, so pg-ops runs without it.
function handToOperator(file: string): void {
	const uid = Number(process.env.SUDO_UID);
	const gid = Number(process.env.SUDO_GID);
	if (process.getuid?.() === 0 && uid > 0 && gid >= 0) chownSync(file, uid, gid);
}
