// What the fleet refresher keeps of each host between refreshes, and how a reading (over SSH, or from
// Prometheus) lands in it; each host's part of a pane, and the pane's note on where its rows came from.
import {
	hostFindings,
	type DiskData,
	type HostPart,
	type HostServiceStates,
	type Outcome,
	type PaneMerge,
	type SlotLink,
} from '../../core/fleet/aggregate.js';
import {partState, type HostTrack} from '../../core/fleet/host-state.js';
import type {HostStatus} from '../../core/fleet/types.js';
import type {HostSource, NamedEnvironment} from '../../core/config/schema.js';
import type {SourceNote} from '../../core/panes.js';
import {paneScrapeAt, sourceNote, type HostPartName} from '../../core/fleet/prometheus-plan.js';
import type {PrometheusHost} from '../../core/fleet/prometheus-readings.js';
import type {Host} from '../../adapters/host.js';
import type {HostReading} from './host-batch.js';
import type {PrometheusRound} from './prometheus-round.js';
import type {CheckItem} from '../../core/checks/evaluate.js';
import {checkSource} from '../../core/checks/schema.js';
import {sameAsShown} from '../../core/fleet/same-as-shown.js';

export type Track = HostTrack & {
	host: Host;
	reading?: HostReading;
	/** Each part's last good value, kept while later batches fail (shown as such). */
	last: {services?: HostServiceStates; disk?: DiskData; slotLink?: SlotLink; checks?: CheckItem[]};
	inFlight?: Promise<void>;
	slowTimer?: NodeJS.Timeout;
	/** Batches failed in a row; a scheduled refresh asks such a host again only from retryAt on. */
	failures: number;
	retryAt?: number;
	/** An environment reading Prometheus: where each pane's part of its last reading came from. */
	partSources: Partial<Record<'services' | 'disk', HostSource>>;
};

/**
 * How a host's SSH batch is asked: `parts` (default all); `beside` a reading from Prometheus (its
 * failure fails only those parts, the host stays answered); `why` it is read over SSH instead of
 * from Prometheus (said with its error when it fails too).
 */
export type SshRead = {parts?: ReadonlySet<HostPartName>; beside?: boolean; why?: string};

/** How long a host whose last n batches failed is left alone by scheduled refreshes: 2 s doubling to 30 s. */
export const failedHostBackoffMs = (failures: number) => Math.min(30_000, 1000 * 2 ** Math.min(failures, 5));

export function newTrack(name: string, host: Host): Track {
	return {
		name,
		label: host.label,
		shown: true,
		phase: 'loading',
		host,
		last: {},
		failures: 0,
		partSources: {},
	};
}

/**
 * A reading came back (over SSH, or from Prometheus): the host answered. `fresh`: the parts just
 * read, whose rows now say `source` (in an environment reading Prometheus, `tagged`).
 */
export function recordReading(
	env: NamedEnvironment,
	track: Track,
	reading: HostReading,
	fresh: HostReading,
	source: HostSource | undefined,
): void {
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
	if (!source) return;
	if (fresh.services) track.partSources.services = source;
	if (fresh.disk) track.partSources.disk = source;
}

/** Parts read over SSH beside Prometheus' reading failed: only those parts, the host did answer Prometheus. */
export function recordPartsFailed(
	env: NamedEnvironment,
	track: Track,
	parts: ReadonlySet<HostPartName> | undefined,
	error: string,
): void {
	const failed = {ok: false as const, error};
	const reading: HostReading = {...track.reading};
	if (parts?.has('services') && env.services.length > 0) reading.services = failed;
	if (parts?.has('disk') && env.disk) reading.disk = failed;
	if (parts?.has('slot') && env.slots) reading.slotLink = failed;
	if (parts?.has('checks') && env.checks.some(c => checkSource(c) === 'command')) reading.checks = failed;
	track.reading = reading;
	track.findings = hostFindings(env, reading);
}

/**
 * Prometheus' reading of a host that is up. What SSH read beside it (the `current` link, a pane
 * Prometheus does not give) stays until read again; so does what its open detail view read over
 * SSH (`detail`), rather than its rows flipping source every refresh.
 * Returns whether anything its rows show changed. Prometheus spreads its targets' scrapes over the
 * interval, so most rounds bring most hosts a new scrape of the same values: such a host keeps its
 * reading, findings and last values (the same objects: nothing merged from them is made again) and
 * only its sample times move (its age and when it turns stale, both read from the clock).
 */
export function recordPrometheus(
	env: NamedEnvironment,
	track: Track,
	host: Extract<PrometheusHost, {kind: 'up'}>,
	options: {at: number; staleAfterMs: number; detail: boolean},
): boolean {
	const fresh: HostReading = {};
	if (host.services && !(options.detail && track.partSources.services === 'ssh'))
		fresh.services = host.services;
	if (host.disk && !(options.detail && track.partSources.disk === 'ssh')) fresh.disk = host.disk;
	const changed = !sameAsRecorded(track, fresh);
	if (changed) {
		recordReading(env, track, {...track.reading, ...fresh}, fresh, 'prometheus');
		track.source = 'prometheus';
		track.note = undefined;
	}
	track.lastDataAt = options.at;
	track.scrapedAt = options.at - (host.ageMs ?? 0);
	track.staleAt = track.scrapedAt + options.staleAfterMs;
	return changed;
}

/** The host was read from Prometheus last time too, and these parts show as the values then recorded. */
function sameAsRecorded(track: Track, fresh: HostReading): boolean {
	const reading = track.reading;
	if (!reading || track.phase !== 'answered' || track.source !== 'prometheus' || track.note !== undefined)
		return false;
	// As shown: a few pages of a disk's free space more or less are no change (core/fleet/same-as-shown.ts).
	const same = (part: 'services' | 'disk', equal: () => boolean) =>
		fresh[part] === undefined ||
		(track.partSources[part] === 'prometheus' && reading[part] !== undefined && equal());
	return (
		same('services', () => sameAsShown.services(fresh.services!, reading.services!)) &&
		same('disk', () => sameAsShown.disk(fresh.disk!, reading.disk!))
	);
}

/**
 * Prometheus does not know the host, or reports it down, and nothing falls back: no reading, and why.
 * Returns whether anything shown changed (not when it was already so for the same reason).
 */
export function recordNoReading(track: Track, why: string, error: string, at: number): boolean {
	const changed =
		track.phase !== 'unreachable' ||
		track.error !== error ||
		track.note !== why ||
		track.source !== undefined;
	track.phase = 'unreachable';
	track.error = error;
	track.note = why;
	track.source = undefined;
	track.lastAttemptAt = at;
	return changed;
}

/** Each host's part of a pane: its state, last value, error, and (pane read in an environment reading Prometheus) where it came from. */
export function hostParts<T>(
	tracks: readonly Track[],
	statuses: readonly HostStatus[],
	pick: (reading: HostReading) => Outcome<T> | undefined,
	last: (track: Track) => T | undefined,
	sourceOf?: (track: Track) => HostSource | undefined,
): HostPart<T>[] {
	return tracks.map((track, i) => {
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
		const source = sourceOf?.(track);
		return {
			host: track.name,
			state,
			...(value !== undefined ? {value} : {}),
			...(error !== undefined ? {error} : {}),
			...(source ? {source} : {}),
		};
	});
}

/** A merged pane with its note (where its rows came from) and the age of its data, in an environment reading Prometheus. */
export function withSourceNote<T extends object>(
	merged: {status: PaneMerge<T>['status']; data?: T; error?: string},
	round: PrometheusRound | undefined,
	tracks: readonly Track[],
	statuses: readonly HostStatus[],
): {status: PaneMerge<T>['status']; data?: T & {via?: SourceNote}; error?: string; dataAt?: number} {
	if (!round || !merged.data) return merged;
	const via = sourceNote(
		round.where,
		round.ok ? undefined : round.error,
		tracks.map((track, i) => ({
			name: track.name,
			source: track.phase === 'answered' ? track.source : undefined,
			note: track.note,
			scrapedAt: track.scrapedAt,
			stale: statuses[i] === 'stale',
		})),
	);
	return {
		...merged,
		data: {...merged.data, via},
		...(via.oldestScrapeAt !== undefined ? {dataAt: via.oldestScrapeAt} : {}),
	};
}

/** The age a pane read from Prometheus shows (its via's oldestScrapeAt), from the tracks as they stand: no merge. */
export function scrapeAtOf(tracks: readonly Track[], statuses: readonly HostStatus[]): number | undefined {
	return paneScrapeAt(
		tracks.length,
		i => {
			const track = tracks[i]!;
			return track.phase === 'answered' && track.source === 'prometheus' ? track.scrapedAt : undefined;
		},
		i => statuses[i] === 'stale',
	);
}
