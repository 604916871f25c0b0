// startLab: the demo's simulated VM reached the way production is, over a real OpenSSH server as a
// non-root deploy user with a narrow sudo rule, backed by a real PostgreSQL; optionally a simulated
// fleet (fleet/) and a real Prometheus. Parts start in parallel.
import {randomBytes} from 'node:crypto';
import {appendFileSync, chmodSync, chownSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {writeFileAtomically} from '../../source/demo/atomic-file.js';
import type {Sandbox} from '../../source/demo/sandbox-builder.js';
import {isDemoProcess, isProcessAlive} from '../../source/demo/processes.js';
import {assertFleetSize, fleetPaths} from './fleet/fleet-layout.js';
import {type StartedFleet, layOutFleet, startFleet} from './fleet/fleet-start.js';
import {renderLabConfig} from './lab-config.js';
import {LabAlreadyRunningError, type LabInfo, readLabInfo, writeLabInfo} from './lab-info.js';
import {type LabPaths, assertSafeLabDir, labPaths} from './lab-paths.js';
import {stopLab} from './lab-stop.js';
import {type LabUser, ensureLabUser, labUserName} from './lab-user.js';
import {freeLoopbackPorts} from './free-ports.js';
import {databaseName, databaseRole, postmasterPid, startPostgres} from './postgres-server.js';
import {labPrerequisites} from './prerequisites.js';
import {type StartedPrometheus, startPrometheus} from './prometheus-server.js';
import {runCommand} from './run-command.js';
import {type HostKey, generateKeys, writeKnownHosts} from './ssh-keys.js';
import {startSshd} from './ssh-server.js';
import {writeSshdConfig} from './sshd-config.js';
import {acquireStartLock} from './start-lock.js';
import {installSudoRule, sudoersFileFor} from './sudo-rule.js';
import {recordSystemChange} from './system-changes.js';
import {writeLabBackups} from './lab-backups.js';
import {buildVmSandbox, startVmUnits} from './vm-sandbox.js';

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
			`the pg-ops lab cannot start; missing: ${prerequisites.missing.join('; ')} (${prometheus ? 'ensureLabPrerequisitesFor({prometheus: true})' : 'ensureLabPrerequisites()'} installs them as root)`,
		);
	if (isLabRunning(labDir)) throw new LabAlreadyRunningError(labDir);
	mkdirSync(labDir, {recursive: true});
	const paths = labPaths(labDir);
	const releaseLock = acquireStartLock(
		paths.startLock,
		() => new LabAlreadyRunningError(labDir, 'is being started'),
	);
	try {
		// A lab that died uncleanly may have left processes, its user or its sudo rule behind.
		await stopLab({dir: labDir});
		return await startParts(paths, {fleet, prometheus});
	} catch (error) {
		await stopLab({dir: labDir}).catch(() => undefined);
		throw error;
	} finally {
		releaseLock();
	}
}

/** A lab runs in the dir when lab.json names a live sshd or postgres of that dir. */
export function isLabRunning(dir: string): boolean {
	const info = readLabInfo(dir);
	if (!info) return false;
	const paths = labPaths(resolve(dir));
	return isDemoProcess(info.pids.sshd, paths.sshdConfig) || isProcessAlive(postmasterPid(paths) ?? 0);
}

async function startParts(
	paths: LabPaths,
	options: {fleet?: number; prometheus?: boolean},
): Promise<LabInfo> {
	const now = new Date();
	clearPreviousRun(paths);
	const fleetSize = options.fleet ?? 0;
	const ports = await freeLoopbackPorts(3 + fleetSize + (options.prometheus ? 1 : 0));
	const [sshPort, databasePort, httpPort] = ports as [number, number, number];
	const fleetPorts = ports.slice(3, 3 + fleetSize);
	const prometheusPort = options.prometheus ? ports[3 + fleetSize] : undefined;
	const password = randomBytes(24).toString('base64url');
	// initdb and the server's start take longest: under way first, awaited last.
	const database = startPostgres(paths, {port: databasePort, password, now});
	database.catch(() => undefined); // Reported where it is awaited, below.
	// Prometheus hands its scrapers their first targets about 5 s after it starts (its discovery's update
	// interval; 2.42 has no flag for it): started first, its first sample lands soon after app-web is up.
	const prometheus = prometheusPort ? startPrometheus(paths, {port: prometheusPort, httpPort}) : undefined;
	prometheus?.catch(() => undefined);
	const started: Array<Promise<unknown>> = [database, ...(prometheus ? [prometheus] : [])];
	try {
		recordSystemChange(paths, {user: {name: labUserName(paths.dir)}});
		const user = await ensureLabUser(paths.dir, paths.home);
		recordSystemChange(paths, {user: {name: user.name, uid: user.uid}});
		const hostKey = await generateKeys(paths);
		const databaseUrl = `postgres://${databaseRole}:${password}@127.0.0.1:${databasePort}/${databaseName}`;
		const sandbox = buildVmSandbox(paths.root, {httpPort, databasePort, databaseUrl, user, now});
		const fleetHosts =
			fleetSize > 0
				? await layOutFleet({paths, size: fleetSize, ports: fleetPorts, user, vmBin: sandbox.paths.bin})
				: undefined;
		await assertUserCanReach(paths, user);
		const sshd = writeSshdConfig(paths, {port: sshPort, user: user.name}).then(() =>
			startSshd(paths, sshPort),
		);
		const fleet = fleetHosts ? startFleet(paths, fleetHosts, user) : undefined;
		const sudoersFile = sudoersFileFor(paths.dir);
		recordSystemChange(paths, {sudoersFile});
		const units = installSudoRule(
			sudoersFile,
			user.name,
			sandbox.paths.bin,
			fleetHosts ? fleetPaths(paths).sudoBin : undefined,
		).then(() => startVmUnits(paths.root, user));
		started.push(sshd, units, ...(fleet ? [fleet] : []));
		const [sshdPid, postgresPid] = await Promise.all([sshd, database, units]);
		// Once PostgreSQL is up: the backups become real pg_dump output of it, so a restore on the lab is real.
		// Once app-web is up (a unit above): Prometheus can scrape it.
		const backups = writeLabBackups(paths, {port: databasePort, password, dir: sandbox.paths.backups, user});
		started.push(backups);
		const [startedFleet, startedPrometheus] = await Promise.all([
			fleet,
			prometheus,
			prometheus?.then(server => server.firstSample),
			backups,
		]);
		return finish(paths, {
			now,
			user,
			hostKey,
			sandbox,
			password,
			sshPort,
			httpPort,
			databasePort,
			sshdPid,
			postgresPid,
			fleet: startedFleet,
			prometheus: startedPrometheus,
		});
	} catch (error) {
		// Let every part under way land before stopLab cleans up, or a server could come up after the clean-up.
		await Promise.allSettled(started);
		throw error;
	}
}

interface StartedParts {
	now: Date;
	user: LabUser;
	hostKey: HostKey;
	sandbox: Sandbox;
	password: string;
	sshPort: number;
	httpPort: number;
	databasePort: number;
	sshdPid: number;
	postgresPid: number;
	fleet?: StartedFleet;
	prometheus?: StartedPrometheus;
}

function finish(
	paths: LabPaths,
	{
		now,
		user,
		hostKey,
		sandbox,
		password,
		sshPort,
		httpPort,
		databasePort,
		sshdPid,
		postgresPid,
		fleet,
		prometheus,
	}: StartedParts,
): LabInfo {
	// The laptop's side: what pg-ops reads locally (key, known hosts, secrets, config), the operator's own.
	writeKnownHosts(paths, sshPort, hostKey);
	if (fleet) appendFileSync(paths.knownHosts, fleet.knownHosts);
	writeSecret(paths.dbPassword, `${password}\n`);
	writeSecret(paths.opsToken, `${sandbox.token}\n`);
	const fleetPathsOfLab = fleetPaths(paths);
	const fleetConfig = fleet
		? {
				size: fleet.hosts.length,
				sshConfig: fleetPathsOfLab.sshConfig,
				knownHostsFile: paths.knownHosts,
				prometheusUrl: prometheus?.url,
			}
		: undefined;
	writeFileAtomically(
		paths.config,
		renderLabConfig({
			paths,
			sandbox: sandbox.paths,
			user: user.name,
			sshPort,
			httpPort,
			databasePort,
			fleet: fleetConfig,
		}),
	);
	const info: LabInfo = {
		dir: paths.dir,
		ssh: {
			host: '127.0.0.1',
			port: sshPort,
			user: user.name,
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
			passwordFile: paths.dbPassword,
		},
		root: paths.root,
		envFile: sandbox.paths.envFile,
		tokenKey: 'OPS_VERIFY_TOKEN',
		config: paths.config,
		pids: {sshd: sshdPid, postgres: postgresPid},
		startedAt: now.toISOString(),
	};
	if (fleet) {
		info.fleet = {
			environment: 'fleet',
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
		paths.pgData,
		paths.pgSocket,
		paths.sshd,
		paths.home,
		paths.clientKey,
		`${paths.clientKey}.pub`,
		paths.knownHosts,
		paths.dbPassword,
		paths.opsToken,
		paths.config,
		fleetPaths(paths).dir,
	]) {
		rmSync(part, {recursive: true, force: true});
	}
	for (const log of [paths.sshdLog, paths.pgLog]) writeFileSync(log, '');
	mkdirSync(paths.sshd, {recursive: true});
	// The lab user and postgres reach their files through the dir: a mkdtemp dir is 0700.
	chmodSync(paths.dir, 0o755);
}

// sshd reads authorized_keys as the lab user; the units run from DIR/root: every directory above must let it through.
async function assertUserCanReach(paths: LabPaths, user: LabUser): Promise<void> {
	const check = await runCommand(
		'/bin/sh',
		['-c', 'test -r "$0" && test -x "$1"', paths.authorizedKeys, join(paths.root, 'bin', 'systemctl')],
		{as: user, cwd: '/'},
	);
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
