// When a progressive fleet refresh (the console) merges its panes and its hosts' state again. A fleet
// read from Prometheus gets every host anew each round, but with 1,000 targets whose scrapes
// Prometheus spreads over the interval, most hosts bring only a new scrape of the same values:
// those keep their recorded reading (fleet-track.ts recordPrometheus), nothing moves `version`, and
// a pane is not merged again. Only its age moves (its oldest sample's scrape, from the tracks as they
// stand): the last report again with that age, its rows the same objects. A host whose status changed
// (stale or slow by the clock, a batch that ended, a round that changed a value) merges everything.
import {fleetHost} from '../../core/fleet/host-state.js';
import type {HealthResults} from '../../core/fleet/aggregate.js';
import type {HostStatus} from '../../core/fleet/types.js';
import type {SourceNote} from '../../core/panes.js';
import type {PaneReport} from '../refresh.js';
import type {HostPane} from './fleet-panes.js';
import type {PrometheusRound} from './prometheus-round.js';
import type {Track} from './fleet-track.js';
import {sameValue} from '../../core/fleet/same-value.js';

type Merged = {version: number; report?: PaneReport; round?: PrometheusRound};

export class FleetPublishGate {
	/** Moves whenever what a pane or the fleet's state is merged from may have changed. */
	private version = 0;
	private statuses: readonly HostStatus[] = [];
	private readonly merged = new Map<HostPane, Merged>();
	private fleet?: {version: number; timed: readonly string[]};
	private readonly env = new Map<string, unknown>();

	/** Something a pane rests on changed (a host's reading, the hosts shown, the environment's results). */
	moved(): void {
		this.version++;
	}

	/**
	 * The environment's result `name` (health, verify, checks) came in: moves unless it is the same as
	 * the last one as the panes show it (`shown`: the health URL's timing is not on a fleet's screen).
	 */
	envResult(name: string, shown: unknown): void {
		if (this.env.has(name) && sameValue(this.env.get(name), shown)) return;
		this.env.set(name, shown);
		this.version++;
	}

	/** This publish's host statuses: one that changed by itself (stale, slow: the clock) changes the rows. */
	observe(statuses: readonly HostStatus[]): void {
		if (statuses.length === this.statuses.length && statuses.every((s, i) => s === this.statuses[i])) return;
		this.statuses = statuses;
		this.version++;
	}

	/** The pane has not been merged since what it rests on last changed. */
	needsMerge(pane: HostPane): boolean {
		return this.merged.get(pane)?.version !== this.version;
	}

	/** The pane was merged now; `report`: what it reported (none: nothing to say, or not its turn yet). */
	mergedNow(pane: HostPane, report: PaneReport | undefined, round: PrometheusRound | undefined): void {
		this.merged.set(pane, {version: this.version, report, round});
	}

	/**
	 * The pane's last report with the age its samples have now (`scrapedAt`: the oldest current
	 * scrape), when that or the round moved since; undefined when nothing would change, or the pane
	 * is not read from Prometheus (no note of its samples' age).
	 */
	aged(
		pane: HostPane,
		scrapedAt: number | undefined,
		round: PrometheusRound | undefined,
	): PaneReport | undefined {
		const merged = this.merged.get(pane);
		const report = merged?.report;
		const via = (report?.data as {via?: SourceNote} | undefined)?.via;
		if (!merged || !report || !via) return undefined;
		if (scrapedAt === via.oldestScrapeAt && round === merged.round) return undefined;
		const {oldestScrapeAt: _was, ...rest} = via;
		const {dataAt: _at, ...unaged} = report;
		const aged = {
			...unaged,
			data: {...report.data, via: scrapedAt === undefined ? rest : {...rest, oldestScrapeAt: scrapedAt}},
			...(scrapedAt === undefined ? {} : {dataAt: scrapedAt}),
		} as PaneReport;
		this.merged.set(pane, {...merged, report: aged, round});
		return aged;
	}

	/**
	 * The fleet's state is due: what it rests on changed, or what moves by itself on screen did
	 * (`timed`: slow and stale hosts' "for how long", the hosts' connections), or a host's detail is
	 * open (its ages are on screen).
	 */
	fleetDue(timed: readonly string[], detailOpen: boolean): boolean {
		const last = this.fleet;
		const same =
			last !== undefined &&
			last.version === this.version &&
			last.timed.length === timed.length &&
			last.timed.every((t, i) => t === timed[i]);
		if (same && !detailOpen) return false;
		this.fleet = {version: this.version, timed};
		return true;
	}
}

/** Prometheus answered (or failed) as before: the same server, and the same error if any. */
export function sameOutcome(before: PrometheusRound | undefined, after: PrometheusRound): boolean {
	if (!before || before.where !== after.where || before.ok !== after.ok) return false;
	return before.ok || after.ok || before.error === after.error;
}

/** The health results as the fleet's panes show them: up or down, the status code, the error; not the timing. */
export function shownHealth(health: HealthResults | undefined): unknown {
	return health && [...health].map(([name, r]) => [name, r && {ok: r.ok, status: r.status, error: r.error}]);
}

/** What of the fleet's state moves by itself: a slow or stale host's "for how long", a host's connection. */
export function timedText(
	tracks: readonly Track[],
	statuses: readonly HostStatus[],
	now: number,
	slowAfterMs: number,
): string[] {
	return tracks.map((t, i) =>
		statuses[i] === 'slow' || statuses[i] === 'stale'
			? (fleetHost(t, now, slowAfterMs).problems[0] ?? '')
			: (t.host.connectionState?.().status ?? ''),
	);
}
