// DIR/lab-system.json: what startLab added outside DIR (the lab user, the sudoers file). Each entry
// is recorded before the change is made, so stopLab can undo even a start that failed halfway.
import {existsSync, readFileSync, rmSync} from 'node:fs';
import {writeJsonAtomically} from '../../source/demo/atomic-file.js';
import type {LabPaths} from './lab-paths.js';

export interface SystemChanges {
	user?: {name: string; uid?: number};
	sudoersFile?: string;
}

export function readSystemChanges(paths: LabPaths): SystemChanges {
	if (!existsSync(paths.systemChanges)) return {};
	try {
		return JSON.parse(readFileSync(paths.systemChanges, 'utf8')) as SystemChanges;
	} catch {
		return {};
	}
}

export function recordSystemChange(paths: LabPaths, change: SystemChanges): void {
	writeJsonAtomically(paths.systemChanges, {...readSystemChanges(paths), ...change}, 0o600);
}

export function forgetSystemChanges(paths: LabPaths): void {
	rmSync(paths.systemChanges, {force: true});
}
