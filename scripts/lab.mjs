// `npm run lab -- start|stop --dir DIR`: bundles test/lab/cli.ts on the fly (the lab is TypeScript
// that only tests use, so it is not in dist/) into a temp file outside the repo and runs it.
import {build} from 'esbuild';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const entry = fileURLToPath(new URL('../test/lab/cli.ts', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'pg-ops-lab-cli-'));
const outFile = join(outDir, 'lab-cli.mjs');
try {
	await build({
		entryPoints: [entry],
		outfile: outFile,
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		logLevel: 'warning',
		external: ['pg-native'],
		// The demo finds pg-ops' built scripts from its own location: keep it pointing into the repo, not the temp dir.
		define: {'import.meta.url': JSON.stringify(pathToFileURL(entry).href)},
		banner: {js: "import {createRequire as __pgopsRequire} from 'node:module'; const require = __pgopsRequire(import.meta.url);"},
	});
	const {main} = await import(pathToFileURL(outFile).href);
	process.exitCode = await main(process.argv.slice(2));
} catch (error) {
	process.stderr.write(`pg-ops lab: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
} finally {
	rmSync(outDir, {recursive: true, force: true});
}
