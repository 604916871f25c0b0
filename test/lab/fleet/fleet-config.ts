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
		services: [
			{name: 'api', manager: 'systemd', unit: 'app-api.service', health: '/healthz'},
			{name: 'worker', manager: 'systemd', unit: 'app-worker.service'},
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
