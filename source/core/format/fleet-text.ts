// A fleet in a few words: the header's host counts and slot, and one host's facts for its detail view.
import {formatDataAge} from '../duration.js';
import type {FleetHost, FleetState, HostStatus} from '../fleet/types.js';
import type {SlotInfo} from '../panes.js';
import type {DetailLine} from './details.js';
import {slotText} from './status-text.js';

const order: HostStatus[] = [
	'ok',
	'warning',
	'critical',
	'unreachable',
	'stale',
	'slow',
	'loading',
	'paused',
];
const longWords: Record<HostStatus, string> = {
	ok: 'ok',
	warning: 'warning',
	critical: 'critical',
	unreachable: 'unreachable',
	slow: 'slow',
	loading: 'waiting',
	paused: 'paused',
	stale: 'stale',
};
const shortWords: Record<HostStatus, string> = {
	ok: 'ok',
	warning: 'warn',
	critical: 'crit',
	unreachable: 'unreachable',
	slow: 'slow',
	loading: 'wait',
	paused: 'paused',
	stale: 'stale',
};

/** "fleet 100 hosts: 95 ok, 2 critical, 2 unreachable, 1 slow"; short: "100 hosts: 95 ok 2 crit 2 unreachable 1 slow". */
export function fleetHostsText(fleet: FleetState, short = false): string {
	const counts = new Map<HostStatus, number>();
	for (const host of fleet.hosts) counts.set(host.status, (counts.get(host.status) ?? 0) + 1);
	const words = short ? shortWords : longWords;
	const parts = order
		.filter(status => counts.get(status))
		.map(status => `${counts.get(status)} ${words[status]}`);
	const total = fleet.hosts.length || fleet.summary.hosts;
	return short ? `${total} hosts: ${parts.join(' ')}` : `fleet ${total} hosts: ${parts.join(', ')}`;
}

/** The slot on a fleet: `blue 2026.11.2 a1b2c3d` when every host agrees, `mixed (blue 38, green 2)` when not (short: `mixed`). */
export function fleetSlotText(slot: SlotInfo, short = false): string {
	const releases = Object.entries(slot.releases ?? {}).filter(([, count]) => count > 0);
	if (releases.length > 1)
		return short
			? 'mixed'
			: `mixed (${releases
					.sort((a, b) => b[1] - a[1])
					.map(([name, count]) => `${name} ${count}`)
					.join(', ')})`;
	return short ? (slot.release ?? releases[0]?.[0] ?? '?') : slotText(slot);
}

const statusWords: Record<HostStatus, string> = {
	ok: 'ok',
	warning: 'WARNING',
	critical: 'CRITICAL',
	unreachable: 'UNREACHABLE',
	slow: 'SLOW',
	loading: 'waiting for its first answer',
	paused: 'paused (not refreshed while other hosts are shown)',
	stale: 'STALE (its samples in Prometheus are older than the scrape interval allows)',
};

/** "Prometheus", "SSH (not known to Prometheus)". */
export function sourceText(host: FleetHost): string {
	const where = host.source === 'prometheus' ? 'Prometheus' : 'SSH';
	return host.note ? `${where} (${host.note})` : where;
}

/** Batch times in tenths of a second: finer would redraw the detail on every refresh for nothing. */
export function formatBatchTime(ms: number): string {
	return ms >= 10_000 ? `${Math.round(ms / 1000)}s` : `${(Math.round(ms / 100) / 10).toFixed(1)}s`;
}

/** What the host detail says about the host itself, above its services and mounts. slots: the environment has release slots (else no release row). */
export function hostFacts(host: FleetHost, now: number, slots: boolean): DetailLine[] {
	const age = (at: number) => {
		const text = formatDataAge((now - at) / 1000);
		return text === 'now' ? 'just now' : `${text} ago`;
	};
	// An unreachable host's one problem is its error, which has a row of its own (in full): not said twice.
	const problems = host.error !== undefined ? host.problems.filter(p => p !== host.error) : host.problems;
	const lines: DetailLine[] = [
		['status', `${statusWords[host.status]}${problems.length > 0 ? `: ${problems.join(', ')}` : ''}`],
		['connection', `${host.label}${host.connection ? ` (${host.connection})` : ''}`],
		...(slots || host.release !== undefined ? [['release', host.release ?? '-'] as DetailLine] : []),
		...(host.source ? [['read from', sourceText(host)] as DetailLine] : []),
		...(host.source === 'prometheus'
			? [['scraped', host.scrapedAt !== undefined ? age(host.scrapedAt) : 'unknown'] as DetailLine]
			: [
					['last answer', host.lastDataAt !== undefined ? age(host.lastDataAt) : 'none yet'] as DetailLine,
					[
						'batch',
						`${host.ms !== undefined ? `last took ${formatBatchTime(host.ms)}` : 'none finished yet'}${host.inFlightSince !== undefined && host.status === 'slow' ? `; the current one running for ${formatDataAge((now - host.inFlightSince) / 1000).replace('now', 'a moment')}` : ''}`,
					] as DetailLine,
				]),
	];
	if (host.error) lines.push(['error', host.error]);
	return lines;
}
