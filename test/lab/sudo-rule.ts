// /etc/sudoers.d/pgops-lab-<id>, on the machine itself for the fleet's stand-in hosts: the lab user may
// run the fleet's sudo dispatchers (fleet/fleet-hosts.ts) as root without a password, and nothing else,
// so both `sudo -n systemctl ...` and a refused sudo are testable. (The lab VM has its own sudo rule.)
import {existsSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {labId} from './lab-paths.js';
import {runChecked} from './run-command.js';

const sudoersDir = '/etc/sudoers.d';

export function sudoersFileFor(dir: string): string {
	return join(sudoersDir, `pgops-lab-${labId(dir)}`);
}

/** Writes the rule after `visudo -cf` accepted it; sudo ignores the temp file meanwhile (its name has a dot). */
export async function installSudoRule(file: string, user: string, fleetSudoBin: string): Promise<void> {
	assertSudoersDirIncluded();
	const temporary = join(sudoersDir, `.${file.split('/').pop()}.${process.pid}.tmp`);
	writeFileSync(temporary, fleetSudoRule(user, fleetSudoBin), {mode: 0o440});
	try {
		await runChecked('visudo', ['-c', '-q', '-f', temporary]);
		renameSync(temporary, file);
	} finally {
		rmSync(temporary, {force: true});
	}
}

export function removeSudoRule(file: string): boolean {
	if (!existsSync(file)) return false;
	rmSync(file, {force: true});
	return true;
}

// sudo's one secure_path must serve every host the lab user logs in to: the fleet's dispatchers come
// first and pick the host from PGOPS_FLEET_HOST (kept through sudo), running that host's stand-in as the lab user.
function fleetSudoRule(user: string, fleetSudoBin: string): string {
	const tools = ['systemctl', 'journalctl'].map(tool => join(fleetSudoBin, tool));
	return [
		`# pg-ops lab (fleet ${fleetSudoBin}): written by startLab, removed by stopLab.`,
		`Defaults:${user} secure_path="${fleetSudoBin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"`,
		`Defaults:${user} env_keep += "PGOPS_FLEET_HOST"`,
		`Defaults:${user} !lecture`,
		`${user} ALL=(root) NOPASSWD: ${tools.join(', ')}`,
		'',
	].join('\n');
}

// A sudoers without @includedir would silently ignore the rule.
function assertSudoersDirIncluded(): void {
	const main = existsSync('/etc/sudoers') ? readFileSync('/etc/sudoers', 'utf8') : '';
	if (!/^[@#]includedir\s+\/etc\/sudoers\.d\s*$/m.test(main))
		throw new Error(`/etc/sudoers does not include ${sudoersDir}: add the line "@includedir ${sudoersDir}"`);
}
