// A service's logs in the detail view (the log viewer, ui/log-viewer/): the last lines first, more
// fetched on demand when the operator scrolls past the top (`-n` grown, never all up front), and
// new lines streamed while followed (`f`: journalctl -f, compose logs --follow). A followed command
// has the stop guarantees of a followed procedure step: it ends when the operator stops it, leaves
// the logs, opens another service's, the console goes, or after the followed-command limit; the
// host kills it with everything it started. Every buffer is bounded.
import type {NamedEnvironment} from '../core/config/schema.js';
import {managerOf} from '../core/services/managers.js';
import {privileged, usesSudo} from '../core/privilege.js';
import {withoutSequences} from '../core/safe-text.js';
import {withRefusalsExplained} from '../core/services/refusals.js';
import {LineAssembler} from '../core/output-tail.js';
import {formatDuration} from '../core/duration.js';
import {runPrivileged} from './privileged.js';
import {batchPrelude} from './refresh.js';
import {followLimitSeconds} from './procedures/actions.js';
import type {Runtime} from './runtime.js';
import type {ConsoleState, Detail, Store} from './store.js';

/** The lines asked for first; each fetch past the top asks for this many times more, up to the most kept. */
export const firstLogLines = 200;
const growth = 4;
/** The most lines a log buffer keeps (fetched or followed): the oldest go first. */
export const maxLogLines = 20_000;

type Deps = {store: Store<ConsoleState>; env: NamedEnvironment; runtime: Runtime; limitSeconds?: number};

export class ServiceLogs {
	private next = 1;
	private following?: {id: number; stop: AbortController};

	constructor(private readonly deps: Deps) {}

	/** Shows a service's last `lines` log lines; resolves to what it showed (the incident desk records it). On a fleet, from `host`. */
	async show(serviceName: string, lines = firstLogLines, host?: string): Promise<Detail | undefined> {
		this.stopFollowing();
		const service = this.deps.env.services.find(s => s.name === serviceName);
		if (!service) return undefined;
		const id = this.next++;
		const base = {kind: 'logs', id, service: service.name, ...(host ? {host} : {})} as const;
		const logs = managerOf(service).logs(service, lines);
		const canFollow = managerOf(service).followLogs(service) !== undefined;
		this.deps.store.update(s => ({
			...s,
			detail: {
				...base,
				title: titleOf(service.name, lines, host),
				command: logs?.command ?? '',
				status: logs ? 'loading' : 'error',
				lines: [],
				requested: lines,
				canFollow,
				...(logs ? {} : {error: `${service.name} has no logs command (services: logs:)`}),
			},
		}));
		if (!logs) return this.deps.store.getSnapshot().detail;
		const fetched = await this.fetch(service.name, lines, host);
		const shown: Detail = {
			...base,
			title: titleOf(service.name, lines, host),
			command: fetched.command,
			status: fetched.error ? 'error' : 'ok',
			lines: fetched.lines,
			requested: lines,
			canFollow,
			complete: !fetched.error && fetched.lines.length < lines,
			...(fetched.error ? {error: fetched.error} : {}),
		};
		this.update(id, () => shown);
		return shown;
	}

	/** Scrolled past the top: the same logs with `-n` grown; the place is kept (the viewer counts from the newest line). */
	async older(): Promise<void> {
		const detail = this.deps.store.getSnapshot().detail;
		if (!detail?.id || !detail.service || detail.complete || detail.fetchingOlder || detail.status !== 'ok')
			return;
		if (detail.following) {
			this.update(detail.id, d => ({...d, note: 'f stops following; then older lines can be fetched'}));
			return;
		}
		const id = detail.id;
		const lines = Math.min(maxLogLines, (detail.requested ?? firstLogLines) * growth);
		this.update(id, d => ({...d, fetchingOlder: true, note: `fetching the last ${lines} lines…`}));
		const fetched = await this.fetch(detail.service, lines, detail.host);
		this.update(id, d =>
			fetched.error
				? {...d, fetchingOlder: false, note: `older lines: ${fetched.error}`}
				: {
						...d,
						fetchingOlder: false,
						note: undefined,
						title: titleOf(detail.service!, lines, detail.host),
						lines: fetched.lines.length > d.lines.length ? fetched.lines : d.lines,
						requested: lines,
						complete: fetched.lines.length < lines || lines >= maxLogLines,
					},
		);
	}

	/** `f`: starts following the shown service's logs, or stops it. */
	toggleFollow(): void {
		const detail = this.deps.store.getSnapshot().detail;
		if (!detail?.id || !detail.service) return;
		if (this.following?.id === detail.id) return this.stopFollowing();
		const service = this.deps.env.services.find(s => s.name === detail.service);
		const action = service && managerOf(service).followLogs(service);
		if (!service || !action) {
			this.update(detail.id, d => ({...d, note: `${detail.service}'s logs can't be followed`}));
			return;
		}
		const id = detail.id;
		const stop = new AbortController();
		this.following = {id, stop};
		const {env} = this.deps;
		const runtime = detail.host ? this.deps.runtime.forHost(detail.host) : this.deps.runtime;
		const command = action.privileged ? privileged(action.command, usesSudo(env)) : action.command;
		const assembler = new LineAssembler();
		const append = (text: string) => {
			const fresh = withoutSequences(text, action.dropSequences)
				.split('\n')
				.filter(line => line.length > 0);
			if (fresh.length === 0) return;
			this.update(id, d => {
				const lines = [...d.lines, ...fresh];
				return {
					...d,
					lines: lines.length > maxLogLines ? lines.slice(-maxLogLines) : lines,
					received: (d.received ?? 0) + fresh.length,
				};
			});
		};
		this.update(id, d => ({...d, following: true, note: `following: ${command}`}));
		const limitSeconds = this.deps.limitSeconds ?? followLimitSeconds;
		void runtime.host
			.exec(`${batchPrelude(env)}${command}`, {
				timeoutMs: limitSeconds * 1000,
				signal: stop.signal,
				onOutput: text => append(assembler.push(text)),
			})
			.then(
				result => {
					append(assembler.end());
					const note = result.stopped
						? undefined
						: result.timedOut
							? `following stopped by pg-ops after ${formatDuration(limitSeconds)}, the limit for a followed command`
							: `following ended by itself (exit ${result.exitCode ?? result.signal})${lastWords(withRefusalsExplained(result.stderr, action.refusals))}`;
					this.endFollowing(id, note);
				},
				(error: Error) => this.endFollowing(id, `following failed: ${error.message}`),
			);
	}

	/** The operator left the logs (or the console goes): a followed command stops. */
	close(): void {
		this.stopFollowing();
		this.deps.store.update(s => (s.detail ? {...s, detail: undefined} : s));
	}

	stopFollowing(): void {
		const following = this.following;
		this.following = undefined;
		following?.stop.abort();
		if (following) this.update(following.id, d => ({...d, following: false, note: undefined}));
	}

	private endFollowing(id: number, note: string | undefined): void {
		if (this.following?.id === id) this.following = undefined;
		this.update(id, d => ({...d, following: false, note}));
	}

	private async fetch(
		serviceName: string,
		lines: number,
		host: string | undefined,
	): Promise<{command: string; lines: string[]; error?: string}> {
		const service = this.deps.env.services.find(s => s.name === serviceName)!;
		const logs = managerOf(service).logs(service, lines)!;
		try {
			const runtime = host ? this.deps.runtime.forHost(host) : this.deps.runtime;
			const result = await runPrivileged(
				runtime,
				logs.command,
				this.deps.env.probeTimeoutSeconds * 1000,
				Boolean(logs.privileged),
			);
			const output = withRefusalsExplained(
				withoutSequences(`${result.stdout}${result.stderr}`, logs.dropSequences),
				logs.refusals,
			)
				.split('\n')
				.filter(l => l.length > 0)
				.slice(-maxLogLines);
			const failed = result.exitCode !== 0;
			return {
				command: result.command,
				lines: output,
				error: failed
					? `${logs.command.split(' ')[0]} exited with ${result.exitCode ?? result.signal}`
					: undefined,
			};
		} catch (error) {
			return {command: logs.command, lines: [], error: (error as Error).message};
		}
	}

	// Only while the operator still looks at the same logs.
	private update(id: number, change: (detail: Detail) => Detail): void {
		this.deps.store.update(s => (s.detail?.id === id ? {...s, detail: change(s.detail)} : s));
	}
}

const titleOf = (service: string, lines: number, host?: string) =>
	host ? `${service} on ${host}: last ${lines} log lines` : `${service}: last ${lines} log lines`;

const lastWords = (stderr: string) => {
	const last = stderr.trim().split('\n').at(-1);
	return last ? `: ${last}` : '';
};
