// startLab: a real Debian 12 VM (systemd-nspawn: real systemd, journald, sshd, sudo and PostgreSQL 15
// as units) running the demo's app as real units, reached the way production is, over SSH as a
// non-root deploy user with a narrow sudo rule; optionally a simulated fleet (fleet/) and a real
// Prometheus. Everything listens on 127.0.0.1 on ports chosen at run time.
import {randomBytes} from 'node:crypto';
import {appendFileSync, chmodSync, chownSync, mkdirSync, readFileSync, rmSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {writeFileAtomically} from '../../source/demo/atomic-file.js';
import {packageRoot} from '../../source/demo/package-paths.js';
import {isProcessAlive} from '../../source/demo/processes.js';
import {assertFleetSize, fleetPaths} from './fleet/fleet-layout.js';
import {type StartedFleet, layOutFleet, startFleet} from './fleet/fleet-start.js';
import {renderLabConfig} from './lab-config.js';
import {LabAlreadyRunningError, type LabInfo, readLabInfo, writeLabInfo} from './lab-info.js';
import {type LabPaths, assertSafeLabDir, labPaths} from './lab-paths.js';
import {stopLab} from './lab-stop.js';
import {type LabUser, ensureLabUser, labUserName} from './lab-user.js';
import {freeLoopbackPorts} from './free-ports.js';
import {labPrerequisites} from './prerequisites.js';
import {type StartedPrometheus, startPrometheus} from './prometheus-server.js';
import {runCommand} from './run-command.js';
import {type HostKey, generateKeys, writeKnownHosts} from './ssh-keys.js';
import {acquireStartLock} from './start-lock.js';
import {installSudoRule, sudoersFileFor} from './sudo-rule.js';
import {recordSystemChange} from './system-changes.js';
import {vmAccounts} from './vm/base-root.js';
import {type BootedVm, bootVm, mountVmRoot} from './vm/vm-boot.js';
import {
	databaseName,
	databaseRole,
	prepareVmDatabase,
	readOnlyDatabaseRole,
	writeVmBackups,
} from './vm/vm-database.js';
import {vmExecChecked} from './vm/vm-exec.js';
import {type VmApp, vmHostname, writeVmFiles} from './vm/vm-files.js';
import {vmApp, vmHostPaths, vmPaths} from './vm/vm-layout.js';

export interface LabOptions {
	dir: string;
	/** Also a simulated fleet of this many hosts (app-001 ...), each a loopback port of the fleet's sshd processes, and the environment `fleet`. */
	fleet?: number;
	/** Also a Prometheus server scraping app-web's /metrics every second (the fleet's SLO source). */
	prometheus?: boolean;
}

export async function startLab({dir, fleet, prometheus}: LabOptions): Promise<LabInfo> {
	const labDir = resolve(dir);
	assertSafeLabDir(labDir);
	if (fleet !== undefined) assertFleetSize(fleet);
	const prerequisites = labPrerequisites({prometheus});
	if (!prerequisites.ok)
		throw new Error(
			`the pg-ops lab cannot start; missing: ${prerequisites.missing.join('; ')} (${prometheus ? 'ensureLabPrerequisitesFor({prometheus: true})' : 'ensureLabPrerequisites()'} or npm run lab -- prerequisites installs them as root)`,
		);
	if (isLabRunning(labDir)) throw new LabAlreadyRunningError(labDir);
	mkdirSync(labDir, {recursive: true});
	const paths = labPaths(labDir);
	const releaseLock = acquireStartLock(
		paths.startLock,
		() => new LabAlreadyRunningError(labDir, 'is being started'),
	);
	try {
		// A lab that died uncleanly may have left its VM, processes, its user or its sudo rule behind.
		await stopLab({dir: labDir});
		return await startParts(paths, {fleet, prometheus});
	} catch (error) {
		await stopLab({dir: labDir}).catch(() => undefined);
		throw error;
	} finally {
		releaseLock();
	}
}

/** A lab runs in the dir when lab.json names a live systemd-nspawn. */
export function isLabRunning(dir: string): boolean {
	const info = readLabInfo(dir);
	return info ? isProcessAlive(info.pids.nspawn) : false;
}

async function startParts(
	paths: LabPaths,
	options: {fleet?: number; prometheus?: boolean},
): Promise<LabInfo> {
	const now = new Date();
	clearPreviousRun(paths);
	const vm = vmHostPaths(paths);
	const fleetSize = options.fleet ?? 0;
	const ports = await freeLoopbackPorts(3 + fleetSize + (options.prometheus ? 1 : 0));
	const [sshPort, databasePort, httpPort] = ports as [number, number, number];
	const fleetPorts = ports.slice(3, 3 + fleetSize);
	const prometheusPort = options.prometheus ? ports[3 + fleetSize] : undefined;
	const password = randomBytes(24).toString('base64url');
	// Prometheus hands its scrapers their first targets about 5 s after it starts (its discovery's update
	// interval; 2.42 has no flag for it): started first, its first sample lands soon after app-web is up.
	const prometheus = prometheusPort ? startPrometheus(paths, {port: prometheusPort, httpPort}) : undefined;
	prometheus?.catch(() => undefined);
	const started: Array<Promise<unknown>> = prometheus ? [prometheus] : [];
	try {
		const [hostKey] = await Promise.all([generateKeys(paths), mountVmRoot(vm)]);
		const databaseUrl = `postgres://${databaseRole}:${password}@127.0.0.1:${databasePort}/${databaseName}`;
		const app = writeVmFiles(paths, vm, {
			sshPort,
			httpPort,
			databasePort,
			hostKeyFile: paths.hostKey,
			clientPublicKey: readFileSync(`${paths.clientKey}.pub`, 'utf8'),
			databaseUrl,
			now,
		});
		const fleet = fleetSize > 0 ? startFleetPart(paths, fleetSize, fleetPorts) : undefined;
		fleet?.catch(() => undefined);
		if (fleet) started.push(fleet);
		const booted = await bootVm(vm, vmBinds(), sshPort);
		// The fleet's units, sessions and sshd are the lab user's: all of them go when the lab stops.
		const database = {leaderPid: booted.leaderPid, port: databasePort, password};
		await prepareVmDatabase(database, now);
		// Once PostgreSQL is up: the backups become real pg_dump output of it, so a restore on the lab is real.
		await writeVmBackups(database, vm.inVm(vmApp.backups));
		await assertUnitActive(booted, 'app-web.service');
		const [startedFleet, startedPrometheus] = await Promise.all([
			fleet,
			prometheus,
			prometheus?.then(server => server.firstSample),
		]);
		return finish(paths, {
			now,
			hostKey,
			app,
			booted,
			password,
			sshPort,
			httpPort,
			databasePort,
			fleet: startedFleet,
			prometheus: startedPrometheus,
		});
	} catch (error) {
		// Let every part under way land before stopLab cleans up, or a server could come up after the clean-up.
		await Promise.allSettled(started);
		throw error;
	}
}

/** What the VM gets from the host: node and pg-ops' built demo (the app's units run them), the docker CLI and Compose. */
function vmBinds() {
	const dist = join(packageRoot(), 'dist');
	return [
		{from: process.execPath, to: vmPaths.node, readOnly: true},
		{from: dist, to: vmPaths.demoDist, readOnly: true},
	];
}

// The fleet's stand-in hosts run on the machine itself, as a lab user of their own (fleet/).
async function startFleetPart(paths: LabPaths, size: number, ports: number[]): Promise<StartedFleet> {
	recordSystemChange(paths, {user: {name: labUserName(paths.dir)}});
	const user = await ensureLabUser(paths.dir, paths.home);
	recordSystemChange(paths, {user: {name: user.name, uid: user.uid}});
	const hosts = await layOutFleet({paths, size, ports, user});
	await assertUserCanReach(paths, user);
	const sudoersFile = sudoersFileFor(paths.dir);
	recordSystemChange(paths, {sudoersFile});
	await installSudoRule(sudoersFile, user.name, fleetPaths(paths).sudoBin);
	return startFleet(paths, hosts, user);
}

async function assertUnitActive(booted: BootedVm, unit: string): Promise<void> {
	const state = await vmExecChecked(booted.leaderPid, [
		'systemctl',
		'show',
		'-p',
		'ActiveState',
		'--value',
		unit,
	]);
	if (state.stdout.trim() !== 'active') {
		const journal = await vmExecChecked(booted.leaderPid, [
			'journalctl',
			'-u',
			unit,
			'-n',
			'30',
			'--no-pager',
		]);
		throw new Error(
			`the lab VM's ${unit} is ${state.stdout.trim()} after boot; its journal:\n${journal.stdout}`,
		);
	}
}

interface StartedParts {
	now: Date;
	hostKey: HostKey;
	app: VmApp;
	booted: BootedVm;
	password: string;
	sshPort: number;
	httpPort: number;
	databasePort: number;
	fleet?: StartedFleet;
	prometheus?: StartedPrometheus;
}

function finish(
	paths: LabPaths,
	{now, hostKey, app, booted, password, sshPort, httpPort, databasePort, fleet, prometheus}: StartedParts,
): LabInfo {
	const vm = vmHostPaths(paths);
	// The laptop's side: what pg-ops reads locally (key, known hosts, secrets, config), the operator's own.
	writeKnownHosts(paths, sshPort, hostKey);
	if (fleet) appendFileSync(paths.knownHosts, fleet.knownHosts);
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
			fleet: fleet
				? {
						size: fleet.hosts.length,
						sshConfig: fleetPathsOfLab.sshConfig,
						knownHostsFile: paths.knownHosts,
						prometheusUrl: prometheus?.url,
					}
				: undefined,
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
		};
	}
	if (prometheus) info.prometheus = {url: prometheus.url, pid: prometheus.pid};
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

function clearPreviousRun(paths: LabPaths): void {
	for (const part of [
		paths.sshd,
		paths.home,
		paths.clientKey,
		`${paths.clientKey}.pub`,
		paths.knownHosts,
		paths.dbPassword,
		paths.opsToken,
		paths.config,
		paths.root,
		join(paths.dir, 'vm-app'),
		fleetPaths(paths).dir,
	]) {
		rmSync(part, {recursive: true, force: true});
	}
	mkdirSync(paths.sshd, {recursive: true});
	// The fleet's lab user reaches its files through the dir: a mkdtemp dir is 0700.
	chmodSync(paths.dir, 0o755);
}

// The fleet's sshd reads authorized_keys as the lab user: every directory above must let it through.
async function assertUserCanReach(paths: LabPaths, user: LabUser): Promise<void> {
	const check = await runCommand('/bin/sh', ['-c', 'test -r "$0"', paths.authorizedKeys], {
		as: user,
		cwd: '/',
	});
	if (check.code !== 0)
		throw new Error(
			`the lab user ${user.name} cannot reach ${paths.dir}: every directory above it must be searchable by others (chmod o+x), or choose a dir under /tmp`,
		);
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
