// `npm run bench`: bundles scripts/bench/main.ts on the fly (it uses the TypeScript lab and engine
// directly) into a temp file outside the repo and runs it. Figures go to stdout as ratios.
import {build} from 'esbuild';
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';

import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const entry = fileURLToPath(new URL('./bench/main.ts', import.meta.url));
// Inside the repo's node_modules, so the external packages resolve at run time.
const cacheDir = fileURLToPath(new URL('../node_modules/.cache/', import.meta.url));
mkdirSync(cacheDir, {recursive: true});
const outDir = mkdtempSync(join(cacheDir, 'pg-ops-bench-'));
const outFile = join(outDir, 'bench.mjs');
try {
	await build({
		entryPoints: [entry],
		outfile: outFile,
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		jsx: 'automatic',
		logLevel: 'warning',
		external: ['pg-native', 'ssh2', 'cpu-features', '@electric-sql/pglite', '@electric-sql/pglite-socket'],
		alias: {'react-devtools-core': './scripts/stubs/react-devtools-core.js'},
		// Code that finds pg-ops' own files walks up from import.meta.url: keep it pointing into the repo.
		define: {'import.meta.url': JSON.stringify(pathToFileURL(entry).href), 'process.env.NODE_ENV': '"production"'},
		banner: {js: "import {createRequire as __pgopsRequire} from 'node:module'; const require = __pgopsRequire(import.meta.url);"},
		nodePaths: [fileURLToPath(new URL('../node_modules', import.meta.url))],
	});
	const {main} = await import(pathToFileURL(outFile).href);
	process.exitCode = await main(process.argv.slice(2));
} catch (error) {
	process.stderr.write(`pg-ops bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
} finally {
	rmSync(outDir, {recursive: true, force: true});
}
