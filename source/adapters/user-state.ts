// Small per-user state (last environment, operator name, the log viewer's wrap and timestamps) kept with `conf` in the user's config dir.
// PGOPS_STATE_DIR moves it (tests, and people who keep dotfiles elsewhere).
import {existsSync} from 'node:fs';
import path from 'node:path';
import Conf from 'conf';

type UserState = {
	lastEnvironment?: Record<string, string>;
	operator?: string;
	logViewer?: {wrap?: unknown; timestamps?: unknown};
};

let store: {dir: string | undefined; conf: Conf<UserState>} | undefined;

// One store per directory: PGOPS_STATE_DIR may change within a process (tests, a sandbox).
function conf(): Conf<UserState> {
	const dir = process.env.PGOPS_STATE_DIR || undefined;
	if (store?.dir !== dir || !store)
		store = {
			dir,
			conf: new Conf<UserState>({projectName: 'pg-ops', projectSuffix: '', cwd: dir, configName: 'state'}),
		};
	return store.conf;
}

/**
 * The state as saved, for reading: conf creates its directory when it reads a file that is not
 * there, and a read (opening the demo, a log) must not make a directory in a place PGOPS_STATE_DIR
 * names for records (the demo keeps those in its sandbox).
 */
function saved<K extends keyof UserState>(key: K): UserState[K] | undefined {
	const dir = process.env.PGOPS_STATE_DIR || undefined;
	if (dir && !existsSync(path.join(dir, 'state.json'))) return undefined;
	return conf().get(key);
}

/** The environment last opened from this config file. */
export function lastEnvironment(configFile: string): string | undefined {
	try {
		return saved('lastEnvironment')?.[configFile];
	} catch {
		return undefined; // unreadable state is not worth failing over
	}
}

export function rememberEnvironment(configFile: string, name: string): void {
	try {
		conf().set('lastEnvironment', {...conf().get('lastEnvironment'), [configFile]: name});
	} catch {
		// best effort
	}
}

/** The log viewer's wrap and timestamps as this user left them; a hand-edited value that is not a boolean is ignored. */
export function logViewerPreferences(): {wrap?: boolean; timestamps?: boolean} {
	try {
		const prefs = saved('logViewer') ?? {};
		return {
			...(typeof prefs.wrap === 'boolean' ? {wrap: prefs.wrap} : {}),
			...(typeof prefs.timestamps === 'boolean' ? {timestamps: prefs.timestamps} : {}),
		};
	} catch {
		return {};
	}
}

export function rememberLogViewerPreferences(preferences: {wrap: boolean; timestamps: boolean}): void {
	try {
		conf().set('logViewer', {wrap: preferences.wrap, timestamps: preferences.timestamps});
	} catch {
		// best effort
	}
}
