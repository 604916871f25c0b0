// Refreshes an environment host by host: each host's batch goes through a limiter (fleet.concurrency)
// on its own connection, so a slow or dead host holds only itself; the environment's probes run
// once beside them. Every reading is merged into the panes (core/fleet/aggregate.ts).
//
// progressive (the console): panes and the fleet state are published as each host answers; a host
//   whose batch outlives the refresh interval shows as slow; hosts not shown are paused.
// one-shot (status, a procedure's before/after, the bench): each pane is reported once, when all
//   of its readings are in, exactly as a one-host environment always reported it.
import {paneIds} from '../../core/panes.js';
import {paneSpecs} from '../../core/pane-specs/registry.js';
import type {CheckItem} from '../../core/checks/evaluate.js';
import {
	serviceSummaries,
	type HealthResults,
	type Outcome,
	type SlotVerify,
} from '../../core/fleet/aggregate.js';
import {fleetHost, fleetSummary, hostStatus, type HostTrack} from '../../core/fleet/host-state.js';
import type {FleetState, HostStatus} from '../../core/fleet/types.js';
import type {Runtime} from '../runtime.js';
import type {RefreshListener} from '../refresh.js';
import {servicesConfigured} from '../probes/services.js';
import {commandChecks} from '../probes/checks.js';
import {readHost} from './host-batch.js';
import {hostPanes, reportHostPane, type HostPane} from './fleet-panes.js';
import {
	type SshRead,
	type Track,
	failedHostBackoffMs,
	hostParts,
	newTrack,
	recordPartsFailed,
	recordReading,
	scrapeAtOf,
} from './fleet-track.js';
import {applyRound, readFleetFromPrometheus, type PrometheusRound} from './prometheus-round.js';
import {FleetPublishGate, sameOutcome, shownHealth, timedText} from './fleet-publish.js';
import type {PaneReport} from '../refresh.js';
import {startEnvProbes} from './env-probes.js';
import {Limiter} from './limiter.js';
import {probeDeadlineMs, withTimeout} from './timeout.js';

export type FleetRefresherOptions = {
	progressive: boolean;
	/** One-shot: the time job ages are measured against (default: when refresh() starts). */
	now?: number;
	/** Progressive: how long readings may gather before the panes are recomputed. */
	publishDelayMs?: number;
};

export {failedHostBackoffMs};

export class FleetRefresher {
	private readonly tracks: Track[];
	private readonly limiter: Limiter;
	private shownNames?: string[];
	private envRun?: Promise<void>;
	private health?: HealthResults;
	private verify?: Outcome<SlotVerify>;
	/** The environment's checks (HTTP, SQL, PromQL) of the last round, when it has any. */
	private envChecks?: Outcome<CheckItem[]>;
	private readonly published = new Set<HostPane>();
	private publishTimer?: NodeJS.Timeout;
	private disposed = false;
	/** The environment reads hosts from Prometheus: one round of queries per refresh, SSH only beside or instead. */
	private readonly viaPrometheus: boolean;
	private prometheusRun?: Promise<void>;
	private round?: PrometheusRound;
	/** The host whose detail view is open: read over SSH too (its details, beside Prometheus' states). */
	private detailHost?: string;
	/** Progressive: merges a pane or the fleet's state again only when what it rests on changed (fleet-publish.ts). */
	private readonly gate = new FleetPublishGate();

	constructor(
		private readonly runtime: Runtime,
		private readonly listener: RefreshListener,
		private readonly options: FleetRefresherOptions,
	) {
		this.tracks = runtime.hosts.map(({name, host}) => newTrack(name, host));
		this.limiter = new Limiter(runtime.env.fleet.concurrency);
		this.viaPrometheus = Boolean(runtime.env.prometheus);
		// Read from Prometheus, a host's connection serves only procedures, logs and its detail: closed when idle.
		if (this.viaPrometheus)
			for (const track of this.tracks) track.host.idleCloseAfter?.(runtime.env.fleet.idleCloseSeconds * 1000);
	}

	/**
	 * Starts a batch on every shown host that has none running, and the environment's probes unless
	 * they are running; resolves once all of those have answered or timed out. `scheduled` (the
	 * refresh interval's tick): a host whose last batches failed is asked only once its backoff is
	 * over (failedHostBackoffMs), and stays unreachable meanwhile; otherwise (ctrl+r, after a
	 * procedure) every host is asked at once.
	 */
	refresh(options: {scheduled?: boolean} = {}): Promise<void> {
		if (this.disposed) return Promise.resolve();
		const {env} = this.runtime;
		for (const pane of paneIds)
			if (!paneSpecs[pane].configured(env)) this.listener.onPane({pane, configured: false, status: 'ok'});
		if (!this.options.progressive) this.published.clear();
		const now = Date.now();
		const due = (track: Track) => !options.scheduled || !this.backingOff(track, now);
		const hosts = this.viaPrometheus
			? [this.prometheusRun ?? this.startPrometheus(due)]
			: this.tracks.filter(t => t.shown && (t.inFlight || due(t))).map(t => t.inFlight ?? this.startHost(t));
		const environment = this.envRun ?? this.startEnv();
		return Promise.all([...hosts, environment]).then(() => this.flush());
	}

	/**
	 * Only these hosts are refreshed (undefined: all); the others keep their last data, paused, and their
	 * connections close once idle. detail: the one host's detail view is open (read from Prometheus, it is
	 * read over SSH too while it is). Hosts read from Prometheus are refreshed whatever is shown.
	 */
	showHosts(names: string[] | undefined, detail = false): void {
		const detailHost = detail && names?.length === 1 ? names[0] : undefined;
		const newDetail = detailHost !== undefined && detailHost !== this.detailHost;
		this.detailHost = detailHost;
		const wanted = names ? new Set(names) : undefined;
		this.shownNames = names ? this.tracks.filter(t => wanted!.has(t.name)).map(t => t.name) : undefined;
		const idleMs = this.runtime.env.fleet.idleCloseSeconds * 1000;
		for (const track of this.tracks) {
			const shown = !wanted || wanted.has(track.name);
			const appeared = shown && !track.shown;
			track.shown = shown;
			if (!this.viaPrometheus) track.host.idleCloseAfter?.(shown ? undefined : idleMs);
			// A host coming back into view is asked at once, not at the next tick.
			if (appeared && !track.inFlight && this.options.progressive && !this.disposed && !this.viaPrometheus)
				void this.startHost(track);
		}
		this.gate.moved();
		// Its details over SSH at once, not at the next tick.
		if (newDetail && this.options.progressive && !this.disposed) void this.refresh();
		this.changed();
	}

	/** The fleet as it stands: every host's state and the summary. */
	state(now = Date.now()): FleetState {
		const {env} = this.runtime;
		const slowAfter = this.slowAfterMs();
		const hosts = this.tracks.map(t => fleetHost(this.view(t), now, slowAfter));
		const statuses = hosts.map(h => h.status);
		const services = servicesConfigured(env)
			? serviceSummaries(
					env,
					hostParts(
						this.tracks,
						statuses,
						r => r.services,
						t => t.last.services,
					),
					this.health,
				)
			: [];
		return {
			hosts,
			summary: fleetSummary(hosts, services, this.runtime.openConnections()),
			...(this.shownNames ? {shown: this.shownNames} : {}),
		};
	}

	dispose(): void {
		this.disposed = true;
		clearTimeout(this.publishTimer);
		for (const track of this.tracks) clearTimeout(track.slowTimer);
	}

	// A connection that came back by itself (ssh reconnects after a drop) ends the backoff.
	private backingOff(track: Track, now: number): boolean {
		return (
			track.retryAt !== undefined &&
			now < track.retryAt &&
			track.host.connectionState?.().status !== 'connected'
		);
	}

	private startHost(track: Track, read: SshRead = {}): Promise<void> {
		const {env} = this.runtime;
		// Hosts that answered last time first; one that failed waits behind the rest and never takes every place.
		const turn = track.phase === 'answered' ? 'answered' : track.phase === 'unreachable' ? 'failed' : 'new';
		const run = this.limiter
			.run(async () => {
				if (this.disposed) return;
				const started = Date.now();
				track.inFlightSince = started;
				if (this.options.progressive) {
					track.slowTimer = setTimeout(() => this.changed(), this.slowAfterMs() + 50);
					this.changed();
				}
				try {
					// A command check with its own interval runs only when due; its last reading stands meanwhile.
					const readings = this.runtime.checkReadings;
					const due = commandChecks(env).filter(check => readings.due(check, track.name, started));
					// A fleet host is asked even with nothing to read, so "answered" means it did.
					const reading = await withTimeout(
						readHost(env, track.host, {
							always: this.runtime.fleet && !read.beside,
							parts: read.parts,
							checks: due,
						}),
						probeDeadlineMs(env.probeTimeoutSeconds),
						`the batch on ${track.host.label}`,
					);
					if (reading.checks?.ok) {
						for (const check of due)
							readings.keep(
								check,
								track.name,
								reading.checks.value.filter(i => i.name === check.name),
							);
						track.last.checks = commandChecks(env).flatMap(c => readings.last(c, track.name) ?? []);
					}
					const source = this.viaPrometheus ? ('ssh' as const) : undefined;
					if (read.beside) return recordReading(env, track, {...track.reading, ...reading}, reading, source);
					recordReading(env, track, reading, reading, source);
					if (this.viaPrometheus) {
						track.source = 'ssh';
						track.note = read.why;
					}
				} catch (error) {
					const message = (error as Error).message;
					// A jump host's error names the jump host: on a fleet, say which host it was trying to reach.
					const named =
						this.runtime.fleet && !message.includes(track.name) ? `${track.name}: ${message}` : message;
					// Beside Prometheus' reading: only the parts asked over SSH failed; the host did answer Prometheus.
					if (read.beside) return recordPartsFailed(env, track, read.parts, `over SSH: ${named}`);
					track.phase = 'unreachable';
					track.error = read.why ? `${read.why}; over SSH: ${named}` : named;
					track.failures++;
					track.retryAt = Date.now() + failedHostBackoffMs(track.failures);
					if (this.viaPrometheus) track.source = undefined;
				} finally {
					track.lastAttemptAt = Date.now();
					track.ms = track.lastAttemptAt - started;
					track.inFlightSince = undefined;
					clearTimeout(track.slowTimer);
				}
			}, turn)
			.finally(() => {
				track.inFlight = undefined;
				this.gate.moved();
				this.changed();
			});
		track.inFlight = run;
		return run;
	}

	/**
	 * One round of Prometheus queries for every host, then each host as planned: its reading from
	 * Prometheus (and over SSH the parts Prometheus has not), over SSH instead, or none.
	 */
	private startPrometheus(due: (track: Track) => boolean): Promise<void> {
		const run = readFleetFromPrometheus(this.runtime)
			.then(round => {
				if (this.disposed) return;
				const {asked, changed} = applyRound(this.runtime.env, this.tracks, round, {
					detailHost: this.detailHost,
					ask: (track, read) =>
						track.inFlight ??
						(read.why && !(track.shown && due(track)) ? undefined : this.startHost(track, read)),
				});
				// Else only scrape times moved: the panes are not merged again, only their ages move (publishAll).
				if (changed || !sameOutcome(this.round, round)) this.gate.moved();
				this.round = round;
				this.changed();
				return Promise.all(asked).then(() => undefined);
			})
			.finally(() => {
				this.prometheusRun = undefined;
			});
		this.prometheusRun = run;
		return run;
	}

	private startEnv(): Promise<void> {
		const now = this.options.now ?? Date.now();
		if (!this.options.progressive) {
			this.health = undefined;
			this.verify = undefined;
			this.envChecks = undefined;
		}
		const round = startEnvProbes(
			this.runtime,
			now,
			report => {
				if (!this.disposed) this.listener.onPane(report);
			},
			Boolean(this.listener.onSlot),
		);
		const run = Promise.all([
			round.panes,
			round.health.then(health => {
				this.gate.envResult('health', shownHealth(health));
				this.health = health;
				this.changed();
			}),
			round.verify?.then(verify => {
				this.gate.envResult('verify', verify);
				this.verify = verify;
				this.changed();
			}),
			round.checks?.then(checks => {
				this.gate.envResult('checks', checks);
				this.envChecks = checks;
				this.changed();
			}),
		])
			.then(() => undefined)
			.finally(() => {
				this.envRun = undefined;
			});
		this.envRun = run;
		return run;
	}

	private changed(): void {
		if (this.disposed) return;
		if (!this.options.progressive) return this.publishReady();
		this.publishTimer ??= setTimeout(() => {
			this.publishTimer = undefined;
			this.publishAll();
		}, this.options.publishDelayMs ?? 20);
	}

	private flush(): void {
		if (this.disposed) return;
		if (this.options.progressive) {
			clearTimeout(this.publishTimer);
			this.publishTimer = undefined;
			this.publishAll();
			return;
		}
		this.publishReady();
		if (this.runtime.fleet) this.listener.onFleet?.(this.state());
	}

	// One-shot: each host pane once, when everything it rests on has come in.
	private publishReady(): void {
		const hostsSettled = !this.prometheusRun && this.tracks.every(t => !t.shown || !t.inFlight);
		if (!hostsSettled) return;
		const statuses = this.statuses(Date.now());
		for (const pane of hostPanes) {
			if (this.published.has(pane)) continue;
			if (this.publishPane(pane, statuses)) this.published.add(pane);
		}
	}

	// Progressive: everything, from whatever has come in so far; a pane or the fleet's state is merged
	// again only when what it rests on changed, otherwise only a pane's age moves (fleet-publish.ts).
	private publishAll(): void {
		if (this.disposed) return;
		const now = Date.now();
		const statuses = this.statuses(now);
		this.gate.observe(statuses);
		const round = this.viaPrometheus ? this.round : undefined;
		for (const pane of hostPanes) {
			if (this.gate.needsMerge(pane)) {
				let reported: PaneReport | undefined;
				const listener = {...this.listener, onPane: (r: PaneReport) => this.listener.onPane((reported = r))};
				if (this.publishPane(pane, statuses, listener)) this.gate.mergedNow(pane, reported, round);
				continue;
			}
			const aged = this.gate.aged(pane, scrapeAtOf(this.tracks, statuses), round);
			if (aged) this.listener.onPane(aged);
		}
		if (!this.runtime.fleet || !this.listener.onFleet) return;
		const timed = timedText(this.tracks, statuses, now, this.slowAfterMs());
		if (this.gate.fleetDue(timed, this.detailHost !== undefined)) this.listener.onFleet(this.state(now));
	}

	/** Reports one host pane if it can be: false while what it waits for is still on its way. */
	private publishPane(pane: HostPane, statuses: HostStatus[], listener = this.listener): boolean {
		return reportHostPane(pane, {
			runtime: this.runtime,
			tracks: this.tracks,
			statuses,
			health: this.health,
			verify: this.verify,
			envChecks: this.envChecks,
			round: this.viaPrometheus ? this.round : undefined,
			listener,
		});
	}

	// hostStatus reads nothing of the connection: no copy of each track (view) for it.
	private statuses(now: number): HostStatus[] {
		const slowAfter = this.slowAfterMs();
		return this.tracks.map(t => hostStatus(t, now, slowAfter));
	}

	private view(track: Track): HostTrack {
		const connection = track.host.connectionState?.().status;
		return {...track, ...(connection ? {connection} : {})};
	}

	private slowAfterMs(): number {
		return this.options.progressive ? this.runtime.env.refreshSeconds * 1000 : Number.POSITIVE_INFINITY;
	}
}
