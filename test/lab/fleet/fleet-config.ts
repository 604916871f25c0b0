// The environment `fleet` of the lab's pg-ops.yaml: the simulated hosts app-001 ... app-NNN through
// DIR/fleet/ssh_config, each with the units api and worker and its own disk; what only the lab's VM
// has (HTTP, jobs, database, ETL) reached through the first host, as the `lab` environment reaches it.
// No slots, backups or secrets: the fleet's hosts have no releases, dumps or env files of their own.
// The SLO from Prometheus (when the lab runs one) asks the demo's own PromQL (source/demo/prometheus-queries.ts).
import {demoPrometheusQueries} from '../../../source/demo/prometheus-queries.js';

export interface FleetConfigInput {
	size: number;
	/** How many real hosts (vm-1 ...) follow the stand-ins. */
	vms?: number;
	sshConfig: string;
	knownHostsFile: string;
	/** Prometheus' base URL when the lab runs one: the SLO pane reads it instead of app-web's summary. */
	prometheusUrl?: string;
	/** The hosts' stand-in exporter's scrape job: adds the environment `fleet-prometheus`. */
	exporter?: {
		job: string;
		scrapeSeconds: number;
		/** Hosts past the stand-ins, in Prometheus alone: adds the environment `fleet-prometheus-all`. */
		labelOnly: number;
		labelOnlyScrapeSeconds: number;
	};
}

export function fleetEnvironment(
	labEnvironment: Record<string, unknown>,
	{size, vms = 0, sshConfig, knownHostsFile, prometheusUrl}: FleetConfigInput,
): Record<string, unknown> {
	// A copy: sections shared with `lab` by reference would be written as YAML anchors and aliases.
	const lab = structuredClone(labEnvironment);
	const slo = lab.slo as Record<string, unknown> | undefined;
	const etl = lab.etl as Record<string, unknown> | undefined;
	const last = String(size).padStart(3, '0');
	return {
		description: `Simulated fleet of ${size} hosts (pg-ops lab: one machine's sshd on ${size} loopback ports, sh stand-ins per host; see docs/LAB.md)`,
		transport: 'ssh',
		hosts: [
			size === 1 ? 'app-001' : `app-[001-${last}]`,
			...(vms === 0 ? [] : [vms === 1 ? 'vm-1' : `vm-[1-${vms}]`]),
		],
		ssh: {configFile: sshConfig, knownHostsFile},
		refreshSeconds: 5,
		// Generous limits: pg-ops and the 100 stand-in hosts' batches share this machine's cores (a real
		// fleet's batches run on its own hosts). On 2 busy cores (load 20) the first host's handshake took
		// 10 s among the hundred, and api's /healthz through it 7 s more while the response waited for
		// pg-ops' turn on the CPU (app-web itself answered in ms): with 5 s the health URL and job
		// freshness failed although every host and the app answered.
		probeTimeoutSeconds: 30,
		http: {...(lab.http as Record<string, unknown>), timeoutSeconds: 30},
		// No hold after a restart (steadySeconds 0: the first passing check counts), where pg-ops' default
		// is 2 s: a stand-in unit cannot crash after it started (a broken start fails at once), and a
		// rolling restart over 100 hosts sharing this machine's 2 cores would pay the hold 100 times.
		// The hold itself is tested on real systemd (procedures-lab) and in test/unit/until-hold.test.ts.
		services: [
			{name: 'api', manager: 'systemd', unit: 'app-api.service', health: '/healthz', steadySeconds: 0},
			{name: 'worker', manager: 'systemd', unit: 'app-worker.service', steadySeconds: 0},
		],
		jobs: lab.jobs,
		disk: {mounts: ['/'], warnPercent: 80, critPercent: 90},
		database: lab.database,
		// The lab's orchestrator is no fleet service: a reset restarts nothing here.
		...(etl ? {etl: {...etl, restartAfterReset: []}} : {}),
		slo:
			prometheusUrl && slo
				? {
						...slo,
						source: {
							prometheus: {
								url: prometheusUrl,
								via: 'direct',
								window: '1m',
								// As generous as the environment's HTTP (above), for the same reason.
								timeoutSeconds: 30,
								queries: {...demoPrometheusQueries},
							},
						},
					}
				: slo,
	};
}

/**
 * The same fleet read past one SSH fan-out: services and disk from each host's stand-in exporter
 * through the lab's Prometheus (hosts labelled host=app-NNN), over SSH for hosts Prometheus does not
 * know, reports down or holds stale samples of; SSH for details, logs and every procedure.
 */
export function fleetPrometheusEnvironment(
	labEnvironment: Record<string, unknown>,
	input: FleetConfigInput,
): Record<string, unknown> {
	// No SLO: every host shares app-web's, whose error rate over a minute of the demo's traffic moves
	// around its 2% warning line, so each host's level would be a coin toss (the fleet environment has it).
	const {slo: _slo, ...fleet} = fleetEnvironment(labEnvironment, input);
	const exporter = input.exporter!;
	return {
		...fleet,
		description: `Simulated fleet of ${input.size} hosts read from Prometheus (stand-in node_exporter per host; SSH fallback; see docs/LAB.md)`,
		prometheus: {
			url: input.prometheusUrl,
			job: exporter.job,
			hostLabel: 'host',
			scrapeInterval: `${exporter.scrapeSeconds}s`,
			fallback: 'ssh',
			// Generous: the lab's Prometheus shares a busy test machine's two cores with 1,000 targets.
			timeoutSeconds: 30,
		},
		// The same for an SSH fallback: 64 handshakes at once on a loaded machine can take a while.
		probeTimeoutSeconds: 60,
		services: {source: 'prometheus', list: fleet.services},
		disk: {...(fleet.disk as Record<string, unknown>), source: 'prometheus'},
	};
}

/**
 * Every host the exporter serves, the stand-ins and the label-only hosts past them (up to app-1000),
 * from Prometheus alone: no fallback (the label-only hosts have no sshd). SSH still for the first
 * host's link to the app's HTTP service, details, logs and procedures on the stand-ins.
 */
export function fleetPrometheusAllEnvironment(
	labEnvironment: Record<string, unknown>,
	input: FleetConfigInput,
): Record<string, unknown> {
	const fleet = fleetPrometheusEnvironment(labEnvironment, input);
	const exporter = input.exporter!;
	const total = input.size + exporter.labelOnly;
	return {
		...fleet,
		description: `Simulated fleet of ${total} hosts read from Prometheus alone: ${input.size} SSH stand-ins, ${exporter.labelOnly} hosts in Prometheus only (see docs/LAB.md)`,
		hosts: [`app-[001-${String(total).padStart(3, '0')}]`],
		prometheus: {
			...(fleet.prometheus as Record<string, unknown>),
			scrapeInterval: `${Math.max(exporter.scrapeSeconds, exporter.labelOnlyScrapeSeconds)}s`,
			fallback: 'none',
		},
	};
}
