// The SSH benchmark against the lab, printed as ratios against baselines measured in the same run:
//   1. a full dashboard (all five panes) over SSH vs the same information gathered by hand, the way
//      the runbooks do it: one `ssh` per command, curl on the host, psql through ssh;
//   2. one refresh on a warm connection vs a bare `ssh host true`;
//   3. the console's CPU and memory while idle at the default refresh (the built CLI in tmux).
//   4. fleets (fleet.ts): refresh of 1/10/50/100 (and 1,000 with --fleet 1000) hosts, the sequential ssh
//      loop, idle cost at 100 hosts; the same fleet from Prometheus (fleet-prometheus.ts): refresh of
//      1/10/100/1,000 hosts, CPU per refresh beside SSH's, idle cost at 1,000 hosts.
//   5. loading pg-ops.yaml of 5,000 to 40,000 environments (config.ts; no lab needed: --only config).
//   6. start-up (startup.ts): --version and --help vs `node -e 0`, a whole `status --json` process
//      over SSH vs a bare `ssh host true` (--only startup);
//   7. the demo (demo.ts): first frame, `demo start` and the supervisor's memory (--only demo);
//   8. the installed package's size (package.ts; --only package).
// Usage: npm run bench [-- --runs 5 --idle-seconds 60 --fleet 100 --only PART,PART... --lab DIR]
//   --only: some of ssh, fleet, config, startup, demo, package (all by default);
//   --lab DIR: use the lab running in DIR rather than starting one (a fleet only if it has one).
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {
	ensureLabPrerequisitesFor,
	pauseFleetExporterScrapes,
	readLabInfo,
	startLab,
	stopLab,
	type LabInfo,
} from '../../test/lab/index.js';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import {collectStatus} from '../../source/engine/status-report.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {runRefresh} from '../../source/engine/refresh.js';
import {measureIdleConsole} from './idle.js';
import {median, repeat, row, time} from './measure.js';
import {benchFleet, type FleetFigures} from './fleet.js';
import {benchFleetFromPrometheus} from './fleet-prometheus.js';
import {benchConfig} from './config.js';
import {benchStartup, sshArguments} from './startup.js';
import {benchDemo} from './demo.js';
import {benchPackage} from './package.js';

const parts = ['ssh', 'fleet', 'config', 'startup', 'demo', 'package'] as const;
type Part = (typeof parts)[number];

export async function main(argv: string[]): Promise<number> {
	const {values} = parseArgs({
		args: argv,
		options: {
			runs: {type: 'string', default: '5'},
			'idle-seconds': {type: 'string', default: '60'},
			fleet: {type: 'string', default: '100'},
			only: {type: 'string'},
			lab: {type: 'string'},
		},
	});
	const runs = Number(values.runs);
	const fleetSize = Number(values.fleet);
	const seconds = Number(values['idle-seconds']);
	const asked = values.only?.split(',') ?? [...parts];
	const unknown = asked.filter(part => !parts.includes(part as Part));
	if (unknown.length > 0)
		throw new Error(`--only takes some of ${parts.join(', ')} (comma-separated), not ${unknown.join(', ')}`);
	const wanted = (part: Part) => asked.includes(part);
	// Every figure below is a ratio against a baseline measured in the same run; the load says how
	// far the absolute times are from a quiet machine's.
	console.log(
		`pg-ops bench on ${os.cpus().length} cores, load average ${os
			.loadavg()
			.map(load => load.toFixed(1))
			.join(' ')} at the start; node ${process.version}`,
	);
	const needsLab = wanted('ssh') || wanted('fleet') || wanted('startup');
	const ownLab = needsLab && values.lab === undefined;
	if (ownLab) await ensureLabPrerequisitesFor({prometheus: wanted('fleet')});
	const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-bench-'));
	let lab: LabInfo | undefined;
	try {
		// --lab DIR: a lab already running (npm run lab -- start --dir DIR), as it is (a fleet only if it has one).
		if (values.lab !== undefined) {
			lab = readLabInfo(values.lab);
			if (!lab) throw new Error(`no lab running in ${values.lab} (npm run lab -- start --dir ${values.lab})`);
		} else if (needsLab)
			lab = await startLab({
				dir,
				fleet: wanted('fleet') ? fleetSize : undefined,
				prometheus: wanted('fleet'),
				// Past the SSH stand-ins, hosts in Prometheus alone up to 1,000 (docs/LAB.md).
				fleetInPrometheus: wanted('fleet') ? Math.max(fleetSize, 1000) : undefined,
			});
		if (wanted('startup')) benchStartup(runs, lab);
		if (wanted('ssh')) await benchOneHost(lab!, runs, seconds);
		if (wanted('fleet')) {
			if (lab!.fleet) {
				const overSsh = await benchFleetAlone(lab!, runs, seconds);
				if (lab!.fleet.exporterPid)
					await benchFleetFromPrometheus(lab!, {
						runs,
						idleSeconds: seconds,
						overSsh: overSsh.refresh,
						alongside: alongsidePrometheusFleet(lab!),
					});
				else console.log(`\nfleet from Prometheus: left out (the lab in ${lab!.dir} has no Prometheus)`);
			} else console.log(`\nfleet: left out (the lab in ${lab!.dir} has no fleet: --fleet N)`);
		}
		if (wanted('config')) await benchConfig(runs);
		if (wanted('demo')) await benchDemo(runs);
		if (wanted('package')) benchPackage();
		return 0;
	} finally {
		if (ownLab) await stopLab({dir});
		rmSync(dir, {recursive: true, force: true});
	}
}

/**
 * The SSH fan-out measured with the fleet's exporter targets out of Prometheus: 1,100 scrapes every
 * 10 s on the same 2 cores made 100 SSH hosts 15x slower than alone. Back before the Prometheus part.
 */
async function benchFleetAlone(lab: LabInfo, runs: number, seconds: number): Promise<FleetFigures> {
	const paused = lab.fleet?.exporterPid ? await pauseFleetExporterScrapes(lab) : undefined;
	try {
		const scrapes = lab.prometheus
			? `Prometheus scraping app-web every second and the VM's node_exporter${paused ? " (the fleet's exporter targets removed meanwhile)" : ''}`
			: 'no Prometheus';
		return await benchFleet(lab, {
			runs,
			idleSeconds: seconds,
			alongside: `the lab's VM (its units idle), ${scrapes}`,
		});
	} finally {
		paused?.resume();
	}
}

/** What else works on this machine while the fleet is read from Prometheus. */
function alongsidePrometheusFleet(lab: LabInfo): string {
	const fleet = lab.fleet!;
	const total = fleet.hosts.length + (fleet.labelOnlyHosts ?? 0);
	const every = lab.prometheus?.scrapeSeconds;
	return `the lab's VM (its units idle), the ${fleet.hosts.length} SSH stand-ins' sshd (idle), Prometheus scraping ${total} fleet targets of the one exporter process (stand-ins every ${every?.fleet ?? '?'} s, the rest every ${every?.labelOnly ?? every?.fleet ?? '?'} s), app-web every second and the VM's node_exporter`;
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
	const result = spawnSync('ssh', [...sshArguments(lab), command], {encoding: 'utf8'});
	if (result.status === 255) throw new Error(`ssh failed: ${result.stderr}`);
	return result.stdout;
}
