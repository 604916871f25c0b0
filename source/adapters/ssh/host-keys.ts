// Host key verification for ssh2, which accepts any key unless told otherwise: every key is checked
// against ~/.ssh/known_hosts (or UserKnownHostsFile), the system-wide files (GlobalKnownHostsFile,
// else /etc/ssh/ssh_known_hosts and ssh_known_hosts2) and pg-ops' own known-hosts file.
// Only pg-ops' own file is ever written, and only to trust an unknown host on an explicit choice.
import {appendFileSync, existsSync, mkdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {
	checkHostKey,
	hostKeyAlgorithmOrder,
	hostKeyFingerprint,
	keyTypeOf,
	knownHostsLine,
	knownKeyTypes,
	parseKnownHosts,
	type KnownHostsEntry,
} from '../../core/ssh/known-hosts.js';
import {HostKeyError} from './errors.js';

export type KnownHostsFiles = {read: string[]; own: string};

export function loadKnownHosts(files: string[]): KnownHostsEntry[] {
	const entries: KnownHostsEntry[] = [];
	for (const file of files) {
		if (!existsSync(file)) continue;
		try {
			entries.push(...parseKnownHosts(readFileSync(file, 'utf8'), file).entries);
		} catch {
			// an unreadable file trusts nothing; the verdict will say "unknown"
		}
	}
	return entries;
}

// The host key algorithms ssh2 speaks, strongest first.
const supportedHostKeyAlgorithms = [
	'ssh-ed25519',
	'ecdsa-sha2-nistp256',
	'ecdsa-sha2-nistp384',
	'ecdsa-sha2-nistp521',
	'rsa-sha2-512',
	'rsa-sha2-256',
	'ssh-rsa',
] as const;

/** The order to ask the server for host key types: a host known by its ECDSA key is asked for that key, not a new ed25519 one. */
export function hostKeyAlgorithmsFor(files: KnownHostsFiles, host: string, port: number): string[] {
	return hostKeyAlgorithmOrder(
		knownKeyTypes(loadKnownHosts([...files.read, files.own]), host, port),
		supportedHostKeyAlgorithms,
	);
}

/** Checks an offered key; returns undefined when trusted, or the error to refuse the connection with. */
export function verifyHostKey(
	files: KnownHostsFiles,
	host: string,
	port: number,
	key: Buffer,
	trustFingerprint?: string,
): HostKeyError | undefined {
	let keyType: string;
	try {
		keyType = keyTypeOf(key);
	} catch {
		return new HostKeyError(
			'changed',
			host,
			port,
			hostKeyFingerprint(key),
			'unreadable',
			'',
			`${host}:${port} offered a host key pg-ops cannot read; refusing to connect`,
		);
	}
	const offered = {keyType, key};
	const fingerprint = hostKeyFingerprint(key);
	const line = knownHostsLine(host, port, offered);
	const verdict = checkHostKey(loadKnownHosts([...files.read, files.own]), host, port, offered);
	const where = port === 22 ? host : `${host}:${port}`;
	switch (verdict.status) {
		case 'trusted':
			return undefined;
		case 'unknown':
			if (trustFingerprint && trustFingerprint === fingerprint) {
				trustHostKey(files.own, line);
				return undefined;
			}
			return new HostKeyError(
				'unknown',
				host,
				port,
				fingerprint,
				offered.keyType,
				line,
				`${where} is not a known host: its ${offered.keyType} key has fingerprint ${fingerprint}. Check it with the host's owner (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the host), then trust it from the console, or pass --trust-host-key ${fingerprint}`,
			);
		case 'changed':
			return new HostKeyError(
				'changed',
				host,
				port,
				fingerprint,
				offered.keyType,
				line,
				`HOST KEY CHANGED for ${where}: it offered ${offered.keyType} ${fingerprint}, which matches none of the keys known for it (${verdict.known.map(e => `${e.file}:${e.line}`).join(', ')}). Someone may be intercepting the connection, or the host was rebuilt. pg-ops refuses to connect and will not overwrite the entry: verify the new key out of band and edit the known-hosts file yourself`,
			);
		case 'revoked':
			return new HostKeyError(
				'revoked',
				host,
				port,
				fingerprint,
				offered.keyType,
				line,
				`${where} offered a REVOKED key (${offered.keyType} ${fingerprint}, @revoked at ${verdict.entry.file}:${verdict.entry.line}); pg-ops refuses to connect`,
			);
	}
}

/** Appends a host's key to pg-ops' own known-hosts file (never ~/.ssh/known_hosts). */
export function trustHostKey(ownFile: string, line: string): void {
	mkdirSync(path.dirname(ownFile), {recursive: true, mode: 0o700});
	appendFileSync(ownFile, `${line}\n`, {mode: 0o600});
}
