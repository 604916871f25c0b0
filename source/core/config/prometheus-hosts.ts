// Fleets past one SSH fan-out (DESIGN 15): the Prometheus that scrapes the hosts' node_exporter (or
// systemd_exporter), from which the services and disk panes and each host's liveness can be read in
// a few PromQL queries whatever the fleet's size. SSH stays for details, logs and every action.
// Pure: zod only.
import {z} from 'zod';
import {duration} from './fields.js';
import {serviceSchema} from '../services/managers.js';

/** A Prometheus server's base URL; secrets never go in pg-ops.yaml, so user:password@ is refused. */
export const prometheusUrl = z
	.url({protocol: /^https?$/})
	.refine(
		url => !/^[a-z]+:\/\/[^/?#]*@/i.test(url),
		'a URL without user or password (secrets never go in pg-ops.yaml: reach a server that needs them through via: ssh or a local proxy)',
	);

const labelName = z
	.string()
	.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a Prometheus label name such as instance or host');

/** Where a pane's per-host state is read: each host over SSH (as ever), or the fleet's Prometheus. */
export const hostSources = ['ssh', 'prometheus'] as const;
export type HostSource = (typeof hostSources)[number];

/** The exporters whose unit metrics pg-ops reads: node_exporter's systemd collector or systemd_exporter. */
export const unitExporters = ['node_exporter', 'systemd_exporter'] as const;
export type UnitExporter = (typeof unitExporters)[number];

export const prometheusHostsSchema = z.strictObject({
	url: prometheusUrl,
	// "ssh": the URL is as the (first) host sees it, reached through its SSH connection.
	via: z.enum(['direct', 'ssh']).default('direct'),
	timeoutSeconds: z.number().positive().max(120).default(5),
	// The scrape job of the hosts' node_exporter: its series are read, and up{job=...} == 0 is a host down.
	job: z.string().min(1),
	// The label that names the host; its value is the host's name in `hosts`, with or without a :port.
	hostLabel: labelName.default('instance'),
	// How often Prometheus scrapes the job: a sample older than two of these and a bit is stale.
	scrapeInterval: duration.default('1m'),
	// node_exporter's systemd collector (node_systemd_*) or systemd_exporter (systemd_*).
	unitExporter: z.enum(unitExporters).default('node_exporter'),
	// systemd_exporter's job, when it is not `job` (its own target beside node_exporter).
	unitJob: z.string().min(1).optional(),
	// Hosts Prometheus does not know, reports down, or cannot answer for: read over SSH, or shown as such.
	fallback: z.enum(['none', 'ssh']).default('none'),
});
export type PrometheusHostsConfig = z.infer<typeof prometheusHostsSchema>;

const serviceList = z.array(serviceSchema);

/**
 * `services:` as a list (read over SSH, as ever) or `{source, list}`. A list's errors are reported
 * at the list's own lines: the parser reports the branch whose type matches (core/config/parse.ts).
 */
export const servicesSection = z.union([
	serviceList,
	z.strictObject({source: z.enum(hostSources).default('ssh'), list: serviceList}),
]);
export type ServicesSection = z.infer<typeof servicesSection>;

/** The services of either form, and where they are read. */
export function servicesOf(section: ServicesSection): {
	list: z.infer<typeof serviceList>;
	source: HostSource;
} {
	return Array.isArray(section) ? {list: section, source: 'ssh'} : section;
}

type Issue = {path: Array<string | number>; message: string};

/**
 * What a Prometheus source needs from the rest of the environment, as problems at their fields:
 * a prometheus section, systemd units (node_exporter knows no compose service), no directory sizes
 * (du runs on the host), hosts with names, and a section that something reads.
 */
export function prometheusSourceProblems(env: {
	transport: string;
	prometheus?: PrometheusHostsConfig;
	services: ServicesSection;
	disk?: {source?: HostSource; largestUnder: string[]};
}): Issue[] {
	const issues: Issue[] = [];
	const services = servicesOf(env.services);
	const servicesPath = Array.isArray(env.services) ? ['services'] : ['services', 'list'];
	const readers: Array<Array<string | number>> = [];
	if (services.source === 'prometheus') readers.push(['services', 'source']);
	if (env.disk?.source === 'prometheus') readers.push(['disk', 'source']);
	if (!env.prometheus)
		for (const path of readers)
			issues.push({
				path,
				message:
					'a prometheus section (the server that scrapes the hosts: url, job, hostLabel; docs/CONFIG.md)',
			});
	if (env.prometheus && readers.length === 0)
		issues.push({
			path: ['prometheus'],
			message: 'services.source or disk.source set to prometheus (nothing reads this section)',
		});
	if (env.prometheus && env.transport !== 'ssh')
		issues.push({
			path: ['prometheus'],
			message: 'transport ssh (Prometheus names hosts; a local environment has none)',
		});
	if (services.source === 'prometheus')
		services.list.forEach((service, i) => {
			if (service.manager !== 'systemd')
				issues.push({
					path: [...servicesPath, i, 'manager'],
					message: `systemd with services.source prometheus (the exporters read systemd units; ${service.name} is ${service.manager}: read it over SSH in another environment)`,
				});
		});
	if (env.disk?.source === 'prometheus' && env.disk.largestUnder.length > 0)
		issues.push({
			path: ['disk', 'largestUnder'],
			message:
				'no largestUnder with disk.source prometheus (directory sizes need du on each host; node_exporter has filesystems only)',
		});
	return issues;
}
