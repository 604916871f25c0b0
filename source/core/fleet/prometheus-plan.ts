// How each host of an environment reading Prometheus is read this refresh: from Prometheus, over SSH
// instead (fallback: ssh, for a host Prometheus does not know, reports down, holds stale samples of,
// or cannot answer for at all), or not at all; and the pane's note saying so. Pure.
import type {Environment, NamedEnvironment} from '../config/schema.js';
import type {SourceNote} from '../panes.js';
import type {PrometheusHost} from './prometheus-readings.js';
import {checkSource} from '../checks/schema.js';

export type HostPartName = 'services' | 'disk' | 'slot' | 'checks';

type PrometheusUp = Extract<PrometheusHost, {kind: 'up'}>;

/**
 * prometheus: apply its reading (stale: older than the scrape interval allows); `ssh` names the parts
 * still read over SSH on the host (a pane not read from Prometheus, the `current` link on the first
 * host, everything while its detail view is open), whose failure fails only those parts.
 * ssh: the whole reading over SSH (its failure makes the host unreachable), `why` it is not Prometheus'.
 * none: no reading (`why` in a few words, `error` in full); keep: Prometheus could not answer and there is no fallback: the last reading stays.
 */
export type HostPlan =
	| {read: 'prometheus'; host: PrometheusUp; stale: boolean; ssh: HostPartName[]}
	| {read: 'ssh'; why: string}
	| {read: 'none'; why: string; error: string}
	| {read: 'keep'};

export type RoundView = {ok: true; hosts: ReadonlyMap<string, PrometheusHost>} | {ok: false; error: string};

/** The pane's rows are read from the environment's Prometheus (services.source, disk.source). */
export function readsFromPrometheus(env: Environment, pane: 'services' | 'disk'): boolean {
	return pane === 'services' ? env.servicesSource === 'prometheus' : env.disk?.source === 'prometheus';
}

/** The parts a host answered by Prometheus still reads over SSH. */
export function sshPartsBeside(
	env: NamedEnvironment,
	options: {first: boolean; detail: boolean},
): HostPartName[] {
	const parts: HostPartName[] = [];
	const services = env.services.length > 0 && (options.detail || env.servicesSource !== 'prometheus');
	if (services) parts.push('services');
	if (env.disk && (options.detail || env.disk.source !== 'prometheus')) parts.push('disk');
	// Prometheus has no symlinks: the header's release is the first host's `current`, over SSH.
	if (env.slots && (options.first || options.detail)) parts.push('slot');
	// Prometheus cannot run a team's command: those checks run on every host over SSH.
	if (env.checks.some(c => checkSource(c) === 'command')) parts.push('checks');
	return parts;
}

export function planHost(
	env: NamedEnvironment,
	round: RoundView,
	name: string,
	options: {first: boolean; detail: boolean; staleAfterMs: number},
): HostPlan {
	const fallback = env.prometheus?.fallback === 'ssh';
	if (!round.ok) return fallback ? {read: 'ssh', why: 'Prometheus did not answer'} : {read: 'keep'};
	const host = round.hosts.get(name);
	if (!host || host.kind === 'unknown') {
		const why = 'not known to Prometheus';
		return fallback ? {read: 'ssh', why} : {read: 'none', why, error: host?.error ?? why};
	}
	if (host.kind === 'down') {
		const why = 'exporter down in Prometheus';
		return fallback ? {read: 'ssh', why} : {read: 'none', why, error: host.error};
	}
	const stale = host.ageMs !== undefined && host.ageMs > options.staleAfterMs;
	if (stale && fallback) return {read: 'ssh', why: 'stale in Prometheus'};
	return {read: 'prometheus', host, stale, ssh: sshPartsBeside(env, options)};
}

const listed = 5;

/** The pane's note: the server, its error, where the rows came from, and why some are not Prometheus'. */
export function sourceNote(
	where: string,
	error: string | undefined,
	hosts: ReadonlyArray<{
		name: string;
		source?: 'prometheus' | 'ssh';
		note?: string;
		scrapedAt?: number;
		stale?: boolean;
	}>,
): SourceNote {
	const counts = {prometheus: 0, ssh: 0, none: 0};
	const reasons = new Map<string, string[]>();
	const scrapedAt = paneScrapeAt(
		hosts.length,
		i => (hosts[i]!.source === 'prometheus' ? hosts[i]!.scrapedAt : undefined),
		i => hosts[i]!.stale === true,
	);
	for (const host of hosts) {
		counts[host.source ?? 'none']++;
		const why =
			host.source === 'prometheus'
				? host.stale
					? 'stale in Prometheus'
					: undefined
				: host.note
					? `${host.note}${host.source === 'ssh' ? ' (read over SSH)' : ''}`
					: undefined;
		if (!why) continue;
		const names = reasons.get(why) ?? [];
		if (names.length === 0) reasons.set(why, names);
		names.push(host.name);
	}
	const notes = [...reasons].map(
		([why, names]) =>
			`${why}: ${names.slice(0, listed).join(', ')}${names.length > listed ? `, and ${names.length - listed} more` : ''}`,
	);
	return {
		prometheus: where,
		...(error ? {error} : {}),
		hosts: counts,
		...(scrapedAt !== undefined ? {oldestScrapeAt: scrapedAt} : {}),
		notes,
	};
}

/**
 * A pane's age: its oldest current sample; with every sample stale, the newest there is. Host by
 * index, nothing copied: the console moves a pane's age from this each round without merging it again.
 * `scrapedAt(i)`: when the i-th host's samples were scraped, undefined when its rows are not Prometheus'.
 */
export function paneScrapeAt(
	count: number,
	scrapedAt: (index: number) => number | undefined,
	stale: (index: number) => boolean,
): number | undefined {
	let oldestCurrent: number | undefined;
	let newestStale: number | undefined;
	for (let i = 0; i < count; i++) {
		const at = scrapedAt(i);
		if (at === undefined) continue;
		if (!stale(i)) oldestCurrent = Math.min(oldestCurrent ?? Infinity, at);
		else newestStale = Math.max(newestStale ?? -Infinity, at);
	}
	return oldestCurrent ?? newestStale;
}
