// The lab's key material: sshd's host key, the client key pair pg-ops logs in with, the user's
// authorized_keys, and DIR/known_hosts as pg-ops' knownHostsFile reads it. Generated per lab, never committed.
import {createHash} from 'node:crypto';
import {chmodSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import type {LabPaths} from './lab-paths.js';
import {runChecked} from './run-command.js';

export interface HostKey {
	/** "ssh-ed25519 AAAA..." without a comment, as known_hosts and ssh2's hostVerifier see it. */
	publicKey: string;
	/** "SHA256:..." as ssh-keygen -l and OpenSSH's prompts print it. */
	fingerprint: string;
}

export async function generateKeys(paths: LabPaths): Promise<HostKey> {
	await Promise.all([
		generateKey(paths.hostKey, 'pg-ops-lab-host'),
		generateKey(paths.clientKey, 'pg-ops-lab-client'),
	]);
	// sshd reads authorized_keys as the lab user (StrictModes no: only readability matters).
	writeFileSync(paths.authorizedKeys, readFileSync(`${paths.clientKey}.pub`, 'utf8'), {mode: 0o644});
	chmodSync(paths.authorizedKeys, 0o644);
	const [type, blob] = readFileSync(`${paths.hostKey}.pub`, 'utf8').trim().split(/\s+/);
	return {publicKey: `${type} ${blob}`, fingerprint: fingerprintOf(blob!)};
}

/** A host key of its own (the fleet's sshd processes have one each). */
export async function generateHostKey(file: string, comment: string): Promise<HostKey> {
	await generateKey(file, comment);
	const [type, blob] = readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/);
	return {publicKey: `${type} ${blob}`, fingerprint: fingerprintOf(blob!)};
}

/** The known_hosts line for a non-22 port: OpenSSH writes the host as [host]:port. */
export function writeKnownHosts(paths: LabPaths, port: number, hostKey: HostKey): void {
	writeFileSync(paths.knownHosts, `[127.0.0.1]:${port} ${hostKey.publicKey}\n`, {mode: 0o644});
}

export function fingerprintOf(base64Blob: string): string {
	return `SHA256:${createHash('sha256').update(Buffer.from(base64Blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

async function generateKey(file: string, comment: string): Promise<void> {
	rmSync(file, {force: true});
	rmSync(`${file}.pub`, {force: true});
	await runChecked('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}
