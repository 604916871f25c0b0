// What the lab needs from the machine (OpenSSH's server, PostgreSQL's server binaries, sudo, the user
// tools, root; Prometheus for a lab with --prometheus) and, on Debian-like machines run as root,
// installing what is missing with apt-get.
import {accessSync, constants, existsSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {runChecked} from './run-command.js';

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
	{
		what: 'PostgreSQL server binaries (/usr/lib/postgresql/*/bin)',
		present: () => postgresBinDirOrUndefined() !== undefined,
		package: 'postgresql',
	},
	{what: 'sudo and visudo', present: () => onPath('sudo') && onPath('visudo'), package: 'sudo'},
	{
		what: 'useradd, usermod and userdel',
		present: () => ['useradd', 'usermod', 'userdel'].every(onPath),
		package: 'passwd',
	},
	{what: 'setpriv and getent', present: () => onPath('setpriv') && onPath('getent'), package: 'util-linux'},
];

// Only a lab started with --prometheus needs it.
const prometheusRequirement: Requirement = {
	what: 'Prometheus (/usr/bin/prometheus)',
	present: () => isExecutable('/usr/bin/prometheus'),
	package: 'prometheus',
};

/** What a lab needs beyond the base: a lab started with `prometheus` needs the Prometheus server too. */
export interface LabNeeds {
	prometheus?: boolean;
}

function requirementsFor(needs?: LabNeeds): Requirement[] {
	return needs?.prometheus ? [...requirements, prometheusRequirement] : requirements;
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
	const packages = [
		...new Set(
			requirementsFor(needs)
				.filter(requirement => !requirement.present())
				.map(requirement => requirement.package!),
		),
	];
	await aptInstall(packages);
	const after = labPrerequisites(needs);
	if (!after.ok)
		throw new Error(
			`apt-get installed ${packages.join(' ')} but the lab still misses: ${after.missing.join('; ')}`,
		);
}

export function postgresBinDir(): string {
	const dir = postgresBinDirOrUndefined();
	if (!dir)
		throw new Error(`no PostgreSQL server binaries under /usr/lib/postgresql/*/bin.${howToInstall()}`);
	return dir;
}

/** The newest installed major version's bin dir. */
function postgresBinDirOrUndefined(): string | undefined {
	const base = '/usr/lib/postgresql';
	if (!existsSync(base)) return undefined;
	const versions = readdirSync(base)
		.filter(version =>
			['initdb', 'pg_ctl', 'postgres', 'psql'].every(tool => isExecutable(join(base, version, 'bin', tool))),
		)
		.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
	return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

async function aptInstall(packages: string[]): Promise<void> {
	const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'};
	// Installing openssh-server, postgresql or prometheus would start them system-wide (port 22, 5432, 9090); the lab runs its own.
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
		requirement => requirement.package && !requirement.present(),
	);
	if (packages.length === 0) return '';
	return `\nInstall them as root (Debian, Ubuntu): apt-get update && apt-get install -y --no-install-recommends ${[...new Set(packages.map(requirement => requirement.package))].join(' ')}`;
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
