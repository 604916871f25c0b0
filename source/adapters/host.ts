// What the engine needs from a host, whichever way it is reached (local shell now, SSH next).
export type ExecResult = {stdout: string; stderr: string; exitCode: number | null; signal?: string; timedOut: boolean; durationMs: number};

export type ExecOptions = {timeoutMs: number; stdin?: string};

export interface Host {
	/** Where commands run, for the header and messages: "local" or "deploy@app-1". */
	readonly label: string;
	readonly transport: 'local' | 'ssh';
	/** Runs a POSIX shell script on the host. Never rejects for a non-zero exit; rejects only when the host can't be reached. */
	exec(script: string, options: ExecOptions): Promise<ExecResult>;
	close(): Promise<void>;
}
