// Where incidents live on the operator's machine: the open one in
// <state dir>/incidents/<env>/open.json (written atomically after every change, so a crash or a
// closed laptop loses nothing), closed ones in closed/<id>.json, and the reviews as Markdown.
// A file that can't be read is reported with its path and never overwritten.
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {checkIncidentRecord} from '../../core/incidents/record-schema.js';
import {reviewFileName} from '../../core/incidents/review.js';
import type {IncidentRecord} from '../../core/incidents/types.js';
import {stateDir} from '../audit.js';

export class IncidentFileError extends Error {}

export function incidentPaths(env: string): {dir: string; open: string; closedDir: string} {
	const dir = path.join(stateDir(), 'incidents', env);
	return {dir, open: path.join(dir, 'open.json'), closedDir: path.join(dir, 'closed')};
}

/** The open incident on this environment, if any. A file that is not a readable incident throws, naming the file and the field. */
export function readOpenIncident(env: string): IncidentRecord | undefined {
	return readRecord(incidentPaths(env).open);
}

/** A closed incident's record, if it is still there. */
export function readClosedIncident(env: string, id: string): IncidentRecord | undefined {
	return readRecord(path.join(incidentPaths(env).closedDir, `${id}.json`));
}

/** When the open file last changed (ms), or undefined when there is none: lets a console see another terminal's changes. */
export function openIncidentStamp(env: string): number | undefined {
	try {
		return statSync(incidentPaths(env).open).mtimeMs;
	} catch {
		return undefined;
	}
}

export function saveOpenIncident(record: IncidentRecord): void {
	writeAtomically(incidentPaths(record.env).open, JSON.stringify(record, null, 2) + '\n');
}

/**
 * Reads the open incident, applies the change and saves it (when it changed): read-change-write
 * each time, so the console and `pg-ops incident` in another terminal don't undo each other.
 */
export function updateOpenIncident(env: string, change: (record: IncidentRecord) => IncidentRecord): {before: IncidentRecord; after: IncidentRecord} | undefined {
	const before = readOpenIncident(env);
	if (!before) return undefined;
	const after = change(before);
	if (after !== before) saveOpenIncident(after);
	return {before, after};
}

/** Moves the closed record to closed/<id>.json (the open file goes only once that is written). */
export function archiveIncident(record: IncidentRecord): string {
	const paths = incidentPaths(record.env);
	const target = path.join(paths.closedDir, `${record.id}.json`);
	writeAtomically(target, JSON.stringify(record, null, 2) + '\n');
	rmSync(paths.open, {force: true});
	return target;
}

/** incidents.reviewDir (a leading ~ is the home directory; relative to the current directory), else <state dir>/reviews. */
export function reviewDirectory(configured?: string): string {
	if (!configured) return path.join(stateDir(), 'reviews');
	const expanded = configured === '~' || configured.startsWith('~/') ? path.join(os.homedir(), configured.slice(1)) : configured;
	return path.resolve(expanded);
}

/** Writes the review under a name of its own: an existing file is never overwritten (a -2, -3 ... is added). */
export function writeReviewFile(record: IncidentRecord, markdown: string, directory: string): string {
	mkdirSync(directory, {recursive: true, mode: 0o700});
	const name = reviewFileName(record);
	const base = name.slice(0, -'.md'.length);
	for (let n = 1; n < 1000; n++) {
		const file = path.join(directory, n === 1 ? name : `${base}-${n}.md`);
		let fd: number;
		try {
			fd = openSync(file, 'wx', 0o600);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
			throw new IncidentFileError(`could not write the review to ${file}: ${(error as Error).message}`);
		}
		try {
			writeSync(fd, markdown);
		} finally {
			closeSync(fd);
		}
		return file;
	}
	throw new IncidentFileError(`could not find a free file name for the review in ${directory}`);
}

function readRecord(file: string): IncidentRecord | undefined {
	if (!existsSync(file)) return undefined;
	let value: unknown;
	try {
		value = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		throw new IncidentFileError(`${file} is not a readable incident (${(error as Error).message}); fix it or move it aside: pg-ops leaves it as it is`);
	}
	const checked = checkIncidentRecord(value);
	if (!checked.ok) throw new IncidentFileError(`${file} is not a readable incident: ${checked.problems.join('; ')}; fix it or move it aside: pg-ops leaves it as it is`);
	return checked.record;
}

function writeAtomically(file: string, text: string): void {
	mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
	try {
		writeFileSync(temporary, text, {mode: 0o600});
		renameSync(temporary, file);
	} catch (error) {
		rmSync(temporary, {force: true});
		throw new IncidentFileError(`could not save ${file}: ${(error as Error).message}`);
	}
}
