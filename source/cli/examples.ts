// The example configurations and runbooks shipped in the package: `pg-ops examples` lists them, and a
// path such as examples/runbooks/app-vm.md (as the README writes it) finds them from any directory.
import {existsSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {examplesDir} from '../adapters/package-files.js';
import {printErr, printOut} from '../adapters/plain-output.js';

/**
 * `given` itself when it exists (or isn't under examples/); else the shipped example of that name,
 * when there is one, saying so on stderr.
 */
export function shippedExample(given: string): string {
	const relative = path.normalize(given);
	if (existsSync(given) || path.isAbsolute(given) || !relative.startsWith(`examples${path.sep}`))
		return given;
	const shipped = path.join(examplesDir(), relative.slice('examples'.length + 1));
	if (!existsSync(shipped)) return given;
	printErr(`pg-ops: no ${given} here; using the one shipped with pg-ops: ${shipped}\n`);
	return shipped;
}

/** `pg-ops examples`: every shipped example file, one absolute path a line. */
export function runExamples(): number {
	const dir = examplesDir();
	if (!existsSync(dir)) {
		printErr(`pg-ops: no examples at ${dir} (this copy of pg-ops was installed without them)\n`);
		return 1;
	}
	for (const file of listFiles(dir)) printOut(`${file}\n`);
	return 0;
}

function listFiles(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true})
		.sort((a, b) => a.name.localeCompare(b.name))
		.flatMap(entry =>
			entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
		);
}
