// The SSH benchmark against the lab, printed as ratios against baselines measured in the same run:
//   1. a full dashboard (all five panes) over SSH vs the same information gathered by hand, the way
//      the runbooks do it: one `ssh` per command, curl on the host, psql through ssh;
//   2. one refresh on a warm connection vs a bare `ssh host true`;
//   3. the console's CPU and memory while idle at the default refresh (the built CLI in tmux).
//   4. fleets (fleet.ts): refresh of 1/10/50/100 hosts, the sequential ssh loop, idle cost at 100 hosts.
//   5. loading pg-ops.yaml of 5,000 to 40,000 environments (config.ts; no lab needed: --only config).
// Usage: npm run bench [-- --runs 5 --idle-seconds 60 --fleet 100 --only fleet|ssh|config]
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {ensureLabPrerequisites, startLab, stopLab, type LabInfo} from '../../test/lab/index.js';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import {collectStatus} from '../../source/engine/status-report.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {runRefresh} from '../../source/engine/refresh.js';
import {measureIdleConsole} from './idle.js';
import {median, repeat, row, time} from './measure.js';
import {benchFleet} from './fleet.js';
import {benchConfig} from './config.js';

export async function main(argv: string[]): Promise<number> {
	const {values} = parseArgs({
		args: argv,
		options: {
			runs: {type: 'string', default: '5'},
			'idle-seconds': {type: 'string', default: '60'},
			fleet: {type: 'string', default: '100'},
			only: {type: 'string'},
		},
	});
	const runs = Number(values.runs);
	const fleetSize = Number(values.fleet);
	const seconds = Number(values['idle-seconds']);
	if (values.only !== undefined && !['fleet', 'ssh', 'config'].includes(values.only))
		throw new Error(`--only takes ssh, fleet or config, not ${values.only}`);
	if (values.only === 'config') {
		await benchConfig(runs);
		return 0;
	}
	await ensureLabPrerequisites();
	const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-bench-'));
	const lab = await startLab({
		dir,
		fleet: values.only === 'ssh' ? undefined : fleetSize,
		prometheus: values.only !== 'ssh',
	});
	try {
		if (values.only !== 'fleet') await benchOneHost(lab, runs, seconds);
		if (values.only !== 'ssh') await benchFleet(lab, {runs, idleSeconds: seconds});
		if (values.only === undefined) await benchConfig(runs);
		return 0;
	} finally {
		await stopLab({dir});
		rmSync(dir, {recursive: true, force: true});
	}
}

async function benchOneHost(lab: LabInfo, runs: number, seconds: number): Promise<void> {
	{
		const env = pickEnvironment(loadConfigFile(lab.config), 'lab', lab.config);
		console.log(
			`pg-ops benchmark against the lab (${lab.ssh.user}@127.0.0.1:${lab.ssh.port}, PostgreSQL :${lab.database.port}); median of ${runs} runs\n`,
		);

		const byHand = median(await repeat(runs, async () => time(() => dashboardByHand(lab))));
		const cold = median(await repeat(runs, async () => time(async () => void (await collectStatus(env)))));
		row('full dashboard, by hand (ssh per command + curl + psql)', byHand, 'baseline');
		row('full dashboard, pg-ops cold (new connection)', cold, `${(byHand / cold).toFixed(1)}x faster`);

		const runtime = createRuntime(env);
		try {
			await runRefresh(runtime, {onPane() {}}); // connect and open the tunnels
			const warm = median(
				await repeat(Math.max(runs, 10), async () => time(() => runRefresh(runtime, {onPane() {}}))),
			);
			row('full dashboard, pg-ops warm (console refresh)', warm, `${(byHand / warm).toFixed(1)}x faster`);
			const bareSsh = median(await repeat(runs, async () => time(async () => void ssh(lab, 'true'))));
			row('bare `ssh host true`', bareSsh, 'baseline');
			row('one warm refresh', warm, `${(warm / bareSsh).toFixed(2)}x a bare ssh`);
		} finally {
			await runtime.close();
		}

		console.log(`\nidle console (built CLI in tmux, default refresh, ${seconds} s after the first frame):`);
		const idle = await measureIdleConsole(lab.config, seconds);
		console.log(
			`  CPU ${idle.cpuPercent.toFixed(2)}% of a core, resident memory ${idle.rssMb.toFixed(0)} MB (peak ${idle.peakRssMb.toFixed(0)} MB)`,
		);
	}
}

// What an on-call engineer types to see the same five panes: every command its own ssh.
async function dashboardByHand(lab: LabInfo): Promise<void> {
	const root = lab.root;
	const base = lab.http.baseUrl;
	const token = readFileSync(path.join(lab.dir, 'ops-token'), 'utf8').trim();
	const password = readFileSync(lab.database.passwordFile, 'utf8').trim();
	ssh(lab, 'systemctl status app-web app-orchestrator app-intake --no-pager');
	ssh(lab, `df -h ${root}`);
	ssh(lab, `du -sh ${root}/opt/app/logs/* | sort -rh | head -5`);
	ssh(lab, `readlink -f ${root}/opt/app/current`);
	ssh(lab, `cat ${root}/opt/app/current/.gitsha`);
	ssh(lab, `curl -s ${base}/healthz`);
	ssh(lab, `curl -s ${base}/ops/model-health`);
	ssh(lab, `curl -s ${base}/api/monitoring/slo`);
	ssh(lab, `curl -s -H 'x-ops-token: ${token}' ${base}/ops/verify`);
	ssh(
		lab,
		`PGPASSWORD='${password}' psql -h 127.0.0.1 -p ${lab.database.port} -U ${lab.database.user} -d ${lab.database.name} -c "SELECT id, status, created_at FROM jobs WHERE status = 'processing' AND created_at < now() - interval '1 hour'"`,
	);
}

function ssh(lab: LabInfo, command: string): string {
	const result = spawnSync(
		'ssh',
		[
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
			command,
		],
		{encoding: 'utf8'},
	);
	if (result.status === 255) throw new Error(`ssh failed: ${result.stderr}`);
	return result.stdout;
}
