// sshd_config files of the machine's own OpenSSH server (the fleet's stand-in hosts): written, checked
// with `sshd -t`, options this OpenSSH is too old to know dropped.
import {mkdirSync, writeFileSync} from 'node:fs';
import {runCommand} from './run-command.js';

export const sshdBinary = '/usr/sbin/sshd';

/** Any sshd_config of the lab (the VM's, the fleet's): written, checked with `sshd -t`, too-new options dropped; returns the lines kept. */
export async function writeCheckedSshdConfig(file: string, configLines: string[]): Promise<string[]> {
	ensurePrivilegeSeparationDir();
	let lines = configLines;
	for (;;) {
		writeFileSync(file, `${lines.join('\n')}\n`, {mode: 0o644});
		const check = await runCommand(sshdBinary, ['-t', '-f', file]);
		if (check.code === 0) return lines;
		const unknown = /Bad configuration option: (\w+)/i.exec(check.stderr)?.[1]?.toLowerCase();
		const optional = lines.find(
			line =>
				line.toLowerCase().startsWith(`${unknown} `) &&
				optionalOptions.some(option => line.startsWith(option)),
		);
		if (!optional) throw new Error(`sshd -t rejects ${file}:\n${check.stderr.trim()}`);
		lines = lines.filter(line => line !== optional);
	}
}

/** Root's sshd (even `sshd -t`) wants its privilege-separation chroot; systemd's tmpfiles would normally make it. */
export function ensurePrivilegeSeparationDir(): void {
	mkdirSync('/run/sshd', {recursive: true, mode: 0o755});
}

// OpenSSH 9.8+ penalises sources that fail or drop connections: tests that kill sessions from 127.0.0.1 on purpose would get locked out.
const optionalOptions = ['PerSourcePenalties'];
