// Small per-user state (last environment, operator name) kept with `conf` in the user's config dir.
// PGOPS_STATE_DIR moves it (tests, and people who keep dotfiles elsewhere).
import Conf from 'conf';

type UserState = {lastEnvironment?: Record<string, string>; operator?: string};

let store: Conf<UserState> | undefined;

function conf(): Conf<UserState> {
	store ??= new Conf<UserState>({
		projectName: 'pg-ops',
		projectSuffix: '',
		cwd: process.env.PGOPS_STATE_DIR || undefined,
		configName: 'state',
	});
	return store;
}

/** The environment last opened from this config file. */
export function lastEnvironment(configFile: string): string | undefined {
	try {
		return conf().get('lastEnvironment')?.[configFile];
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
