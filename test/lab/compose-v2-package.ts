// Docker Compose v2 for the lab's compose environment. Debian 12 ships only Compose 1.29 (python,
// `docker-compose`, no `docker compose`, no `ps --format json`); Debian 13's docker-compose package
// (2.26, Go, depending only on libc6 >= 2.34) installs on Debian 12 as it is. It is fetched from the
// machine's own Debian mirror through a throwaway apt configuration, so the machine's sources stay as they are.
import {mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {runChecked, runCommand} from './run-command.js';
import {debianMirror} from './vm/base-root.js';

export const composePlugin = '/usr/libexec/docker/cli-plugins/docker-compose';

export function composeV2Present(): boolean {
	try {
		// Plugins are found by the CLI in this directory; v2 answers `version --short` with 2.x.
		return readdirSync('/usr/libexec/docker/cli-plugins').includes('docker-compose');
	} catch {
		return false;
	}
}

export async function installComposeV2(mirror = debianMirror()): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'pg-ops-compose-v2-'));
	try {
		mkdirSync(join(dir, 'lists', 'partial'), {recursive: true});
		mkdirSync(join(dir, 'cache', 'archives', 'partial'), {recursive: true});
		writeFileSync(
			join(dir, 'sources.list'),
			`deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror} trixie main\n`,
		);
		const apt = [
			'-o',
			`Dir::Etc::SourceList=${join(dir, 'sources.list')}`,
			'-o',
			'Dir::Etc::SourceParts=/dev/null',
			'-o',
			`Dir::State::Lists=${join(dir, 'lists')}`,
			'-o',
			`Dir::Cache=${join(dir, 'cache')}`,
			// apt's sandbox user cannot write into a root-owned temp dir.
			'-o',
			'APT::Sandbox::User=root',
		];
		await runChecked('apt-get', [...apt, 'update', '-q'], {timeoutMs: 300_000});
		await runChecked('apt-get', [...apt, 'download', 'docker-compose'], {cwd: dir, timeoutMs: 300_000});
		const deb = readdirSync(dir).find(name => /^docker-compose_2\..*\.deb$/.test(name));
		if (!deb) throw new Error("Debian 13's docker-compose package is not version 2; Compose v2 is needed");
		await runChecked('dpkg', ['-i', join(dir, deb)], {timeoutMs: 300_000});
		const version = await runCommand('docker', ['compose', 'version', '--short']);
		if (!/^v?2\./.test(version.stdout.trim()))
			throw new Error(
				`docker compose version says ${version.stdout.trim() || version.stderr.trim()}, not 2.x`,
			);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}
