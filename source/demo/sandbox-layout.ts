// Where everything lives inside a demo sandbox root: the one map every demo process shares.
import {join} from 'node:path';

export type SandboxPaths = ReturnType<typeof sandboxPaths>;

export function sandboxPaths(root: string) {
	const appBase = join(root, 'opt', 'app');
	return {
		root,
		appBase,
		releases: join(appBase, 'releases'),
		currentLink: join(appBase, 'current'),
		lastDeploy: join(appBase, 'last_deploy.json'),
		backups: join(appBase, 'backups'),
		appLogs: join(appBase, 'logs'),
		envFile: join(root, 'etc', 'app', 'backend.env'),
		bin: join(root, 'bin'),
		unitDefinitions: join(root, 'etc', 'service-manager'),
		unitStates: join(root, 'var', 'lib', 'service-manager'),
		unitLogs: join(root, 'var', 'log'),
		sloFile: join(root, 'var', 'lib', 'app', 'slo.json'),
		// Marks a directory as a demo sandbox, so a restart only ever wipes one of ours.
		marker: join(root, '.pg-ops-demo'),
	};
}
