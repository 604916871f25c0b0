// What changed between two readings of the panes, as timeline entries: a service went down or came
// back, a job went stale, an SLO crossed a threshold, a disk changed level, the stuck-job count
// moved, a probe started failing or recovered; and the connection dropping or coming back.
// Only changes of state or level count: values moving inside the same level are not news, and a
// pane's first load (no earlier data) is the baseline, not a change.
import {paneIds, paneTitles, type PaneData, type PaneId, type PaneState, type SlotInfo} from '../panes.js';
import {paneSpec} from '../pane-specs/registry.js';
import type {TimelineEntry} from './types.js';

type Panes = Record<PaneId, PaneState>;

/** Every change from `previous` to `next`, in pane order. `previous` may be absent (nothing known yet). */
export function paneChanges(previous: Partial<Panes> | undefined, next: Panes, at: string): TimelineEntry[] {
	const texts: string[] = [];
	for (const id of paneIds) {
		const before = previous?.[id];
		const after = next[id];
		if (!before || !after || before === after || !after.configured) continue;
		texts.push(...probeHealth(id, before, after));
		if (before.data && after.data && before.data !== after.data)
			texts.push(...paneSpec(id).changes(before.data, after.data, Date.parse(at)));
	}
	return texts.map(text => ({at, kind: 'pane', text}));
}

/** A probe that started failing or recovered. Its first attempt failing is not a change (there was nothing before). */
function probeHealth(id: PaneId, before: PaneState, after: PaneState): string[] {
	if (before.status === 'loading') return [];
	if (before.status !== 'error' && after.status === 'error')
		return [`${paneTitles[id]}: probe failing: ${after.error ?? 'no answer'}`];
	if (before.status === 'error' && after.status !== 'error' && after.status !== 'loading')
		return [`${paneTitles[id]}: probe answering again`];
	return [];
}

/** The reading later ones are compared with, as the pane's spec says (a service halfway somewhere keeps its last settled state). */
export function baselineAfter(before: PaneState | undefined, after: PaneState): PaneState {
	if (!before?.data || !after.data) return after;
	const data = paneSpec(after.id).baseline(before.data, after.data);
	return data === after.data ? after : {...after, data};
}

/** The connection as the timeline sees it: up, down, or not known yet (nothing to compare with). */
export type ConnectionUp = boolean | undefined;

/**
 * One connection state after another: a drop after it was up, and coming back after it was down.
 * Connecting for the first time is the baseline, not news.
 */
export function connectionChange(
	up: ConnectionUp,
	next: {status: string; error?: string} | undefined,
	host: string,
	at: string,
): {up: ConnectionUp; entry?: TimelineEntry} {
	if (!next) return {up};
	if (next.status === 'connected')
		return {
			up: true,
			entry: up === false ? {at, kind: 'pane', text: `connection to ${host} back`} : undefined,
		};
	if (next.status === 'reconnecting' || next.status === 'failed') {
		return {
			up: false,
			entry:
				up === true
					? {at, kind: 'pane', text: `connection to ${host} dropped${next.error ? `: ${next.error}` : ''}`}
					: undefined,
		};
	}
	return {up};
}

/** A different release behind the slot link (a switch, by pg-ops or by hand). */
export function slotChange(
	before: SlotInfo | undefined,
	after: SlotInfo | undefined,
	at: string,
): TimelineEntry | undefined {
	if (!before?.release || !after?.release || before.release === after.release) return undefined;
	return {at, kind: 'pane', text: `release behind the slot link: ${before.release} -> ${after.release}`};
}
