// `npm run lab -- start|stop --dir DIR [--fleet N [--fleet-vms M]] [--prometheus [--in-prometheus T]] [--no-compose]`: the SSH lab for people, printing where each part is and how to use it.
import {resolve} from 'node:path';
import {maxFleetVms} from './fleet/fleet-vms.js';
import {type LabFleetInfo, type LabInfo, ensureLabPrerequisitesFor, startLab, stopLab} from './index.js';
import {maxFleetSize} from './fleet/fleet-layout.js';

const usage =
	'usage: npm run lab -- start --dir DIR [--fleet N [--fleet-vms M]] [--prometheus [--in-prometheus T]] [--no-compose] | stop --dir DIR | prerequisites';

export async function main(argv: string[]): Promise<number> {
	const [command] = argv;
	// CI installs what the lab needs once, before the tests, instead of from parallel test workers.
	if (command === 'prerequisites') {
		await ensureLabPrerequisitesFor({prometheus: true, alertmanager: true});
		process.stdout.write(
			"the lab has what it needs: debootstrap, systemd-nspawn, dockerd and Compose v2, the VM's base root, sshd, sudo, user tools, Prometheus, Alertmanager\n",
		);
		return 0;
	}
	const dir = valueOf(argv, '--dir');
	const fleetText = argv.includes('--fleet') ? (valueOf(argv, '--fleet') ?? '') : undefined;
	const fleet = fleetText === undefined ? undefined : Number(fleetText || Number.NaN);
	const vmsText = argv.includes('--fleet-vms') ? (valueOf(argv, '--fleet-vms') ?? '') : undefined;
	const fleetVms = vmsText === undefined ? undefined : Number(vmsText || Number.NaN);
	const prometheus = argv.includes('--prometheus');
	// Hosts past the fleet's stand-ins, in Prometheus alone (label sets of the fleet's exporter), up to T in all.
	const totalText = argv.includes('--in-prometheus') ? (valueOf(argv, '--in-prometheus') ?? '') : undefined;
	const fleetInPrometheus = totalText === undefined ? undefined : Number(totalText || Number.NaN);
	// People get the compose project too (tests ask for it where they use it: it adds a dockerd and an image import).
	const compose = !argv.includes('--no-compose');
	const problems = [
		...unknownOptions(argv).map(option => `unknown option ${option}`),
		...(fleet !== undefined && !(Number.isInteger(fleet) && fleet >= 1 && fleet <= maxFleetSize)
			? [`--fleet takes a number of hosts from 1 to ${maxFleetSize}, not ${fleetText || 'nothing'}`]
			: []),
		...(fleetVms !== undefined && !(Number.isInteger(fleetVms) && fleetVms >= 0 && fleetVms <= maxFleetVms)
			? [`--fleet-vms takes a number of real hosts from 0 to ${maxFleetVms}, not ${vmsText || 'nothing'}`]
			: []),
		...(fleetInPrometheus !== undefined &&
		!(
			prometheus &&
			fleet !== undefined &&
			Number.isInteger(fleetInPrometheus) &&
			fleetInPrometheus >= fleet &&
			fleetInPrometheus <= maxFleetSize
		)
			? [
					`--in-prometheus takes the fleet's size in Prometheus, from --fleet N to ${maxFleetSize}, with --fleet N and --prometheus; not ${totalText || 'nothing'}`,
				]
			: []),
		...(fleetVms && fleet === undefined
			? ['--fleet-vms needs --fleet N (the real hosts join the fleet)']
			: []),
	];
	if (!dir || (command !== 'start' && command !== 'stop') || problems.length > 0) {
		process.stderr.write([...problems, usage, ''].join('\n'));
		return 2;
	}
	const labDir = resolve(dir);
	if (command === 'stop') {
		const {wasRunning} = await stopLab({dir: labDir});
		process.stdout.write(
			wasRunning
				? `stopped the pg-ops lab in ${labDir}\n`
				: `no pg-ops lab was running in ${labDir} (cleaned up anyway)\n`,
		);
		return 0;
	}
	await ensureLabPrerequisitesFor({prometheus});
	const began = Date.now();
	const info = await startLab({dir: labDir, fleet, fleetVms, prometheus, fleetInPrometheus, compose});
	process.stdout.write(describe(info, Date.now() - began));
	return 0;
}

function unknownOptions(argv: string[]): string[] {
	const withValue = ['--dir', '--fleet', '--fleet-vms', '--in-prometheus'];
	const known = new Set([...withValue, '--prometheus', '--no-compose']);
	return argv
		.slice(1)
		.filter(
			(arg, i, args) =>
				arg.startsWith('--') && !known.has(arg) && !(i > 0 && withValue.includes(args[i - 1]!)),
		);
}

function valueOf(argv: string[], option: string): string | undefined {
	const index = argv.indexOf(option);
	return index >= 0 ? argv[index + 1] : undefined;
}

function describe(info: LabInfo, ms: number): string {
	const {ssh, database} = info;
	const sshCommand = `ssh -F /dev/null -i ${ssh.identityFile} -o UserKnownHostsFile=${ssh.knownHostsFile} -o StrictHostKeyChecking=yes -p ${ssh.port} ${ssh.user}@127.0.0.1`;
	return [
		`pg-ops lab running in ${info.dir} (started in ${(ms / 1000).toFixed(1)} s)`,
		`  vm        ${info.vm.hostname}: Debian 12 under systemd-nspawn (pid ${info.pids.nspawn}, its systemd ${info.pids.vm}), files at ${info.root}, console ${info.vm.console}`,
		`  ssh       ${sshCommand}`,
		`            host key ${ssh.hostKeyFingerprint}; read-only user ${ssh.readOnlyUser} (no sudo)`,
		`  sudo      ${ssh.user} may run systemctl, journalctl and docker as root, nothing else`,
		`  units     app-web, app-orchestrator (failed at boot), app-intake, ${'postgresql@15-main'} (try: systemctl status app-web over ssh)`,
		`  http      ${info.http.baseUrl} (app-web), verify at ${info.http.verifyPath}`,
		`  postgres  postgres://${database.user}@127.0.0.1:${database.port}/${database.name}, password in ${database.passwordFile}; read-only role ${database.readOnlyUser}`,
		`  app       ${info.inVm.appBase} in the VM: releases, current, backups, logs; env file ${info.inVm.envFile}`,
		`  pg-ops    pg-ops --config ${info.config} --env lab`,
		...(info.compose
			? [
					`  compose   ${info.compose.file} in the VM (project ${info.compose.project}: api on 127.0.0.1:${info.compose.apiPort}, scheduler), image ${info.compose.image}`,
					`            the lab's dockerd: pid ${info.compose.dockerd.pid}, DOCKER_HOST=unix://${info.compose.dockerd.socket}, log ${info.compose.dockerd.log}`,
					`            pg-ops --config ${info.config} --env compose`,
				]
			: []),
		...(info.fleet ? describeFleet(info, info.fleet) : []),
		...(info.prometheus
			? [
					`  prometheus ${info.prometheus.url} (pid ${info.prometheus.pid}, log ${info.dir}/prometheus.log), scraping app-web's /metrics every second`,
					`            and the VM's node_exporter (job ${info.prometheus.jobs.vm}): pg-ops --config ${info.config} --env lab-prometheus`,
					...(info.prometheus.jobs.fleet
						? [
								`            and the fleet's stand-in exporter (job ${info.prometheus.jobs.fleet}, pid ${info.fleet?.exporterPid}): --env fleet-prometheus${info.fleet?.labelOnlyHosts ? `, --env fleet-prometheus-all (${info.fleet.labelOnlyHosts} more hosts in Prometheus alone)` : ''}`,
							]
						: []),
				]
			: []),
		`  stop      npm run lab -- stop --dir ${info.dir}`,
		'',
	].join('\n');
}

function describeFleet(info: LabInfo, fleet: LabFleetInfo): string[] {
	const first = fleet.hosts[0]!;
	const last = fleet.hosts.at(-1)!;
	return [
		`  fleet     ${fleet.hosts.length} simulated hosts ${first.name} ... ${last.name} on ports ${first.port} ... ${last.port} (${fleet.sshdPids.length} sshd processes, logs ${info.dir}/fleet/sshd-*.log)`,
		`            try: ssh -F ${fleet.sshConfig} ${first.name} systemctl status app-api app-worker; hosts under ${fleet.root} (see docs/LAB.md)`,
		...(fleet.vms
			? [
					`            real hosts ${fleet.vms.map(vm => `${vm.name} (port ${vm.port})`).join(', ')}: Debian 12 with real systemd, units app-api and app-worker`,
				]
			: []),
		`            pg-ops --config ${info.config} --env fleet`,
	];
}
