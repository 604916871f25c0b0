// `npm run lab -- start|stop --dir DIR [--fleet N] [--prometheus]`: the SSH lab for people, printing where each part is and how to use it.
import {resolve} from 'node:path';
import {type LabFleetInfo, type LabInfo, ensureLabPrerequisitesFor, startLab, stopLab} from './index.js';

const usage =
	'usage: npm run lab -- start --dir DIR [--fleet N] [--prometheus] | stop --dir DIR | prerequisites';

export async function main(argv: string[]): Promise<number> {
	const [command] = argv;
	// CI installs what the lab needs once, before the tests, instead of from parallel test workers.
	if (command === 'prerequisites') {
		await ensureLabPrerequisitesFor({prometheus: true});
		process.stdout.write(
			"the lab has what it needs: debootstrap, systemd-nspawn, dockerd and Compose v2, the VM's base root, sshd, sudo, user tools, Prometheus\n",
		);
		return 0;
	}
	const dir = valueOf(argv, '--dir');
	const fleetText = argv.includes('--fleet') ? (valueOf(argv, '--fleet') ?? '') : undefined;
	const fleet = fleetText === undefined ? undefined : Number(fleetText || Number.NaN);
	const prometheus = argv.includes('--prometheus');
	const problems = [
		...unknownOptions(argv).map(option => `unknown option ${option}`),
		...(fleet !== undefined && !(Number.isInteger(fleet) && fleet >= 1 && fleet <= 999)
			? [`--fleet takes a number of hosts from 1 to 999, not ${fleetText || 'nothing'}`]
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
	const info = await startLab({dir: labDir, fleet, prometheus});
	process.stdout.write(describe(info, Date.now() - began));
	return 0;
}

function unknownOptions(argv: string[]): string[] {
	const withValue = ['--dir', '--fleet'];
	const known = new Set([...withValue, '--prometheus']);
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
		...(info.fleet ? describeFleet(info, info.fleet) : []),
		...(info.prometheus
			? [
					`  prometheus ${info.prometheus.url} (pid ${info.prometheus.pid}, log ${info.dir}/prometheus.log), scraping app-web's /metrics every second`,
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
		`            pg-ops --config ${info.config} --env fleet`,
	];
}
