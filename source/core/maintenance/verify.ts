// The Verify step's judgement: every configured pane green (not warning, critical, failing or stale)
// and every service's health URL answering 2xx. The result is what is not, one line each, in the
// words an operator would say it: "services: app-orchestrator failed", "SLO: errors 2.4% WARNING".
import {formatDataAge} from '../duration.js';
import {statusWord} from '../format/units.js';
import {paneIds, paneTitles, type PaneId, type PaneState} from '../panes.js';
import {paneSpec, paneSpecs} from '../pane-specs/registry.js';

/** One health URL's answer, as the engine saw it: a status, or why there was none. */
export type HealthAnswer = {service: string; url: string; status?: number; error?: string};

export function healthOk(answer: HealthAnswer): boolean {
	return answer.status !== undefined && answer.status >= 200 && answer.status < 300;
}

/** What is not green; empty when everything is. `now` ages stale data. */
export function notGreen(panes: Record<PaneId, PaneState>, health: HealthAnswer[], now: number): string[] {
	const lines: string[] = [];
	for (const id of paneIds) lines.push(...paneProblems(panes[id], now));
	for (const answer of health) {
		if (healthOk(answer)) continue;
		lines.push(
			answer.status !== undefined
				? `health: ${answer.url} answered ${answer.status} (${answer.service})`
				: `health: ${answer.url} did not answer: ${answer.error ?? 'no answer'} (${answer.service})`,
		);
	}
	return lines;
}

function paneProblems(pane: PaneState | undefined, now: number): string[] {
	if (!pane || !pane.configured) return [];
	const name = paneSpecs[pane.id].shortName;
	if (pane.updatedAt === undefined || pane.data === undefined) {
		return [
			pane.status === 'error'
				? `${name}: no data: ${pane.error ?? 'the probe failed'}`
				: `${name}: no data yet`,
		];
	}
	const lines: string[] = [];
	if (pane.stale)
		lines.push(
			`${name}: stale: its data is ${formatDataAge((now - pane.updatedAt) / 1000)} old${pane.error ? ` (last refresh failed: ${pane.error})` : ''}`,
		);
	else if (pane.status === 'error')
		lines.push(`${name}: the last refresh failed: ${pane.error ?? 'unknown error'}`);
	const items = paneSpec(pane.id).problems(pane.data, now, name);
	lines.push(...items);
	if (items.length === 0 && (pane.status === 'warning' || pane.status === 'critical'))
		lines.push(`${name}: ${paneTitles[pane.id]} ${statusWord(pane.status)}`);
	return lines;
}
