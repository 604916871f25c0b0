// Everything one environment's probes talk through: the host, the HTTP client and the database.
// Built once per environment, shared by every refresh, closed when the console leaves it.
import type {NamedEnvironment} from '../core/config/schema.js';
import type {Host} from '../adapters/host.js';
import {LocalHost} from '../adapters/local-host.js';
import {HttpClient} from '../adapters/http-client.js';
import {Database} from '../adapters/database.js';
import {resolveSecret} from '../adapters/secrets.js';
import {PrometheusClient} from '../adapters/prometheus.js';
import {createSshHosts} from './fleet/ssh-fleet.js';
import {alertSource} from '../core/config/alerts.js';
import {CheckReadings} from './probes/checks.js';

/** One host of the environment under the name the config gives it (after range/pattern expansion). */
export type RuntimeHost = {
	name: string;
	host: Host;
	/** The address its name resolves to (ssh_config's HostName): Prometheus may name the host by it. */
	address?: string;
};

export type Runtime = {
	env: NamedEnvironment;
	/**
	 * The environment's first host. Tunnels to the database, the HTTP service and Prometheus go
	 * through it; one-host procedures (and every procedure of a one-host environment) run on it.
	 */
	host: Host;
	/** Every host, in config order (one for a one-host or local environment). */
	hosts: RuntimeHost[];
	/** More than one host: panes aggregate per host, restart rolls host by host. */
	fleet: boolean;
	/** The host of that name, or undefined. */
	hostNamed(name: string): Host | undefined;
	/** The same runtime acting on another host (its http and database unchanged); closing it closes nothing. Throws for an unknown name. */
	forHost(name: string): Runtime;
	http?: HttpClient;
	database?: Database;
	/** slo.source.prometheus: the server's query API. */
	prometheus?: PrometheusClient;
	/** The `prometheus` section: the server the services and disk panes read the hosts from. */
	fleetPrometheus?: PrometheusClient;
	/** alerts.prometheus or alerts.alertmanager: where the Alerts pane reads. */
	alerts?: PrometheusClient;
	/** The Prometheus `prometheus:` checks ask: the alerts' Prometheus, else the SLO's. */
	checksPrometheus?: PrometheusClient;
	/** Every check's last reading, so one with its own interval runs only when due. */
	checkReadings: CheckReadings;
	readOnly: boolean;
	/**
	 * What the operator should know about how the hosts were found: `hosts` entries that matched
	 * nothing or repeated a host (naming the field), ssh_config lines pg-ops could not use.
	 */
	warnings: string[];
	/** SSH connections open now (each host's, and each jump host's once). */
	openConnections(): number;
	close(): Promise<void>;
};

export type RuntimeOptions = {readOnly?: boolean; trustHostKey?: string};

export function createRuntime(env: NamedEnvironment, options: RuntimeOptions = {}): Runtime {
	const readOnly = Boolean(options.readOnly || env.readOnly);
	const ssh =
		env.transport === 'local'
			? undefined
			: createSshHosts(env, {readOnly, trustFingerprint: options.trustHostKey});
	const hosts: RuntimeHost[] = ssh ? ssh.hosts : [{name: 'local', host: new LocalHost()}];
	// Tunnels to the database, the HTTP service and Prometheus go through the first host.
	const host = hosts[0]!.host;
	// Addresses "as the host sees them" go through a tunnel over the host's SSH connection. An SSH
	// host that can't be used (ssh.configFile unreadable, no host expanded) has none: its reason is
	// the error, rather than the address being dialled from this machine.
	const canTunnel = env.transport === 'ssh';
	const tunnelTo = (address: string, port: number) => async () => {
		if (!host.tunnel) {
			await host.exec('true', {timeoutMs: 1000});
			throw new Error(`${host.label} carries no tunnels`);
		}
		return {host: '127.0.0.1', port: await host.tunnel(address, port)};
	};
	const timeoutMs = env.probeTimeoutSeconds * 1000;
	let http: HttpClient | undefined;
	if (env.http) {
		const tokenConfig = env.http.token;
		// Resolved once per session (a password manager should not prompt on every refresh).
		const tokenValue = tokenConfig
			? cachedSecret(() => resolveSecret(tokenConfig, `the ops token (environments.${env.name}.http.token)`))
			: undefined;
		const token =
			tokenConfig && tokenValue
				? Object.assign(async () => ({header: tokenConfig.header, value: await tokenValue()}), {
						forget: tokenValue.forget,
					})
				: undefined;
		const base = new URL(env.http.baseUrl);
		const viaSsh = env.http.via === 'ssh' && canTunnel;
		const port = Number(base.port || (base.protocol === 'https:' ? 443 : 80));
		const connectOrigin = viaSsh
			? async () => `${base.protocol}//127.0.0.1:${(await tunnelTo(base.hostname, port)()).port}`
			: undefined;
		const explainFailure = viaSsh ? () => host.tunnelProblem?.(base.hostname, port) : undefined;
		http = new HttpClient({
			baseUrl: env.http.baseUrl,
			timeoutMs: Math.min(env.http.timeoutSeconds * 1000, timeoutMs),
			token,
			connectOrigin,
			explainFailure,
		});
	}
	let database: Database | undefined;
	if (env.database) {
		const db = env.database;
		// For SSH environments the database is reached through the host unless said otherwise.
		const viaSsh = (db.via ?? (env.transport === 'ssh' ? 'ssh' : 'direct')) === 'ssh' && canTunnel;
		database = new Database({
			host: db.host,
			port: db.port,
			endpoint: viaSsh ? tunnelTo(db.host, db.port) : undefined,
			database: db.name,
			user: readOnly && db.readOnlyUser ? db.readOnlyUser : db.user,
			password: db.password
				? cachedSecret(() =>
						resolveSecret(db.password!, `the database password (environments.${env.name}.database.password)`),
					)
				: undefined,
			explainFailure: viaSsh ? () => host.tunnelProblem?.(db.host, db.port) : undefined,
			readOnly,
			timeoutMs,
		});
	}
	const prometheusClient = (source: {url: string; via: 'direct' | 'ssh'; timeoutSeconds: number}) => {
		const url = new URL(source.url);
		const viaSsh = source.via === 'ssh' && canTunnel;
		const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
		return new PrometheusClient({
			url: source.url,
			timeoutMs: Math.min(source.timeoutSeconds * 1000, timeoutMs),
			connectOrigin: viaSsh
				? async () => `${url.protocol}//127.0.0.1:${(await tunnelTo(url.hostname, port)()).port}`
				: undefined,
			explainFailure: viaSsh ? () => host.tunnelProblem?.(url.hostname, port) : undefined,
		});
	};
	const prometheus =
		env.slo && 'prometheus' in env.slo.source ? prometheusClient(env.slo.source.prometheus) : undefined;
	const fleetPrometheus = env.prometheus ? prometheusClient(env.prometheus) : undefined;
	const alerts = env.alerts ? prometheusClient(alertSource(env.alerts).server) : undefined;
	return runtimeOf({
		env,
		hosts,
		http,
		database,
		prometheus,
		fleetPrometheus,
		alerts,
		checksPrometheus: env.alerts?.prometheus ? alerts : prometheus,
		readOnly,
		warnings: ssh?.problems,
		openConnections: ssh?.openConnections,
	});
}

/**
 * A Runtime over hosts already made (the first is `host`); close() closes them all, the HTTP
 * client, the database and Prometheus. warnings: besides the hosts' own (deduplicated).
 */
export function runtimeOf(parts: {
	env: NamedEnvironment;
	hosts: RuntimeHost[];
	http?: HttpClient;
	database?: Database;
	prometheus?: PrometheusClient;
	fleetPrometheus?: PrometheusClient;
	alerts?: PrometheusClient;
	checksPrometheus?: PrometheusClient;
	readOnly: boolean;
	warnings?: string[];
	openConnections?: () => number;
	close?: () => Promise<void>;
}): Runtime {
	const {env, hosts, http, database, prometheus, fleetPrometheus, alerts, checksPrometheus, readOnly} = parts;
	const runtime: Runtime = {
		env,
		host: hosts[0]!.host,
		hosts,
		fleet: hosts.length > 1,
		hostNamed: name => hosts.find(h => h.name === name)?.host,
		forHost(name) {
			const other = runtime.hostNamed(name);
			if (!other) throw new Error(unknownHost(runtime, name));
			return {...runtime, host: other, close: async () => {}};
		},
		http,
		database,
		prometheus,
		fleetPrometheus,
		alerts,
		checksPrometheus,
		checkReadings: new CheckReadings(),
		readOnly,
		warnings: [...new Set([...(parts.warnings ?? []), ...hosts.flatMap(h => h.host.warnings ?? [])])],
		openConnections:
			parts.openConnections ??
			(() => hosts.filter(h => h.host.connectionState?.().status === 'connected').length),
		close:
			parts.close ??
			(async () => {
				await Promise.allSettled([
					...hosts.map(h => h.host.close()),
					http?.close(),
					database?.close(),
					prometheus?.close(),
					fleetPrometheus?.close(),
					alerts?.close(),
				]);
			}),
	};
	return runtime;
}

/**
 * Why `name` is not a host of the runtime's environment, naming a few that are; undefined when it
 * is one. `wantedFor` says what asked for it (`for "systemctl restart api"`).
 */
export function unknownHost(
	runtime: {env: {name: string}; hosts: ReadonlyArray<{name: string}>},
	name: string,
	wantedFor?: string,
): string | undefined {
	if (runtime.hosts.some(h => h.name === name)) return undefined;
	const few = runtime.hosts.slice(0, 5).map(h => h.name);
	const count = runtime.hosts.length === 1 ? '1 host' : `${runtime.hosts.length} hosts`;
	return `no host "${name}" in ${runtime.env.name}${wantedFor ? ` ${wantedFor}` : ''} (it has ${count}: ${few.join(', ')}${runtime.hosts.length > few.length ? ', ...' : ''})`;
}

/** Asks a secret's source once per session (a password manager should not prompt per connection); a failure, or forget(), asks again. */
function cachedSecret(read: () => Promise<string>): (() => Promise<string>) & {forget(): void} {
	let cached: Promise<string> | undefined;
	const get = () => {
		cached ??= read().catch(error => {
			cached = undefined;
			throw error;
		});
		return cached;
	};
	return Object.assign(get, {forget: () => void (cached = undefined)});
}
