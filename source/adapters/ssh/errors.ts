// Errors of the SSH transport that the UI and CLI treat specially: each says what happened and what to do.
export class HostKeyError extends Error {
	/** "jump host" when the refused key was the jump host's: the operator must know which machine to check. */
	role: 'host' | 'jump host' = 'host';
	constructor(
		readonly kind: 'unknown' | 'changed' | 'revoked',
		readonly host: string,
		readonly port: number,
		readonly fingerprint: string,
		readonly keyType: string,
		readonly knownHostsLine: string,
		message: string,
	) {
		super(message);
		this.name = 'HostKeyError';
	}
}

export class SudoPasswordError extends Error {
	constructor(
		readonly host: string,
		readonly command: string,
	) {
		super(
			`sudo on ${host} wants a password for: ${command}. pg-ops runs privileged commands with sudo -n and never types passwords; allow this command without one for the SSH user (a NOPASSWD line in /etc/sudoers.d/), or use a user that may run it`,
		);
		this.name = 'SudoPasswordError';
	}
}

export class SshConnectError extends Error {
	constructor(
		readonly target: string,
		message: string,
	) {
		super(`${target}: ${message}`);
		this.name = 'SshConnectError';
	}
}
