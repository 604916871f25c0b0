// How pane levels add up: a pane's status, and the environment's verdict for `status` and its exit code.
import {worstLevel, type Level} from '../levels.js';
import type {PaneState, PaneStatus} from '../panes.js';

export function paneStatusFromLevels(levels: Level[]): PaneStatus {
	return worstLevel(levels);
}

export type OverallStatus = 'healthy' | 'unhealthy' | 'error';

/** Unhealthy as soon as any pane shows a problem; "error" only when nothing is wrong that we could see but some pane couldn't be read. */
export function overallStatus(panes: PaneState[]): OverallStatus {
	const active = panes.filter(p => p.configured);
	if (active.some(p => p.status === 'warning' || p.status === 'critical')) return 'unhealthy';
	if (active.some(p => p.status === 'error' || p.status === 'loading')) return 'error';
	return 'healthy';
}

export const exitCodes: Record<OverallStatus, number> = {healthy: 0, unhealthy: 2, error: 1};
