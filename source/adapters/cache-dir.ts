// The user's cache directory for pg-ops: PGOPS_CACHE_DIR, else $XDG_CACHE_HOME/pg-ops, else ~/.cache/pg-ops.
// What is kept there can be rebuilt (the demo's database snapshot, Node's compiled code): deleting it costs time only.
import os from 'node:os';
import path from 'node:path';

export function userCacheDir(): string {
	return (
		process.env.PGOPS_CACHE_DIR ||
		path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'pg-ops')
	);
}
