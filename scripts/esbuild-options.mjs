// The esbuild settings every pg-ops bundle shares: the package's own (scripts/build.mjs) and the
// repo's TypeScript tools run without a build step (scripts/run-typescript.mjs).
import {readFile} from 'node:fs/promises';
import {dirname, sep} from 'node:path';
import {fileURLToPath} from 'node:url';

// zod re-exports every language of its error messages (half its size, parsed on every start);
// pg-ops words its own config errors and uses zod's English at most, so only English is bundled.
const zodEnglishOnly = {
	name: 'zod-english-only',
	setup(build) {
		build.onResolve({filter: /^\.\.\/locales\/index\.js$/}, args =>
			args.importer.includes(`${sep}zod${sep}`)
				? {path: args.path, namespace: 'zod-locales', pluginData: dirname(args.importer)}
				: undefined,
		);
		build.onLoad({filter: /.*/, namespace: 'zod-locales'}, args => ({
			contents: "export {default as en} from '../locales/en.js';",
			resolveDir: args.pluginData,
			loader: 'js',
		}));
	},
};

// pg tells a Cloudflare Worker apart by constructing a fetch Response when `navigator` is missing,
// as it is on Node 20: that loads Node's whole fetch implementation on every start that touches the
// database. pg-ops runs on Node only, so the bundle skips the question. The build fails if pg's code
// changes, rather than bundling it unpatched.
const pgOnNodeOnly = {
	name: 'pg-on-node-only',
	setup(build) {
		build.onLoad({filter: /[\\/]pg[\\/]lib[\\/]stream\.js$/}, async args => {
			const source = await readFile(args.path, 'utf8');
			const question = 'if (isCloudflareRuntime()) {';
			if (source.split(question).length !== 2)
				throw new Error(
					`${args.path} no longer asks "${question}": update pgOnNodeOnly in scripts/esbuild-options.mjs`,
				);
			return {contents: source.replace(question, 'if (false) {'), loader: 'js'};
		});
	},
};

export const bundleOptions = {
	bundle: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	jsx: 'automatic',
	logLevel: 'warning',
	plugins: [zodEnglishOnly, pgOnNodeOnly],
	// PGlite loads its WebAssembly and data files from its own package, so it stays a dependency: the
	// one package an installed pg-ops needs (for the demo). ssh2 and pg have optional native parts,
	// which they go without (ssh2 then uses Node's own crypto).
	external: ['@electric-sql/pglite', 'pg-native', 'cpu-features', '*.node'],
	// Ink imports react-devtools-core only when DEV=true, which no bundle sets.
	alias: {'react-devtools-core': fileURLToPath(new URL('./stubs/react-devtools-core.js', import.meta.url))},
	// Bundled CommonJS code may ask where its file is (ssh2's WebAssembly loader does).
	define: {__dirname: 'import.meta.dirname', __filename: 'import.meta.filename'},
	// Some bundled CommonJS dependencies call require(); give the ESM bundle one.
	banner: {
		js: "import {createRequire as __pgopsRequire} from 'node:module'; const require = __pgopsRequire(import.meta.url);",
	},
};

// React's production build: its development build costs several times more per render.
export const productionDefines = {'process.env.DEV': '"false"', 'process.env.NODE_ENV': '"production"'};
