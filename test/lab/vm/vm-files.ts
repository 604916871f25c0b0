// Everything one lab writes into its VM before boot, on top of the shared base root: its name, sshd's
// port and host key, the lab's client key for the deploy and read-only users, the deploy user's sudo
// rule, PostgreSQL's port, the app (the demo's release slots, backups, logs, env file) and its units.
import {
	chmodSync,
	chownSync,
	cpSync,
	lchownSync,
	mkdirSync,
	readFileSync,
	readdirSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import {dirname, join} from 'node:path';
import {formatEnvFile} from '../../../source/demo/env-file.js';
import {buildSandbox} from '../../../source/demo/sandbox-builder.js';
import type {LabPaths} from '../lab-paths.js';
import {vmAccounts} from './base-root.js';
import {vmApp, vmPaths, type VmHostPaths} from './vm-layout.js';
import {orchestratorCrashText, startUnitScript, vmUnits, waitHealthyScript} from './vm-units.js';

export const vmHostname = 'lab-vm';

export interface VmSettings {
	sshPort: number;
	httpPort: number;
	databasePort: number;
	/** node_exporter's port (its systemd collector on): 127.0.0.1 only. */
	nodeExporterPort: number;
	/** Host-side files: the host key pair sshd uses and the client public key pg-ops logs in with. */
	hostKeyFile: string;
	clientPublicKey: string;
	databaseUrl: string;
	now: Date;
}

export interface VmApp {
	token: string;
	shas: Record<string, string>;
}

type Account = {uid: number; gid: number};
const root: Account = {uid: 0, gid: 0};

/** Writes a file into the VM (through its overlay, before boot), with its mode and owner. */
export type VmFileWriter = (path: string, text: string, mode?: number, owner?: Account) => void;

export function vmFileWriter(vm: VmHostPaths): VmFileWriter {
	return (path, text, mode = 0o644, owner = root) => {
		const target = vm.inVm(path);
		mkdirSync(dirname(target), {recursive: true});
		writeFileSync(target, text, {mode});
		chmodSync(target, mode);
		chownSync(target, owner.uid, owner.gid);
	};
}

/** What every lab VM is (the app's VM and the fleet's real hosts): its name, sshd on its loopback port, the deploy user's key and narrow sudo. */
export function writeVmHost(
	vm: VmHostPaths,
	hostname: string,
	ssh: Pick<VmSettings, 'sshPort' | 'hostKeyFile' | 'clientPublicKey'>,
): VmFileWriter {
	const file = vmFileWriter(vm);
	file('/etc/hostname', `${hostname}\n`);
	file(
		'/etc/hosts',
		`127.0.0.1 localhost\n127.0.1.1 ${hostname}\n::1 localhost ip6-localhost ip6-loopback\n`,
	);
	writeSsh(vm, ssh, file);
	file(
		'/etc/sudoers.d/pg-ops-lab',
		[
			'# pg-ops lab: the deploy user may run the service managers as root without a password, nothing else.',
			`Defaults:${vmAccounts.deploy.name} !lecture`,
			`${vmAccounts.deploy.name} ALL=(root) NOPASSWD: /usr/bin/systemctl, /usr/bin/journalctl, /usr/bin/docker`,
			'',
		].join('\n'),
		0o440,
	);
	return file;
}

export function writeVmFiles(paths: LabPaths, vm: VmHostPaths, settings: VmSettings): VmApp {
	const file = writeVmHost(vm, vmHostname, settings);
	file(
		vmPaths.postgresConf,
		[
			'# pg-ops lab: loopback only (the VM shares the host network), on the port the lab chose; not durable.',
			"listen_addresses = '127.0.0.1'",
			`port = ${settings.databasePort}`,
			'fsync = off',
			'synchronous_commit = off',
			'full_page_writes = off',
			"password_encryption = 'scram-sha-256'",
			'',
		].join('\n'),
	);
	file('/etc/default/prometheus-node-exporter', nodeExporterDefaults(settings.nodeExporterPort));
	const app = writeApp(paths, vm, settings);
	writeUnits(vm, settings.now, file);
	return app;
}

/** The units node_exporter's systemd collector reports: the app's, PostgreSQL's and sshd's, as a team would pick them. */
export const nodeExporterUnits = '(app-.+|postgresql@.+|ssh)[.]service';

// Debian's prometheus-node-exporter unit runs `prometheus-node-exporter $ARGS` as the prometheus user
// (the systemd collector asks systemd over the system bus). Loopback only: the VM shares the host's
// network. The VM's / is an overlay, which node_exporter leaves out by default: not here (tmpfs is).
function nodeExporterDefaults(port: number): string {
	const args = [
		`--web.listen-address=127.0.0.1:${port}`,
		'--collector.systemd',
		`--collector.systemd.unit-include=${nodeExporterUnits}`,
		'--collector.systemd.enable-start-time-metrics',
		'--collector.systemd.enable-restarts-metrics',
		// No backslash or $ in an EnvironmentFile value: systemd would read them as escapes and variables.
		'--collector.filesystem.fs-types-exclude=(autofs|binfmt_misc|bpf|cgroup|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|proc|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs|tmpfs)',
	];
	return [
		'# pg-ops lab (written by startLab): node_exporter on loopback, systemd collector on, overlay filesystems kept.',
		`ARGS="${args.join(' ')}"`,
		'',
	].join('\n');
}

function writeSsh(
	vm: VmHostPaths,
	settings: Pick<VmSettings, 'sshPort' | 'hostKeyFile' | 'clientPublicKey'>,
	file: VmFileWriter,
): void {
	file('/etc/ssh/ssh_host_ed25519_key', readFileSync(settings.hostKeyFile, 'utf8'), 0o600);
	file('/etc/ssh/ssh_host_ed25519_key.pub', readFileSync(`${settings.hostKeyFile}.pub`, 'utf8'));
	file(
		'/etc/ssh/sshd_config.d/pg-ops-lab.conf',
		[
			'# pg-ops lab: the VM shares the host network, so sshd listens on loopback on the port the lab chose.',
			`Port ${settings.sshPort}`,
			'ListenAddress 127.0.0.1',
			'HostKey /etc/ssh/ssh_host_ed25519_key',
			`AllowUsers ${vmAccounts.deploy.name} ${vmAccounts.viewer.name}`,
			'PermitRootLogin no',
			'PasswordAuthentication no',
			'KbdInteractiveAuthentication no',
			'AllowTcpForwarding yes',
			'PrintMotd no',
			'UseDNS no',
			// Tests open many sessions and connections at once, as pg-ops' probes do.
			'MaxSessions 50',
			'MaxStartups 100:30:200',
			'LogLevel VERBOSE',
			'',
		].join('\n'),
	);
	for (const account of [vmAccounts.deploy, vmAccounts.viewer]) {
		const home = `/home/${account.name}`;
		mkdirSync(vm.inVm(`${home}/.ssh`), {recursive: true});
		chownSync(vm.inVm(`${home}/.ssh`), account.uid, account.gid);
		chmodSync(vm.inVm(`${home}/.ssh`), 0o700);
		file(`${home}/.ssh/authorized_keys`, settings.clientPublicKey, 0o600, account);
	}
}

// The demo's sandbox builder lays the app out in a staging dir; its parts are copied to their places in the VM.
function writeApp(paths: LabPaths, vm: VmHostPaths, settings: VmSettings): VmApp {
	const staging = join(paths.dir, 'vm-app');
	const sandbox = buildSandbox(staging, settings.httpPort, settings.now, {hostDatabaseTools: true});
	const deploy = vmAccounts.deploy;
	for (const part of [vmApp.appBase, dirname(vmApp.sloFile)]) {
		const target = vm.inVm(part);
		mkdirSync(dirname(target), {recursive: true});
		cpSync(join(staging, part), target, {recursive: true, verbatimSymlinks: true, preserveTimestamps: true});
		chownTree(target, deploy);
	}
	const envFile = vm.inVm(vmApp.envFile);
	mkdirSync(dirname(envFile), {recursive: true});
	chownSync(dirname(envFile), deploy.uid, deploy.gid);
	writeFileSync(
		envFile,
		formatEnvFile(
			{
				PORT: String(settings.httpPort),
				OPS_VERIFY_TOKEN: sandbox.token,
				DATABASE_URL: settings.databaseUrl,
				APP_ROOT: vmApp.appBase,
				SLO_FILE: vmApp.sloFile,
			},
			'app-web environment (pg-ops lab VM). Read once at start-up: restart app-web after editing.',
		),
		{mode: 0o600},
	);
	chmodSync(envFile, 0o600);
	chownSync(envFile, deploy.uid, deploy.gid);
	return {token: sandbox.token, shas: sandbox.shas};
}

function writeUnits(
	vm: VmHostPaths,
	now: Date,
	file: (path: string, text: string, mode?: number, owner?: Account) => void,
): void {
	file(`${vmPaths.libexec}/start-unit`, startUnitScript, 0o755);
	file(`${vmPaths.libexec}/wait-healthy.mjs`, waitHealthyScript, 0o644);
	const deploy = vmAccounts.deploy;
	mkdirSync(vm.inVm(vmPaths.switches), {recursive: true});
	chownSync(vm.inVm(vmPaths.switches), deploy.uid, deploy.gid);
	file(`${vmPaths.switches}/app-orchestrator.crash-once`, orchestratorCrashText(now), 0o644, deploy);
	const wants = vm.inVm('/etc/systemd/system/multi-user.target.wants');
	mkdirSync(wants, {recursive: true});
	for (const unit of vmUnits()) {
		file(`/etc/systemd/system/${unit.name}`, unit.text);
		symlinkSync(`/etc/systemd/system/${unit.name}`, join(wants, unit.name));
	}
}

function chownTree(path: string, owner: Account): void {
	lchownSync(path, owner.uid, owner.gid);
	for (const entry of readdirSync(path, {withFileTypes: true})) {
		const child = join(path, entry.name);
		if (entry.isDirectory()) chownTree(child, owner);
		else lchownSync(child, owner.uid, owner.gid);
	}
}
