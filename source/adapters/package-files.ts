// Finds pg-ops' own files (the built demo entry points, the shipped examples) from wherever this code
// runs: source/ under vitest, a dist/ chunk once bundled, node_modules/pg-ops when installed.
import {existsSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

/** The directory holding pg-ops' package.json, found by walking up from this module. */
export function packageRoot(): string {
	let dir = dirname(fileURLToPath(import.meta.url));
	let firstFound: string | undefined;
	for (;;) {
		const manifest = join(dir, 'package.json');
		if (existsSync(manifest)) {
			firstFound ??= dir;
			if (readPackageName(manifest) === 'pg-ops') return dir;
		}
		const parent = dirname(dir);
		if (parent === dir) break;
		dir = parent;
	}
	if (firstFound) return firstFound;
	throw new Error(`cannot find pg-ops' package.json above ${fileURLToPath(import.meta.url)}`);
}

/** The example configurations and runbooks shipped with pg-ops. */
export function examplesDir(): string {
	return join(packageRoot(), 'examples');
}

function readPackageName(manifest: string): string | undefined {
	try {
		return (JSON.parse(readFileSync(manifest, 'utf8')) as {name?: string}).name;
	} catch {
		return undefined;
	}
}
