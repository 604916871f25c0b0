// The lab VM's base root: a Debian 12 (bookworm) system made by debootstrap with real systemd,
// OpenSSH, sudo, PostgreSQL 15, curl and Prometheus' node_exporter, built once per machine and kept as a versioned tarball under
// /var/cache, extracted once beside it; every lab boots it read-only under an overlay of its own.
// Nothing here is per lab (no ports, keys or users' keys): vm-files.ts writes those into the overlay.
import {existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {isProcessAlive, sleep} from '../../../source/demo/processes.js';
import {runChecked, runCommand} from '../run-command.js';

// Change it whenever what the build puts in the root changes: a new name builds a new root.
export const baseRootVersion = 'bookworm-pgops-lab-2';

const cacheDir = '/var/cache/pg-ops-lab';
const extractedDir = '/var/lib/pg-ops-lab';

export const baseRootPaths = {
	tarball: join(cacheDir, `${baseRootVersion}.tar.zst`),
	log: join(cacheDir, `${baseRootVersion}.build.log`),
	root: join(extractedDir, baseRootVersion),
	stamp: join(extractedDir, `${baseRootVersion}.extracted`),
	lock: join(extractedDir, `${baseRootVersion}.lock`),
};

const packages = [
	'systemd',
	'systemd-sysv',
	'dbus',
	'openssh-server',
	'sudo',
	'procps',
	'curl',
	'postgresql-15',
	'postgresql-client-15',
	// A real exporter on a real systemd host (issue 17): its systemd collector feeds the services pane.
	'prometheus-node-exporter',
];

// The VM's accounts, the same in every lab: the deploy user pg-ops logs in as, a read-only user
// without sudo, and the docker group of the lab's dockerd socket. Fixed ids: host-side files the lab
// writes into the overlay are owned by them.
export const vmAccounts = {
	deploy: {name: 'deploy', uid: 1001, gid: 1001},
	viewer: {name: 'viewer', uid: 1002, gid: 1002},
	dockerGroup: {name: 'docker', gid: 1990},
} as const;

// Timers and units a server runs but a lab must not: they would wake up during tests.
const maskedUnits = [
	'apt-daily.timer',
	'apt-daily-upgrade.timer',
	'dpkg-db-backup.timer',
	'e2scrub_all.timer',
	'e2scrub_reap.service',
	'fstrim.timer',
	'getty@tty1.service',
	'console-getty.service',
	'systemd-pstore.service',
];

/** True when the extracted root of this version is there (the tarball alone is not enough to boot). */
export function baseRootReady(): boolean {
	return existsSync(baseRootPaths.stamp);
}

/** Builds the tarball when missing (debootstrap: minutes), extracts it when missing (seconds); one builder at a time. */
export async function ensureBaseRoot(progress: (line: string) => void = () => undefined): Promise<string> {
	if (baseRootReady()) return baseRootPaths.root;
	mkdirSync(extractedDir, {recursive: true});
	const release = await takeBuildLock();
	try {
		if (!existsSync(baseRootPaths.tarball)) await buildTarball(progress);
		if (!baseRootReady()) await extractTarball(progress);
		return baseRootPaths.root;
	} finally {
		release();
	}
}

async function buildTarball(progress: (line: string) => void): Promise<void> {
	mkdirSync(cacheDir, {recursive: true});
	const staging = join(cacheDir, `${baseRootVersion}.building`);
	rmSync(staging, {recursive: true, force: true});
	progress(`building the lab VM's root with debootstrap (once per machine; log ${baseRootPaths.log})`);
	const began = Date.now();
	const built = await runCommand(
		'debootstrap',
		['--variant=minbase', `--include=${packages.join(',')}`, 'bookworm', staging, debianMirror()],
		{timeoutMs: 1_200_000, env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'}},
	);
	writeFileSync(baseRootPaths.log, built.stdout + built.stderr);
	if (built.code !== 0) {
		rmSync(staging, {recursive: true, force: true});
		throw new Error(
			`debootstrap exited with ${built.code}; see ${baseRootPaths.log}:\n${lastLinesOf(built.stdout + built.stderr)}`,
		);
	}
	await configure(staging);
	progress(`debootstrap took ${Math.round((Date.now() - began) / 1000)} s; packing ${baseRootPaths.tarball}`);
	const partial = `${baseRootPaths.tarball}.partial`;
	await runChecked('tar', ['--zstd', '-C', staging, '--numeric-owner', '--xattrs', '-cpf', partial, '.'], {
		timeoutMs: 600_000,
	});
	renameSync(partial, baseRootPaths.tarball);
	rmSync(staging, {recursive: true, force: true});
}

async function extractTarball(progress: (line: string) => void): Promise<void> {
	progress(`extracting the lab VM's root to ${baseRootPaths.root}`);
	rmSync(baseRootPaths.root, {recursive: true, force: true});
	mkdirSync(baseRootPaths.root, {recursive: true});
	await runChecked(
		'tar',
		['--zstd', '-C', baseRootPaths.root, '--numeric-owner', '--xattrs', '-xpf', baseRootPaths.tarball],
		{timeoutMs: 600_000},
	);
	writeFileSync(baseRootPaths.stamp, `${baseRootPaths.tarball}\n`);
}

/** What every lab VM has in common, set once in the root. */
async function configure(root: string): Promise<void> {
	const inRoot = (args: string[]) => runChecked('chroot', [root, ...args]);
	await inRoot(['groupadd', '--gid', String(vmAccounts.dockerGroup.gid), vmAccounts.dockerGroup.name]);
	for (const account of [vmAccounts.deploy, vmAccounts.viewer]) {
		await inRoot(['groupadd', '--gid', String(account.gid), account.name]);
		await inRoot([
			'useradd',
			'--uid',
			String(account.uid),
			'--gid',
			String(account.gid),
			'--create-home',
			'--shell',
			'/bin/bash',
			account.name,
		]);
	}
	// Keys only: a password sshd would refuse anyway; "*" keeps the account from looking locked.
	for (const account of [vmAccounts.deploy, vmAccounts.viewer])
		await inRoot(['usermod', '-p', '*', account.name]);
	for (const unit of maskedUnits) {
		const link = join(root, 'etc', 'systemd', 'system', unit);
		rmSync(link, {force: true});
		symlinkSync('/dev/null', link);
	}
	// The host keys debootstrap generated would be the same in every lab: each lab writes its own.
	await runChecked('sh', ['-c', `rm -f ${root}/etc/ssh/ssh_host_*`]);
	rmSync(join(root, 'var', 'cache', 'apt', 'archives'), {recursive: true, force: true});
	mkdirSync(join(root, 'var', 'cache', 'apt', 'archives', 'partial'), {recursive: true});
	await runChecked('sh', ['-c', `rm -rf ${root}/var/lib/apt/lists/* ${root}/var/cache/apt/*.bin`]);
	writeFileSync(join(root, 'etc', 'pg-ops-lab-root'), `${baseRootVersion}\n`);
}

/** The Debian mirror the machine's own apt uses (so a machine with a local mirror builds from it). */
export function debianMirror(): string {
	if (process.env.PGOPS_LAB_DEBIAN_MIRROR) return process.env.PGOPS_LAB_DEBIAN_MIRROR;
	for (const file of ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']) {
		if (!existsSync(file)) continue;
		const text = readFileSync(file, 'utf8');
		const uri = [
			...text.matchAll(/^URIs:\s*(\S+)/gm),
			...text.matchAll(/^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+bookworm\s/gm),
		]
			.map(match => match[1]!)
			.find(found => !found.includes('security'));
		if (uri) return uri;
	}
	return 'http://deb.debian.org/debian';
}

async function takeBuildLock(): Promise<() => void> {
	const deadline = Date.now() + 20 * 60_000;
	for (;;) {
		try {
			writeFileSync(baseRootPaths.lock, `${process.pid}\n`, {flag: 'wx'});
			return () => rmSync(baseRootPaths.lock, {force: true});
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const holder = Number(readFileSync(baseRootPaths.lock, 'utf8').trim() || 0);
		if (!holder || !isProcessAlive(holder)) rmSync(baseRootPaths.lock, {force: true});
		else if (Date.now() > deadline)
			throw new Error(`waited 20 min for pid ${holder} to build the lab VM's root (${baseRootPaths.lock})`);
		else await sleep(1000);
	}
}

function lastLinesOf(text: string): string {
	return text.trimEnd().split('\n').slice(-15).join('\n');
}
