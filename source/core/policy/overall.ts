// How pane levels add up: a pane's status, and the environment's verdict for `status` and its exit code.
import {worstLevel, type Level} from '../levels.js';
import {paneIds, type PaneState, type PaneStatus} from '../panes.js';

export function paneStatusFromLevels(levels: Level[]): PaneStatus {
	return worstLevel(levels);
}

export type OverallStatus = 'healthy' | 'unhealthy' | 'error';

/**
 * "error" (couldn't tell) as soon as a configured pane couldn't be read, whatever the others show: a
 * verdict resting on part of the picture is not one (a stopped system shows failed units and
 * unreadable panes; a gate must hear "couldn't tell", exit 1). So is an environment with no pane
 * configured: it checks nothing, and a gate must not read that as healthy. Else unhealthy when any
 * pane shows a problem.
 */
export function overallStatus(panes: PaneState[]): OverallStatus {
	const active = panes.filter(p => p.configured);
	if (active.length === 0) return 'error'; // nothing checked is not healthy

	if (active.some(p => p.status === 'error' || p.status === 'loading')) return 'error';
	if (active.some(p => p.status === 'warning' || p.status === 'critical')) return 'unhealthy';
	return 'healthy';
}

export const exitCodes: Record<OverallStatus, number> = {healthy: 0, unhealthy: 2, error: 1};

/** Why the verdict is "error" when no pane is configured. */
export const nothingToCheck = `nothing to check: this environment configures none of ${paneIds.join(', ')}; see docs/CONFIG.md`;

export function checksNothing(panes: PaneState[]): boolean {
	return !panes.some(p => p.configured);
}
