// Everything one environment's probes talk through: the host, the HTTP client and the database.
// Built once per environment, shared by every refresh, closed when the console leaves it.
import type {NamedEnvironment} from '../core/config/schema.js';
import type {Host} from '../adapters/host.js';
import {LocalHost} from '../adapters/local-host.js';
import {HttpClient} from '../adapters/http-client.js';
import {Database} from '../adapters/database.js';
import {resolveSecret} from '../adapters/secrets.js';

export type Runtime = {
	env: NamedEnvironment;
	host: Host;
	http?: HttpClient;
	database?: Database;
	readOnly: boolean;
	close(): Promise<void>;
};

export class TransportNotAvailableError extends Error {}

export function createRuntime(env: NamedEnvironment, options: {readOnly?: boolean} = {}): Runtime {
	const readOnly = Boolean(options.readOnly || env.readOnly);
	const host = createHost(env);
	const timeoutMs = env.probeTimeoutSeconds * 1000;
	let http: HttpClient | undefined;
	if (env.http) {
		const tokenConfig = env.http.token;
		let cached: Promise<string> | undefined;
		// Resolved once per session (a password manager prompt should not repeat every refresh); a failure is retried next time.
		const token = tokenConfig
			? async () => {
				cached ??= resolveSecret(tokenConfig, `the ops token (environments.${env.name}.http.token)`).catch(error => {
					cached = undefined;
					throw error;
				});
				return {header: tokenConfig.header, value: await cached};
			}
			: undefined;
		http = new HttpClient({baseUrl: env.http.baseUrl, timeoutMs: Math.min(env.http.timeoutSeconds * 1000, timeoutMs), token});
	}
	let database: Database | undefined;
	if (env.database) {
		const db = env.database;
		database = new Database({
			host: db.host,
			port: db.port,
			database: db.name,
			user: readOnly && db.readOnlyUser ? db.readOnlyUser : db.user,
			password: db.password ? () => resolveSecret(db.password!, `the database password (environments.${env.name}.database.password)`) : undefined,
			readOnly,
			timeoutMs,
		});
	}
	return {
		env,
		host,
		http,
		database,
		readOnly,
		async close() {
			await Promise.allSettled([host.close(), http?.close(), database?.close()]);
		},
	};
}

function createHost(env: NamedEnvironment): Host {
	if (env.transport === 'local') return new LocalHost();
	// The SSH transport arrives with its own issue; until then say so plainly instead of pretending.
	return new UnreachableHost(`${env.ssh.user ? `${env.ssh.user}@` : ''}${env.hosts[0]}`, 'the SSH transport is not built yet in this version of pg-ops; use transport: local on the host itself, or the demo');
}

class UnreachableHost implements Host {
	readonly transport = 'ssh' as const;
	constructor(readonly label: string, private readonly reason: string) {}
	async exec(): Promise<never> {
		throw new TransportNotAvailableError(this.reason);
	}
	async close(): Promise<void> {}
}
