// What the engine needs from a host, whichever way it is reached (the local shell, or SSH).
import type {HostKeyError} from './ssh/errors.js';

/** stdout and stderr as pg-ops keeps them: control characters made visible, each bounded (adapters/output-buffer.ts). */
export type ExecResult = {
	stdout: string;
	stderr: string;
	/** Some output went past the bound and was not kept (the kept text ends with a line saying so). */
	cut?: boolean;
	exitCode: number | null;
	signal?: string;
	timedOut: boolean;
	/** Ended through `signal` (the operator stopped a long-running command), not by itself. */
	stopped?: boolean;
	durationMs: number;
};

export type ExecOptions = {
	timeoutMs: number;
	stdin?: string;
	/** Standard output and error as they arrive, decoded as UTF-8 (a character split across chunks arrives whole). */
	onOutput?(text: string): void;
	/** Aborting stops the command and everything it started on the host; the result then says `stopped`. */
	signal?: AbortSignal;
	/**
	 * Runs it in a pseudo-terminal (`docker exec -it` refuses to run without one): its errors arrive
	 * with its output (in stdout), its line ends as `\n`, and nothing is typed into it (stdin refused:
	 * a terminal would echo it back).
	 */
	terminal?: boolean;
};

export type HostConnectionState = {
	status: 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed';
	attempt: number;
	error?: string;
	nextRetryAt?: number;
	hostKeyError?: HostKeyError;
};

export interface Host {
	/** Where commands run, for the header and messages: "local" or "deploy@app-1". */
	readonly label: string;
	readonly transport: 'local' | 'ssh';
	/** Things worth telling the operator about how the host was resolved (ignored ~/.ssh/config lines). */
	readonly warnings?: string[];
	/** Runs a POSIX shell script on the host. Never rejects for a non-zero exit; rejects only when the host can't be reached. */
	exec(script: string, options: ExecOptions): Promise<ExecResult>;
	/** For remote hosts: a local port carried to host:port as the remote host sees it. */
	tunnel?(host: string, port: number): Promise<number>;
	tunnelProblem?(host: string, port: number): string | undefined;
	connectionState?(): HostConnectionState;
	onConnectionState?(listener: (state: HostConnectionState) => void): () => void;
	/** Trusts an unknown host's key (the operator's explicit choice) and connects. */
	trustHostKey?(fingerprint: string): Promise<void>;
	/**
	 * Fleets: once unused for `ms` (nothing running, no tunnel), close the connection until the next
	 * use, which reconnects; undefined keeps it open. For hosts the operator is not looking at.
	 */
	idleCloseAfter?(ms: number | undefined): void;
	/** Refuses every later exec (it rejects, saying the host is closed); LocalHost also resolves only once what it ran is gone. */
	close(): Promise<void>;
}

/** A host that could not even be set up (a ProxyJump chain, an unreadable key path): every use says why. */
export class UnusableHost implements Host {
	readonly transport = 'ssh' as const;
	constructor(
		readonly label: string,
		private readonly reason: string,
	) {}
	async exec(): Promise<never> {
		throw new Error(`${this.label}: ${this.reason}`);
	}
	async close(): Promise<void> {}
}
