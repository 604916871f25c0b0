// Refreshes an environment host by host: each host's batch goes through a limiter (fleet.concurrency)
// on its own connection, so a slow or dead host holds only itself; the environment's probes run
// once beside them. Every reading is merged into the panes (core/fleet/aggregate.ts).
//
// progressive (the console): panes and the fleet state are published as each host answers; a host
//   whose batch outlives the refresh interval shows as slow; hosts not shown are paused.
// one-shot (status, a procedure's before/after, the bench): each pane is reported once, when all
//   of its readings are in, exactly as a one-host environment always reported it.
import {paneIds} from '../../core/panes.js';
import {
	hostFindings,
	mergeDisk,
	mergeServices,
	mergeSlot,
	serviceSummaries,
	type DiskData,
	type HealthResults,
	type HostPart,
	type HostServiceStates,
	type Outcome,
	type SlotLink,
	type SlotVerify,
} from '../../core/fleet/aggregate.js';
import {fleetHost, fleetSummary, hostStatus, partState, type HostTrack} from '../../core/fleet/host-state.js';
import type {FleetState, HostStatus} from '../../core/fleet/types.js';
import type {Host} from '../../adapters/host.js';
import type {Runtime} from '../runtime.js';
import type {RefreshListener} from '../refresh.js';
import {servicesConfigured} from '../probes/services.js';
import {diskConfigured} from '../probes/disk.js';
import {readHost, type HostReading} from './host-batch.js';
import {envProbes, startEnvProbes} from './env-probes.js';
import {Limiter} from './limiter.js';
import {probeDeadlineMs, withTimeout} from './timeout.js';

export type FleetRefresherOptions = {
	progressive: boolean;
	/** One-shot: the time job ages are measured against (default: when refresh() starts). */
	now?: number;
	/** Progressive: how long readings may gather before the panes are recomputed. */
	publishDelayMs?: number;
};

type Track = HostTrack & {
	host: Host;
	reading?: HostReading;
	/** Each part's last good value, kept while later batches fail (shown as such). */
	last: {services?: HostServiceStates; disk?: DiskData; slotLink?: SlotLink};
	inFlight?: Promise<void>;
	slowTimer?: NodeJS.Timeout;
	/** Batches failed in a row; a scheduled refresh asks such a host again only from retryAt on. */
	failures: number;
	retryAt?: number;
};

/** How long a host whose last n batches failed is left alone by scheduled refreshes: 2 s doubling to 30 s. */
export const failedHostBackoffMs = (failures: number) => Math.min(30_000, 1000 * 2 ** Math.min(failures, 5));

type HostPane = 'services' | 'disk' | 'slot';

export class FleetRefresher {
	private readonly tracks: Track[];
	private readonly limiter: Limiter;
	private shownNames?: string[];
	private envRun?: Promise<void>;
	private health?: HealthResults;
	private verify?: Outcome<SlotVerify>;
	private readonly published = new Set<HostPane>();
	private publishTimer?: NodeJS.Timeout;
	private disposed = false;

	constructor(
		private readonly runtime: Runtime,
		private readonly listener: RefreshListener,
		private readonly options: FleetRefresherOptions,
	) {
		this.tracks = runtime.hosts.map(({name, host}) => ({
			name,
			label: host.label,
			shown: true,
			phase: 'loading',
			host,
			last: {},
			failures: 0,
		}));
		this.limiter = new Limiter(runtime.env.fleet.concurrency);
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
		for (const pane of paneIds) {
			const configured =
				pane === 'services'
					? servicesConfigured(env)
					: pane === 'disk'
						? diskConfigured(env)
						: envProbes.find(p => p.pane === pane)!.configured(env);
			if (!configured) this.listener.onPane({pane, configured: false, status: 'ok'});
		}
		if (!this.options.progressive) this.published.clear();
		const now = Date.now();
		const due = (track: Track) => !options.scheduled || !this.backingOff(track, now);
		const hosts = this.tracks
			.filter(t => t.shown && (t.inFlight || due(t)))
			.map(t => t.inFlight ?? this.startHost(t));
		const environment = this.envRun ?? this.startEnv();
		return Promise.all([...hosts, environment]).then(() => this.flush());
	}

	/** Only these hosts are refreshed (undefined: all); the others keep their last data, paused, and their connections close once idle. */
	showHosts(names: string[] | undefined): void {
		const wanted = names ? new Set(names) : undefined;
		this.shownNames = names ? this.tracks.filter(t => wanted!.has(t.name)).map(t => t.name) : undefined;
		const idleMs = this.runtime.env.fleet.idleCloseSeconds * 1000;
		for (const track of this.tracks) {
			const shown = !wanted || wanted.has(track.name);
			const appeared = shown && !track.shown;
			track.shown = shown;
			track.host.idleCloseAfter?.(shown ? undefined : idleMs);
			// A host coming back into view is asked at once, not at the next tick.
			if (appeared && !track.inFlight && this.options.progressive && !this.disposed)
				void this.startHost(track);
		}
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
					this.parts(
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

	private startHost(track: Track): Promise<void> {
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
					// A fleet host is asked even with nothing to read, so "answered" means it did.
					const reading = await withTimeout(
						readHost(env, track.host, {always: this.runtime.fleet}),
						probeDeadlineMs(env.probeTimeoutSeconds),
						`the batch on ${track.host.label}`,
					);
					track.reading = reading;
					track.phase = 'answered';
					track.error = undefined;
					track.failures = 0;
					track.retryAt = undefined;
					track.lastDataAt = Date.now();
					track.findings = hostFindings(env, reading);
					if (reading.services?.ok) track.last.services = reading.services.value;
					if (reading.disk?.ok) track.last.disk = reading.disk.value;
					if (reading.slotLink?.ok) {
						track.last.slotLink = reading.slotLink.value;
						track.release = reading.slotLink.value.release;
					}
				} catch (error) {
					track.phase = 'unreachable';
					const message = (error as Error).message;
					// A jump host's error names the jump host: on a fleet, say which host it was trying to reach.
					track.error =
						this.runtime.fleet && !message.includes(track.name) ? `${track.name}: ${message}` : message;
					track.failures++;
					track.retryAt = Date.now() + failedHostBackoffMs(track.failures);
				} finally {
					track.lastAttemptAt = Date.now();
					track.ms = track.lastAttemptAt - started;
					track.inFlightSince = undefined;
					clearTimeout(track.slowTimer);
				}
			}, turn)
			.finally(() => {
				track.inFlight = undefined;
				this.changed();
			});
		track.inFlight = run;
		return run;
	}

	private startEnv(): Promise<void> {
		const now = this.options.now ?? Date.now();
		if (!this.options.progressive) {
			this.health = undefined;
			this.verify = undefined;
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
				this.health = health;
				this.changed();
			}),
			round.verify?.then(verify => {
				this.verify = verify;
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
		const hostsSettled = this.tracks.every(t => !t.shown || !t.inFlight);
		if (!hostsSettled) return;
		const statuses = this.statuses(Date.now());
		for (const pane of ['disk', 'services', 'slot'] as const) {
			if (this.published.has(pane)) continue;
			if (this.publishPane(pane, statuses)) this.published.add(pane);
		}
	}

	// Progressive: everything, from whatever has come in so far.
	private publishAll(): void {
		if (this.disposed) return;
		const now = Date.now();
		const statuses = this.statuses(now);
		for (const pane of ['disk', 'services', 'slot'] as const) this.publishPane(pane, statuses);
		if (this.runtime.fleet) this.listener.onFleet?.(this.state(now));
	}

	/** Reports one host pane if it can be: false while what it waits for is still on its way. */
	private publishPane(pane: HostPane, statuses: HostStatus[]): boolean {
		const {env} = this.runtime;
		if (pane === 'disk') {
			if (!diskConfigured(env)) return true;
			const merged = mergeDisk(
				env,
				this.parts(
					statuses,
					r => r.disk,
					t => t.last.disk,
				),
			);
			if (merged) this.listener.onPane({pane: 'disk', configured: true, ...merged});
			return true;
		}
		if (pane === 'services') {
			if (!servicesConfigured(env)) return true;
			const parts = this.parts(
				statuses,
				r => r.services,
				t => t.last.services,
			);
			// Health decides a service's level: wait for it, unless there is nothing for it to decide.
			const needsHealth = env.services.some(s => s.health) && parts.some(p => p.state === 'fresh');
			if (needsHealth && !this.health) return false;
			const merged = mergeServices(env, parts, this.health);
			if (merged) this.listener.onPane({pane: 'services', configured: true, ...merged});
			return true;
		}
		if (!env.slots || !this.listener.onSlot) return true;
		if (!this.verify) return false;
		const links = this.parts(
			statuses,
			r => r.slotLink,
			t => t.last.slotLink,
		);
		if (!links.some(l => l.state === 'fresh' || l.state === 'failed' || l.value !== undefined)) return false;
		this.listener.onSlot(mergeSlot(links, this.verify));
		return true;
	}

	private parts<T>(
		statuses: HostStatus[],
		pick: (reading: HostReading) => Outcome<T> | undefined,
		last: (track: Track) => T | undefined,
	): HostPart<T>[] {
		return this.tracks.map((track, i) => {
			const part = track.reading ? pick(track.reading) : undefined;
			const state = partState(statuses[i]!, part !== undefined && !part.ok);
			const error =
				state === 'failed'
					? statuses[i] === 'unreachable'
						? track.error
						: part && !part.ok
							? part.error
							: undefined
					: undefined;
			const value = last(track);
			return {
				host: track.name,
				state,
				...(value !== undefined ? {value} : {}),
				...(error !== undefined ? {error} : {}),
			};
		});
	}

	private statuses(now: number): HostStatus[] {
		const slowAfter = this.slowAfterMs();
		return this.tracks.map(t => hostStatus(this.view(t), now, slowAfter));
	}

	private view(track: Track): HostTrack {
		const connection = track.host.connectionState?.().status;
		return {...track, ...(connection ? {connection} : {})};
	}

	private slowAfterMs(): number {
		return this.options.progressive ? this.runtime.env.refreshSeconds * 1000 : Number.POSITIVE_INFINITY;
	}
}
