// What the lab needs from the machine and, on Debian-like machines run as root, installing what is
// missing with apt-get: for the VM, debootstrap, systemd-nspawn, dockerd with Compose v2 and the VM's
// base root (built once, vm/base-root.ts); for the fleet's stand-in hosts, OpenSSH's server, sudo and
// the user tools; Prometheus for a lab with --prometheus; Alertmanager for the tests that read alerts
// from one. (PostgreSQL itself runs inside the VM, installed into its base root.)
import {accessSync, constants, existsSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {installComposeV2, composeV2Present} from './compose-v2-package.js';
import {runChecked} from './run-command.js';
import {baseRootReady, ensureBaseRoot} from './vm/base-root.js';

interface Requirement {
	what: string;
	present: () => boolean;
	/** The Debian package that provides it; none for what apt-get cannot fix. */
	package?: string;
}

const binDirs = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

const requirements: Requirement[] = [
	{what: 'Linux', present: () => process.platform === 'linux'},
	{what: 'root (the lab adds a system user and a sudoers rule)', present: () => process.getuid?.() === 0},
	{what: 'sshd (/usr/sbin/sshd)', present: () => isExecutable('/usr/sbin/sshd'), package: 'openssh-server'},
	{
		what: 'ssh and ssh-keygen',
		present: () => onPath('ssh') && onPath('ssh-keygen'),
		package: 'openssh-client',
	},
	{what: 'sudo and visudo', present: () => onPath('sudo') && onPath('visudo'), package: 'sudo'},
	{
		what: 'useradd, usermod and userdel',
		present: () => ['useradd', 'usermod', 'userdel'].every(onPath),
		package: 'passwd',
	},
	{
		what: 'setpriv, getent and nsenter',
		present: () => ['setpriv', 'getent', 'nsenter'].every(onPath),
		package: 'util-linux',
	},
	{
		what: 'overlay filesystems (the VM boots its base root under an overlay)',
		present: () => kernelHasOverlay(),
	},
	{what: 'debootstrap', present: () => onPath('debootstrap'), package: 'debootstrap'},
	{
		what: 'systemd-nspawn (boots the VM)',
		present: () => onPath('systemd-nspawn'),
		package: 'systemd-container',
	},
	{what: 'zstd (the VM root is cached as .tar.zst)', present: () => onPath('zstd'), package: 'zstd'},
	{
		what: 'dockerd and the docker CLI (/usr/sbin/dockerd, /usr/bin/docker)',
		present: () => isExecutable('/usr/sbin/dockerd') && isExecutable('/usr/bin/docker'),
		package: 'docker.io',
	},
];

// Only a lab started with --prometheus needs it.
const prometheusRequirement: Requirement = {
	what: 'Prometheus (/usr/bin/prometheus)',
	present: () => isExecutable('/usr/bin/prometheus'),
	package: 'prometheus',
};

/** Where Debian's prometheus-alertmanager puts the server. */
export const alertmanagerBinary = '/usr/bin/prometheus-alertmanager';

// The lab starts none; the alerts tests run their own, fed by their own Prometheus.
const alertmanagerRequirement: Requirement = {
	what: `Alertmanager (${alertmanagerBinary})`,
	present: () => isExecutable(alertmanagerBinary),
	package: 'prometheus-alertmanager',
};

/** What a lab needs beyond the base: a lab started with `prometheus` needs the Prometheus server too. */
export interface LabNeeds {
	prometheus?: boolean;
	/** Alertmanager, for the tests that send alerts to a real one (not a part of a started lab). */
	alertmanager?: boolean;
}

// Debian 12 has only Compose 1.29 (no `docker compose`, no `ps --format json`): v2 comes from Debian 13's package.
const composeRequirement: Requirement = {
	what: 'Docker Compose v2 (docker compose)',
	present: composeV2Present,
	package: 'docker-compose (v2, from Debian 13)',
};

// Built from the packages above, so it comes last.
const baseRootRequirement: Requirement = {
	what: "the lab VM's base root (built once with debootstrap into /var/cache/pg-ops-lab)",
	present: baseRootReady,
	package: 'base root',
};

function requirementsFor(needs?: LabNeeds): Requirement[] {
	return [
		...requirements,
		composeRequirement,
		...(needs?.prometheus ? [prometheusRequirement] : []),
		...(needs?.alertmanager ? [alertmanagerRequirement] : []),
		baseRootRequirement,
	];
}

export function labPrerequisites(
	needs?: LabNeeds,
): {ok: true} | {ok: false; missing: string[]; canInstall: boolean} {
	const missing = requirementsFor(needs).filter(requirement => !requirement.present());
	if (missing.length === 0) return {ok: true};
	const canInstall =
		process.getuid?.() === 0 && onPath('apt-get') && missing.every(requirement => requirement.package);
	return {ok: false, missing: missing.map(requirement => requirement.what), canInstall};
}

let packageListsUpdated = false;

// No parameter: vitest takes a hook's first parameter for fixtures (beforeAll(ensureLabPrerequisites)).
/** Installs what is missing when it can (root, apt-get); otherwise throws saying what is missing and how to get it. */
export async function ensureLabPrerequisites(): Promise<void> {
	await ensureLabPrerequisitesFor({});
}

/** ensureLabPrerequisites for a lab that needs more (Prometheus). */
export async function ensureLabPrerequisitesFor(needs: LabNeeds): Promise<void> {
	const state = labPrerequisites(needs);
	if (state.ok) return;
	if (!state.canInstall)
		throw new Error(
			`the pg-ops lab cannot run here; missing: ${state.missing.join('; ')}.${howToInstall(needs)}`,
		);
	const missing = requirementsFor(needs).filter(requirement => !requirement.present());
	const packages = [...new Set(missing.map(requirement => requirement.package!))].filter(
		name => name !== composeRequirement.package && name !== baseRootRequirement.package,
	);
	if (packages.length > 0) await aptInstall(packages);
	if (missing.includes(composeRequirement)) await installComposeV2();
	if (missing.includes(baseRootRequirement))
		await ensureBaseRoot(line => process.stderr.write(`pg-ops lab: ${line}\n`));
	const after = labPrerequisites(needs);
	if (!after.ok)
		throw new Error(
			`apt-get installed ${packages.join(' ')} but the lab still misses: ${after.missing.join('; ')}`,
		);
}

async function aptInstall(packages: string[]): Promise<void> {
	const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'};
	// Installing openssh-server, docker.io, prometheus or prometheus-alertmanager would start them system-wide (port 22, a docker0 bridge, 9090, 9093); the lab runs its own.
	const policy = '/usr/sbin/policy-rc.d';
	const addedPolicy = !existsSync(policy);
	if (addedPolicy)
		writeFileSync(
			policy,
			'#!/bin/sh\n# Written by the pg-ops lab while it installs packages: start no services.\nexit 101\n',
			{mode: 0o755},
		);
	try {
		const lockWait = ['-o', 'DPkg::Lock::Timeout=300'];
		if (!packageListsUpdated)
			await runChecked('apt-get', [...lockWait, 'update', '-q'], {env, timeoutMs: 300_000});
		packageListsUpdated = true;
		await runChecked(
			'apt-get',
			[...lockWait, 'install', '-y', '-q', '--no-install-recommends', ...packages],
			{env, timeoutMs: 600_000},
		);
	} finally {
		if (addedPolicy) rmSync(policy, {force: true});
	}
}

// Nothing to say when only root or Linux is missing: the reasons in the list say it.
function howToInstall(needs?: LabNeeds): string {
	const packages = requirementsFor(needs).filter(
		requirement =>
			requirement.package &&
			requirement !== composeRequirement &&
			requirement !== baseRootRequirement &&
			!requirement.present(),
	);
	if (packages.length === 0) return '';
	return `\nInstall them as root (Debian, Ubuntu): apt-get update && apt-get install -y --no-install-recommends ${[...new Set(packages.map(requirement => requirement.package))].join(' ')}`;
}

function kernelHasOverlay(): boolean {
	try {
		return /\toverlay$/m.test(readFileSync('/proc/filesystems', 'utf8'));
	} catch {
		return false;
	}
}

function onPath(tool: string): boolean {
	return binDirs.some(dir => isExecutable(join(dir, tool)));
}

function isExecutable(file: string): boolean {
	try {
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}
