// Bundles pg-ops into dist/: the CLI as one ESM file (fast start-up: ~140 ms to the first frame
// against ~350 ms for unbundled output), and the demo environment's own processes as separate
// small entry points under dist/demo/, which never load Ink.
import {build} from 'esbuild';
import {readFileSync, rmSync} from 'node:fs';
import {bundleOptions, productionDefines} from './esbuild-options.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url)));

rmSync(new URL('../dist', import.meta.url), {recursive: true, force: true});

const common = {...bundleOptions, define: {PGOPS_VERSION: JSON.stringify(pkg.version), ...productionDefines}};

// Ink reads CI when its module loads and then draws only a final frame; on a real terminal the
// console must draw as it goes, so this runs before any module of the bundle.
const interactiveEvenInCi =
	'if (process.stdout.isTTY && process.stdin.isTTY) { delete process.env.CI; delete process.env.CONTINUOUS_INTEGRATION; }';

await Promise.all([
	build({
		...common,
		entryPoints: {cli: 'source/cli.tsx'},
		outdir: 'dist',
		splitting: false,
		banner: {js: `${common.banner.js}\n${interactiveEvenInCi}`},
	}),
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
