// /etc/sudoers.d/pgops-lab-<id>: the lab user may run the lab's service-manager stand-ins as root
// without a password, and nothing else, so both `sudo -n systemctl ...` and a refused sudo are testable.
import {existsSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {labId} from './lab-paths.js';
import {runChecked} from './run-command.js';

const sudoersDir = '/etc/sudoers.d';

export function sudoersFileFor(dir: string): string {
	return join(sudoersDir, `pgops-lab-${labId(dir)}`);
}

/** Writes the rule after `visudo -cf` accepted it; sudo ignores the temp file meanwhile (its name has a dot). */
export async function installSudoRule(
	file: string,
	user: string,
	binDir: string,
	fleetSudoBin?: string,
): Promise<void> {
	assertSudoersDirIncluded();
	const temporary = join(sudoersDir, `.${file.split('/').pop()}.${process.pid}.tmp`);
	writeFileSync(
		temporary,
		fleetSudoBin ? fleetSudoRule(user, binDir, fleetSudoBin) : sudoRule(user, binDir),
		{mode: 0o440},
	);
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

function sudoRule(user: string, binDir: string): string {
	const tools = ['systemctl', 'journalctl'].map(tool => join(binDir, tool));
	return [
		`# pg-ops lab (${binDir}): written by startLab, removed by stopLab.`,
		// sudo looks commands up in secure_path, not the caller's PATH: put the stand-ins first, where a VM has systemctl.
		`Defaults:${user} secure_path="${binDir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"`,
		`Defaults:${user} !lecture`,
		`${user} ALL=(root) NOPASSWD: ${tools.join(', ')}`,
		'',
	].join('\n');
}

// With a fleet, sudo's one secure_path must serve every host the lab user logs in to: the fleet's
// dispatchers come first and pick the host from PGOPS_FLEET_HOST (kept through sudo), running that
// host's stand-in as the lab user; without it they run the VM's stand-in as root, as the rule above does.
function fleetSudoRule(user: string, binDir: string, fleetSudoBin: string): string {
	const tools = [binDir, fleetSudoBin].flatMap(dir =>
		['systemctl', 'journalctl'].map(tool => join(dir, tool)),
	);
	return [
		`# pg-ops lab (${binDir}, fleet ${fleetSudoBin}): written by startLab, removed by stopLab.`,
		`Defaults:${user} secure_path="${fleetSudoBin}:${binDir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"`,
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
