// Everything one environment's probes talk through: the host, the HTTP client and the database.
// Built once per environment, shared by every refresh, closed when the console leaves it.
import type {NamedEnvironment} from '../core/config/schema.js';
import type {Host} from '../adapters/host.js';
import {LocalHost} from '../adapters/local-host.js';
import {UnusableHost} from '../adapters/host.js';
import {SshHost} from '../adapters/ssh/ssh-host.js';
import {resolveSshTarget} from '../adapters/ssh/target.js';
import {HttpClient} from '../adapters/http-client.js';
import {Database} from '../adapters/database.js';
import {resolveSecret} from '../adapters/secrets.js';
import type {PrometheusClient} from '../adapters/prometheus.js';

/** One host of the environment under the name the config gives it (after range/pattern expansion). */
export type RuntimeHost = {name: string; host: Host};

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
	readOnly: boolean;
	close(): Promise<void>;
};

export type RuntimeOptions = {readOnly?: boolean; trustHostKey?: string};

export function createRuntime(env: NamedEnvironment, options: RuntimeOptions = {}): Runtime {
	const readOnly = Boolean(options.readOnly || env.readOnly);
	const host = createHost(env, readOnly, options.trustHostKey);
	// Addresses "as the host sees them" go through a tunnel over the host's SSH connection.
	const tunnelTo = (address: string, port: number) => async () => ({host: '127.0.0.1', port: await host.tunnel!(address, port)});
	const timeoutMs = env.probeTimeoutSeconds * 1000;
	let http: HttpClient | undefined;
	if (env.http) {
		const tokenConfig = env.http.token;
		// Resolved once per session (a password manager should not prompt on every refresh).
		const tokenValue = tokenConfig ? cachedSecret(() => resolveSecret(tokenConfig, `the ops token (environments.${env.name}.http.token)`)) : undefined;
		const token = tokenConfig && tokenValue ? Object.assign(async () => ({header: tokenConfig.header, value: await tokenValue()}), {forget: tokenValue.forget}) : undefined;
		const base = new URL(env.http.baseUrl);
		const viaSsh = env.http.via === 'ssh' && host.tunnel;
		const port = Number(base.port || (base.protocol === 'https:' ? 443 : 80));
		const connectOrigin = viaSsh ? async () => `${base.protocol}//127.0.0.1:${(await tunnelTo(base.hostname, port)()).port}` : undefined;
		const explainFailure = viaSsh ? () => host.tunnelProblem?.(base.hostname, port) : undefined;
		http = new HttpClient({baseUrl: env.http.baseUrl, timeoutMs: Math.min(env.http.timeoutSeconds * 1000, timeoutMs), token, connectOrigin, explainFailure});
	}
	let database: Database | undefined;
	if (env.database) {
		const db = env.database;
		// For SSH environments the database is reached through the host unless said otherwise.
		const viaSsh = (db.via ?? (env.transport === 'ssh' ? 'ssh' : 'direct')) === 'ssh' && host.tunnel;
		database = new Database({
			host: db.host,
			port: db.port,
			endpoint: viaSsh ? tunnelTo(db.host, db.port) : undefined,
			database: db.name,
			user: readOnly && db.readOnlyUser ? db.readOnlyUser : db.user,
			password: db.password ? cachedSecret(() => resolveSecret(db.password!, `the database password (environments.${env.name}.database.password)`)) : undefined,
			explainFailure: viaSsh ? () => host.tunnelProblem?.(db.host, db.port) : undefined,
			readOnly,
			timeoutMs,
		});
	}
	const hosts: RuntimeHost[] = [{name: env.transport === 'local' ? 'local' : hostEntryName(env.hosts[0]!), host}];
	return runtimeOf({env, hosts, http, database, readOnly});
}

/** A Runtime over hosts already made (the first is `host`); close() closes them all, the HTTP client and the database. */
export function runtimeOf(parts: {env: NamedEnvironment; hosts: RuntimeHost[]; http?: HttpClient; database?: Database; readOnly: boolean; close?: () => Promise<void>}): Runtime {
	const {env, hosts, http, database, readOnly} = parts;
	const runtime: Runtime = {
		env,
		host: hosts[0]!.host,
		hosts,
		fleet: hosts.length > 1,
		hostNamed: name => hosts.find(h => h.name === name)?.host,
		forHost(name) {
			const other = runtime.hostNamed(name);
			if (!other) throw new Error(`no host "${name}" in ${env.name} (hosts: ${hosts.slice(0, 5).map(h => h.name).join(', ')}${hosts.length > 5 ? ', ...' : ''})`);
			return {...runtime, host: other, close: async () => {}};
		},
		http,
		database,
		readOnly,
		close: parts.close ?? (async () => {
			await Promise.allSettled([...hosts.map(h => h.host.close()), http?.close(), database?.close()]);
		}),
	};
	return runtime;
}

function hostEntryName(entry: NamedEnvironment['hosts'][number]): string {
	return typeof entry === 'string' ? entry : entry.host;
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

function createHost(env: NamedEnvironment, readOnly: boolean, trustFingerprint?: string): Host {
	if (env.transport === 'local') return new LocalHost();
	// Probes run on the environment's first host; fleets of hosts arrive with their own issue.
	let target;
	try {
		target = resolveSshTarget(env, hostEntryName(env.hosts[0]!), {readOnly});
	} catch (error) {
		return new UnusableHost(hostEntryName(env.hosts[0]!), (error as Error).message);
	}
	const host = new SshHost(target, {connectTimeoutMs: env.probeTimeoutSeconds * 1000, trustFingerprint});
	if (env.hosts.length > 1) host.warnings.push(`${env.name} lists ${env.hosts.length} hosts; this version reads and acts on the first only`);
	return host;
}
