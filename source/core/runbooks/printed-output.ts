// A command and under it what it printed, with no prompt to tell them apart (`cat /proc/mdstat` then
// its table; `curl -s …/health | jq .` then the JSON; `pip uninstall x` then `Successfully uninstalled
// x`). The author shows the command and its answer: the command runs, the answer is the author's, not a
// command. Only when every other line is plainly output, and a change only as the block's first
// commands, all the output after, of a program pg-ops knows: a line that might be a command of a
// program pg-ops does not know keeps the block shown, so nothing the author wrote is dropped.
import {knownCommand, startsLikeCommand} from './classify.js';
import {surelyReads} from './only-looks.js';
import {looksLikeOutput} from './output-lines.js';
import type {ShellCommand} from './shell-commands.js';

/** A line no command starts like: a table's rule or row, JSON, a tree, a sentence, `md0 : active …`. */
function plainlyOutput(line: string): boolean {
	const text = line.trim();
	// `1. i stands for ignore case`: the author's numbered notes on the command, not what it printed.
	if (/^\d+[.)]\s+[A-Za-z/]/.test(text)) return false;
	// `[ -f x ] && rm x`, `( cd /x && make )`, `{ a; b; }`, `! grep …`, `"$PG_BIN"/psql`: the shell's own ways to
	// start a command (a quoted key before a colon is JSON, and output).
	if (/^(?:\[\[?\s|\(|\{\s|!\s|\\)/.test(text) || (/^["']/.test(text) && !/^"[^"]*"\s*:/.test(text)))
		return false;
	return (
		text === '' ||
		looksLikeOutput(text) ||
		// Not `ETCD_NAME=etcd1` nor `ETCDCTL_API=3 etcdctl compact`: a setting, or a command with its environment.
		(/^[^a-z./~$_#]/.test(text) && !/^[A-Za-z_]\w*=/.test(text)) ||
		/^\S+\s+:\s/.test(text) ||
		// `unused devices: <none>`, `status: running`: a label of words and its value.
		(/^[a-z][\w-]*(?: [a-z][\w-]*)*: \S/.test(text) && !startsLikeCommand(text)) ||
		// A directory alone, as `tree` or `ls -d` prints it.
		/^\/(?:[^\s/]+\/)+$/.test(text)
	);
}

const programOf = (line: string) =>
	line
		.trim()
		.replace(/^sudo\s+(?:-\S+\s+)*/, '')
		.split(/\s+/)[0] ?? '';

// A program pg-ops knows, or one named by its path and given arguments (`/usr/bin/patroni --version`; not
// `~/wordpress` alone, a directory a tree printed).
const knownProgram = (line: string) =>
	knownCommand(programOf(line)) ||
	(/^(?:\.{1,2}|~)?\/(?:[\w.-]+\/)*[\w.-]+$/.test(programOf(line)) &&
		/\S\s+\S/.test(line.trim().replace(/^sudo\s+/, '')));
// `remove-member.sh 8cd2a87e`: an id of the author's system (hex, letters and digits), not the operator's.
const authorsId = /(?<![\w-])(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}(?![\w-])/;
const failed = /\b(?:error|failed|fatal|denied|refused|not found)\b/i;

const tableHeader = /^[A-Z][A-Z_-]+(?:\s{2,}[A-Z][A-Z_ -]*)+$/;
const tableRow = /^\S+(?:\s{2,}\S+){2,}$/;

/** The output under the block's reads, when the block is reads and their output; else undefined. */
export function whatReadsPrinted(commands: ShellCommand[]): ShellCommand[] | undefined {
	const reads: ShellCommand[] = [];
	const printed: ShellCommand[] = [];
	// Under a table's header (`NAME   READY   STATUS`), rows set apart in the same columns are its rows,
	// whatever their first column says (`etcd-master-0.lab   4/4   Running`).
	let underHeader = false;
	let changed = false;
	for (const command of commands) {
		const lines = command.text.split('\n');
		if (
			lines.every(
				line =>
					plainlyOutput(line) ||
					(underHeader && tableRow.test(line.trim()) && !knownCommand(line.trim().split(/\s+/)[0]!)),
			)
		) {
			if (reads.length === 0) return undefined;
			printed.push(command);
			underHeader ||= lines.some(line => tableHeader.test(line.trim()));
		} else if (startsLikeCommand(lines[0]!) && !plainlyOutput(lines[0]!)) {
			// A change whose answer is shown under it (`pip uninstall x` then `Successfully uninstalled x`): only
			// as the block's commands first, all the output after, and by a program pg-ops knows.
			const change = !surelyReads(command.text);
			if (change && (printed.length > 0 || !knownProgram(lines[0]!) || authorsId.test(command.text)))
				return undefined;
			if (printed.length > 0 && (changed || change)) return undefined;
			changed ||= change;
			reads.push(command);
		} else return undefined;
	}
	// A change that failed for its author (`kubectl delete secret s`, then `Error from server (NotFound)`): the
	// block shows what goes wrong, not a step to take.
	if (changed && printed.some(command => failed.test(command.text))) return undefined;
	return printed.length > 0 ? printed : undefined;
}
