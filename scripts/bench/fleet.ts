// The fleet benchmark against the lab's simulated fleet (docs/LAB.md): one full refresh of 1, 10, 50
// and 100 hosts as a ratio to the 1-host time; the same per-host information gathered by a sequential
// loop of `ssh` commands for 10 hosts (the by-hand way); the console's peak memory and idle CPU at
// 100 hosts. Every figure is a ratio against a baseline measured in the same run.
import {spawnSync} from 'node:child_process';
import os from 'node:os';
import {readFileSync} from 'node:fs';
import {slowFleetHost, type LabInfo} from '../../test/lab/index.js';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {runRefresh} from '../../source/engine/refresh.js';
import type {FleetState} from '../../source/core/fleet/types.js';
import {measureIdleConsole} from './idle.js';
import {median, repeat, row, time} from './measure.js';

export const fleetSizes = [1, 10, 50, 100, 1000] as const;

export type RefreshFigures = {cold: number; warm: number; ownCpuMs: number; machineCpuMs: number};
export type FleetFigures = {
	refresh: Record<number, RefreshFigures>;
	slowHosts: Record<number, number>;
	loop10: number;
	idle?: {cpuPercent: number; rssMb: number; peakRssMb: number};
};

/** The 2nd scenario's answer time per host: a host across a network running a real systemctl takes this long or more. */
const hostAnswerSeconds = 0.2;

export async function benchFleet(
	lab: LabInfo,
	options: {runs: number; idleSeconds: number; alongside?: string},
): Promise<FleetFigures> {
	const fleet = lab.fleet;
	if (!fleet) throw new Error('the lab was started without a fleet');
	const base = pickEnvironment(loadConfigFile(lab.config), fleet.environment, lab.config);
	const sizes = fleetSizes.filter(size => size <= fleet.hosts.length);
	console.log(
		`\nfleet: ${fleet.hosts.length} simulated hosts (loopback ports of ${fleet.sshdPids.length} sshd processes on this machine; docs/LAB.md)`,
	);
	console.log(
		`full refresh of every pane (median of ${options.runs}; cold = new connections, warm = the console's steady state)`,
	);
	if (options.alongside) console.log(`alongside: ${options.alongside}; ${loadNow()}`);

	await untilEveryPaneAnswers(withHosts(base, 1));
	const refresh: FleetFigures['refresh'] = {};
	for (const size of sizes) refresh[size] = await refreshTimes(withHosts(base, size), options.runs);
	const one = refresh[1]!;
	for (const size of sizes) {
		const {cold, warm} = refresh[size]!;
		row(
			`${String(size).padStart(3)} host${size === 1 ? ' ' : 's'} warm`,
			warm,
			size === 1 ? 'baseline' : `${(warm / one.warm).toFixed(2)}x the 1-host time (goal < 3x)`,
		);
		row(
			`${String(size).padStart(3)} host${size === 1 ? ' ' : 's'} cold`,
			cold,
			size === 1 ? 'baseline' : `${(cold / one.cold).toFixed(2)}x the 1-host time`,
		);
	}
	// Where a warm refresh's CPU goes: pg-ops' own process, and everything else on this machine (the simulated hosts' sshd and shells).
	console.log(
		`\nCPU per warm refresh (this machine has ${os.cpus().length} cores; the simulated hosts share them with pg-ops):`,
	);
	for (const size of sizes) {
		const {ownCpuMs, machineCpuMs} = refresh[size]!;
		console.log(
			`  ${String(size).padStart(3)} host${size === 1 ? ' ' : 's'}: pg-ops ${ownCpuMs.toFixed(0).padStart(4)} ms (${(ownCpuMs / size).toFixed(2)} ms per host), simulated hosts ${Math.max(
				0,
				machineCpuMs - ownCpuMs,
			)
				.toFixed(0)
				.padStart(4)} ms (${(Math.max(0, machineCpuMs - ownCpuMs) / size).toFixed(2)} ms per host)`,
		);
	}

	// As on a real fleet, where each host does its own work on its own CPU and answers after a network
	// round trip and a real systemctl: every simulated host waits before answering (sleeping, no CPU).
	console.log(
		`\nthe same with every host taking ${hostAnswerSeconds * 1000} ms to answer (sleeping before systemctl: a host across a network, its own CPU):`,
	);
	const slowHosts: FleetFigures['slowHosts'] = {};
	for (const host of fleet.hosts) slowFleetHost(lab, host.name, hostAnswerSeconds);
	try {
		for (const size of sizes)
			slowHosts[size] = (await refreshTimes(withHosts(base, size), Math.min(options.runs, 3))).warm;
	} catch (error) {
		// One scenario that could not complete (a busy machine) says so; the others are still measured.
		console.log(`  not measured: ${(error as Error).message}`);
	} finally {
		for (const host of fleet.hosts) slowFleetHost(lab, host.name, 0);
	}
	for (const size of sizes.filter(size => slowHosts[size] !== undefined && slowHosts[1] !== undefined))
		row(
			`${String(size).padStart(3)} host${size === 1 ? ' ' : 's'} warm, ${hostAnswerSeconds * 1000} ms per host`,
			slowHosts[size]!,
			size === 1
				? 'baseline'
				: `${(slowHosts[size]! / slowHosts[1]!).toFixed(2)}x the 1-host time (goal < 3x)`,
		);

	// By hand: per host, one ssh for the services' state and one for the disk, host after host.
	const ten = fleet.hosts.slice(0, 10).map(h => h.name);
	const loop10 = median(
		await repeat(Math.min(options.runs, 3), async () =>
			time(async () => {
				for (const host of ten) {
					ssh(
						fleet.sshConfig,
						host,
						'systemctl show --property=Id,ActiveState,SubState,ActiveEnterTimestamp --no-pager app-api.service app-worker.service',
					);
					ssh(fleet.sshConfig, host, 'df -P -k /');
				}
			}),
		),
	);
	if (refresh[10]) {
		row('10 hosts by hand (sequential ssh per command)', loop10, 'baseline');
		row(
			'10 hosts pg-ops warm',
			refresh[10].warm,
			`${(loop10 / refresh[10].warm).toFixed(1)}x faster (goal >= 20x)`,
		);
		row('10 hosts pg-ops cold', refresh[10].cold, `${(loop10 / refresh[10].cold).toFixed(1)}x faster`);
	}

	let idle: FleetFigures['idle'];
	if (options.idleSeconds > 0 && fleet.hosts.length >= 100) {
		console.log(
			`\nidle console on the ${fleet.hosts.length}-host fleet (built CLI in tmux, refresh every ${base.refreshSeconds} s, ${options.idleSeconds} s after the first frame):`,
		);
		idle = await measureIdleConsole(lab.config, options.idleSeconds, {
			env: fleet.environment,
			ready: /\d+ hosts?:/,
		});
		console.log(
			`  CPU ${idle.cpuPercent.toFixed(2)}% of a core (goal < 5%), resident memory ${idle.rssMb.toFixed(0)} MB, peak ${idle.peakRssMb.toFixed(0)} MB (goal < 250 MB)`,
		);
	}
	return {refresh, slowHosts, loop10, idle};
}

/** Prometheus has a rate only after its second scrape of the demo: measuring before that would time an error. */
async function untilEveryPaneAnswers(env: NamedEnvironment): Promise<void> {
	const runtime = createRuntime(env);
	const deadline = Date.now() + 60_000;
	try {
		for (;;) {
			try {
				return await fullRefresh(runtime, env);
			} catch (error) {
				if (Date.now() > deadline) throw error;
				await new Promise(resolve => setTimeout(resolve, 1000));
			}
		}
	} finally {
		await runtime.close();
	}
}

function withHosts(env: NamedEnvironment, size: number): NamedEnvironment {
	return {...env, hosts: [size === 1 ? 'app-001' : `app-[001-${String(size).padStart(3, '0')}]`]};
}

/**
 * Cold: a new runtime's first refresh (handshakes, tunnels). Warm: later refreshes over the same
 * connections, with their CPU. allowUnanswered: hosts that may not answer a refresh (Prometheus'
 * label-only hosts have no sshd to fall back to when a scrape of theirs failed).
 */
export async function refreshTimes(
	env: NamedEnvironment,
	runs: number,
	allowUnanswered = 0,
): Promise<RefreshFigures> {
	const colds: number[] = [];
	let warm = 0;
	let ownCpuMs = 0;
	let machineCpuMs = 0;
	for (let run = 0; run < Math.max(1, Math.ceil(runs / 2)); run++) {
		const runtime = createRuntime(env);
		try {
			colds.push(await time(() => fullRefresh(runtime, env, allowUnanswered)));
			if (run > 0) continue;
			const own = process.cpuUsage();
			const machine = machineCpuTicks();
			warm = median(await repeat(runs, async () => time(() => fullRefresh(runtime, env, allowUnanswered))));
			const used = process.cpuUsage(own);
			ownCpuMs = (used.user + used.system) / 1000 / runs;
			machineCpuMs = ((machineCpuTicks() - machine) * 1000) / ticksPerSecond / runs;
		} finally {
			await runtime.close();
		}
	}
	return {cold: median(colds), warm, ownCpuMs, machineCpuMs};
}

const ticksPerSecond = Number(spawnSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).stdout.trim()) || 100;

/** CPU time every process on the machine has used (user, nice, system, irq, softirq), from /proc/stat. */
function machineCpuTicks(): number {
	const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
	const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0] = fields;
	return user + nice + system + irq + softirq;
}

/** One refresh that must have reached every host: a host that did not answer would make the figure a lie. */
async function fullRefresh(
	runtime: ReturnType<typeof createRuntime>,
	env: NamedEnvironment,
	allowUnanswered = 0,
): Promise<void> {
	let fleet: FleetState | undefined;
	const errors: string[] = [];
	await runRefresh(runtime, {
		onPane: report => {
			if (report.status === 'error') errors.push(`${report.pane}: ${report.error}`);
		},
		onFleet: state => {
			fleet = state;
		},
	});
	if (errors.length > 0) throw new Error(`refresh of ${env.name} failed: ${errors.join('; ')}`);
	if (fleet && fleet.summary.answered < fleet.summary.hosts - allowUnanswered)
		throw new Error(
			`only ${fleet.summary.answered} of ${fleet.summary.hosts} hosts answered: ${fleet.hosts
				.filter(h => h.error)
				.slice(0, 3)
				.map(h => `${h.name}: ${h.error}`)
				.join('; ')}`,
		);
}

function ssh(sshConfig: string, host: string, command: string): string {
	const result = spawnSync('ssh', ['-F', sshConfig, '-o', 'BatchMode=yes', host, command], {
		encoding: 'utf8',
	});
	if (result.status === 255) throw new Error(`ssh ${host} failed: ${result.stderr}`);
	return result.stdout;
}

/** The machine's load average now, as the bench prints it beside a section's figures. */
export function loadNow(): string {
	return `load average ${os
		.loadavg()
		.map(load => load.toFixed(1))
		.join(' ')}`;
}
