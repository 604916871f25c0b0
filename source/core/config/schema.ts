// The pg-ops configuration schema: the one place that says what a pg-ops.yaml may contain.
// Pure: no I/O. Parsing the YAML text and mapping errors to lines lives in ./parse.ts.
import {z} from 'zod';
import {environmentThemeSchema} from './theme.js';
import {duration, name, percent, secretSource, sqlIdentifier, urlPath} from './fields.js';
import {alertsSchema} from './alerts.js';
import {backupsSettings, secretSettings, slotsSettings} from './procedure-settings.js';
import {checkSchema} from '../checks/schema.js';
import {checksProblems} from '../checks/environment.js';
import {actionSchema} from '../actions/schema.js';
import {actionsProblems} from '../actions/environment.js';
import {managerOf} from '../services/managers.js';
import {hostPatternProblem} from '../fleet/host-patterns.js';
import {
	type HostSource,
	hostSources,
	prometheusHostsSchema,
	prometheusSourceProblems,
	prometheusUrl,
	servicesOf,
	servicesSection,
} from './prometheus-hosts.js';

const sshSettings = z.strictObject({
	user: z.string().optional(),
	port: z.number().int().min(1).max(65535).optional(),
	identityFile: z.string().optional(),
	knownHostsFile: z.string().optional(),
	jumpHost: z
		.string()
		.regex(/^(?:[^@\s,]+@)?(?:\[[^\]\s]+\]|[^:\s,@]+)(?::\d{1,5})?$/, 'one jump host as [user@]host[:port]')
		.optional(),
	readOnlyUser: z.string().optional(),
	// An ssh_config(5) file read instead of ~/.ssh/config (like `ssh -F`): aliases, ports, users, keys.
	configFile: z.string().min(1).optional(),
});

// One host of the environment: a name (an alias ~/.ssh/config knows, or a host name), a range such as
// app-[01-40], or an ssh_config pattern such as app-* (every concrete Host alias it matches), or the
// same as an object with this host's own user, port or key.
const hostName = z
	.string()
	.min(1)
	.refine(v => !/\s/.test(v), 'a host name without spaces')
	.superRefine((value, ctx) => {
		const problem = hostPatternProblem(value);
		if (problem) ctx.addIssue({code: 'custom', message: problem});
	});
const hostEntry = z.union([
	hostName,
	z.strictObject({
		host: hostName,
		user: z.string().min(1).optional(),
		port: z.number().int().min(1).max(65535).optional(),
		identityFile: z.string().min(1).optional(),
	}),
]);

// Fleets (DESIGN 11): how many hosts are asked at once, and when a connection nobody looks at is closed.
const fleet = z.strictObject({
	concurrency: z.number().int().min(1).max(1000).default(128),
	// Connections to hosts not shown (a host filter, a host's detail view) close after this long unused.
	idleCloseSeconds: z.number().min(5).max(3600).default(60),
});

const httpSettings = z.strictObject({
	baseUrl: z.url({protocol: /^https?$/}),
	// "ssh": the URL is as the host sees it and is reached through the SSH connection.
	via: z.enum(['direct', 'ssh']).default('direct'),
	token: z
		.strictObject({
			env: z
				.string()
				.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
				.optional(),
			command: z.string().min(1).optional(),
			header: z.string().default('x-ops-token'),
		})
		.refine(
			t => (t.env === undefined) !== (t.command === undefined),
			'either env (a local environment variable) or command (a local command that prints the token), not both',
		)
		.optional(),
	timeoutSeconds: z.number().positive().default(5),
});

const jobsSource = z.union([
	z.strictObject({http: urlPath}),
	z.strictObject({
		sql: z.strictObject({
			table: sqlIdentifier,
			nameColumn: sqlIdentifier.default('job_name'),
			finishedColumn: sqlIdentifier.default('finished_at'),
			statusColumn: sqlIdentifier.optional(),
			errorColumn: sqlIdentifier.optional(),
		}),
	}),
]);

const jobs = z.strictObject({
	source: jobsSource,
	staleAfterMinutes: z.record(z.string(), z.number().positive()).default({}),
	defaultStaleAfterMinutes: z.number().positive().optional(),
});

const disk = z.strictObject({
	// prometheus: node_exporter's filesystems, from the environment's prometheus section (no du there).
	source: z.enum(hostSources).optional(),
	mounts: z.array(z.string().startsWith('/', 'an absolute path')).min(1),
	largestUnder: z.array(z.string().startsWith('/', 'an absolute path')).default([]),
	top: z.number().int().min(1).max(50).default(5),
	warnPercent: percent.default(80),
	critPercent: percent.default(90),
});

const database = z.strictObject({
	host: z.string().default('127.0.0.1'),
	port: z.number().int().min(1).max(65535).default(5432),
	name: z.string(),
	user: z.string(),
	password: secretSource.optional(),
	readOnlyUser: z.string().optional(),
	// "ssh" (default for ssh environments): host/port are as the host sees them, reached through a tunnel.
	via: z.enum(['direct', 'ssh']).optional(),
});

const etl = z.strictObject({
	table: sqlIdentifier,
	idColumn: sqlIdentifier.default('id'),
	statusColumn: sqlIdentifier.default('status'),
	createdColumn: sqlIdentifier.default('created_at'),
	stuckStatus: z.string().default('processing'),
	stuckAfter: duration.default('1h'),
	resetAfter: duration.default('2h'),
	resetTo: z.string().default('failed'),
	restartAfterReset: z.array(name).default([]),
});

const higherIsBetter = z.strictObject({target: z.number(), warn: z.number(), crit: z.number()});
const lowerIsBetter = z.strictObject({target: z.number(), warn: z.number(), crit: z.number()});

// PromQL per gauge; `$window` in a query is replaced by the window (5m). A gauge without a query is not shown.
const prometheusSource = z.strictObject({
	// Secrets never go in this file: a user:password@ in the URL is refused (reach such a server via: ssh or a local proxy).
	url: prometheusUrl,
	// "ssh": the URL is as the (first) host sees it, reached through its SSH connection.
	via: z.enum(['direct', 'ssh']).default('direct'),
	window: duration.default('5m'),
	timeoutSeconds: z.number().positive().max(120).default(5),
	queries: z
		.strictObject({
			availability: z.string().min(1).optional(),
			p95Ms: z.string().min(1).optional(),
			errorRatePercent: z.string().min(1).optional(),
		})
		.refine(
			q => Boolean(q.availability || q.p95Ms || q.errorRatePercent),
			'at least one of availability, p95Ms, errorRatePercent',
		),
});

const slo = z.strictObject({
	source: z.union([z.strictObject({http: urlPath}), z.strictObject({prometheus: prometheusSource})]),
	availability: higherIsBetter.default({target: 99.5, warn: 99.0, crit: 98.0}),
	p95Ms: lowerIsBetter.default({target: 500, warn: 800, crit: 1500}),
	errorRatePercent: lowerIsBetter.default({target: 1, warn: 2, crit: 5}),
});

// Incidents (DESIGN 7): severities with their definitions and response targets. Each one given
// replaces that severity's default; the ones left out keep theirs.
export const severityNames = ['P1', 'P2', 'P3', 'P4'] as const;
const severityDefinition = z.strictObject({
	name: z.string().min(1).optional(),
	definition: z.string().min(1).optional(),
	respondWithin: duration.optional(),
	example: z.string().optional(),
});
const incidents = z.strictObject({
	severities: z.partialRecord(z.enum(severityNames), severityDefinition).default({}),
	// Where closed incidents' reviews (Markdown) are written on the operator's machine; default: <state dir>/reviews.
	reviewDir: z.string().min(1).optional(),
	// How many log lines "investigate" shows.
	logLines: z.number().int().min(10).max(2000).default(200),
});

// A chat or paging webhook: the URL is a secret (it carries its own token), so it comes from the
// operator's machine, never the YAML. "slack" posts {"text": ...}; "json" posts pg-ops' own fields.
const notify = z.strictObject({
	webhook: z.strictObject({
		url: secretSource,
		format: z.enum(['slack', 'json']).default('slack'),
		timeoutSeconds: z.number().positive().max(60).default(10),
	}),
});

const maintenance = z.strictObject({
	// The Test step: a command run on the host; its output and exit code are shown and kept.
	test: z
		.strictObject({
			command: z.string().min(1),
			timeoutSeconds: z.number().positive().default(600),
			privileged: z.boolean().default(false),
		})
		.optional(),
	// Markdown runbooks (paths on the operator's machine, relative to this file) whose steps the Execute step offers.
	runbooks: z.array(z.string().min(1)).default([]),
});

export const environmentSchema = z
	.strictObject({
		description: z.string().optional(),
		transport: z.enum(['ssh', 'local']).default('ssh'),
		hosts: z.array(hostEntry).default([]),
		ssh: sshSettings.default({}),
		fleet: fleet.default({concurrency: 128, idleCloseSeconds: 60}),
		// Directories put in front of PATH for every command on the host (the demo's service-manager stand-in lives in one).
		shellPath: z.array(z.string().startsWith('/', 'an absolute path')).default([]),
		protected: z.boolean().default(false),
		readOnly: z.boolean().default(false),
		// Its colour in the header and on the borders (core/config/theme.ts); a protected environment's is red by default.
		theme: environmentThemeSchema.optional(),
		// Privileged commands through `sudo -n`; default: yes over SSH unless the user is root.
		sudo: z.boolean().optional(),
		refreshSeconds: z.number().min(1).max(3600).default(5),
		// Procedures: the lock file on the host that keeps two operators apart, and an optional audit log on the host.
		lockFile: z.string().startsWith('/', 'an absolute path').optional(),
		staleLockMinutes: z.number().positive().default(30),
		auditFile: z.string().startsWith('/', 'an absolute path').optional(),
		probeTimeoutSeconds: z.number().positive().max(300).default(10),
		http: httpSettings.optional(),
		// A list (read over SSH on each host), or {source: prometheus, list: [...]}.
		services: servicesSection.default([]),
		// The Prometheus that scrapes the hosts' exporters, for services.source and disk.source prometheus.
		prometheus: prometheusHostsSchema.optional(),
		jobs: jobs.optional(),
		disk: disk.optional(),
		database: database.optional(),
		etl: etl.optional(),
		slo: slo.optional(),
		slots: slotsSettings.optional(),
		backups: backupsSettings.optional(),
		secrets: z.array(secretSettings).default([]),
		incidents: incidents.default({severities: {}, logLines: 200}),
		notify: notify.optional(),
		maintenance: maintenance.default({runbooks: []}),
		// The team's own checks (DESIGN 13): the Checks pane, status and its exit code, incidents, Verify.
		checks: z.array(checkSchema).default([]),
		// Alerts from the team's Prometheus or Alertmanager: the Alerts pane.
		alerts: alertsSchema.optional(),
		// The team's own procedures (DESIGN 13), run by the same runner as the built-in ones.
		actions: z.array(actionSchema).default([]),
	})
	.superRefine((env, ctx) => {
		const services = servicesOf(env.services).list;
		if (env.transport === 'ssh' && env.hosts.length === 0) {
			ctx.addIssue({
				code: 'custom',
				path: ['hosts'],
				message: 'at least one host for transport ssh (or transport: local)',
			});
		}
		if (env.disk && env.disk.warnPercent >= env.disk.critPercent) {
			ctx.addIssue({code: 'custom', path: ['disk', 'warnPercent'], message: 'warnPercent below critPercent'});
		}
		if (env.etl && !env.database) {
			ctx.addIssue({
				code: 'custom',
				path: ['etl'],
				message: 'a database section (etl reads its table through it)',
			});
		}
		if (env.jobs && 'sql' in env.jobs.source && !env.database) {
			ctx.addIssue({
				code: 'custom',
				path: ['jobs', 'source'],
				message: 'a database section (the sql source reads through it)',
			});
		}
		const needsHttp = [
			env.jobs && 'http' in env.jobs.source ? ['jobs', 'source'] : undefined,
			env.slo && 'http' in env.slo.source ? ['slo', 'source'] : undefined,
			env.slots ? ['slots', 'verify'] : undefined,
			...services.map((s, i) =>
				s.health?.startsWith('/') ? [...servicesPath(env.services), i, 'health'] : undefined,
			),
		].filter(Boolean) as Array<Array<string | number>>;
		if (!env.http) {
			for (const path of needsHttp)
				ctx.addIssue({
					code: 'custom',
					path,
					message: 'an http section with baseUrl (this path is relative to it)',
				});
		}
		for (const issue of checksProblems(env)) ctx.addIssue({code: 'custom', ...issue});
		for (const issue of actionsProblems({...env, services})) ctx.addIssue({code: 'custom', ...issue});
		const known = new Set(services.map(s => s.name));
		const refs: Array<[Array<string | number>, string[]]> = [
			[['slots', 'restart'], env.slots?.restart ?? []],
			[['backups', 'stop'], env.backups?.stop ?? []],
			[['etl', 'restartAfterReset'], env.etl?.restartAfterReset ?? []],
			...env.secrets.map(
				(s, i) => [['secrets', i, 'restart'], s.restart] as [Array<string | number>, string[]],
			),
		];
		// restore-backup stops these and starts them again: their manager must have both commands.
		(env.backups?.stop ?? []).forEach((stopped, i) => {
			const service = services.find(s => s.name === stopped);
			const missing = service
				? (['stop', 'start'] as const).filter(verb => !managerOf(service).control(service, verb))
				: [];
			if (missing.length > 0)
				ctx.addIssue({
					code: 'custom',
					path: ['backups', 'stop', i],
					message: `a service that can be stopped and started (${stopped} has no ${missing.join(' or ')} command)`,
				});
		});
		for (const [path, names] of refs) {
			names.forEach((n, i) => {
				if (!known.has(n))
					ctx.addIssue({
						code: 'custom',
						path: [...path, i],
						message: `one of the services named above (${[...known].join(', ') || 'none'})`,
					});
			});
		}
		for (const issue of prometheusSourceProblems(env)) ctx.addIssue({code: 'custom', ...issue});
	})
	// Everything past the config reads one shape: services as a list, and where they are read beside it.
	.transform(({services, ...env}) => {
		const {list, source} = servicesOf(services);
		const normalized: typeof env & {services: typeof list; servicesSource?: HostSource} = {
			...env,
			services: list,
		};
		if (source === 'prometheus') normalized.servicesSource = source;
		return normalized;
	});

const servicesPath = (services: unknown) => (Array.isArray(services) ? ['services'] : ['services', 'list']);

export const configSchema = z.strictObject({
	/** Where this config's local records go (audit, incidents, maintenance, reviews); relative to the config file. */
	stateDir: z.string().min(1).optional(),
	environments: z
		.record(name, environmentSchema)
		.refine(e => Object.keys(e).length > 0, 'at least one environment'),
});

export type Config = z.infer<typeof configSchema>;
export type Environment = z.infer<typeof environmentSchema>;
export type {ServiceConfig} from '../services/managers.js';
export type SecretSource = z.infer<typeof secretSource>;
export type SloConfig = z.infer<typeof slo>;
export type PrometheusSourceConfig = z.infer<typeof prometheusSource>;
export type {PrometheusHostsConfig, HostSource} from './prometheus-hosts.js';
export type HostEntry = z.infer<typeof hostEntry>;
export type FleetConfig = z.infer<typeof fleet>;
export type DiskConfig = z.infer<typeof disk>;
export type JobsConfig = z.infer<typeof jobs>;
export type EtlConfig = z.infer<typeof etl>;
export type DatabaseConfig = z.infer<typeof database>;
export type SlotsConfig = z.infer<typeof slotsSettings>;
export type IncidentsConfig = z.infer<typeof incidents>;
export type NotifyConfig = z.infer<typeof notify>;
export type MaintenanceConfig = z.infer<typeof maintenance>;
/** configFile: the file the environment was read from (paths in it, such as maintenance.runbooks, are relative to it). */
export type NamedEnvironment = Environment & {name: string; configFile?: string};
