// A snapshot of every pane for the timeline: the same rows the screen and `pg-ops status` show
// (core/format/pane-table.ts), laid out by the same renderTable, so the review reads like the console did.
import {paneTable} from '../format/pane-table.js';
import {renderTable} from '../format/status-text.js';
import {statusWord} from '../format/units.js';
import {paneIds, paneTitles, type PaneId, type PaneState} from '../panes.js';
import type {TimelineEntry} from './types.js';

export function snapshotEntry(
	panes: Record<PaneId, PaneState>,
	now: number,
	at: string,
	why = 'snapshot of every pane',
): TimelineEntry {
	const headline: string[] = [];
	const detail: string[] = [];
	for (const id of paneIds) {
		const pane = panes[id];
		if (!pane.configured) continue;
		const word = `${statusWord(pane.status)}${pane.stale ? ' (stale)' : ''}`;
		headline.push(`${paneTitles[id]} ${word}`);
		detail.push(`${paneTitles[id]}: ${word}${pane.error ? `: ${pane.error}` : ''}`);
		if (pane.data) detail.push(...renderTable(paneTable(id, pane.data, now)));
	}
	return {at, kind: 'snapshot', text: `${why}: ${headline.join(', ') || 'no pane configured'}`, detail};
}
