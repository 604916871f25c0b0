// The local transport: commands run on this machine (pg-ops on the host itself, and the demo).
import {spawn} from 'node:child_process';
import type {ExecOptions, ExecResult, Host} from './host.js';

const maxOutputBytes = 4 * 1024 * 1024;

export class LocalHost implements Host {
	readonly label = 'local';
	readonly transport = 'local' as const;
	private readonly running = new Set<number>();

	exec(script: string, {timeoutMs, stdin}: ExecOptions): Promise<ExecResult> {
		const started = Date.now();
		return new Promise((resolve, reject) => {
			// Its own process group lets a timeout kill everything the script started. Secrets go on stdin, never in the script.
			const child = spawn('/bin/sh', ['-c', script], {stdio: ['pipe', 'pipe', 'pipe'], detached: true});
			let stdout = '';
			let stderr = '';
			let timedOut = false;
			if (child.pid) this.running.add(child.pid);
			const timer = setTimeout(() => {
				timedOut = true;
				killGroup(child.pid);
			}, timeoutMs);
			child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
				if (stdout.length < maxOutputBytes) stdout += chunk;
			});
			child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
				if (stderr.length < maxOutputBytes) stderr += chunk;
			});
			child.on('error', error => {
				clearTimeout(timer);
				reject(error);
			});
			child.on('close', (code, signal) => {
				clearTimeout(timer);
				if (child.pid) this.running.delete(child.pid);
				resolve({stdout, stderr, exitCode: code, signal: signal ?? undefined, timedOut, durationMs: Date.now() - started});
			});
			child.stdin.on('error', () => {}); // the script may exit before reading all of stdin
			child.stdin.end(stdin ?? '');
		});
	}

	async close(): Promise<void> {
		for (const pid of this.running) killGroup(pid);
		this.running.clear();
	}
}

function killGroup(pid: number | undefined): void {
	if (!pid) return;
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// already gone
	}
}
