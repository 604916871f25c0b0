// DIR/lab.lock while startLab runs: a second start in the same dir is refused instead of racing the first.
import {existsSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {isProcessAlive} from '../../source/demo/processes.js';

/** Returns the release function; throws `busy()` while another live process holds the lock. */
export function acquireStartLock(file: string, busy: () => Error): () => void {
	for (let attempt = 0; ; attempt++) {
		try {
			writeFileSync(file, `${process.pid}\n`, {flag: 'wx'});
			return () => rmSync(file, {force: true});
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
			const holder = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : 0;
			if (holder && isProcessAlive(holder)) throw busy();
			// Left by a start that died: nobody holds it.
			rmSync(file, {force: true});
		}
	}
}
