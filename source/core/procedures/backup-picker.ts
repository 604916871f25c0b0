// The backup picker `b` opens before a restore is planned (issue 12): the backups in backups.dir,
// newest first, each with its age on the host's clock, its size and whether `gunzip -t` passed;
// safety dumps listed apart. Pure: the engine (engine/backup-picker.ts) lists and tests the files and
// keeps this state in the store; the UI (ui/procedures/RestorePicker.tsx) draws it and moves a cursor
// that starts on Cancel. A file can be chosen only once its check passed and its name is one the
// restore accepts; file names are hostile text, shown through the one sanitiser.
import {formatAge} from '../duration.js';
import {formatKb} from '../format/units.js';
import {visible} from '../safe-text.js';
import {shellCommand} from '../shell.js';
import type {ProcedureName} from './plan.js';
import {
	backupNameProblem,
	isSafetyDump,
	joinPath,
	type BackupFile,
	type BackupListing,
} from './restore-backup.js';

/** What a procedure's spec can ask the console to have chosen first (core/procedures/specs.ts `picks`). */
export type PickerKind = 'backup';

/** The procedure option a picker's choice fills (engine/procedures/options.ts). */
export const pickerOption: Record<PickerKind, 'backup'> = {backup: 'backup'};

/** One file's `gunzip -t`: not yet run, running, passed, failed (with gunzip's first line or the time limit). */
export type BackupCheck =
	{status: 'waiting'} | {status: 'checking'} | {status: 'intact'} | {status: 'failed'; reason: string};

export type PickedBackup = BackupFile & {check: BackupCheck};

export type BackupPickerState = {
	kind: PickerKind;
	/** The procedure the choice is for, and the host it runs on (a fleet's chosen row). */
	procedure: ProcedureName;
	host?: string;
	/** backups.dir and backups.pattern, for the title. */
	dir: string;
	pattern: string;
	status: 'listing' | 'ready' | 'error';
	error?: string;
	/** The host's clock when listed (epoch seconds): ages are the host's. */
	hostNow: number;
	/** Newest first, as listed; safety dumps among them (the rows put them apart). */
	files: PickedBackup[];
	/** Older files past pickerFileLimit: counted, not listed or checked. */
	notListed: number;
};

/** Most files a picker lists and tests (the newest); the rest are counted, not shown. */
export const pickerFileLimit = 40;

/** One file's integrity check (the engine bounds it by backups.timeoutSeconds: Host.exec ends it and what it started). */
export function gunzipTestCommand(dir: string, name: string): string {
	return shellCommand(['gunzip', '-t', joinPath(dir, name)]);
}

/** gunzip's first line of complaint, one line and bounded: it is shown beside the file. */
export function checkFailure(
	output: string,
	exitCode: number | null,
	timedOut: boolean,
	limit: number,
): string {
	if (timedOut) return `gunzip -t took longer than ${limit}s`;
	const first = output.trim().split('\n')[0]?.trim() ?? '';
	const said = visible(first.replace(/^gunzip:\s*/, ''), 'line').slice(0, 120);
	return said || `gunzip -t exit ${exitCode ?? 'killed'}`;
}

export function initialPickerState(
	kind: PickerKind,
	procedure: ProcedureName,
	backups: {dir: string; pattern: string},
	host?: string,
): BackupPickerState {
	return {
		kind,
		procedure,
		host,
		dir: backups.dir,
		pattern: backups.pattern,
		status: 'listing',
		hostNow: 0,
		files: [],
		notListed: 0,
	};
}

/** The listing in, every file waiting for its check (at most pickerFileLimit, the newest). */
export function listedPicker(state: BackupPickerState, listing: BackupListing): BackupPickerState {
	return {
		...state,
		status: 'ready',
		hostNow: listing.hostNow,
		files: listing.files.slice(0, pickerFileLimit).map(f => ({...f, check: {status: 'waiting'}})),
		notListed: Math.max(0, listing.files.length - pickerFileLimit),
	};
}

export function withCheck(state: BackupPickerState, name: string, check: BackupCheck): BackupPickerState {
	return {...state, files: state.files.map(f => (f.name === name ? {...f, check} : f))};
}

/** A line of the picker: Cancel first (where the cursor starts), the backups, then the safety dumps under their heading. */
export type PickerRow =
	{kind: 'cancel'} | {kind: 'heading'; text: string} | {kind: 'file'; file: PickedBackup; safety: boolean};

export function pickerRows(state: BackupPickerState): PickerRow[] {
	const backups = state.files.filter(f => !isSafetyDump(f.name));
	const safety = state.files.filter(f => isSafetyDump(f.name));
	return [
		{kind: 'cancel'},
		...backups.map((file): PickerRow => ({kind: 'file', file, safety: false})),
		...(safety.length > 0
			? [
					{kind: 'heading', text: 'safety dumps (made by pg-ops before a restore):'} as PickerRow,
					...safety.map((file): PickerRow => ({kind: 'file', file, safety: true})),
				]
			: []),
	];
}

/** Why a file cannot be chosen now, or undefined when it can. */
export function whyNotChoosable(file: PickedBackup): string | undefined {
	const nameProblem = backupNameProblem(file.name);
	if (nameProblem) return 'its name has spaces or control characters: rename it on the host to restore it';
	switch (file.check.status) {
		case 'intact':
			return undefined;
		case 'failed':
			return `gunzip -t failed (${file.check.reason}): it cannot be restored`;
		case 'waiting':
		case 'checking':
			return 'gunzip -t has not finished on it yet';
	}
}

/** The rows the cursor stops on: Cancel and the files (never a heading). */
export function selectableRows(rows: PickerRow[]): number[] {
	return rows.flatMap((row, i) => (row.kind === 'heading' ? [] : [i]));
}

/** How far the checks are: "checking 2 of 5 (gunzip -t)", or done. */
export function checkProgress(state: BackupPickerState): {done: number; total: number; finished: boolean} {
	const done = state.files.filter(f => f.check.status === 'intact' || f.check.status === 'failed').length;
	return {done, total: state.files.length, finished: done === state.files.length};
}

/** A file's cells: its name made visible (hostile text), size, age on the host's clock, and its check in a word. */
export function fileCells(
	file: PickedBackup,
	hostNow: number,
): {name: string; size: string; age: string; check: string; mark: string} {
	const marks: Record<BackupCheck['status'], [string, string]> = {
		waiting: ['·', 'not checked yet'],
		checking: ['…', 'checking'],
		intact: ['✓', 'gunzip -t ok'],
		failed: ['✗', 'FAILED gunzip -t'],
	};
	const [mark, check] = marks[file.check.status];
	return {
		name: visible(file.name, 'line'),
		size: formatKb(file.bytes / 1024),
		age: `${formatAge(hostNow - file.modifiedAt)} ago`,
		check,
		mark,
	};
}
