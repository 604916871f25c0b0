// A snapshot of every pane for the timeline: the same rows the screen and `pg-ops status` show
// (core/format/pane-table.ts), as plain text, so the review reads like the console did.
import {paneTable, type PaneTable} from '../format/pane-table.js';
import {statusWord} from '../format/units.js';
import {paneIds, paneTitles, type PaneId, type PaneState} from '../panes.js';
import type {TimelineEntry} from './types.js';

export function snapshotEntry(panes: Record<PaneId, PaneState>, now: number, at: string, why = 'snapshot of every pane'): TimelineEntry {
	const headline: string[] = [];
	const detail: string[] = [];
	for (const id of paneIds) {
		const pane = panes[id];
		if (!pane.configured) continue;
		const word = `${statusWord(pane.status)}${pane.stale ? ' (stale)' : ''}`;
		headline.push(`${paneTitles[id]} ${word}`);
		detail.push(`${paneTitles[id]}: ${word}${pane.error ? `: ${pane.error}` : ''}`);
		if (pane.data) detail.push(...tableLines(paneTable(id, pane.data, now)));
	}
	return {at, kind: 'snapshot', text: `${why}: ${headline.join(', ') || 'no pane configured'}`, detail};
}

function tableLines(table: PaneTable): string[] {
	const widths = table.columns.map((_, i) => Math.max(0, ...table.rows.map(r => r.cells[i]!.length)));
	const lines = table.before.map(b => `  ${b.text}`);
	for (const row of table.rows) {
		lines.push('  ' + row.cells.map((cell, i) => (table.columns[i]!.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd());
	}
	lines.push(...table.after.map(a => `  ${a.text}`));
	return lines;
}
