// `node dist/demo/database-snapshot.js DIR`: makes the demo's database snapshot (database-snapshot.ts)
// in DIR, in a process of its own, started by the supervisor the first time a version runs the demo.
import {makeSnapshot} from './database-snapshot.js';

const dir = process.argv[2];
if (!dir) {
	process.stderr.write('usage: database-snapshot.js DIR\n');
	process.exit(2);
}
makeSnapshot(dir).then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(
			`database-snapshot: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exit(1);
	},
);
