// A command that only reads, and under it what it printed, with no prompt to tell them apart
// (`cat /proc/mdstat` then its table; `curl -s …/health | jq .` then the JSON). The author shows the
// look and its answer: the look runs, the answer is the author's, not a command. Only when every
// command line only reads and every other line is plainly output: a line that might be a command of
// a program pg-ops does not know keeps the block shown, so nothing the author wrote is dropped.
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

const tableHeader = /^[A-Z][A-Z_-]+(?:\s{2,}[A-Z][A-Z_ -]*)+$/;
const tableRow = /^\S+(?:\s{2,}\S+){2,}$/;

/** The output under the block's reads, when the block is reads and their output; else undefined. */
export function whatReadsPrinted(commands: ShellCommand[]): ShellCommand[] | undefined {
	const reads: ShellCommand[] = [];
	const printed: ShellCommand[] = [];
	// Under a table's header (`NAME   READY   STATUS`), rows set apart in the same columns are its rows,
	// whatever their first column says (`etcd-master-0.lab   4/4   Running`).
	let underHeader = false;
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
		} else if (startsLikeCommand(lines[0]!) && !plainlyOutput(lines[0]!) && surelyReads(command.text))
			reads.push(command);
		else return undefined;
	}
	return printed.length > 0 ? printed : undefined;
}
