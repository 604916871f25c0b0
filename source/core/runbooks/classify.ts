// What a fenced block is: shell to run on the host, SQL to run through the database, or
// something only to be shown. The fence's language decides; an unlabelled block runs only when it
// reads as commands.
import {commandLines} from './shell-lexer.js';
import type {RunbookStepKind} from './types.js';

const shellLanguages = new Set(['bash', 'sh', 'shell', 'zsh', 'ksh', 'dash', 'posix']);
const consoleLanguages = new Set([
	'console',
	'shell-session',
	'shellsession',
	'sh-session',
	'bash-session',
	'terminal',
	'session',
]);
const sqlLanguages = new Set(['sql', 'psql', 'postgresql', 'postgres', 'pgsql', 'plpgsql']);

/** "bash", "{.bash}", "bash title=x" and "BASH" all name bash. */
export function fenceLanguage(info: string): string {
	const word = info.trim().split(/\s+/)[0] ?? '';
	return word
		.replace(/^\{\.?|\}$/g, '')
		.replace(/^\./, '')
		.toLowerCase();
}

export function classifyBlock(language: string, lines: string[]): {kind: RunbookStepKind; code: string} {
	const code = lines.join('\n');
	if (sqlLanguages.has(language)) return {kind: hasStatements(lines) ? 'sql' : 'show', code};
	if (consoleLanguages.has(language) || (language === '' && readsAsSession(lines)))
		return runnable(consoleCommands(lines).join('\n'), code);
	if (shellLanguages.has(language) || (language === '' && readsAsCommands(lines)))
		return runnable(code, code);
	return {kind: 'show', code};
}

/** A shell block with nothing but comments has nothing to run: it is shown. */
function runnable(commands: string, written: string): {kind: RunbookStepKind; code: string} {
	return commandLines(commands).length > 0 ? {kind: 'shell', code: commands} : {kind: 'show', code: written};
}

function hasStatements(lines: string[]): boolean {
	return lines.some(line => /\S/.test(line.replace(/--.*$/, '')));
}

// "$ cmd", "# cmd" (root), "user@host:~$ cmd", "(venv) $ cmd".
const prompt = /^(?:\([\w.-]+\)\s*)?(?:[\w.-]+@[\w.-]+(?::\S*?)?\s?)?([$#%])\s+(.*)$/;

function readsAsSession(lines: string[]): boolean {
	const first = lines.find(line => line.trim() !== '');
	const match = first === undefined ? null : prompt.exec(first.trim());
	return match !== null && match[1] === '$';
}

/** The commands of a terminal session: prompt lines without their prompt (and their `\` continuations); the rest is output. */
export function consoleCommands(lines: string[]): string[] {
	const commands: string[] = [];
	let continuing = false;
	for (const line of lines) {
		if (continuing) {
			const text = line.replace(/^\s*>\s?/, '');
			commands.push(text);
			continuing = /\\$/.test(text);
			continue;
		}
		const match = prompt.exec(line.trim());
		// "# text" is a root prompt only when a command follows; otherwise it is output or a remark.
		if (!match || (match[1] === '#' && !startsLikeCommand(match[2]!))) continue;
		commands.push(match[2]!);
		continuing = /\\$/.test(match[2]!);
	}
	return commands;
}

// Commands people write in runbooks; an unlabelled block starting with one of these is run.
const knownCommands = new Set(
	(
		'sudo systemctl journalctl service curl wget psql pg_dump pg_dumpall pg_restore pg_isready pg_ctl pg_ctlcluster pg_lsclusters ' +
		'docker docker-compose podman kubectl helm cd ls ll df du find gunzip gzip zcat zgrep tar unzip tail head cat less grep egrep ' +
		'awk sed cut sort uniq wc xargs tee ps pgrep pkill kill top htop free uptime vmstat iostat ss netstat ip ping dig nslookup nc ' +
		'ssh scp rsync cp mv rm mkdir rmdir touch chmod chown ln readlink realpath stat file echo printf export unset source set env ' +
		'test git make npm npx node python python3 pip pip3 pytest bash sh apt apt-get yum dnf openssl nginx crontab date whoami id ' +
		'hostname uname lsof mount umount dmesg timedatectl redis-cli mysql sqlite3 jq watch nohup timeout sleep for if while case exec'
	).split(' '),
);

function startsLikeCommand(line: string): boolean {
	// sudo -u postgres psql …: the command is psql.
	const first =
		line
			.trim()
			.replace(/^sudo(\s+(-[ugCDhprtU]\s+\S+|-\S+))*\s+/, '')
			.split(/\s+/)[0] ?? '';
	return (
		knownCommands.has(first) ||
		/^(\.{1,2}|~)?\/[\w.~/-]/.test(first) ||
		/^[A-Za-z_][A-Za-z0-9_]*=/.test(first)
	);
}

/** Commands, not JSON, YAML, a URL, a log excerpt or a sentence: judged by the first line that isn't a comment. */
export function readsAsCommands(lines: string[]): boolean {
	const first = lines.map(line => line.trim()).find(line => line !== '' && !/^#(\s|!|$)/.test(line));
	if (first === undefined) return false;
	if (/^[[{]/.test(first) || /^[a-z][a-z0-9+.-]*:\/\//i.test(first) || /^-\s|^[\w.-]+:(\s|$)/.test(first))
		return false;
	if (!startsLikeCommand(first)) return false;
	// "cat the file and check it." is a sentence that happens to start with a command.
	return !/^[a-z]+( [A-Za-z,']+){3,}[.!?]$/.test(first);
}
