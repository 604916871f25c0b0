// The esbuild settings every pg-ops bundle shares: the package's own (scripts/build.mjs) and the
// repo's TypeScript tools run without a build step (scripts/run-typescript.mjs).
import {fileURLToPath} from 'node:url';

export const bundleOptions = {
	bundle: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	jsx: 'automatic',
	logLevel: 'warning',
	// PGlite loads its WebAssembly from its own package; ssh2 and pg have optional native parts.
	external: ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'ssh2', 'pg-native', 'cpu-features'],
	// Ink imports react-devtools-core only when DEV=true, which no bundle sets.
	alias: {'react-devtools-core': fileURLToPath(new URL('./stubs/react-devtools-core.js', import.meta.url))},
	// Some bundled CommonJS dependencies call require(); give the ESM bundle one.
	banner: {
		js: "import {createRequire as __pgopsRequire} from 'node:module'; const require = __pgopsRequire(import.meta.url);",
	},
};

// React's production build: its development build costs several times more per render.
export const productionDefines = {'process.env.DEV': '"false"', 'process.env.NODE_ENV': '"production"'};
