// The local transport: commands run on this machine (pg-ops on the host itself, and the demo).
import {spawn} from 'node:child_process';
import type {ExecOptions, ExecResult, Host} from './host.js';
import {OutputBuffer} from './output-buffer.js';
import {printErr} from './plain-output.js';
import {TerminalLineEnds, terminalCommand, terminalStdinRefused} from './terminal-output.js';
import {childrenOf, groupAlive, killGroup, killProcess, waitForGroupGone} from './process-group.js';

/** How long a stopped command gets to exit on SIGTERM before its whole group is killed. */
const stopGraceMs = 2000;
/** How long close() waits for the groups it killed to go before it reports them and returns. */
const closeWaitMs = 3000;

export type LocalHostOptions = {
	/** Told about process groups still there when close() stops waiting (default: a line on standard error). */
	onLeftRunning?(message: string): void;
	closeWaitMs?: number;
	/** Whether a process group has a live member (tests stand in a group that never goes). */
	groupAlive?(pgid: number): boolean;
};

export class LocalHost implements Host {
	readonly label = 'local';
	readonly transport = 'local' as const;
	/** Each running command's process group (its shell's pid), with when that shell has exited. */
	private readonly running = new Map<number, Promise<void>>();
	private closing?: Promise<void>;

	constructor(private readonly options: LocalHostOptions = {}) {}

	exec(script: string, {timeoutMs, stdin, onOutput, signal, terminal}: ExecOptions): Promise<ExecResult> {
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
		// As a closed SSH connection does: the caller's next command (a refresh under way) fails instead of running.
		if (this.closing) return Promise.reject(new Error(`${this.label}: closed: no new commands run`));
		if (terminal && stdin !== undefined)
			return Promise.reject(new Error(`${this.label}: ${terminalStdinRefused}`));
		const inTerminal = terminal ? terminalCommand(script) : undefined;
		if (inTerminal instanceof Error) return Promise.reject(inTerminal);
		return new Promise((resolve, reject) => {
			// Its own process group lets a timeout or a stop end everything the script started. Secrets go on stdin, never in the script.
			const child = inTerminal
				? spawn(inTerminal.file, inTerminal.args, {
						stdio: ['ignore', 'pipe', 'pipe'],
						detached: true,
						env: {...process.env, ...inTerminal.env},
					})
				: spawn('/bin/sh', ['-c', script], {stdio: ['pipe', 'pipe', 'pipe'], detached: true});
			const lineEnds = inTerminal ? new TerminalLineEnds() : undefined;
			const stdout = new OutputBuffer();
			const stderr = new OutputBuffer();
			let timedOut = false;
			let stopped = false;
			let graceTimer: NodeJS.Timeout | undefined;
			const pid = child.pid;
			if (pid) {
				const exited = new Promise<void>(done =>
					child.once('exit', () => done()).once('error', () => done()),
				);
				this.running.set(pid, exited);
				void exited.then(() => this.running.delete(pid));
			}
			// In a terminal, the command runs in a session of its own under `script`: its group too, found before `script` goes.
			let inner: number[] | undefined;
			const innerGroups = () => (inner ??= inTerminal ? childrenOf(child.pid) : []);
			const killEverything = (signal: NodeJS.Signals) => {
				for (const group of innerGroups()) killGroup(group, signal);
				killGroup(child.pid, signal);
			};
			const timer = setTimeout(() => {
				timedOut = true;
				killEverything('SIGKILL');
			}, timeoutMs);
			const stop = () => {
				stopped = true;
				for (const group of innerGroups()) killGroup(group, 'SIGTERM');
				// The script's shell first: a shell that outlives its child reports "Terminated" into the output.
				killProcess(child.pid, 'SIGTERM');
				killGroup(child.pid, 'SIGTERM');
				graceTimer = setTimeout(() => killEverything('SIGKILL'), stopGraceMs);
			};
			signal?.addEventListener('abort', stop, {once: true});
			// setEncoding decodes through a StringDecoder: a UTF-8 character split across chunks arrives whole.
			// Both bounded and made visible as they arrive (output-buffer.ts).
			const take = (buffer: OutputBuffer, chunk: string) => {
				const shown = buffer.add(chunk);
				if (shown) onOutput?.(shown);
			};
			child.stdout
				.setEncoding('utf8')
				.on('data', (chunk: string) => take(stdout, lineEnds ? lineEnds.push(chunk) : chunk));
			child.stderr
				.setEncoding('utf8')
				.on('data', (chunk: string) => take(stderr, inTerminal ? withoutScriptNotes(chunk) : chunk));
			const settle = () => {
				clearTimeout(timer);
				clearTimeout(graceTimer);
				signal?.removeEventListener('abort', stop);
				// `script` may end before the grace does (it kills its shell, not that shell's children).
				if (inner) for (const group of inner) killGroup(group, 'SIGKILL');
			};
			child.on('error', error => {
				settle();
				reject(error);
			});
			child.on('close', (code, exitSignal) => {
				settle();
				if (lineEnds) take(stdout, lineEnds.flush());
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
			child.stdin?.on('error', () => {}); // the script may exit before reading all of stdin
			child.stdin?.end(stdin ?? '');
		});
	}

	/** Kills every running command's group and resolves once all have gone (or been reported after closeWaitMs). */
	close(): Promise<void> {
		this.closing ??= this.killAll();
		return this.closing;
	}

	private async killAll(): Promise<void> {
		const killed = [...this.running];
		for (const [pgid] of killed) {
			// A command in a terminal has its own session under `script` (childrenOf).
			for (const inner of childrenOf(pgid)) killGroup(inner, 'SIGKILL');
			killGroup(pgid, 'SIGKILL');
		}
		const waitMs = this.options.closeWaitMs ?? closeWaitMs;
		const deadline = Date.now() + waitMs;
		const alive = this.options.groupAlive ?? groupAlive;
		const gone = await Promise.all(
			killed.map(([pgid, exited]) => waitForGroupGone(pgid, exited, deadline, alive)),
		);
		const left = killed.filter((_, i) => !gone[i]).map(([pgid]) => pgid);
		if (left.length === 0) return;
		const report = this.options.onLeftRunning ?? ((message: string) => printErr(`pg-ops: ${message}\n`));
		report(
			`${this.label}: process group ${left.join(', ')} still running ${waitMs / 1000}s after SIGKILL ` +
				`(a process stuck in the kernel, on a hung disk or network mount); pg-ops stopped waiting for it. ` +
				`See what it is with: ps -o pid,stat,wchan,args -g ${left[0]}`,
		);
	}
}

/** What util-linux `script` says of its own when the command it ran is stopped: not the command's output. */
function withoutScriptNotes(text: string): string {
	return text.replace(
		/Session terminated, killing shell\.\.\.(?:\s*\.\.\.killed\.)?\n?|\s*\.\.\.killed\.\n?/g,
		'',
	);
}
