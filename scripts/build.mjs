// Bundles pg-ops into dist/: the CLI as a tiny ESM entry (dist/cli.js: argv, --help, --version) whose
// commands and modes are chunks under dist/chunks/, loaded only by the command that runs them (a few
// files instead of hundreds of modules: bundled start-up is several times faster than unbundled),
// and the demo environment's own processes as separate small entry points under dist/demo/, which
// never load Ink.
import {build} from 'esbuild';
import {readFileSync, rmSync, writeFileSync} from 'node:fs';
import {bundleOptions, productionDefines} from './esbuild-options.mjs';
import {renderManPage} from './man-page.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url)));

rmSync(new URL('../dist', import.meta.url), {recursive: true, force: true});

const common = {
	...bundleOptions,
	define: {...bundleOptions.define, PGOPS_VERSION: JSON.stringify(pkg.version), ...productionDefines},
};

await Promise.all([
	build({
		...common,
		entryPoints: {cli: 'source/cli.ts'},
		outdir: 'dist',
		splitting: true,
		chunkNames: 'chunks/[name]-[hash]',
	}),
	build({
		...common,
		entryPoints: {
			supervisor: 'source/demo/supervisor.ts',
			'http-service': 'source/demo/http-service.ts',
			'service-manager': 'source/demo/service-manager-cli.ts',
			worker: 'source/demo/worker.ts',
			'database-tools': 'source/demo/database-tools-cli.ts',
			'database-snapshot': 'source/demo/database-snapshot-cli.ts',
			'database-worker': 'source/demo/database-worker.ts',
		},
		outdir: 'dist/demo',
		splitting: true,
	}),
]);

// The man page (package.json's "man"), from the help text --help prints.
const help = await build({entryPoints: ['source/cli/help.ts'], bundle: true, format: 'esm', write: false});
const {helpText} = await import(`data:text/javascript,${encodeURIComponent(help.outputFiles[0].text)}`);
writeFileSync(new URL('../dist/pg-ops.1', import.meta.url), renderManPage(helpText, pkg.version));
