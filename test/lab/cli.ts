// `npm run lab -- start|stop --dir DIR`: the SSH lab for people, printing where each part is and how to use it.
import {resolve} from 'node:path';
import {type LabInfo, ensureLabPrerequisites, startLab, stopLab} from './index.js';
import {sudoersFileFor} from './sudo-rule.js';

const usage = 'usage: npm run lab -- start --dir DIR | stop --dir DIR | prerequisites';

export async function main(argv: string[]): Promise<number> {
	const [command] = argv;
	// CI installs what the lab needs once, before the tests, instead of from parallel test workers.
	if (command === 'prerequisites') {
		await ensureLabPrerequisites();
		process.stdout.write('the lab has what it needs: sshd, ssh, PostgreSQL, sudo, user tools\n');
		return 0;
	}
	const dirIndex = argv.indexOf('--dir');
	const dir = dirIndex >= 0 ? argv[dirIndex + 1] : undefined;
	if (!dir || (command !== 'start' && command !== 'stop')) {
		process.stderr.write(`${usage}\n`);
		return 2;
	}
	const labDir = resolve(dir);
	if (command === 'stop') {
		const {wasRunning} = await stopLab({dir: labDir});
		process.stdout.write(wasRunning ? `stopped the pg-ops lab in ${labDir}\n` : `no pg-ops lab was running in ${labDir} (cleaned up anyway)\n`);
		return 0;
	}
	await ensureLabPrerequisites();
	const began = Date.now();
	const info = await startLab({dir: labDir});
	process.stdout.write(describe(info, Date.now() - began));
	return 0;
}

function describe(info: LabInfo, ms: number): string {
	const {ssh, database} = info;
	const sshCommand = `ssh -F /dev/null -i ${ssh.identityFile} -o UserKnownHostsFile=${ssh.knownHostsFile} -o StrictHostKeyChecking=yes -p ${ssh.port} ${ssh.user}@127.0.0.1`;
	return [
		`pg-ops lab running in ${info.dir} (started in ${(ms / 1000).toFixed(1)} s)`,
		`  ssh       ${sshCommand}`,
		`            host key ${ssh.hostKeyFingerprint} (sshd pid ${info.pids.sshd}, log ${info.dir}/sshd.log)`,
		`  sudo      ${sudoersFileFor(info.dir)}: ${ssh.user} may run the stand-in systemctl/journalctl as root, nothing else`,
		`  http      ${info.http.baseUrl} as the VM sees it (app-web; reach it through ssh), verify at ${info.http.verifyPath}`,
		`  postgres  postgres://${database.user}@127.0.0.1:${database.port}/${database.name}, password in ${database.passwordFile} (pid ${info.pids.postgres}, log ${info.dir}/postgres.log)`,
		`  vm        ${info.root}: releases, current, backups, logs; env file ${info.envFile}; units as ${ssh.user} (try: systemctl status app-web over ssh)`,
		`  pg-ops    pg-ops --config ${info.config} --env lab`,
		`  stop      npm run lab -- stop --dir ${info.dir}`,
		'',
	].join('\n');
}
