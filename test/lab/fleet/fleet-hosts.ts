// The fleet's hosts as directories under DIR/root/fleet: each with bin/ (the sh stand-ins for
// systemctl, journalctl and df), state/ (units, disk, test switches), log/ (journal) and run/hold
// (the FIFO its unit processes wait on). Booting starts every host's units, a few hosts at a time.
import {chmodSync, chownSync, copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {packageRoot} from '../../../source/demo/package-paths.js';
import {shellQuote} from '../../../source/demo/shell-quote.js';
import type {LabUser} from '../lab-user.js';
import {runChecked, runCommand} from '../run-command.js';
import {type FleetHost, type FleetPaths, type HostPaths, fleetUnits, hostSeed} from './fleet-layout.js';

const standInTools = ['systemctl', 'journalctl', 'df'] as const;

/** The stand-ins as shipped in the checkout (test/lab/fleet/stand-ins/*.sh), copied into the lab so the lab user can run them. */
function standInSource(tool: string): string {
	return join(packageRoot(), 'test', 'lab', 'fleet', 'stand-ins', `${tool}.sh`);
}

export interface FleetBuild {
	fleet: FleetPaths;
	hosts: FleetHost[];
	user: LabUser;
	/** The VM's own bin/ (its systemctl and journalctl): where the sudo dispatchers send a caller that names no fleet host. */
}

/** Writes every host's directory and the sudo dispatchers; root owns what root runs, the lab user owns the hosts' state. */
export async function buildFleetHosts({fleet, hosts, user}: FleetBuild): Promise<void> {
	rmSync(fleet.hostsRoot, {recursive: true, force: true});
	mkdirSync(fleet.standIns, {recursive: true, mode: 0o755});
	for (const tool of standInTools) {
		copyFileSync(standInSource(tool), join(fleet.standIns, tool));
		chmodSync(join(fleet.standIns, tool), 0o755);
	}
	writeSudoDispatchers(fleet, user);
	for (const host of hosts) writeHost(fleet.host(host.name), host.name, user);
	// One mkfifo for every host: a fork per host would cost more than the rest of the layout.
	const fifos = hosts.map(host => fleet.host(host.name).hold);
	for (let start = 0; start < fifos.length; start += 200)
		await runChecked('mkfifo', ['-m', '600', ...fifos.slice(start, start + 200)]);
	for (const fifo of fifos) chownSync(fifo, user.uid, user.gid);
}

function writeHost(host: HostPaths, name: string, user: LabUser): void {
	mkdirSync(host.bin, {recursive: true, mode: 0o755});
	// bin/ is root's: the dispatchers run these tools for sudo, so the lab user must not replace them.
	for (const tool of standInTools) symlinkSync(join('..', '..', 'lib', tool), join(host.bin, tool));
	for (const dir of [host.state, host.log, host.run]) {
		mkdirSync(dir, {recursive: true});
		chownSync(dir, user.uid, user.gid);
	}
	const {disk} = hostSeed(name);
	writeOwned(
		host.disk,
		`DISK_DEVICE=${disk.device}\nDISK_SIZE_KB=${disk.sizeKb}\nDISK_USED_KB=${disk.usedKb}\n`,
		user,
	);
}

export function writeOwned(file: string, content: string, user: LabUser): void {
	writeFileSync(file, content, {mode: 0o644});
	chownSync(file, user.uid, user.gid);
}

// sudo finds commands through secure_path, one list for the lab user whichever host it logged in to:
// so secure_path starts with these dispatchers, which pick the host from PGOPS_FLEET_HOST (sshd's
// SetEnv per port; sudo keeps it) and run that host's stand-in as the service user, the only thing
// they do as root. The lab's VM is a real machine of its own with its own sudo: nothing here reaches it.
function writeSudoDispatchers(fleet: FleetPaths, user: LabUser): void {
	mkdirSync(fleet.sudoBin, {recursive: true, mode: 0o755});
	for (const tool of ['systemctl', 'journalctl']) {
		const script = [
			'#!/bin/sh',
			`# ${tool} as sudo finds it in the pg-ops lab (written by startLab): the stand-in of the fleet host`,
			'# named by PGOPS_FLEET_HOST, run as the service user with the privilege marked.',
			'case ${PGOPS_FLEET_HOST-} in',
			'app-[0-9][0-9][0-9]) ;;',
			`*) echo "${tool} (pg-ops lab): PGOPS_FLEET_HOST=$PGOPS_FLEET_HOST names no fleet host (app-NNN)" >&2; exit 1 ;;`,
			'esac',
			`host=${shellQuote(fleet.hostsRoot)}/$PGOPS_FLEET_HOST`,
			`[ -x "$host/bin/${tool}" ] || { echo "${tool} (pg-ops lab): no fleet host $PGOPS_FLEET_HOST in this lab" >&2; exit 1; }`,
			`export HOME=${shellQuote(user.home)} PATH="$host/bin:/usr/local/bin:/usr/bin:/bin" PGOPS_FLEET_SUDO=1`,
			`exec /usr/bin/setpriv --reuid=${user.uid} --regid=${user.gid} --clear-groups -- "$host/bin/${tool}" "$@"`,
			'',
		].join('\n');
		writeFileSync(join(fleet.sudoBin, tool), script, {mode: 0o755});
	}
}

/** Starts both units on every host as the service manager would at boot; the seeded failures fail their start. */
export async function bootFleetUnits(fleet: FleetPaths, hosts: FleetHost[], user: LabUser): Promise<void> {
	const seeded = hosts.flatMap(host =>
		hostSeed(host.name).failedAtBoot.map(unit => fleet.host(host.name).broken(unit)),
	);
	for (const flag of seeded) writeOwned(flag, 'seeded by the lab: fails at boot\n', user);
	// A few shells, each starting its share of hosts one after another: cheaper than a process per host from here.
	const lanes = 4;
	const shares = Array.from({length: lanes}, (_, lane) => hosts.filter((_, index) => index % lanes === lane));
	const script = `for host do PGOPS_FLEET_HOST=$host "$0/$host/bin/systemctl" start ${fleetUnits.join(' ')} || :; done`;
	try {
		await Promise.all(
			shares
				.filter(share => share.length > 0)
				.map(async share => {
					const booted = await runCommand(
						'/bin/sh',
						['-c', script, fleet.hostsRoot, ...share.map(host => host.name)],
						{
							as: user,
							cwd: user.home,
							env: {
								PATH: '/usr/local/bin:/usr/bin:/bin',
								HOME: user.home,
								LANG: 'C.UTF-8',
								PGOPS_FLEET_SUDO: '1',
							},
							// 25 hosts' sh stand-ins, one after another: past the default 60 s at a load of 60.
							timeoutMs: 300_000,
						},
					);
					const unexpected = booted.stderr
						.split('\n')
						.filter(line => line && !/^(Job for .* failed|See "systemctl status)/.test(line));
					if (booted.code !== 0 || unexpected.length > 0)
						throw new Error(
							`the fleet's units did not start on ${share[0]!.name} ...: ${unexpected.join('\n') || `exit ${booted.code}`}`,
						);
				}),
		);
	} finally {
		// Failed once, as at boot; a restart heals them.
		for (const flag of seeded) rmSync(flag, {force: true});
	}
}
