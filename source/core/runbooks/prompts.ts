// The prompts of terminal transcripts in runbooks: a shell's (`$ `, `user@host:~$ `, `db-01 $ `,
// `[root@db ~]# `, `❯ `, `% `), PowerShell's and cmd.exe's (never run here), and those of other
// programs (`redis> `, `db=# `, `mysql> `, `>>> `, `irb> `, a bare `> `), whose lines are that
// program's input, not the host's.
import {readsAsSentence} from './root-lines.js';

export type Prompt =
	/**
	 * machine: the host the prompt names (`db-01 $`, `deploy@app-1:~$`, `[root@db-01 ~]#`), if it names one;
	 * directory: the working directory it names (`app@db-01:/srv/app$`, `/var/lib/zk/data$`), other than `~`.
	 */
	| {kind: 'shell'; command: string; root: boolean; machine?: string; directory?: string}
	| {kind: 'windows'; command: string; program: string}
	| {kind: 'repl'; command: string; program: string};

const shellPrompts: RegExp[] = [
	// $ cmd, (venv) $ cmd, user@host:~/dir$ cmd, [user@host dir]$ cmd, db-01 $ cmd, host:~$ cmd, and
	// prompts aligned in a column (`workstation   $ cmd` above `patroni-01 $ cmd`)
	/^(?:\([\w.-]+\)\s*)?(?:\[[^\]\n]*\]\s?|[\w.-]+@[\w.-]+(?::[^\s$#]*)?\s?|[\w.~/:-]+\s*)?\$\s+(\S.*)$/,
	// ❯ cmd, λ cmd, ➜  dir git:(main) ✗ cmd
	/^(?:❯|λ|»)\s+(\S.*)$/,
	/^➜\s+\S+\s+(?:git:\([^)]*\)\s+(?:✗\s+)?)?(\S.*)$/,
	// % cmd (zsh, csh), host% cmd
	/^(?:[\w.@~/:-]+\s?)?%\s+(\S.*)$/,
	// `$mongo <conn> load.js`: the prompt written without its space (a lower-case known command after it,
	// or its environment first: `$ETCDCTL_API=3 etcdctl snapshot save x.db`)
	/^\$(?=[a-z]|[A-Z_][A-Z0-9_]*=[^\s=]+\s+[a-z])(\S.*)$/,
	// `controlplane ~ $kubectl drain node01`: a host and its home directory, then the prompt without its
	// space and a command with arguments (not `install ~/bin $kubectl`, a command and a variable).
	/^[\w.-]+\s+~[\w.~/-]*\s+\$(?=[a-z][\w.-]*\s+\S)(\S.*)$/,
];
// Words another program's `> ` prompt takes that are also shell commands (redis-cli's `ping`, `set`, mongo's `show`).
export const replWords =
	/^(?:set|ping|echo|exec|test|source|export|time|type|help|info|show|use|exit|quit|get|keys|del)\b/;
const rootPrompt = /^(?:\[[^\]\n]*\]\s?|[\w.-]+@[\w.-]+(?::\S*?)?\s?|[\w.~/:-]+\s?)?#\s+(\S.*)$/;
// `ncn-m001# cmd`, `[root@db ~]# cmd`, `root@pod:/home# cmd`: a `#` right after a word starts no comment
// in a shell, so even in a shell block this is root's prompt naming a machine, not a comment.
const namedRootPrompt = /^(?:\[[^\]\n]*\]|[\w.-]+@[\w.-]+(?::\S*?)?|[\w.~/:-]*[\w~/])#\s+(\S.*)$/;

const windowsPrompts: Array<[RegExp, string]> = [
	[/^PS(?: [A-Za-z]:[^>\n]*)?>\s?(.*)$/, 'PowerShell'],
	[/^[A-Za-z]:\\[^>\n]*>\s?(.*)$/, 'the Windows command prompt'],
];

const replPrompts: Array<[RegExp, string]> = [
	[/^[\w-]+[=-][#>]\s?(.*)$/, 'psql'],
	[/^(?:mysql|MariaDB \[[^\]\n]*\])>\s?(.*)$/, 'mysql'],
	[/^ {2,}->\s?(.*)$/, 'mysql'],
	[/^(?:redis(?: [\w.:-]+)?|[\d.]+:\d+(?:\[\d+\])?|[\w.-]+:\d{2,5}(?:\[\d+\])?)>\s?(.*)$/, 'redis-cli'],
	[/^>>>\s?(.*)$/, 'python'],
	[/^\.\.\.\s(.*)$/, 'python'],
	[/^In \[\d+\]:\s?(.*)$/, 'ipython'],
	[/^(?:irb\([^)]*\):\d+:\d+[>*]|irb>|\[\d+\] pry\([^)]*\)>|pry>|[\w-]+\(\w+\)>)\s?(.*)$/, 'a Ruby console'],
	[/^iex\(\d+\)>\s?(.*)$/, 'iex'],
	[/^SQL>\s?(.*)$/, 'sqlplus'],
	[/^\d+>\s(.*)$/, 'sqlcmd'],
	[/^\[zk: [^\]]*\]\s?(.*)$/, 'zkCli'],
	[/^cqlsh(?::\w+)?>\s?(.*)$/, 'cqlsh'],
	[/^(?:[\w-]+:(?:PRIMARY|SECONDARY|ARBITER)|mongos?)>\s?(.*)$/, 'the mongo shell'],
	[/^([a-z][\w.-]*)>\s(.*)$/, ''],
	[/^>\s?(.*)$/, 'another program'],
];

/**
 * The prompt a transcript line starts with, if any. `rootPrompts`: `# text` can be root's prompt (a
 * console block), and counts as one only when a command follows; in a shell block it is a comment.
 */
export function matchPrompt(
	line: string,
	startsLikeCommand: (text: string) => boolean,
	rootPrompts = true,
): Prompt | undefined {
	const text = line.trimEnd();
	for (const [pattern, program] of windowsPrompts) {
		const match = pattern.exec(text);
		if (match) return {kind: 'windows', command: match[1] ?? '', program};
	}
	for (const pattern of shellPrompts) {
		const match = pattern.exec(text);
		if (!match) continue;
		// `db-01 $ cmd` is a prompt, `Total: $ 5.00` a line of output: a bare word before the $ needs a command after it.
		const before = text
			.slice(0, text.length - match[1]!.length)
			.replace(/[$%❯λ»]\s*$/, '')
			.trim();
		if (/^[\w.-]+:?$/.test(before) && !startsLikeCommand(match[1]!)) continue;
		// `ls / $git`, `cp /etc/pgbouncer $psql`: a command's arguments, not a host, a directory and a prompt.
		if (/\s\$\S/.test(text) && !/^\s*\$/.test(text) && startsLikeCommand(before)) continue;
		const program = match[1]!.replace(/^(?:[A-Z_][A-Z0-9_]*=\S+\s+)+/, '');
		if (
			/\$[^\s]/.test(text.slice(0, text.length - match[1]!.length + 1)) &&
			!knownProgram(program, startsLikeCommand)
		)
			continue;
		return {
			kind: 'shell',
			command: match[1]!,
			root: false,
			machine: machineOf(before),
			directory: directoryOf(before),
		};
	}
	const root = (rootPrompts ? rootPrompt : namedRootPrompt).exec(text);
	// `# /etc/nginx/nginx.conf` alone: a comment naming the file the lines below belong in, not a command.
	const namesFile = /^\/[\w./-]+\.(?:conf|cnf|cfg|ini|ya?ml|json|toml|properties|service|xml|env)\s*$/.test(
		root?.[1] ?? '',
	);
	// `# pg_ctl must be stopped first`: a sentence after a bare `#` is a comment, though a command's name starts it.
	const sentence = root !== null && /^\s*#/.test(text) && readsAsSentence(root[1]!);
	if (root && !namesFile && !sentence && startsLikeCommand(root[1]!)) {
		const before = text.slice(0, text.length - root[1]!.length).replace(/#\s*$/, '');
		return {
			kind: 'shell',
			command: root[1]!,
			root: true,
			machine: machineOf(before),
			directory: directoryOf(before),
		};
	}
	// `> curl http://…`, `> juju deploy …`: a bare `>` before a shell command is the author's shell prompt.
	const bare = /^>\s+(\S.*)$/.exec(text);
	if (bare && knownProgram(bare[1]!, startsLikeCommand) && !replWords.test(bare[1]!))
		return {kind: 'shell', command: bare[1]!, root: false};
	for (const [pattern, program] of replPrompts) {
		const match = pattern.exec(text);
		if (!match) continue;
		// `name> input`: the program is the prompt's own name (sqlite>, hive>, test> of mongosh).
		if (program === '') return {kind: 'repl', command: match[2]!, program: match[1]!};
		return {kind: 'repl', command: match[1] ?? '', program};
	}
	return undefined;
}

/** The host a prompt's text before its `$` or `#` names: `db-01`, `deploy@app-1:~`, `[root@db-01 ~]`. */
function machineOf(before: string): string | undefined {
	const text = before.replace(/^\([\w.-]+\)\s*/, '').trim();
	const at = /@([\w.-]+)/.exec(text);
	if (at) return at[1];
	return /^([\w.-]+)(?::\S*)?$/.exec(text)?.[1];
}

/** The directory a prompt's text names (`user@host:/srv/app`, `/var/lib/zk/data`, `~/app`); not the home directory. */
function directoryOf(before: string): string | undefined {
	const text = before.replace(/^\([\w.-]+\)\s*/, '').trim();
	const directory = /^(?:[\w.-]+@[\w.-]+:)?((?:\/|~\/)\S*)$/.exec(text)?.[1];
	return directory === '~/' ? undefined : directory;
}

/** A prompt alone, with nothing typed after it (`$`, `db=#`): nothing to run, nothing to show as output. */
export function isEmptyPrompt(line: string): boolean {
	return /^\s*(?:\$|#|%|❯|>|>>>|[\w-]+[=-][#>]|mysql>|redis[^>]*>)\s*$/.test(line);
}

/** The text starts with a program's name (not `./x`, a path or `VAR=`), one the runbook reader knows. */
function knownProgram(text: string, startsLikeCommand: (text: string) => boolean): boolean {
	return (
		/^(?:sudo\s+)?[a-z][\w.+-]*(?:\s|$)/.test(text) && !/^[a-z]\w*=/.test(text) && startsLikeCommand(text)
	);
}
