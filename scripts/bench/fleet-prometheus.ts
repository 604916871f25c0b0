// The fleet read from Prometheus instead of SSH (issue 17): one full refresh of 1, 10, 100 and 1,000
// hosts as a ratio to the 1-host time, pg-ops' CPU and the rest of the machine's per refresh, beside
// the SSH figures of the same sizes (measured by fleet.ts in the same run), and the idle console at
// the largest size. The lab's exporter serves up to 1,000 hosts (the SSH stand-ins, then hosts in
// Prometheus alone: docs/LAB.md); Prometheus scrapes every one as its own target. The three seeded
// hosts (app-019 not a target, app-033 stale, app-050 down) are read over SSH where they are stand-ins.
import type {LabInfo} from '../../test/lab/index.js';
import {loadConfigFile, pickEnvironment} from '../../source/adapters/config-file.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {collectStatus} from '../../source/engine/status-report.js';
import {measureIdleConsole} from './idle.js';
import {row} from './measure.js';
import {type RefreshFigures, loadNow, refreshTimes} from './fleet.js';

export const prometheusFleetSizes = [1, 10, 100, 1000] as const;

export async function benchFleetFromPrometheus(
	lab: LabInfo,
	options: {
		runs: number;
		idleSeconds: number;
		overSsh: Record<number, RefreshFigures>;
		/** What else runs on this machine meanwhile, as the output says it. */
		alongside?: string;
	},
): Promise<void> {
	const fleet = lab.fleet;
	if (!fleet?.exporterPid) throw new Error('the lab was started without a fleet and Prometheus');
	const total = fleet.hosts.length + (fleet.labelOnlyHosts ?? 0);
	const name = fleet.labelOnlyHosts ? 'fleet-prometheus-all' : 'fleet-prometheus';
	const configured = pickEnvironment(loadConfigFile(lab.config), name, lab.config);
	// Fallback over SSH when the seeded hosts Prometheus cannot serve are stand-ins (--fleet 50 or more), so
	// every host answers; with a smaller SSH fleet they have no sshd, and are counted as not answering.
	const seededOverSsh = fleet.hosts.length >= Math.max(...seededHosts);
	const base: NamedEnvironment = {
		...configured,
		prometheus: {...configured.prometheus!, fallback: seededOverSsh ? 'ssh' : 'none'},
	};
	const seededIn = (size: number) => (seededOverSsh ? 0 : seededHosts.filter(n => n <= size).length);
	const sizes = prometheusFleetSizes.filter(size => size <= total);
	console.log(
		`\nfleet from Prometheus: ${total} hosts, each a target of the lab's one exporter process (${fleet.hosts.length} SSH stand-ins, ${total - fleet.hosts.length} in Prometheus alone; docs/LAB.md)`,
	);
	await untilEveryHostScraped(withHosts(base, total), total);
	if (options.alongside) console.log(`alongside: ${options.alongside}; ${loadNow()}`);
	console.log(
		"  (the SSH figures beside these were measured before, without the fleet's scrapes: see the fleet section above)",
	);
	const figures: Record<number, RefreshFigures> = {};
	// A label-only host whose scrape missed its timeout has no sshd to fall back to: up to 1% may not answer.
	for (const size of sizes)
		figures[size] = await refreshTimes(
			withHosts(base, size),
			options.runs,
			Math.floor(size / 100) + seededIn(size),
		);
	const one = figures[1]!;
	for (const size of sizes) {
		const {warm} = figures[size]!;
		const ssh = options.overSsh[size];
		row(
			`${String(size).padStart(4)} host${size === 1 ? ' ' : 's'} warm, from Prometheus`,
			warm,
			size === 1 ? 'baseline' : `${(warm / one.warm).toFixed(2)}x the 1-host time (goal 1,000 <= 1.5x)`,
		);
		if (ssh)
			row(
				`${String(size).padStart(4)} host${size === 1 ? ' ' : 's'} warm, over SSH`,
				ssh.warm,
				`${(ssh.warm / warm).toFixed(1)}x the Prometheus time`,
			);
	}
	console.log(
		'\nCPU per warm refresh, from Prometheus vs over SSH (pg-ops itself; the rest of this machine):',
	);
	for (const size of sizes) {
		const prometheus = figures[size]!;
		const ssh = options.overSsh[size];
		console.log(
			`  ${String(size).padStart(4)} host${size === 1 ? ' ' : 's'}: Prometheus: pg-ops ${cpu(prometheus.ownCpuMs)}, rest ${cpu(rest(prometheus))}` +
				(ssh
					? `   SSH: pg-ops ${cpu(ssh.ownCpuMs)}, rest ${cpu(rest(ssh))} (${(rest(ssh) / size).toFixed(2)} ms per host)`
					: '   SSH: not measured (start with --fleet 1000)'),
		);
	}
	console.log(
		"  (rest: every other process, from /proc/stat: over SSH the hosts' sshd sessions and shells; from Prometheus its scrapes and the exporter, which run whether pg-ops reads or not)",
	);
	if (options.idleSeconds > 0) {
		console.log(
			`\nidle console on the ${total}-host fleet from Prometheus (built CLI in tmux, refresh every ${base.refreshSeconds} s, ${options.idleSeconds} s after the first frame):`,
		);
		const idle = await measureIdleConsole(lab.config, options.idleSeconds, {env: name, ready: /\d+ hosts?:/});
		console.log(
			`  CPU ${idle.cpuPercent.toFixed(2)}% of a core (goal < 2%), resident memory ${idle.rssMb.toFixed(0)} MB, peak ${idle.peakRssMb.toFixed(0)} MB (goal < 250 MB)`,
		);
	}
}

const rest = (figures: RefreshFigures) => Math.max(0, figures.machineCpuMs - figures.ownCpuMs);
const cpu = (ms: number) => `${ms.toFixed(0).padStart(4)} ms`;

function withHosts(env: NamedEnvironment, size: number): NamedEnvironment {
	return {...env, hosts: [size === 1 ? 'app-001' : `app-[001-${String(size).padStart(3, '0')}]`]};
}

/** The lab's seeded hosts Prometheus cannot serve (app-019 not a target, app-033 stale, app-050 down). */
const seededHosts = [19, 33, 50];

/** Prometheus scrapes a host first within its interval of finding it: until then the figure would time SSH fallbacks. */
async function untilEveryHostScraped(env: NamedEnvironment, total: number): Promise<void> {
	const deadline = Date.now() + 180_000;
	for (;;) {
		const sources = (await collectStatus(env)).report.fleet?.summary.sources;
		// The seeded hosts (not a target, stale, down) never come from Prometheus.
		const seeded = seededHosts.filter(n => n <= total).length;
		if ((sources?.prometheus ?? 0) >= total - seeded) return;
		if (Date.now() > deadline)
			throw new Error(`Prometheus had ${sources?.prometheus ?? 0} of ${total} hosts after 3 minutes`);
		await new Promise(resolve => setTimeout(resolve, 2000));
	}
}
