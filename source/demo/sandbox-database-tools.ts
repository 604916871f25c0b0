// The sandbox's bin/pg_dump and bin/psql: STAND-INS, since the demo's PostgreSQL is PGlite, which has
// neither tool. They sit on the demo's shellPath beside the service-manager stand-in, so restore-backup
// runs the same commands on the demo as on a real host. The SSH lab, with a real PostgreSQL, uses the real ones.
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {packageRoot} from './package-paths.js';
import type {SandboxPaths} from './sandbox-layout.js';
import {shellQuote} from './shell-quote.js';

export function writeDatabaseToolStandIns(paths: SandboxPaths): void {
	mkdirSync(paths.bin, {recursive: true});
	const script = join(packageRoot(), 'dist', 'demo', 'database-tools.js');
	for (const tool of ['pg_dump', 'psql']) {
		const text = [
			'#!/bin/sh',
			`# STAND-IN FOR ${tool} (pg-ops demo): the demo's PostgreSQL is PGlite, which has no pg_dump or psql,`,
			`# so this forwards to pg-ops' small stand-in, which does what restore-backup asks of ${tool} through`,
			'# the ordinary pg client (only the options restore-backup uses). Against real hosts pg-ops runs the real tools.',
			`exec ${shellQuote(process.execPath)} ${shellQuote(script)} ${tool} "$@"`,
			'',
		].join('\n');
		writeFileSync(join(paths.bin, tool), text, {mode: 0o755});
	}
}
