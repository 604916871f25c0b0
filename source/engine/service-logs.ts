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
import {Limiter} from './fleet/limiter.js';
import {hostPrefixed, linesPerHost, mergeHostLogs} from '../core/log-view/merge-hosts.js';
import {visibleLine} from '../core/safe-text.js';

/** The lines asked for first; each fetch past the top asks for this many times more, up to the most kept. */
export const firstLogLines = 200;
const growth = 4;
/** The most lines a log buffer keeps (fetched or followed): the oldest go first. */
export const maxLogLines = 20_000;
/**
 * A followed command runs on each host until stopped: on a fleet, one per host shown. Past this many
 * the operator narrows the hosts first (a kept `/` filter) rather than open hundreds of long-lived
 * commands (and, on a fleet read from Prometheus, as many new SSH connections).
 */
export const maxFollowedHosts = 20;

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

	/**
	 * Fleets: a service's logs from `hosts` as one buffer, each line prefixed with its host and the
	 * hosts' lines interleaved by time (core/log-view/merge-hosts.ts). Each host is asked for its
	 * share of the bound (`linesPerHost`), at most fleet.concurrency at once; a host that gives none
	 * says why in the buffer, and the note counts them.
	 */
	async showMerged(serviceName: string, hosts: readonly string[], lines = firstLogLines): Promise<void> {
		this.stopFollowing();
		const service = this.deps.env.services.find(s => s.name === serviceName);
		if (!service || hosts.length === 0) return;
		const id = this.next++;
		const logs = managerOf(service).logs(service, lines);
		const base = {kind: 'logs' as const, id, service: service.name, hosts: [...hosts]};
		const perHost = linesPerHost(lines, hosts.length, maxLogLines);
		this.deps.store.update(s => ({
			...s,
			detail: {
				...base,
				title: mergedTitle(service.name, perHost, hosts.length),
				command: logs?.command ?? '',
				status: logs ? 'loading' : 'error',
				lines: [],
				requested: lines,
				canFollow: managerOf(service).followLogs(service) !== undefined,
				...(logs ? {} : {error: `${service.name} has no logs command (services: logs:)`}),
			},
		}));
		if (!logs) return;
		const merged = await this.fetchMerged(service.name, hosts, lines);
		this.update(id, d => ({...d, ...merged}));
	}

	/** Every host's share of `lines`, merged: what the detail shows of it. */
	private async fetchMerged(
		serviceName: string,
		hosts: readonly string[],
		lines: number,
	): Promise<Partial<Detail>> {
		const perHost = linesPerHost(lines, hosts.length, maxLogLines);
		const limiter = new Limiter(this.deps.env.fleet.concurrency);
		const fetched = await Promise.all(
			hosts.map(host => limiter.run(() => this.fetch(serviceName, perHost, host))),
		);
		const failed = hosts.filter((_, i) => fetched[i]!.error !== undefined);
		const merged = mergeHostLogs(
			hosts.map((host, i) => ({
				host,
				lines: fetched[i]!.lines,
				...(fetched[i]!.error === undefined ? {} : {error: fetched[i]!.error}),
			})),
			maxLogLines,
		);
		// Complete once no host has more to give, or each host's share can grow no more.
		const exhausted = fetched.every(f => f.error !== undefined || f.lines.length < perHost);
		const capped = linesPerHost(lines * growth, hosts.length, maxLogLines) === perHost;
		return {
			title: mergedTitle(serviceName, perHost, hosts.length),
			command: fetched[0]?.command ?? '',
			status: failed.length === hosts.length ? 'error' : 'ok',
			lines: merged,
			requested: lines,
			complete: exhausted || capped,
			fetchingOlder: false,
			...(failed.length === hosts.length ? {error: `no host gave ${serviceName}'s logs`} : {}),
			note:
				failed.length > 0
					? `${hosts.length - failed.length} of ${hosts.length} hosts gave logs; none from ${listed(failed)}`
					: undefined,
		};
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
		if (detail.hosts) {
			const perHost = linesPerHost(lines, detail.hosts.length, maxLogLines);
			this.update(id, d => ({
				...d,
				fetchingOlder: true,
				note: `fetching the last ${perHost} lines of each host…`,
			}));
			const merged = await this.fetchMerged(detail.service, detail.hosts, lines);
			// A fetch that failed everywhere keeps what is shown.
			this.update(id, d =>
				merged.status === 'error'
					? {...d, fetchingOlder: false, note: `older lines: ${merged.error}`}
					: {...d, ...merged, lines: merged.lines!.length >= d.lines.length ? merged.lines! : d.lines},
			);
			return;
		}
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
		if (detail.hosts && detail.hosts.length > maxFollowedHosts) {
			this.update(detail.id, d => ({
				...d,
				note: `f follows at most ${maxFollowedHosts} hosts at once, not ${detail.hosts!.length}: narrow them with / on the fleet (a kept filter), then :logs ${detail.service} and f; nothing was started`,
			}));
			return;
		}
		const id = detail.id;
		const stop = new AbortController();
		this.following = {id, stop};
		const {env} = this.deps;
		const command = action.privileged ? privileged(action.command, usesSudo(env)) : action.command;
		// One followed command per host: a fleet's merged logs follow every host they came from.
		const targets: ReadonlyArray<string | undefined> = detail.hosts ?? [detail.host];
		const width = Math.max(0, ...targets.map(host => host?.length ?? 0));
		const ended: string[] = [];
		let running = targets.length;
		const limitSeconds = this.deps.limitSeconds ?? followLimitSeconds;
		this.update(id, d => ({...d, following: true, note: `following: ${command}`}));
		for (const host of targets) {
			const runtime = host ? this.deps.runtime.forHost(host) : this.deps.runtime;
			const assembler = new LineAssembler();
			const shown = (line: string) =>
				detail.hosts && host ? hostPrefixed(host, width, visibleLine(line)) : line;
			const append = (text: string) => {
				const fresh = withoutSequences(text, action.dropSequences)
					.split('\n')
					.filter(line => line.length > 0)
					.map(shown);
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
			// The note says why following ended: on a fleet, which hosts ended and why, while the others go on.
			const end = (note: string | undefined) => {
				running--;
				if (note !== undefined) ended.push(detail.hosts && host ? `${host}: ${note}` : note);
				const said =
					ended.length === 0
						? undefined
						: ended.length === 1
							? ended[0]
							: `${ended[0]} (and ${ended.length - 1} more)`;
				if (running === 0) return this.endFollowing(id, said);
				if (said)
					this.update(id, d => ({...d, note: `following on ${running} of ${targets.length} hosts; ${said}`}));
			};
			void runtime.host
				.exec(`${batchPrelude(env)}${command}`, {
					timeoutMs: limitSeconds * 1000,
					signal: stop.signal,
					onOutput: text => append(assembler.push(text)),
				})
				.then(
					result => {
						append(assembler.end());
						end(
							result.stopped
								? undefined
								: result.timedOut
									? `following stopped by pg-ops after ${formatDuration(limitSeconds)}, the limit for a followed command`
									: `following ended by itself (exit ${result.exitCode ?? result.signal})${lastWords(withRefusalsExplained(result.stderr, action.refusals))}`,
						);
					},
					(error: Error) => end(`following failed: ${error.message}`),
				);
		}
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

const mergedTitle = (service: string, perHost: number, hosts: number) =>
	`${service} on ${hosts} hosts: last ${perHost} log lines of each, merged`;

/** Some host names: the first 3 of many. */
const listed = (hosts: readonly string[]) =>
	hosts.length > 3 ? `${hosts.slice(0, 3).join(', ')} and ${hosts.length - 3} more` : hosts.join(', ');

const lastWords = (stderr: string) => {
	const last = stderr.trim().split('\n').at(-1);
	return last ? `: ${last}` : '';
};
