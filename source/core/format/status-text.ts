// Plain-text status for pipes, logs and terminals without raw mode: no escape codes, ever.
import {paneIds, paneTitles, type PaneId, type PaneState, type SlotInfo} from '../panes.js';
import {nothingToCheck, type OverallStatus} from '../policy/overall.js';
import {paneTable, type PaneTable} from './pane-table.js';
import {shortSha, statusWord} from './units.js';

export function formatStatusText(input: {
	env: string;
	host: string;
	status: OverallStatus;
	panes: Record<PaneId, PaneState>;
	slot?: SlotInfo;
	now: number;
}): string {
	const lines = [
		`pg-ops ${input.env} (${input.host}): ${verdictText(input.status, input.panes)}  ${new Date(input.now).toISOString().replace('T', ' ').slice(0, 19)} UTC`,
	];
	if (input.slot) lines.push(`slot: ${slotText(input.slot)}`);
	for (const id of paneIds) {
		const pane = input.panes[id];
		lines.push('');
		if (!pane.configured) {
			lines.push(`${paneTitles[id]}: not configured`);
			continue;
		}
		lines.push(`${paneTitles[id]}: ${statusWord(pane.status)}${pane.error ? `: ${pane.error}` : ''}`);
		if (pane.data) lines.push(...renderTable(paneTable(id, pane.data, input.now)));
	}
	return lines.join('\n') + '\n';
}

/** "ERROR (could not read: SLO; also CRITICAL: Services)": what "couldn't tell" rests on. */
function verdictText(status: OverallStatus, panes: Record<PaneId, PaneState>): string {
	if (status !== 'error') return status.toUpperCase();
	const configured = paneIds.filter(id => panes[id].configured);
	if (configured.length === 0) return `ERROR (${nothingToCheck})`;
	const unread = configured.filter(id => panes[id].status === 'error' || panes[id].status === 'loading');
	const problems = configured.filter(id => panes[id].status === 'warning' || panes[id].status === 'critical');
	const also = problems.map(id => `${paneTitles[id]} ${statusWord(panes[id].status)}`);
	return `ERROR (could not read: ${unread.map(id => paneTitles[id]).join(', ')}${also.length ? `; also ${also.join(', ')}` : ''})`;
}

export function slotText(slot: SlotInfo): string {
	const parts = [slot.release ?? '?'];
	if (slot.runningVersion) parts.push(slot.runningVersion);
	if (slot.runningSha) parts.push(shortSha(slot.runningSha)!);
	if (slot.deployedSha && slot.runningSha && slot.deployedSha !== slot.runningSha)
		parts.push(`(link points to ${shortSha(slot.deployedSha)}: restart pending)`);
	if (slot.error) parts.push(`(${slot.error})`);
	return parts.join(' ');
}

/** A pane table as indented plain-text lines: `pg-ops status` and the incident snapshot. */
export function renderTable(table: PaneTable): string[] {
	const widths = table.columns.map((_, i) => Math.max(0, ...table.rows.map(r => r.cells[i]!.length)));
	const lines = table.before.map(b => `  ${b.text}`);
	for (const row of table.rows) {
		lines.push(
			'  ' +
				row.cells
					.map((cell, i) =>
						table.columns[i]!.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!),
					)
					.join('  ')
					.trimEnd(),
		);
	}
	lines.push(...table.after.map(a => `  ${a.text}`));
	return lines;
}
