// Finds the demo's built entry points among pg-ops' own files (adapters/package-files.ts).
import {join} from 'node:path';
import {packageRoot} from '../adapters/package-files.js';

export {packageRoot};

/** Absolute path of a built demo entry point, e.g. builtDemoScript('supervisor') -> .../dist/demo/supervisor.js. */
export function builtDemoScript(
	name:
		'supervisor' | 'http-service' | 'service-manager' | 'worker' | 'database-snapshot' | 'database-worker',
): string {
	return join(packageRoot(), 'dist', 'demo', `${name}.js`);
}
