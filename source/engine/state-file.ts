// The files pg-ops keeps on the operator's machine for records that must survive a crash (an open
// incident, a maintenance window): <state dir>/<area>/<env>/open.json, closed ones in
// closed/<id>.json, and the documents written at close (reviews, summaries) in the reviews
// directory. Every write is atomic (temp file, fsync, rename), so a crash leaves the old file or the
// new one, never half of one. A file that can't be read is reported with its path and the field that
// is wrong, and never overwritten.
import {
	closeSync,
	existsSync,
	fsyncSync,
	mkdirSync,
	openSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import {randomBytes} from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import {stateDir} from './audit.js';
import {visible} from '../core/safe-text.js';

export class StateFileError extends Error {}

export type RecordCheck<T> = (value: unknown) => {ok: true; record: T} | {ok: false; problems: string[]};

/** One kind of record kept this way: where it lives, what it is called in messages, how it is checked, what it throws. */
export type RecordKind<T> = {
	/** The folder under the state dir: "incidents", "maintenance". */
	area: string;
	/** How messages name one: "incident", "maintenance window". */
	noun: string;
	check: RecordCheck<T>;
	/** The error callers catch (IncidentFileError, MaintenanceFileError). */
	error: new (message: string) => Error;
};

type Keyed = {id: string; env: string};

/** The open and closed records of one kind, per environment. */
export class RecordFiles<T extends Keyed> {
	constructor(private readonly kind: RecordKind<T>) {}

	paths(env: string): {dir: string; open: string; closedDir: string} {
		const dir = path.join(stateDir(), this.kind.area, env);
		return {dir, open: path.join(dir, 'open.json'), closedDir: path.join(dir, 'closed')};
	}

	/** The open record on this environment, if any; a file that is not a readable one throws, naming the file and the field. */
	readOpen(env: string): T | undefined {
		const file = this.paths(env).open;
		const record = this.read(file);
		if (record && record.env !== env)
			throw new this.kind.error(
				`${file} holds a ${this.kind.noun} of environment "${record.env}", not "${env}"; move it aside`,
			);
		return record;
	}

	readClosed(env: string, id: string): T | undefined {
		return this.read(path.join(this.paths(env).closedDir, `${id}.json`));
	}

	saveOpen(record: T): void {
		this.write(this.paths(record.env).open, record);
	}

	/** Read-change-write: the console and a command in another terminal don't undo each other. Saved only when the change returns a new record. */
	update(env: string, change: (record: T) => T): {before: T; after: T} | undefined {
		const before = this.readOpen(env);
		if (!before) return undefined;
		const after = change(before);
		if (after !== before) this.saveOpen(after);
		return {before, after};
	}

	/** Moves the record to closed/<id>.json; the open file goes only once that is written. */
	archive(record: T): string {
		const paths = this.paths(record.env);
		const target = path.join(paths.closedDir, `${record.id}.json`);
		this.write(target, record);
		rmSync(paths.open, {force: true});
		return target;
	}

	/** Rewrites an archived record (something that happened after it was archived, such as a webhook post's outcome). */
	saveClosed(record: T): string {
		const target = path.join(this.paths(record.env).closedDir, `${record.id}.json`);
		this.write(target, record);
		return target;
	}

	/** When the open file last changed (ms), or undefined when there is none: how a console notices another terminal's changes. */
	openStamp(env: string): number | undefined {
		return fileStamp(this.paths(env).open);
	}

	private read(file: string): T | undefined {
		return readCheckedRecord(file, this.kind);
	}

	private write(file: string, record: T): void {
		try {
			writeAtomically(file, `${JSON.stringify(record, null, 2)}\n`);
		} catch (error) {
			throw new this.kind.error((error as Error).message);
		}
	}
}

/** A JSON record read and checked; undefined when the file does not exist. */
export function readCheckedRecord<T>(
	file: string,
	kind: Pick<RecordKind<T>, 'noun' | 'check' | 'error'>,
): T | undefined {
	if (!existsSync(file)) return undefined;
	let value: unknown;
	try {
		value = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		throw new kind.error(
			`${file} is not a readable ${kind.noun} (${(error as Error).message}); fix it or move it aside: pg-ops leaves it as it is`,
		);
	}
	const checked = kind.check(value);
	if (!checked.ok)
		throw new kind.error(
			`${file} is not a readable ${kind.noun}: ${checked.problems.join('; ')}; fix it or move it aside: pg-ops leaves it as it is`,
		);
	return checked.record;
}

/** The file's modification time (ms), or undefined when it is not there. */
export function fileStamp(file: string): number | undefined {
	try {
		return statSync(file).mtimeMs;
	} catch {
		return undefined;
	}
}

/** Writes the file whole or not at all: a temp file beside it, flushed to disk, renamed over it (and the directory flushed, where that can be done). */
export function writeAtomically(file: string, text: string): void {
	const directory = path.dirname(file);
	mkdirSync(directory, {recursive: true, mode: 0o700});
	const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		const fd = openSync(temporary, 'wx', 0o600);
		try {
			writeFileSync(fd, text);
			fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
		renameSync(temporary, file);
	} catch (error) {
		try {
			rmSync(temporary, {force: true});
		} catch {
			// The temp file could not be made in the first place: nothing to remove, and the cause is the error below.
		}
		throw new StateFileError(`could not save ${file}: ${(error as Error).message}`);
	}
	syncDirectory(directory);
}

/** The rename itself survives a power cut only once the directory is flushed; some systems can't open a directory for that, which is no reason to fail. */
function syncDirectory(directory: string): void {
	let fd: number | undefined;
	try {
		fd = openSync(directory, 'r');
		fsyncSync(fd);
	} catch {
		// Not supported here (Windows, some network file systems): the rename is still atomic.
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/**
 * Where reviews and summaries are written: incidents.reviewDir (a leading ~ is the home directory;
 * a relative path is taken from the config file's directory, like every path in the config, or the
 * current directory when there is no config file), else <state dir>/reviews.
 */
export function reviewDirectory(configured?: string, configFile?: string): string {
	if (!configured) return path.join(stateDir(), 'reviews');
	if (configured === '~' || configured.startsWith('~/')) return path.join(os.homedir(), configured.slice(1));
	return path.resolve(configFile ? path.dirname(configFile) : process.cwd(), configured);
}

/** Writes a new document (a review, a summary) under `name` in the directory, control characters made visible; an existing file is never overwritten (a -2, -3 ... is added before the extension). */
export function writeNewFile(
	directory: string,
	name: string,
	text: string,
	what: string,
	error: new (message: string) => Error = StateFileError,
): string {
	mkdirSync(directory, {recursive: true, mode: 0o700});
	const extension = path.extname(name);
	const base = name.slice(0, name.length - extension.length);
	for (let n = 1; n < 1000; n++) {
		const file = path.join(directory, n === 1 ? name : `${base}-${n}${extension}`);
		let fd: number;
		try {
			fd = openSync(file, 'wx', 0o600);
		} catch (cause) {
			if ((cause as NodeJS.ErrnoException).code === 'EEXIST') continue;
			throw new error(`could not write the ${what} to ${file}: ${(cause as Error).message}`);
		}
		try {
			// A document a person opens in an editor or a terminal: the text writers' final guard (core/safe-text.ts).
			writeFileSync(fd, visible(text, 'lines'));
			fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
		return file;
	}
	throw new error(`could not find a free file name for the ${what} in ${directory}`);
}
