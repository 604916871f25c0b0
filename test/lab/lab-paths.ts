// Where every part of a lab lives under its dir: the one map the lab's modules share.
import {createHash} from 'node:crypto';
import {join} from 'node:path';

export type LabPaths = ReturnType<typeof labPaths>;

export function labPaths(dir: string) {
	const sshd = join(dir, 'sshd');
	return {
		dir,
		info: join(dir, 'lab.json'),
		// What startLab added to the machine for a fleet (user, sudoers file): written before each change, so stopLab can undo a half-started lab.
		systemChanges: join(dir, 'lab-system.json'),
		startLock: join(dir, 'lab.lock'),
		home: join(dir, 'home'),
		clientKey: join(dir, 'client_key'),
		knownHosts: join(dir, 'known_hosts'),
		// The VM's sshd host key (copied into the VM) and the client key's authorized_keys (the fleet's sshd reads it).
		sshd,
		hostKey: join(sshd, 'ssh_host_ed25519_key'),
		authorizedKeys: join(sshd, 'authorized_keys'),
		dbPassword: join(dir, 'db-password'),
		opsToken: join(dir, 'ops-token'),
		// The fleet's stand-in hosts (the VM's own filesystem is under vm/, see vm/vm-layout.ts).
		root: join(dir, 'root'),
		config: join(dir, 'pg-ops.yaml'),
	};
}

/** A short stable id for the dir: names the lab's system user and sudoers file, so parallel labs never collide. */
export function labId(dir: string): string {
	return createHash('sha256').update(dir).digest('hex').slice(0, 8);
}

// sshd_config, sudoers and the generated shell lines take these paths unquoted.
const safePath = /^\/[A-Za-z0-9._/-]+$/;

export function assertSafeLabDir(dir: string): void {
	if (!safePath.test(dir)) {
		throw new Error(
			`the lab dir must be an absolute path of letters, digits, ".", "_", "-" and "/" (sshd_config and sudoers take it unquoted): ${dir}`,
		);
	}
}
