// startLab: a real Debian 12 VM (systemd-nspawn: real systemd, journald, sshd, sudo and PostgreSQL 15
// as units) running the demo's app as real units, reached the way production is, over SSH as a
// non-root deploy user with a narrow sudo rule; optionally a fleet (fleet/: stand-in hosts and a few
// real ones), the app as a Docker Compose project (compose/) and a real Prometheus. Everything
// listens on 127.0.0.1 on ports chosen at run time.
import {randomBytes} from 'node:crypto';
import {appendFileSync, chmodSync, mkdirSync, readFileSync, rmSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {packageRoot} from '../../source/demo/package-paths.js';
import {isProcessAlive} from '../../source/demo/processes.js';
import {importAppImage} from './compose/compose-image.js';
import {composeInVm, type DockerPaths, dockerCli, dockerPaths} from './compose/compose-layout.js';
import {composeUp, writeComposeProject} from './compose/compose-project.js';
import {startDockerd} from './compose/lab-dockerd.js';
import {composePlugin} from './compose-v2-package.js';
import {assertFleetSize, fleetPaths} from './fleet/fleet-layout.js';
import {type StartedFleet, layOutFleet, startFleet} from './fleet/fleet-start.js';
import {
	type ExporterHosts,
	defaultFleetScrapeSeconds,
	exporterPaths,
	renderLabelOnlySshConfig,
	startFleetExporter,
} from './fleet/fleet-exporter.js';
import {assertFleetVmCount, startFleetVms} from './fleet/fleet-vms.js';
import {freeLoopbackPorts} from './free-ports.js';
import {finish} from './lab-finish.js';
import {LabAlreadyRunningError, type LabInfo, readLabInfo} from './lab-info.js';
import {type LabPaths, assertSafeLabDir, labPaths} from './lab-paths.js';
import {stopLab} from './lab-stop.js';
import {type LabUser, ensureLabUser, labUserName} from './lab-user.js';
import {labPrerequisites} from './prerequisites.js';
import {startPrometheus, type PrometheusTeam} from './prometheus-server.js';
import {runCommand} from './run-command.js';
import {generateKeys} from './ssh-keys.js';
import {acquireStartLock} from './start-lock.js';
import {installSudoRule, sudoersFileFor} from './sudo-rule.js';
import {recordSystemChange} from './system-changes.js';
import {type BootedVm, bootVm, mountVmRoot} from './vm/vm-boot.js';
import {databaseName, databaseRole, prepareVmDatabase, writeVmBackups} from './vm/vm-database.js';
import {vmExecChecked} from './vm/vm-exec.js';
import {writeVmFiles} from './vm/vm-files.js';
import {vmApp, vmHostPaths, vmPaths} from './vm/vm-layout.js';

export interface LabOptions {
	dir: string;
	/** Also a simulated fleet of this many hosts (app-001 ...), each a loopback port of the fleet's sshd processes, and the environment `fleet`. */
	fleet?: number;
	/** With a fleet: this many of its hosts (vm-1 ...) are real Debian 12 machines with real systemd, after the stand-ins. */
	fleetVms?: number;
	/**
	 * Also a Prometheus server scraping app-web's /metrics every second (the fleet's SLO source), the VM's
	 * node_exporter, and with a fleet each stand-in host's exporter (environments lab-prometheus, fleet-prometheus).
	 */
	prometheus?: boolean;
	/** How often Prometheus scrapes the fleet's stand-in exporters (default 10 s; tests that wait for a change use less). */
	fleetScrapeSeconds?: number;
	/**
	 * With a fleet and Prometheus: the exporter serves this many hosts (at least `fleet`, at most 1,000).
	 * Those past the stand-ins are label sets only, in Prometheus alone (no sshd, no units: their SSH
	 * port closes every connection), for a fleet bigger than the machine's sshd should carry; the
	 * environment fleet-prometheus-all reads them all.
	 */
	fleetInPrometheus?: number;
	/** With Prometheus: a team's alert rules and a scrape job of its own (the test writes its targets: LabInfo.prometheus.team). */
	prometheusTeam?: PrometheusTeam;
	/** Also the app as a Docker Compose project in the VM, run by a dockerd of the lab's own, and the environment `compose`. */
	compose?: boolean;
}

export async function startLab({
	dir,
	fleet,
	fleetVms,
	prometheus,
	fleetScrapeSeconds,
	fleetInPrometheus,
	prometheusTeam,
	compose,
}: LabOptions): Promise<LabInfo> {
	const labDir = resolve(dir);
	assertSafeLabDir(labDir);
	if (fleet !== undefined) assertFleetSize(fleet);
	if (fleetVms !== undefined) assertFleetVmCount(fleetVms);
	if (fleetVms && fleet === undefined)
		throw new Error("the fleet's real hosts (fleetVms) come with a fleet: give fleet: N as well");
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
		return await startParts(paths, {
			fleet,
			fleetVms,
			prometheus,
			fleetScrapeSeconds,
			fleetInPrometheus,
			prometheusTeam,
			compose,
		});
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

async function startParts(paths: LabPaths, options: Omit<LabOptions, 'dir'>): Promise<LabInfo> {
	const now = new Date();
	clearPreviousRun(paths);
	const vm = vmHostPaths(paths);
	const fleetSize = options.fleet ?? 0;
	const vmCount = options.fleetVms ?? 0;
	const ports = await freeLoopbackPorts(
		4 + fleetSize + vmCount + (options.prometheus ? 1 : 0) + (options.compose ? 1 : 0),
	);
	const [sshPort, databasePort, httpPort, nodeExporterPort] = ports as [number, number, number, number];
	const fleetPorts = ports.slice(4, 4 + fleetSize);
	const extraPorts = ports.slice(4 + fleetSize);
	const fleetVmPorts = extraPorts.splice(0, vmCount);
	// With Prometheus, the fleet's exporter serves the stand-ins and any hosts past them in Prometheus alone.
	const exporterHosts: ExporterHosts | undefined =
		options.prometheus && fleetSize > 0
			? {standIns: fleetSize, total: Math.max(fleetSize, options.fleetInPrometheus ?? 0)}
			: undefined;
	const prometheusPort = options.prometheus ? extraPorts.shift() : undefined;
	const apiPort = options.compose ? extraPorts.shift() : undefined;
	const docker = options.compose ? dockerPaths(paths) : undefined;
	const fleetScrapeSeconds = options.fleetScrapeSeconds ?? defaultFleetScrapeSeconds;
	const password = randomBytes(24).toString('base64url');
	// Prometheus hands its scrapers their first targets about 5 s after it starts (its discovery's update
	// interval; 2.42 has no flag for it): started first, its first sample lands soon after app-web is up.
	const prometheus = prometheusPort
		? startPrometheus(paths, {
				port: prometheusPort,
				httpPort,
				nodeExporterPort,
				...(options.prometheusTeam ? {team: options.prometheusTeam} : {}),
				...(exporterHosts ? {fleet: {...exporterTargetFiles(paths), scrapeSeconds: fleetScrapeSeconds}} : {}),
			})
		: undefined;
	prometheus?.catch(() => undefined);
	const started: Array<Promise<unknown>> = prometheus ? [prometheus] : [];
	try {
		// The lab's dockerd first: its socket must exist when the VM boots with it bound in.
		const [hostKey, dockerdPid] = await Promise.all([
			generateKeys(paths),
			docker ? startDockerd(docker) : undefined,
			mountVmRoot(vm),
		]);
		const databaseUrl = `postgres://${databaseRole}:${password}@127.0.0.1:${databasePort}/${databaseName}`;
		const app = writeVmFiles(paths, vm, {
			sshPort,
			httpPort,
			databasePort,
			nodeExporterPort,
			hostKeyFile: paths.hostKey,
			clientPublicKey: readFileSync(`${paths.clientKey}.pub`, 'utf8'),
			databaseUrl,
			now,
		});
		if (docker && apiPort) writeComposeProject(vm, {apiPort, token: app.token, databaseUrl});
		const fleet = fleetSize > 0 ? startFleetPart(paths, fleetSize, fleetPorts, exporterHosts) : undefined;
		fleet?.catch(() => undefined);
		if (fleet) started.push(fleet);
		// The image is imported while the VM boots (tens of seconds each on a busy machine).
		const image = docker ? importAppImage(docker, imageSources(paths)) : undefined;
		image?.catch(() => undefined);
		if (image) started.push(image);
		const fleetVms =
			vmCount > 0
				? startFleetVms(paths, fleetVmPorts, {
						hostKeyFile: paths.hostKey,
						clientPublicKey: readFileSync(`${paths.clientKey}.pub`, 'utf8'),
					})
				: undefined;
		fleetVms?.catch(() => undefined);
		if (fleetVms) started.push(fleetVms);
		const booted = await bootVm(vm, vmBinds(docker), sshPort);
		// The fleet's units, sessions and sshd are the lab user's: all of them go when the lab stops.
		const database = {leaderPid: booted.leaderPid, port: databasePort, password};
		await prepareVmDatabase(database, now);
		// Once PostgreSQL is up: the backups become real pg_dump output of it, so a restore on the lab is real.
		await writeVmBackups(database, vm.inVm(vmApp.backups));
		await assertUnitActive(booted, 'app-web.service');
		if (image) {
			await image;
			await composeUp(booted.leaderPid);
		}
		const [startedFleet, startedPrometheus, startedFleetVms] = await Promise.all([
			fleet,
			prometheus,
			fleetVms,
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
			prometheus: startedPrometheus && {...startedPrometheus, fleetScrapeSeconds},
			fleetVms: startedFleetVms,
			compose: docker && apiPort && dockerdPid ? {docker, apiPort, dockerdPid} : undefined,
		});
	} catch (error) {
		// Let every part under way land before stopLab cleans up, or a server could come up after the clean-up.
		await Promise.allSettled(started);
		throw error;
	}
}

/**
 * What the VM gets from the host: node and pg-ops' built demo (the app's units run them); with
 * compose, Debian's docker CLI and Compose v2 plugin (the same Debian 12 libc) and the lab's dockerd
 * socket at the default path, so `docker compose` in the VM works as on a compose host.
 */
function vmBinds(docker: DockerPaths | undefined) {
	const dist = join(packageRoot(), 'dist');
	return [
		{from: process.execPath, to: vmPaths.node, readOnly: true},
		{from: dist, to: vmPaths.demoDist, readOnly: true},
		...(docker
			? [
					{from: dockerCli, to: composeInVm.cli, readOnly: true},
					{from: composePlugin, to: composeInVm.plugin, readOnly: true},
					{from: docker.socket, to: composeInVm.socket, readOnly: false},
				]
			: []),
	];
}

/** Prometheus' file_sd files for the fleet: written once the exporter listens, read every few seconds. */
function exporterTargetFiles(paths: LabPaths) {
	const where = exporterPaths(paths);
	return {standInTargets: where.standInTargets, labelOnlyTargets: where.labelOnlyTargets};
}

function imageSources(paths: LabPaths) {
	return {
		node: process.execPath,
		demoDist: join(packageRoot(), 'dist'),
		appStaging: join(paths.dir, 'vm-app'),
		migrateStandIn: join(packageRoot(), 'examples', 'stand-ins', 'python-app-migrate-standin'),
	};
}

// The fleet's stand-in hosts run on the machine itself, as a lab user of their own (fleet/).
async function startFleetPart(
	paths: LabPaths,
	size: number,
	ports: number[],
	exporterHosts: ExporterHosts | undefined,
): Promise<StartedFleet> {
	recordSystemChange(paths, {user: {name: labUserName(paths.dir)}});
	const user = await ensureLabUser(paths.dir, paths.home);
	recordSystemChange(paths, {user: {name: user.name, uid: user.uid}});
	const hosts = await layOutFleet({paths, size, ports, user});
	await assertUserCanReach(paths, user);
	const sudoersFile = sudoersFileFor(paths.dir);
	recordSystemChange(paths, {sudoersFile});
	await installSudoRule(sudoersFile, user.name, fleetPaths(paths).sudoBin);
	const started = await startFleet(paths, hosts, user);
	if (!exporterHosts) return started;
	// Once the units run: the exporter reports them as they are from its first scrape on.
	const exporter = await startFleetExporter(paths, exporterHosts, user);
	if (exporter.sshlessPort)
		appendFileSync(
			fleetPaths(paths).sshConfig,
			renderLabelOnlySshConfig(exporter.labelOnly, exporter.sshlessPort),
		);
	return {
		...started,
		exporterPid: exporter.pid,
		...(exporter.labelOnly.length > 0 ? {labelOnlyHosts: exporter.labelOnly.length} : {}),
	};
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
		dockerPaths(paths).dir,
		join(paths.dir, 'fleet-vms'),
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
