// What `npm install -g` of the packed package brings (goal: node_modules <= 35 MB), against its one
// runtime dependency, PGlite (the embedded PostgreSQL of the demo), measured in the same install.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function benchPackage(): void {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-bench-package-'));
	try {
		const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		});
		const tarball = path.join(dir, packed.trim().split('\n').at(-1)!);
		const prefix = path.join(dir, 'prefix');
		execFileSync('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], {
			stdio: 'ignore',
		});
		const installed = path.join(prefix, 'lib', 'node_modules', 'pg-ops');
		const modules = path.join(installed, 'node_modules');
		// The packages npm put there: each directory, or each one inside a @scope.
		const packages = readdirSync(modules).flatMap(name =>
			name.startsWith('@') ? readdirSync(path.join(modules, name)) : name.startsWith('.') ? [] : [name],
		).length;
		const total = megabytes(modules);
		const pglite = megabytes(path.join(modules, '@electric-sql', 'pglite'));
		console.log(`\nthe installed package (npm pack, then npm install -g into a temporary prefix):`);
		console.log(
			`  ${"PGlite alone (the demo's PostgreSQL)".padEnd(58)} ${pglite.toFixed(1).padStart(6)} MB   baseline`,
		);
		console.log(
			`  ${`node_modules (${packages} package${packages === 1 ? '' : 's'})`.padEnd(58)} ${total.toFixed(1).padStart(6)} MB   ${(total / pglite).toFixed(2)}x PGlite alone (goal <= 35 MB)`,
		);
		const all = megabytes(installed);
		console.log(
			`  ${'pg-ops itself (dist, docs, examples, media)'.padEnd(58)} ${(all - total).toFixed(1).padStart(6)} MB`,
		);
		console.log(`  ${'installed in all'.padEnd(58)} ${all.toFixed(1).padStart(6)} MB`);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

/** Bytes of the files under `dir`, in MB (1024 * 1024). */
function megabytes(dir: string): number {
	let bytes = 0;
	for (const entry of readdirSync(dir, {withFileTypes: true, recursive: true}))
		if (entry.isFile()) bytes += statSync(path.join(entry.parentPath, entry.name)).size;
	return bytes / 1024 / 1024;
}
