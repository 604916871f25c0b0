// Where maintenance windows live on the operator's machine: the open one in
// <state dir>/maintenance/<env>/open.json (written atomically after every change, so a crash or a
// killed console loses nothing), closed ones in closed/<id>.json, summaries as Markdown next to the
// incident reviews. The file handling itself is engine/state-file.ts, shared with incidents.
import {checkMaintenanceRecord} from '../../core/maintenance/record-schema.js';
import type {MaintenanceRecord} from '../../core/maintenance/types.js';
import {RecordFiles, reviewDirectory, StateFileError, writeNewFile} from '../state-file.js';

export class MaintenanceFileError extends StateFileError {}

const windows = new RecordFiles<MaintenanceRecord>({
	area: 'maintenance',
	noun: 'maintenance window',
	check: checkMaintenanceRecord,
	error: MaintenanceFileError,
});

export function maintenancePaths(env: string): {dir: string; open: string; closedDir: string} {
	return windows.paths(env);
}

/** The open window on this environment, if any. A file that is not a readable window throws, naming the file and the field. */
export function readOpenWindow(env: string): MaintenanceRecord | undefined {
	return windows.readOpen(env);
}

/** A closed window's record, if it is still there. */
export function readClosedWindow(env: string, id: string): MaintenanceRecord | undefined {
	return windows.readClosed(env, id);
}

export function saveOpenWindow(record: MaintenanceRecord): void {
	windows.saveOpen(record);
}

/**
 * Reads the open window, applies the change and saves it: read-change-write every time, so the
 * console and `pg-ops maintenance` in another terminal don't undo each other's steps.
 */
export function updateOpenWindow(
	env: string,
	change: (record: MaintenanceRecord) => MaintenanceRecord,
): MaintenanceRecord {
	const updated = windows.update(env, change);
	if (!updated)
		throw new MaintenanceFileError(
			`no maintenance window is open on ${env} (start one: pg-ops maintenance start --env ${env} --title "...")`,
		);
	return updated.after;
}

/** Moves the closed record to closed/<id>.json; the open file goes only once that is written. */
export function archiveWindow(record: MaintenanceRecord): string {
	return windows.archive(record);
}

/** Rewrites a closed window's archived record (the closing post's outcome, known only after the archive). */
export function saveClosedWindow(record: MaintenanceRecord): string {
	return windows.saveClosed(record);
}

/** When the open file last changed (ms), or undefined when there is none: lets a console see another terminal's changes. */
export function openWindowStamp(env: string): number | undefined {
	return windows.openStamp(env);
}

/** Where summaries go: beside the incident reviews (incidents.reviewDir, see reviewDirectory), else <state dir>/reviews. */
export function summaryDirectory(reviewDir?: string, configFile?: string): string {
	return reviewDirectory(reviewDir, configFile);
}

/** <date>-<env>-maintenance-<slug>.md; an existing file is never overwritten (-2, -3 ... is added). */
export function writeSummaryFile(record: MaintenanceRecord, markdown: string, directory: string): string {
	const slug = titleSlug(record.title, 40) || 'window';
	return writeNewFile(
		directory,
		`${(record.closedAt ?? record.startedAt).slice(0, 10)}-${record.env}-maintenance-${slug}.md`,
		markdown,
		'summary',
		MaintenanceFileError,
	);
}

/** The title as a file-name part: lower case, a-z 0-9 and dashes. */
export function titleSlug(title: string, length: number): string {
	return title
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, length)
		.replace(/-+$/, '');
}
