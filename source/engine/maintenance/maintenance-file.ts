// Where maintenance windows live on the operator's machine: the open one in
// <state dir>/maintenance/<env>/open.json (written atomically after every change, so a crash or a
// killed console loses nothing), closed ones in closed/<id>.json, summaries as Markdown next to the
// incident reviews. A file that can't be read is reported with its path and never overwritten.
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {checkMaintenanceRecord} from '../../core/maintenance/record-schema.js';
import type {MaintenanceRecord} from '../../core/maintenance/types.js';
import {stateDir} from '../audit.js';

export class MaintenanceFileError extends Error {}

export function maintenancePaths(env: string): {dir: string; open: string; closedDir: string} {
	const dir = path.join(stateDir(), 'maintenance', env);
	return {dir, open: path.join(dir, 'open.json'), closedDir: path.join(dir, 'closed')};
}

/** The open window on this environment, if any. A file that is not a readable window throws, naming the file and the field. */
export function readOpenWindow(env: string): MaintenanceRecord | undefined {
	const file = maintenancePaths(env).open;
	if (!existsSync(file)) return undefined;
	let value: unknown;
	try {
		value = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		throw new MaintenanceFileError(`${file} is not a readable maintenance window (${(error as Error).message}); fix it or move it aside: pg-ops leaves it as it is`);
	}
	const checked = checkMaintenanceRecord(value);
	if (!checked.ok) throw new MaintenanceFileError(`${file} is not a readable maintenance window: ${checked.problems.join('; ')}; fix it or move it aside: pg-ops leaves it as it is`);
	if (checked.record.env !== env) throw new MaintenanceFileError(`${file} holds a window of environment "${checked.record.env}", not "${env}"; move it aside`);
	return checked.record;
}

export function saveOpenWindow(record: MaintenanceRecord): void {
	writeAtomically(maintenancePaths(record.env).open, `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * Reads the open window, applies the change and saves it: read-change-write every time, so the
 * console and `pg-ops maintenance` in another terminal don't undo each other's steps.
 */
export function updateOpenWindow(env: string, change: (record: MaintenanceRecord) => MaintenanceRecord): MaintenanceRecord {
	const before = readOpenWindow(env);
	if (!before) throw new MaintenanceFileError(`no maintenance window is open on ${env} (start one: pg-ops maintenance start --env ${env} --title "...")`);
	const after = change(before);
	if (after !== before) saveOpenWindow(after);
	return after;
}

/** Moves the closed record to closed/<id>.json; the open file goes only once that is written. */
export function archiveWindow(record: MaintenanceRecord): string {
	const paths = maintenancePaths(record.env);
	const target = path.join(paths.closedDir, `${record.id}.json`);
	writeAtomically(target, `${JSON.stringify(record, null, 2)}\n`);
	rmSync(paths.open, {force: true});
	return target;
}

/** Where summaries go: beside the incident reviews (incidents.reviewDir, a leading ~ the home directory), else <state dir>/reviews. */
export function summaryDirectory(reviewDir?: string): string {
	if (!reviewDir) return path.join(stateDir(), 'reviews');
	const expanded = reviewDir === '~' || reviewDir.startsWith('~/') ? path.join(os.homedir(), reviewDir.slice(1)) : reviewDir;
	return path.resolve(expanded);
}

/** <date>-<env>-maintenance-<slug>.md; an existing file is never overwritten (-2, -3 ... is added). */
export function writeSummaryFile(record: MaintenanceRecord, markdown: string, directory: string): string {
	mkdirSync(directory, {recursive: true, mode: 0o700});
	const slug = record.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'window';
	const base = `${(record.closedAt ?? record.startedAt).slice(0, 10)}-${record.env}-maintenance-${slug}`;
	for (let n = 1; n < 1000; n++) {
		const file = path.join(directory, `${base}${n === 1 ? '' : `-${n}`}.md`);
		let fd: number;
		try {
			fd = openSync(file, 'wx', 0o600);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
			throw new MaintenanceFileError(`could not write the summary to ${file}: ${(error as Error).message}`);
		}
		try {
			writeSync(fd, markdown);
		} finally {
			closeSync(fd);
		}
		return file;
	}
	throw new MaintenanceFileError(`no free file name for the summary in ${directory}`);
}

function writeAtomically(file: string, text: string): void {
	mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
	try {
		writeFileSync(temporary, text, {mode: 0o600});
		renameSync(temporary, file);
	} catch (error) {
		rmSync(temporary, {force: true});
		throw new MaintenanceFileError(`could not save ${file}: ${(error as Error).message}`);
	}
}
