// Where incidents live on the operator's machine: the open one in
// <state dir>/incidents/<env>/open.json (written atomically after every change, so a crash or a
// closed laptop loses nothing), closed ones in closed/<id>.json, and the reviews as Markdown.
// The file handling itself is engine/state-file.ts, shared with maintenance windows.
import {checkIncidentRecord} from '../../core/incidents/record-schema.js';
import {reviewFileName} from '../../core/incidents/review.js';
import type {IncidentRecord} from '../../core/incidents/types.js';
import {RecordFiles, StateFileError, writeNewFile} from '../state-file.js';

export {reviewDirectory} from '../state-file.js';

export class IncidentFileError extends StateFileError {}

const incidents = new RecordFiles<IncidentRecord>({
	area: 'incidents',
	noun: 'incident',
	check: checkIncidentRecord,
	error: IncidentFileError,
});

export function incidentPaths(env: string): {dir: string; open: string; closedDir: string} {
	return incidents.paths(env);
}

/** The open incident on this environment, if any. A file that is not a readable incident throws, naming the file and the field. */
export function readOpenIncident(env: string): IncidentRecord | undefined {
	return incidents.readOpen(env);
}

/** A closed incident's record, if it is still there. */
export function readClosedIncident(env: string, id: string): IncidentRecord | undefined {
	return incidents.readClosed(env, id);
}

/** When the open file last changed (ms), or undefined when there is none: lets a console see another terminal's changes. */
export function openIncidentStamp(env: string): number | undefined {
	return incidents.openStamp(env);
}

export function saveOpenIncident(record: IncidentRecord): void {
	incidents.saveOpen(record);
}

/**
 * Reads the open incident, applies the change and saves it (when it changed): read-change-write
 * each time, so the console and `pg-ops incident` in another terminal don't undo each other.
 */
export function updateOpenIncident(
	env: string,
	change: (record: IncidentRecord) => IncidentRecord,
): {before: IncidentRecord; after: IncidentRecord} | undefined {
	return incidents.update(env, change);
}

/** Moves the closed record to closed/<id>.json (the open file goes only once that is written). */
export function archiveIncident(record: IncidentRecord): string {
	return incidents.archive(record);
}

/** Writes the review under a name of its own: an existing file is never overwritten (a -2, -3 ... is added). */
export function writeReviewFile(record: IncidentRecord, markdown: string, directory: string): string {
	return writeNewFile(directory, reviewFileName(record), markdown, 'review', IncidentFileError);
}
