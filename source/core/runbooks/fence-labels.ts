// Commands under a label that says otherwise: ```text or ```cli around `juju debug-log --replay`, ```ini
// around `sudo lsof -n -i4TCP:5672`. Read as unlabelled only when every line reads as a command, so a
// text block of output or prose, or a file of settings, stays shown.
import {readsAsCommands} from './classify.js';

// Also `cli`, which some documentation sites use for commands (Flux's: ```cli around `flux get all -A`).
const plainText = new Set([
	'text',
	'txt',
	'plain',
	'plaintext',
	'none',
	'nohighlight',
	'no-highlight',
	'cli',
	// No line of HTML or XML reads as a command: commands under it are a mislabel (```html around `firewall-cmd …`).
	'html',
	'xml',
]);
// A configuration language's label: commands only when no line is a setting (`ExecStart=…`) or a section.
const configLanguages = new Set(['ini', 'dosini', 'conf', 'cfg', 'toml', 'properties']);
const settingOrSection = /^\s*(?:[\w.-]+\s*=|\[[^\]]*\]\s*$)/;

/** Every line, but comments and a `\\` line's continuations, reads as a command. */
export function everyLineACommand(lines: string[]): boolean {
	const own = lines.filter(
		(line, k) => line.trim() !== '' && !/^\s*#/.test(line) && !/\\\s*$/.test(lines[k - 1] ?? ''),
	);
	return own.length > 0 && own.every(line => readsAsCommands([line]));
}

// `java  5021  root  0u  CHR  136,5 …`: columns set apart by runs of spaces, as a listing prints them
// (lsof, ps, a table), even when the first column names a program. Quotes and a note at the end aside.
const alignedColumns = (line: string) =>
	/\S\s{3,}\S+\s{3,}\S/.test(line.replace(/"[^"]*"|'[^']*'/g, '""').replace(/\s#.*$/, ''));

/** The block is commands written under a text or configuration label. */
export function commandsUnderAnotherLabel(language: string, lines: string[]): boolean {
	if (plainText.has(language)) return everyLineACommand(lines) && !lines.some(alignedColumns);
	return (
		configLanguages.has(language) &&
		everyLineACommand(lines) &&
		!lines.some(line => settingOrSection.test(line))
	);
}
