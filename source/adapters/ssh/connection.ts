// One SSH connection to one host, reused by every probe and step: connects on first use,
// verifies the host key, keeps the session alive, and after a drop reconnects with backoff
// while callers fail fast (their panes go stale) instead of queueing behind a dead socket.
import {randomBytes} from 'node:crypto';
import {EventEmitter} from 'node:events';
import net from 'node:net';
import type {Client, ClientChannel, ConnectConfig} from 'ssh2';
import {quoteShell} from '../../core/shell.js';
import type {ExecOptions, ExecResult} from '../host.js';
import {terminalSize, terminalStdinRefused} from '../terminal-output.js';
import {authFor} from './auth.js';
import {watchChannel} from './exec-channel.js';
import {loadSsh2} from './ssh2-loader.js';
import {HostKeyError, SshConnectError} from './errors.js';
import {hostKeyAlgorithmsFor, verifyHostKey} from './host-keys.js';
import {
	MarkerLine,
	stopCommand,
	stoppableCommand,
	stopGraceSeconds,
	type StopTarget,
} from './stoppable-command.js';
import {targetLabel, type SshTarget} from './target.js';
import {trace, traced} from '../trace.js';

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed';
export type ConnectionState = {
	status: ConnectionStatus;
	attempt: number;
	error?: string;
	nextRetryAt?: number;
	hostKeyError?: HostKeyError;
};

export type SshConnectionOptions = {
	connectTimeoutMs?: number;
	keepaliveMs?: number;
	trustFingerprint?: string;
	maxBackoffMs?: number;
	role?: 'host' | 'jump host';
	/** The jump host's connection, shared by every host behind it (a fleet behind one bastion opens one connection to it). */
	jump?: SshConnection;
};

export class SshConnection extends EventEmitter {
	readonly label: string;
	private client?: Client;
	private connecting?: Promise<Client>;
	private retryTimer?: NodeJS.Timeout;
	private jump?: SshConnection;
	private ownsJump = false;
	/** As a shared jump host: the connections that go through it; it closes when the last of them does. */
	private readonly dependants = new Set<SshConnection>();
	private closed = false;
	private current: ConnectionState = {status: 'idle', attempt: 0};

	constructor(
		readonly target: SshTarget,
		private readonly options: SshConnectionOptions = {},
	) {
		super();
		this.label = targetLabel(target);
		if (target.jump && options.jump) {
			this.jump = options.jump;
			this.jump.dependants.add(this);
		} else if (target.jump) {
			const {jump, ...own} = options;
			void jump;
			// --trust-host-key names one key's fingerprint: the operator vetted that key, whichever of
			// the two machines offers it (an unknown jump host's error suggests the same flag).
			this.jump = new SshConnection(target.jump, {...own, role: 'jump host'});
			this.ownsJump = true;
		}
	}

	get state(): ConnectionState {
		return this.current;
	}

	/** The connected client; connects when idle or failed. While a reconnect is pending it fails fast. */
	async ready(): Promise<Client> {
		if (this.closed) throw new SshConnectError(this.label, 'connection closed');
		if (this.client && this.current.status === 'connected') return this.client;
		if (this.connecting) return this.connecting;
		if (this.current.status === 'reconnecting') {
			const wait = Math.max(0, Math.round(((this.current.nextRetryAt ?? Date.now()) - Date.now()) / 1000));
			throw new SshConnectError(
				this.label,
				`reconnecting (attempt ${this.current.attempt}, next try in ${wait}s): ${this.current.error ?? 'connection lost'}`,
			);
		}
		return this.attempt('use');
	}

	/** Trusts the fingerprint the host offered last time (an explicit operator choice), then connects. */
	async trustAndConnect(fingerprint: string): Promise<void> {
		// The refusal may have been the jump host's: the trust goes to the connection that was refused.
		const jumpRefused =
			this.jump?.state.hostKeyError?.fingerprint === fingerprint ||
			this.current.hostKeyError?.role === 'jump host';
		if (this.jump && jumpRefused) this.jump.prepareTrust(fingerprint);
		else this.options.trustFingerprint = fingerprint;
		this.clearRetry();
		this.setState({status: 'idle', attempt: 0});
		await this.ready();
	}

	private prepareTrust(fingerprint: string): void {
		this.options.trustFingerprint = fingerprint;
		this.clearRetry();
		this.setState({status: 'idle', attempt: 0});
	}

	/**
	 * Runs a script over the connection. With `signal` it runs in a session of its own on the host
	 * (stoppable-command.ts), so a stop or a timeout ends everything it started there.
	 */
	async exec(
		script: string,
		{timeoutMs, stdin, onOutput, signal, terminal}: ExecOptions,
	): Promise<ExecResult> {
		if (signal?.aborted)
			return {stdout: '', stderr: '', exitCode: null, timedOut: false, stopped: true, durationMs: 0};
		if (terminal && stdin !== undefined) throw new Error(`${this.label}: ${terminalStdinRefused}`);
		const client = await this.ready();
		const started = Date.now();
		trace(`ssh: exec starts (${this.label})`);
		const nonce = signal ? `pgops-stop-${randomBytes(6).toString('hex')}` : undefined;
		const marker = nonce ? new MarkerLine(nonce) : undefined;
		return new Promise((resolve, reject) => {
			// A terminal without echo: nothing is typed into it, and a dumb one, so tools print no colours or cursor moves.
			const pty = terminal ? {pty: {...terminalSize, term: 'dumb', modes: {ECHO: 0 as const}}} : {};
			client.exec(
				nonce ? stoppableCommand(script, nonce) : `sh -c ${quoteShell(script)}`,
				pty,
				(error, channel) => {
					if (error)
						return reject(new SshConnectError(this.label, `could not start a command: ${error.message}`));
					resolve(
						watchChannel(channel, {
							label: this.label,
							started,
							timeoutMs,
							stdin,
							onOutput,
							signal,
							terminal,
							marker,
							stopRemote: target => this.stopRemote(target),
						}),
					);
				},
			);
		});
	}

	/** Ends a stoppable command's process group on the host, through a second command on this connection. */
	private async stopRemote(target: StopTarget): Promise<void> {
		await this.exec(stopCommand(target), {timeoutMs: (stopGraceSeconds + 5) * 1000}).catch(() => {});
	}

	/** A TCP stream to host:port as the remote host sees it (a direct-tcpip channel). */
	async forwardOut(host: string, port: number): Promise<ClientChannel> {
		const client = await this.ready();
		return new Promise((resolve, reject) => {
			trace(`ssh: channel to ${host}:${port} asked`);
			client.forwardOut('127.0.0.1', 0, host, port, (error, channel) => {
				trace(`ssh: channel to ${host}:${port} ${error ? 'refused' : 'open'}`);
				if (error)
					reject(
						new SshConnectError(
							this.label,
							`could not reach ${host}:${port} from the host: ${error.message}`,
						),
					);
				else resolve(channel);
			});
		});
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.clearRetry();
		this.client?.end();
		this.client = undefined;
		if (this.ownsJump) await this.jump?.close();
		else await this.jump?.release(this);
	}

	/**
	 * Closes the connection until its next use, which connects again (state 'idle'; nothing is
	 * retried meanwhile). A jump host of its own goes with it; a shared one once no host behind it is connected.
	 */
	closeIdle(): void {
		if (this.closed || this.connecting) return;
		this.clearRetry();
		const client = this.client;
		this.client = undefined; // first, so the 'close' that follows is not taken for a drop
		client?.end();
		if (this.current.status !== 'idle') this.setState({status: 'idle', attempt: 0});
		if (this.ownsJump) this.jump?.closeIdle();
		else this.jump?.closeIdleIfUnused();
	}

	private closeIdleIfUnused(): void {
		if (
			[...this.dependants].some(
				d =>
					d.current.status === 'connected' ||
					d.current.status === 'connecting' ||
					d.current.status === 'reconnecting',
			)
		)
			return;
		this.closeIdle();
	}

	private async release(dependant: SshConnection): Promise<void> {
		this.dependants.delete(dependant);
		if (this.dependants.size === 0) await this.close();
	}

	// 'use': a caller needs the connection now; a failure is reported and the next use tries again.
	// 'retry': the backoff timer after a drop; a failure schedules the next try.
	private attempt(mode: 'use' | 'retry'): Promise<Client> {
		this.setState({
			status: this.current.status === 'reconnecting' ? 'reconnecting' : 'connecting',
			attempt: this.current.attempt + 1,
			error: this.current.error,
		});
		const promise = this.connectOnce().then(
			client => {
				this.connecting = undefined;
				// Closed while the handshake ran (the operator switched environment or quit): don't keep it.
				if (this.closed) {
					client.end();
					throw new SshConnectError(this.label, 'connection closed');
				}
				this.client = client;
				this.setState({status: 'connected', attempt: 0});
				return client;
			},
			(error: Error) => {
				this.connecting = undefined;
				const hostKeyError = error instanceof HostKeyError ? error : undefined;
				// A refused host key or login will not fix itself: no automatic retries, the next use tries again.
				if (hostKeyError || /authentication/i.test(error.message) || mode === 'use') {
					this.setState({
						status: 'failed',
						attempt: this.current.attempt,
						error: error.message,
						hostKeyError,
					});
				} else {
					this.scheduleRetry(error.message);
				}
				throw error;
			},
		);
		this.connecting = promise;
		return promise;
	}

	private async connectOnce(): Promise<Client> {
		const timeoutMs = this.options.connectTimeoutMs ?? 10_000;
		const {target} = this;
		// ssh2 loads while the TCP connection is being made; a command that opens none never compiles it.
		const [sock, ssh2] = await Promise.all([
			traced<ClientChannel | net.Socket>(
				`ssh: TCP to ${this.label}`,
				this.jump
					? this.throughJump(this.jump, timeoutMs)
					: tcpConnect(target.host, target.port, timeoutMs, this.label),
			),
			traced('ssh: ssh2 load', loadSsh2()),
		]);
		trace(`ssh: handshake starts (${this.label})`);
		return new Promise((resolve, reject) => {
			const client = new ssh2.Client();
			let hostKeyError: HostKeyError | undefined;
			let settled = false;
			const auth = authFor(target, ssh2.utils.parseKey);
			const config: ConnectConfig = {
				sock,
				username: target.user,
				readyTimeout: timeoutMs,
				keepaliveInterval: this.options.keepaliveMs ?? 5000,
				keepaliveCountMax: 3,
				algorithms: {
					serverHostKey: hostKeyAlgorithmsFor(target.knownHosts, target.host, target.port) as NonNullable<
						ConnectConfig['algorithms']
					>['serverHostKey'],
				},
				hostVerifier: (key: Buffer) => {
					trace(`ssh: host key offered (${this.label})`);
					hostKeyError = verifyHostKey(
						target.knownHosts,
						target.host,
						target.port,
						key,
						this.options.trustFingerprint,
					);
					if (hostKeyError) hostKeyError.role = this.options.role ?? 'host';
					return hostKeyError === undefined;
				},
				authHandler: auth.handler,
			};
			client.once('ready', () => {
				trace(`ssh: logged in (${this.label})`);
				settled = true;
				client.on('close', () => this.onDropped(client));
				resolve(client);
			});
			client.on('error', (error: Error & {level?: string}) => {
				if (settled) return; // after ready, 'close' follows and drives the reconnect
				settled = true;
				client.end();
				reject(
					hostKeyError ?? new SshConnectError(this.label, describeSshError(error, timeoutMs, auth.skipped)),
				);
			});
			client.once('close', () => {
				if (!settled) {
					settled = true;
					reject(
						hostKeyError ??
							new SshConnectError(this.label, 'the server closed the connection during the handshake'),
					);
				}
			});
			client.connect(config);
		});
	}

	// A bastion that never answers (or forwards to a blackholed address) must not hold the connect for ever.
	private throughJump(jump: SshConnection, timeoutMs: number): Promise<ClientChannel> {
		const {host, port} = this.target;
		return new Promise((resolve, reject) => {
			let late = false;
			const timer = setTimeout(() => {
				late = true;
				reject(
					new SshConnectError(
						this.label,
						`no answer from ${host}:${port} through the jump host ${jump.label} within ${timeoutMs / 1000}s`,
					),
				);
			}, timeoutMs);
			jump.forwardOut(host, port).then(
				channel => {
					clearTimeout(timer);
					// Arrived after the deadline: nobody uses it, so it is closed rather than left open on the jump host.
					if (late) channel.close();
					else resolve(channel);
				},
				(error: Error) => {
					clearTimeout(timer);
					reject(error);
				},
			);
		});
	}

	private onDropped(client: Client): void {
		if (this.client !== client || this.closed) return;
		this.client = undefined;
		this.scheduleRetry('connection lost');
	}

	private scheduleRetry(error: string): void {
		this.clearRetry();
		if (this.closed) return;
		const attempt = Math.max(1, this.current.attempt);
		const delay = Math.min(this.options.maxBackoffMs ?? 30_000, 1000 * 2 ** Math.min(attempt - 1, 5));
		this.setState({status: 'reconnecting', attempt, error, nextRetryAt: Date.now() + delay});
		this.retryTimer = setTimeout(() => {
			this.retryTimer = undefined;
			this.attempt('retry').catch(() => {});
		}, delay);
		this.retryTimer.unref();
	}

	private clearRetry(): void {
		clearTimeout(this.retryTimer);
		this.retryTimer = undefined;
	}

	private setState(state: ConnectionState): void {
		this.current = state;
		this.emit('state', state);
	}
}

// Our own socket, so Nagle is off: without noDelay every exec on a reused connection waits ~40 ms more.
function tcpConnect(host: string, port: number, timeoutMs: number, label: string): Promise<net.Socket> {
	return new Promise((resolve, reject) => {
		const socket = net.connect({host, port});
		socket.setNoDelay(true);
		const timer = setTimeout(() => {
			socket.destroy();
			reject(new SshConnectError(label, `no answer from ${host}:${port} within ${timeoutMs / 1000}s`));
		}, timeoutMs);
		socket.once('connect', () => {
			clearTimeout(timer);
			resolve(socket);
		});
		socket.once('error', error => {
			clearTimeout(timer);
			reject(new SshConnectError(label, describeSshError(error, timeoutMs)));
		});
	});
}

function describeSshError(
	error: Error & {code?: string; level?: string},
	timeoutMs: number,
	skippedKeys: string[] = [],
): string {
	if (error.code === 'ECONNREFUSED') return 'connection refused (is sshd running there, on that port?)';
	if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return 'host not found';
	if (error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH') return 'host unreachable';
	if (error.code === 'ECONNRESET') return 'connection reset';
	if (/Timed out while waiting for handshake/i.test(error.message))
		return `no SSH handshake within ${timeoutMs / 1000}s`;
	if (/authentication methods failed/i.test(error.message)) {
		const notTried = skippedKeys.length > 0 ? `; not tried: ${skippedKeys.join(', ')}` : '';
		return `authentication failed: the server accepted none of the keys tried (ssh-agent, then the identity files)${notTried}; check ssh.user and ssh.identityFile`;
	}
	// ssh2's own words (a key that could not sign, say): more use than a guess.
	if (error.level === 'client-authentication') return `authentication failed: ${error.message}`;
	return error.message;
}
