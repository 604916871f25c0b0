// The SSH transport as a Host: commands over the host's one connection, and local tunnels to
// addresses as the host sees them (the database, an HTTP service listening on localhost).
import type {ExecOptions, ExecResult, Host, HostConnectionState} from '../host.js';
import {LocalTunnel} from '../tunnel.js';
import {SshConnection, type SshConnectionOptions} from './connection.js';
import type {SshTarget} from './target.js';

export class SshHost implements Host {
	readonly transport = 'ssh' as const;
	readonly label: string;
	readonly warnings: string[];
	private readonly connection: SshConnection;
	private readonly tunnels = new Map<string, LocalTunnel>();
	private running = 0;
	private idleMs?: number;
	private idleTimer?: NodeJS.Timeout;

	constructor(target: SshTarget, options: SshConnectionOptions = {}) {
		this.connection = new SshConnection(target, options);
		this.label = this.connection.label;
		this.warnings = [...target.warnings, ...(target.jump?.warnings ?? [])];
	}

	async exec(script: string, options: ExecOptions): Promise<ExecResult> {
		this.running++;
		clearTimeout(this.idleTimer);
		try {
			return await this.connection.exec(script, options);
		} finally {
			this.running--;
			this.armIdleClose();
		}
	}

	/** The local port of a tunnel to host:port as the remote host sees it (one listener per address). */
	tunnel(host: string, port: number): Promise<number> {
		const key = `${host}:${port}`;
		let tunnel = this.tunnels.get(key);
		if (!tunnel) {
			tunnel = new LocalTunnel(`${key} via ${this.label}`, () => this.connection.forwardOut(host, port));
			this.tunnels.set(key, tunnel);
			// A host carrying a tunnel is never idle: an idle close armed before it would cut the tunnel's clients.
			clearTimeout(this.idleTimer);
		}
		return tunnel.port();
	}

	/** Why the tunnel to host:port last failed, if it did: a closed socket alone doesn't say. */
	tunnelProblem(host: string, port: number): string | undefined {
		return this.tunnels.get(`${host}:${port}`)?.lastError;
	}

	connectionState(): HostConnectionState {
		return this.connection.state;
	}

	onConnectionState(listener: (state: HostConnectionState) => void): () => void {
		this.connection.on('state', listener);
		return () => void this.connection.off('state', listener);
	}

	trustHostKey(fingerprint: string): Promise<void> {
		return this.connection.trustAndConnect(fingerprint);
	}

	idleCloseAfter(ms: number | undefined): void {
		this.idleMs = ms;
		this.armIdleClose();
	}

	async close(): Promise<void> {
		clearTimeout(this.idleTimer);
		await Promise.allSettled([...this.tunnels.values()].map(t => t.close()));
		await this.connection.close();
	}

	// A host with tunnels carries the database and HTTP clients' connections: it is never idle.
	private armIdleClose(): void {
		clearTimeout(this.idleTimer);
		if (this.idleMs === undefined || this.running > 0 || this.tunnels.size > 0) return;
		this.idleTimer = setTimeout(() => {
			if (this.running === 0) this.connection.closeIdle();
		}, this.idleMs);
		this.idleTimer.unref();
	}
}
