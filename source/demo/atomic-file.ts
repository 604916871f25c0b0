// Whole-file writes that a concurrent reader never sees half done: write a temp file, then rename.
import {mkdirSync, renameSync, writeFileSync} from 'node:fs';
import {dirname} from 'node:path';

export function writeFileAtomically(path: string, content: string, mode = 0o644): void {
	mkdirSync(dirname(path), {recursive: true});
	const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
	writeFileSync(temporary, content, {mode});
	renameSync(temporary, path);
}

export function writeJsonAtomically(path: string, value: unknown, mode = 0o644): void {
	writeFileAtomically(path, `${JSON.stringify(value, null, 2)}\n`, mode);
}
