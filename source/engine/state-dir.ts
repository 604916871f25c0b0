// Where pg-ops keeps its local records (audit log, open incidents and maintenance windows, reviews):
// the state directory. In order: a directory a sandbox forces for the whole process (the throwaway
// `--demo`), PGOPS_STATE_DIR (tests, and people who keep state elsewhere), the config file's
// `stateDir:` (a demo started with `demo start --dir` keeps its records in its own directory), else
// the XDG state dir.
import os from 'node:os';
import path from 'node:path';

let forced: string | undefined;
let configured: string | undefined;

/** The config file's `stateDir:` (relative to the config file's directory; a leading ~ is the home directory). */
export function useConfiguredStateDir(stateDir: string | undefined, configFile: string): void {
	configured = stateDir === undefined ? undefined : resolveConfigPath(stateDir, configFile);
}

/** A sandbox's own state dir for the rest of this process: nothing it records reaches the user's real state. */
export function forceStateDir(dir: string): void {
	forced = dir;
}

export function stateDir(): string {
	if (forced) return forced;
	if (process.env.PGOPS_STATE_DIR) return process.env.PGOPS_STATE_DIR;
	if (configured) return configured;
	return path.join(process.env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state'), 'pg-ops');
}

function resolveConfigPath(configuredPath: string, configFile: string): string {
	if (configuredPath === '~' || configuredPath.startsWith('~/'))
		return path.join(os.homedir(), configuredPath.slice(1));
	return path.resolve(path.dirname(configFile), configuredPath);
}
