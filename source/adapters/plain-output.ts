// Everything pg-ops prints without the console (status, run, audit, runbook --list/--dry-run,
// incident, maintenance, errors) goes through here: the plain-text writers' final guard. Text
// keeps its lines and tabs; every other control character and escape sequence is shown as a
// placeholder (core/safe-text.ts), whatever let it through. JSON passes too: JSON.stringify already
// escapes C0 controls, and what it leaves (DEL, C1 controls, bidi controls) becomes a visible
// placeholder inside the string, so the JSON stays valid. Modes never call process.stdout.write
// themselves (test/unit/hostile-text-writers.test.ts checks).
import {visible} from '../core/safe-text.js';

export function printOut(text: string): void {
	process.stdout.write(visible(text, 'lines'));
}

export function printErr(text: string): void {
	process.stderr.write(visible(text, 'lines'));
}
