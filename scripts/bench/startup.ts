// What a command costs as a whole process, against what the machine itself costs measured in the
// same run: `pg-ops --version` and `--help` against `node -e 0` (goal: at most 1.5x), and a whole
// `pg-ops status --json` over SSH against one bare `ssh host true` to the same host (goal: 1.3x).
import path from 'node:path';
import type {LabInfo} from '../../test/lab/index.js';
import {pairedProcesses, row} from './measure.js';

const cli = path.resolve('dist/cli.js');

export function benchStartup(runs: number, lab?: LabInfo): void {
	console.log(
		`\nstart-up: whole processes, the two in turn, median of ${runs} pairs (ratio: median of the pairs')`,
	);
	const node = [process.execPath, '-e', '0'];
	const version = pairedProcesses(runs, [process.execPath, cli, '--version'], node);
	const help = pairedProcesses(runs, [process.execPath, cli, '--help'], node);
	row('node -e 0', (version.b + help.b) / 2, 'baseline');
	row('pg-ops --version', version.a, `${version.ratio.toFixed(2)}x node -e 0 (goal <= 1.5x)`);
	row('pg-ops --help', help.a, `${help.ratio.toFixed(2)}x node -e 0 (goal <= 1.5x)`);
	if (!lab) return;
	const status = pairedProcesses(
		runs,
		[process.execPath, cli, 'status', '--config', lab.config, '--env', 'lab', '--json'],
		['ssh', ...sshArguments(lab), 'true'],
	);
	// What any Node program pays before its first line, against the same ssh: the floor under the ratio above.
	const floor = pairedProcesses(runs, node, ['ssh', ...sshArguments(lab), 'true']);
	row('bare `ssh host true`', status.b, 'baseline');
	row(
		'pg-ops status --json over SSH, whole process',
		status.a,
		`${status.ratio.toFixed(2)}x a bare ssh (goal <= 1.3x)`,
	);
	row('node -e 0 (Node alone, no work)', floor.a, `${floor.ratio.toFixed(2)}x a bare ssh`);
}

/** OpenSSH's client to the lab's VM, as an operator would call it (no config file, the lab's key and known_hosts). */
export function sshArguments(lab: LabInfo): string[] {
	return [
		'-F',
		'/dev/null',
		'-i',
		lab.ssh.identityFile,
		'-o',
		`UserKnownHostsFile=${lab.ssh.knownHostsFile}`,
		'-o',
		'StrictHostKeyChecking=yes',
		'-o',
		'BatchMode=yes',
		'-p',
		String(lab.ssh.port),
		`${lab.ssh.user}@127.0.0.1`,
	];
}
