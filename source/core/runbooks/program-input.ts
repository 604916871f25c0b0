// Lines in a shell block that are typed somewhere other than the host's shell, or are no command at
// all: another program's prompt and input (`redis> INFO`, `INFO memory`, psql's `\\x`), output, a file
// `cat` printed, a command's name alone. Any of them makes the block (or its recipe) shown.
import {quote} from './read-sql.js';
import {looksLikeOutput} from './output-lines.js';
import {startsLikeCommand} from './classify.js';
import {matchPrompt} from './prompts.js';
import type {ShellCommand} from './shell-commands.js';

// `heroku addons:destroy`, `kubectl delete`, `minikube delete`, `helmfile destroy` alone: a command's name
// in a list, not a command (it acts on nothing named, or on everything by default). Not `apt upgrade` or
// `compose down`, whole as written, nor `create` of a tool made for one thing (`sudo gitlab-backup create`).
const bareChange =
	/^(?:sudo\s+)?[\w.-]+\s+(?:[\w-]+:)?(?:destroy|delete|remove|rm|drop|kill)$|^(?:sudo\s+)?(?:kubectl|oc|docker|podman|nerdctl|crictl|ctr|heroku|helm|git|gh|virsh|lxc|incus|nomad|vault|consul|flyctl|fly|dokku|pm2|aws|gcloud|az|doctl|terraform|tf)\s+(?:create|attach|detach|rename)$|^(?:sudo\s+)?[\w.-]+\s+[\w-]+:(?:create|attach|detach|rename|upgrade|downgrade)$/;

// `host all all 127.0.0.1/32 md5`, `local replication postgres peer`: pg_hba.conf's lines (`host` is also a
// DNS tool, but never with an authentication method last).
const hbaLine =
	/^(?:local|host|hostssl|hostnossl|hostgssenc|hostnogssenc)\s+\S+\s+\S+(?:\s+\S+){0,2}\s+(?:trust|reject|md5|password|scram-sha-256|gss|sspi|ident|peer|pam|ldap|radius|cert)(?:\s+\w+=\S+)*\s*$/;

// `ExecStart=/usr/bin/gitlab-runner run …`, `WorkingDirectory=/srv/app`: a systemd unit's setting, by its name
// (a shell variable may be CamelCase too: `ExportDir=/srv/exports`).
const unitDirective =
	/^(?:Exec[A-Z]\w*|Environment(?:File)?|WorkingDirectory|RootDirectory|Restart(?:Sec|PreventExitStatus)?|User|Group|Type|Description|Documentation|After|Before|Wants|Requires|Requisite|BindsTo|PartOf|Conflicts|WantedBy|RequiredBy|Alias|Also|Limit[A-Z]+|Memory[A-Z]\w*|CPU[A-Z]\w*|Tasks[A-Z]\w*|IO[A-Z]\w*|Timeout[A-Z]\w*|Kill[A-Z]\w*|Standard(?:Output|Error|Input)|PIDFile|Private[A-Z]\w*|Protect[A-Z]\w*|ReadOnlyPaths|ReadWritePaths|NoNewPrivileges|Ambient[A-Z]\w*|Capability[A-Z]\w*|Nice|OOMScoreAdjust|Condition[A-Z]\w*|Assert[A-Z]\w*|Listen[A-Z]\w*|On[A-Z]\w*|Persistent|Unit|RemainAfterExit|SuccessExitStatus|DynamicUser|RuntimeDirectory|StateDirectory|LogsDirectory|SyslogIdentifier|Delegate|Slice|UMask|StartLimit[A-Z]\w*)=\S/;

// `zramctl -> (empty, no devices)`: a command and, after an arrow, what it gave. The shell reads `- >` as an
// argument and a redirection; nobody means that.
const resultNote = (text: string) =>
	/\s->\s/.test(
		text.replace(/"[^"]*"|'[^']*'/g, '""').replace(/<<-?\s*['"]?(\w+)['"]?[\s\S]*?^\s*\1\s*$/gm, ''),
	);

// `topk(5, rate(x[5m]))`, `sum(rate(…))`: a function applied to arguments, as a query language writes it; the
// shell has no such line (a function of its own is defined `name() {`, with nothing between the brackets).
const functionCall = /^[A-Za-z_]\w*\(\s*[^)\s]/;

// psql's own commands (`\\l`, `\\dt+`, `\\c db`, `\\i file.sql`) written in a shell block; not the
// shell's `\\rm` or `\\cp`, which skip an alias.
export const psqlMetaCommand =
	/^\\(?:[cCilsxqaopfhHtTwz]|l\+|d[a-zA-Z]{0,3}\+?|conninfo|connect|copy|echo|encoding|errverbose|g|gx|gexec|gset|ir|lo_\w+|password|prompt|pset|qecho|set|setenv|timing|unset|watch|ef|ev|sf|sv|!|\?)(?:\s|$)/;

/** `redis> INFO`, `mysql> SHOW PROCESSLIST;`: another program's prompt, with what is typed at it. */
function replPrompt(command: ShellCommand) {
	const prompt = matchPrompt(command.text.split('\n')[0]!, startsLikeCommand, false);
	return prompt?.kind === 'repl' && prompt.program !== 'another program' && prompt.command.trim() !== ''
		? prompt
		: undefined;
}

/** A line typed in another program (a console's prompt or upper-case command, psql's `\\x`), not the host's shell. */
export function programInput(command: ShellCommand): boolean {
	const first = command.text.split('\n')[0]!;
	return replPrompt(command) !== undefined || psqlMetaCommand.test(first.trim()) || consoleInput(first);
}

/** `INFO all`, `CONFIG GET *`, `MONITOR`: a console's commands in upper case; no shell command is spelt so. */
function consoleInput(line: string): boolean {
	const first = line.trim().split(/\s+/)[0] ?? '';
	return /^[A-Z][A-Z_]{2,}$/.test(first) && !/=/.test(first);
}

// A whole line of settings as a file holds them: `ETCD_NAME=etcd1`, `KEY="v"`, `key = value`, `key: value`.
const settingLine = /^\s*(?:[A-Za-z_][\w.-]*\s*[=:]\s*\S.*|[A-Za-z_]\w*=(?:"[^"]*"|'[^']*'|\S*))$/;

/** `cat /etc/etcd/etcd.conf` and, after it, only lines of settings: the file it printed. */
function printedFile(commands: ShellCommand[]): ShellCommand | undefined {
	const index = commands.findIndex(command => /^\s*(?:sudo\s+)?cat\s+[~\/.\w-]+\s*$/.test(command.text));
	if (index === -1 || index === commands.length - 1) return undefined;
	const after = commands.slice(index + 1);
	return after.every(command => !command.text.includes('\n') && settingLine.test(command.text)) &&
		after.some(command => /=|:/.test(command.text))
		? commands[index]
		: undefined;
}

/** Why the block's commands are not the host shell's to run, when one of them is not; else undefined. */
export function notTheHostsShell(commands: ShellCommand[]): string | undefined {
	const firstLine = (command: ShellCommand) => command.text.split('\n')[0]!;
	for (const command of commands) {
		const prompt = replPrompt(command);
		if (prompt)
			return `input for ${prompt.program} (line ${command.firstLine + 1}: ${quote(firstLine(command).trim())}), not for the host's shell: type it there`;
	}
	const meta = commands.find(command => psqlMetaCommand.test(command.text.trim()));
	if (meta)
		return `line ${meta.firstLine + 1}, ${quote(firstLine(meta).trim())}, is a psql command, not the host's shell's: type it in psql`;
	const output = commands.find(command => looksLikeOutput(firstLine(command)));
	if (output)
		return `line ${output.firstLine + 1} looks like output, not a command: ${quote(firstLine(output))}`;
	const printer = printedFile(commands);
	if (printer)
		return `the lines after ${quote(printer.text.trim())} are what it printed (the file as the author's machine had it), not commands: run it to see yours`;
	const typedElsewhere = commands.find(command => consoleInput(firstLine(command)));
	if (typedElsewhere)
		return `line ${typedElsewhere.firstLine + 1}, ${quote(firstLine(typedElsewhere).trim())}, is no shell command (upper case): another program's input, such as redis-cli's: type it there`;
	const directive = commands.find(command => unitDirective.test(command.text.trim()));
	if (directive)
		return `line ${directive.firstLine + 1}, ${quote(firstLine(directive).trim())}, is a unit file's setting, not a command: it goes in that file`;
	const noted = commands.find(command => resultNote(command.text));
	if (noted)
		return `line ${noted.firstLine + 1}, ${quote(firstLine(noted).trim())}, notes a command's result after \`->\`: a note, not a command (the shell would write a file named by the next word)`;
	const hba = commands.find(command => hbaLine.test(command.text.trim()));
	if (hba)
		return `line ${hba.firstLine + 1}, ${quote(firstLine(hba).trim())}, is a line of pg_hba.conf, not a command: it goes in that file`;
	const expression = commands.find(command => functionCall.test(command.text.trim()));
	if (expression)
		return `line ${expression.firstLine + 1}, ${quote(firstLine(expression).trim())}, is an expression (a PromQL query, a function call), not a shell command: type it where it belongs`;
	const bare = commands.find(command => bareChange.test(command.text.trim()));
	if (bare)
		return `line ${bare.firstLine + 1}, ${quote(bare.text.trim())}, names a command without what it acts on: a list of commands to look up, not one to run`;
	return undefined;
}
