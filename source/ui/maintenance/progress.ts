// How far a maintenance window is, in the few characters the header and the footer have room for.
import {formatAge} from '../../core/duration.js';
import {maintenanceSteps, type MaintenanceRecord} from '../../core/maintenance/types.js';

/** Steps finished (done or skipped with a reason) out of six. */
export function stepsFinished(record: MaintenanceRecord): number {
	return maintenanceSteps.filter(step => ['done', 'skipped'].includes(record.steps[step].status)).length;
}

export function progressText(record: MaintenanceRecord): string {
	return `${stepsFinished(record)}/${maintenanceSteps.length}`;
}

/** How long the window has run, in minutes ("<1m", "23m", "1h5m"): coarse, so the screen redraws once a minute for it. */
export function windowAge(record: MaintenanceRecord, now: number): string {
	const seconds =
		((record.closedAt ? Date.parse(record.closedAt) : now) - Date.parse(record.startedAt)) / 1000;
	return seconds < 60 ? '<1m' : formatAge(seconds);
}

/** The header's badge while a window is open: "MAINT 23m 3/6"; nothing once it is closed. */
export function maintenanceBadge(record: MaintenanceRecord | undefined, now: number): string {
	if (!record || record.closedAt) return '';
	return `MAINT ${windowAge(record, now)} ${progressText(record)}`;
}

/** The footer's label for `m` while a window is open: "maint 3/6". */
export function maintenanceFooterLabel(record: MaintenanceRecord | undefined): string | undefined {
	return record && !record.closedAt ? `maint ${progressText(record)}` : undefined;
}
