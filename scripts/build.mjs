// Bundles pg-ops into dist/: one ESM file for the CLI (fast start-up) and small separate
// entry points for the demo environment's own processes, which must not load Ink.
import {build} from 'esbuild';
import {readFileSync, rmSync} from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url)));

rmSync(new URL('../dist', import.meta.url), {recursive: true, force: true});

await build({
	entryPoints: {
		cli: 'source/cli.tsx',
		'demo/supervisor': 'source/demo/supervisor.ts',
		'demo/http-service': 'source/demo/http-service.ts',
		'demo/service-manager': 'source/demo/service-manager-cli.ts',
		'demo/worker': 'source/demo/worker.ts',
	},
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	jsx: 'automatic',
	sourcemap: 'linked',
	logLevel: 'warning',
	// PGlite loads its WebAssembly from its own package; ssh2 and pg have optional native parts.
	external: ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'ssh2', 'pg-native', 'cpu-features'],
	define: {PGOPS_VERSION: JSON.stringify(pkg.version), 'process.env.DEV': '"false"'},
	// Some bundled CommonJS dependencies call require(); give the ESM bundle one.
	banner: {js: "import {createRequire as __pgopsRequire} from 'node:module'; const require = __pgopsRequire(import.meta.url);"},
});
