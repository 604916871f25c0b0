// The local transport: commands run on this machine (pg-ops on the host itself, and the demo).
import {spawn} from 'node:child_process';
import type {ExecOptions, ExecResult, Host} from './host.js';
import {OutputBuffer} from './output-buffer.js';

/** How long a stopped command gets to exit on SIGTERM before its whole group is killed. */
const stopGraceMs = 2000;

export class LocalHost implements Host {
	readonly label = 'local';
	readonly transport = 'local' as const;
	private readonly running = new Set<number>();

	exec(script: string, {timeoutMs, stdin, onOutput, signal}: ExecOptions): Promise<ExecResult> {
		const started = Date.now();
		if (signal?.aborted)
			return Promise.resolve({
				stdout: '',
				stderr: '',
				exitCode: null,
				timedOut: false,
				stopped: true,
				durationMs: 0,
			});
		return new Promise((resolve, reject) => {
			// Its own process group lets a timeout or a stop end everything the script started. Secrets go on stdin, never in the script.
			const child = spawn('/bin/sh', ['-c', script], {stdio: ['pipe', 'pipe', 'pipe'], detached: true});
			const stdout = new OutputBuffer();
			const stderr = new OutputBuffer();
			let timedOut = false;
			let stopped = false;
			let graceTimer: NodeJS.Timeout | undefined;
			if (child.pid) this.running.add(child.pid);
			const timer = setTimeout(() => {
				timedOut = true;
				killGroup(child.pid, 'SIGKILL');
			}, timeoutMs);
			const stop = () => {
				stopped = true;
				// The script's shell first: a shell that outlives its child reports "Terminated" into the output.
				killProcess(child.pid, 'SIGTERM');
				killGroup(child.pid, 'SIGTERM');
				graceTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), stopGraceMs);
			};
			signal?.addEventListener('abort', stop, {once: true});
			// setEncoding decodes through a StringDecoder: a UTF-8 character split across chunks arrives whole.
			// Both bounded and made visible as they arrive (output-buffer.ts).
			const take = (buffer: OutputBuffer, chunk: string) => {
				const shown = buffer.add(chunk);
				if (shown) onOutput?.(shown);
			};
			child.stdout.setEncoding('utf8').on('data', (chunk: string) => take(stdout, chunk));
			child.stderr.setEncoding('utf8').on('data', (chunk: string) => take(stderr, chunk));
			const settle = () => {
				clearTimeout(timer);
				clearTimeout(graceTimer);
				signal?.removeEventListener('abort', stop);
			};
			child.on('error', error => {
				settle();
				reject(error);
			});
			child.on('close', (code, exitSignal) => {
				settle();
				if (child.pid) this.running.delete(child.pid);
				resolve({
					stdout: stdout.text(),
					stderr: stderr.text(),
					...(stdout.cut || stderr.cut ? {cut: true} : {}),
					exitCode: code,
					signal: exitSignal ?? undefined,
					timedOut,
					stopped: stopped || undefined,
					durationMs: Date.now() - started,
				});
			});
			child.stdin.on('error', () => {}); // the script may exit before reading all of stdin
			child.stdin.end(stdin ?? '');
		});
	}

	async close(): Promise<void> {
		for (const pid of this.running) killGroup(pid, 'SIGKILL');
		this.running.clear();
	}
}

function killProcess(pid: number | undefined, signal: NodeJS.Signals): void {
	if (!pid) return;
	try {
		process.kill(pid, signal);
	} catch {
		// already gone
	}
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	if (!pid) return;
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}
