// Bundles pg-ops into dist/: the CLI as one ESM file (fast start-up: ~140 ms to the first frame
// against ~350 ms for unbundled output), and the demo environment's own processes as separate
// small entry points under dist/demo/, which never load Ink.
import {build} from 'esbuild';
import {readFileSync, rmSync} from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url)));

rmSync(new URL('../dist', import.meta.url), {recursive: true, force: true});

const common = {
	bundle: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	jsx: 'automatic',
	logLevel: 'warning',
	// PGlite loads its WebAssembly from its own package; ssh2 and pg have optional native parts.
	external: ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'ssh2', 'pg-native', 'cpu-features'],
	alias: {'react-devtools-core': './scripts/stubs/react-devtools-core.js'},
	// React's production build: its development build costs several times more per render.
	define: {PGOPS_VERSION: JSON.stringify(pkg.version), 'process.env.DEV': '"false"', 'process.env.NODE_ENV': '"production"'},
	// Some bundled CommonJS dependencies call require(); give the ESM bundle one.
	banner: {js: "import {createRequire as __pgopsRequire} from 'node:module'; const require = __pgopsRequire(import.meta.url);"},
};

// Ink reads CI when its module loads and then draws only a final frame; on a real terminal the
// console must draw as it goes, so this runs before any module of the bundle.
const interactiveEvenInCi = "if (process.stdout.isTTY && process.stdin.isTTY) { delete process.env.CI; delete process.env.CONTINUOUS_INTEGRATION; }";

await Promise.all([
	build({...common, entryPoints: {cli: 'source/cli.tsx'}, outdir: 'dist', splitting: false, banner: {js: `${common.banner.js}\n${interactiveEvenInCi}`}}),
	build({
		...common,
		entryPoints: {
			supervisor: 'source/demo/supervisor.ts',
			'http-service': 'source/demo/http-service.ts',
			'service-manager': 'source/demo/service-manager-cli.ts',
			worker: 'source/demo/worker.ts',
			'database-tools': 'source/demo/database-tools-cli.ts',
		},
		outdir: 'dist/demo',
		splitting: true,
	}),
]);
