// Runs a TypeScript entry of the repo's own tooling (the lab, the benchmark) without a build step:
// esbuild bundles it into node_modules/.cache (so its external packages resolve), then it runs
// the entry's exported main(argv) and exits with its code.
import {build} from 'esbuild';
import {bundleOptions, productionDefines} from './esbuild-options.mjs';
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

export async function runTypeScript(entryUrl, label) {
	const entry = fileURLToPath(entryUrl);
	const cacheDir = fileURLToPath(new URL('../node_modules/.cache/', import.meta.url));
	mkdirSync(cacheDir, {recursive: true});
	const outDir = mkdtempSync(join(cacheDir, `pg-ops-${label}-`));
	const outFile = join(outDir, `${label}.mjs`);
	try {
		await build({
			entryPoints: [entry],
			outfile: outFile,
			...bundleOptions,
			// Code that finds pg-ops' own files (dist/demo) walks up from import.meta.url: keep it pointing into the repo.
			define: {
				...bundleOptions.define,
				'import.meta.url': JSON.stringify(pathToFileURL(entry).href),
				...productionDefines,
			},
		});
		const {main} = await import(pathToFileURL(outFile).href);
		process.exitCode = await main(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`pg-ops ${label}: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 1;
	} finally {
		rmSync(outDir, {recursive: true, force: true});
	}
}
