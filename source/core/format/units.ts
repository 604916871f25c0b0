// Small display helpers shared by the TUI and plain-text output.
import {formatAge} from '../duration.js';
import type {Level} from '../levels.js';
import type {DirectoryItem, MountItem, PaneStatus} from '../panes.js';

// A symbol and a word carry the level too, for NO_COLOR and for people who can't tell the colours apart.
export const levelSymbol: Record<Level, string> = {ok: '✓', warning: '!', critical: '✗'};
export const levelWord: Record<Level, string> = {ok: 'ok', warning: 'WARNING', critical: 'CRITICAL'};
/** An SLO figure off its target, short of its warning line: neither ✓ nor ! (and the word "off target"). */
export const offTargetSymbol = '~';

export function statusWord(status: PaneStatus): string {
	return {loading: 'loading', ok: 'ok', warning: 'WARNING', critical: 'CRITICAL', error: 'ERROR'}[status];
}

export function formatKb(kb: number): string {
	const units = ['K', 'M', 'G', 'T', 'P'];
	let value = kb;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)}${units[unit]}`;
}

export function formatNumber(value: number, unit: '%' | 'ms'): string {
	if (unit === 'ms') return `${Math.round(value)}ms`;
	return `${value.toFixed(value >= 99 && value < 100 ? 2 : 1)}%`;
}

export function bar(percent: number, width: number): string {
	const filled = Math.max(0, Math.min(width, Math.round((percent / 100) * width)));
	return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

export function shortSha(sha: string | undefined): string | undefined {
	return sha ? sha.slice(0, 7) : undefined;
}

/** Since when a service is in its state, in minutes at the finest: seconds would redraw the screen on every refresh for nothing. */
export function uptime(iso: string | undefined, now: number): string {
	if (!iso) return '-';
	return now - Date.parse(iso) < 60_000 ? '<1m' : formatAge((now - Date.parse(iso)) / 1000);
}

/** A mount's state in words: "CRITICAL (>=90%)", "near 80%", "ok (<80%)". */
export function mountState(m: Pick<MountItem, 'level' | 'near' | 'warnPercent' | 'critPercent'>): string {
	if (m.level !== 'ok')
		return `${levelWord[m.level]} (>=${m.level === 'critical' ? m.critPercent : m.warnPercent}%)`;
	return m.near ? `near ${m.warnPercent}%` : `ok (<${m.warnPercent}%)`;
}

/** "logs/web" for /opt/app/logs/web under /opt/app/logs: named from the directory above the configured one (the full path is in the details). */
export function shortPath(dir: Pick<DirectoryItem, 'path' | 'under'>): string {
	if (!dir.under || !dir.path.startsWith(dir.under)) return dir.path;
	const parent = dir.under.replace(/\/+$/, '').split('/').slice(0, -1).join('/');
	return dir.path.slice(parent.length + 1);
}
