// Text in a command fence that is a file's content, not commands to run (issue 14). Every blind set
// had configuration in `bash`/`sh` fences or unlabelled ones run as commands: a line of sentinel.conf
// explained on its own (`port 5002`), a pg_hba.conf line under "Modify pg_hba.conf", a dotfile's path.
// These rules look at where the text comes from, not at its words: a line the runbook writes into a
// file elsewhere, a block the prose says to put into a file, a path that names a file and no program.
import {startsLikeCommand} from './classify.js';
import {quote} from './read-sql.js';

const hereDocument = /<<-?\s*(['"]?)([A-Za-z_][\w-]*)\1/;

/**
 * The first words of the lines here-documents in the block write (`cat > x.conf <<EOF … EOF`), those
 * that are no command: a configuration file's keys (`port`, `sentinel`), not a script's commands.
 */
export function fileWordsOf(content: string[]): string[] {
	const words: string[] = [];
	let delimiter: string | undefined;
	for (const line of content) {
		if (delimiter !== undefined) {
			if (line.trim() === delimiter) delimiter = undefined;
			else if (line.trim() !== '' && !startsLikeCommand(line) && !/^\s*#/.test(line))
				words.push(firstWord(line));
			continue;
		}
		// Only a here-document that writes a file (`cat > x.conf <<EOF`, `tee x.conf <<EOF`): one fed to a
		// program (psql, bash, ssh) holds that program's input, which may well be commands.
		if (/(?:^|[\s;&|])(?:cat\b[^|;&]*>|tee\b)/.test(line)) delimiter = hereDocument.exec(line)?.[2];
	}
	return words.filter(Boolean);
}

// "Modify pg_hba.conf", "add this to /etc/zulip/zulip.conf", "Edit the file config/server.properties".
const editToFile =
	/\b(?:modify|edit|change|update|add(?: this| these| the following| a| the)?(?: lines?| settings?| options?| parameters?| entry| entries| block| snippet)?(?: below)?(?: to| in)|append(?: this| these)? to|put(?: this| these)? in(?:to)?|insert(?: this| these)? in(?:to)?)\b[^.!?]*?((?:\/?[\w.-]+\/)*[\w-]*\.(?:conf|cfg|cnf|ini|ya?ml|json|toml|properties|env|service|xml|hcl|\w*rc))\b/i;
const configPathAlone =
	/^`?((?:~|\.{0,2})?\/(?:[\w.-]+\/)*[\w-]*\.(?:conf|cfg|cnf|ini|ya?ml|json|toml|properties|env|service|xml|hcl|\w*rc))`?:?$/;
// The prose goes on to a command ("then run", "and restart"): the block is that command, not the file.
const saysRun = /\b(?:run|execute|type|command|restart|reload|apply|then)\b/i;
// A file, not a program: a dotfile (`~/.bash_history`) or a data file's extension.
const dataPath =
	/^(?:~|\.{0,2})?\/?(?:[\w.-]+\/)*(?:\.[\w.-]+|[\w-]+\.(?:log|txt|conf|cfg|ini|json|ya?ml|csv|db|sqlite|sql|gz|tgz|tar|zip|pem|crt|key|md|properties|env))$/;

// A directory, not a program: a path ending in a slash, a system directory (`/var/log`, `/srv/app`; not
// `/opt/run.sh`, a script's name has an extension), or any path under one that holds no programs
// (`/var/lib/docker/overlay2`, `/etc/nginx/conf.d`; not /etc/init.d, /opt/scripts/backup).
const directoryPath =
	/^(?:~|\.{0,2})?\/(?:[\w.-]+\/)*$|^\/(?:var|etc|tmp|srv|home|mnt|data|opt)(?:\/[\w-]+)?$|^\/(?:var|etc|proc|sys|run|boot)(?:\/(?!(?:s?bin|libexec|init\.d|cron\.\w+)(?:\/|$))[\w@.-]+)+(?<!\.(?:sh|py|rb|pl|bash))$/;

/** Why the block is a file's content rather than commands, when it is. */
export function fileContentReason(
	content: string[],
	fileWords: ReadonlySet<string>,
	prose: readonly string[],
	labelled = false,
): string | undefined {
	// `#!/bin/bash` first: a script's text, to save as a file (and schedule, or run by its name).
	const shebang = content.find(line => line.trim() !== '')?.trim();
	if (shebang?.startsWith('#!'))
		return `a script's text (${quote(shebang)}): save it as a file, then run or schedule that file`;
	const meaningful = content.filter(line => line.trim() !== '' && !/^\s*#/.test(line));
	if (meaningful.length === 0) return undefined;
	// `alias pitstop-logs='docker compose … logs -f'`: an alias lasts only in the shell that defines it.
	if (meaningful.every(line => /^\s*alias\s+[\w.-]+=/.test(line)))
		return "aliases last only in the shell that defines them (a step's shell ends with it): put them in your shell's startup file, such as ~/.bashrc";
	const written = meaningful.find(line => fileWords.has(firstWord(line)));
	if (
		written !== undefined &&
		meaningful.every(line => fileWords.has(firstWord(line)) && !startsLikeCommand(line))
	)
		return `a line the runbook writes into a file elsewhere (a here-document writes \`${firstWord(written)} …\`): the file's content, not a command`;
	// The block's own leading comment says it as well as prose does (`# Edit /etc/zfs/zed.d/zed.rc`).
	const leading = content.slice(
		0,
		content.findIndex(line => line.trim() !== '' && !/^\s*#/.test(line)),
	);
	const note = leading
		.map(line => line.replace(/^\s*#+\s*/, ''))
		.join(' ')
		.trim();
	// Emphasis the prose keeps around a name (`_pg_hba.conf_`, `*app.conf*`) is no part of it.
	const plain = (text: string) => text.replace(/(^|\s)[_*]+|[_*]+(?=\s|$|[.,:;!?])/g, '$1').trim();
	// The block's note first; a note that names no file ("# Storage") leaves the prose's word
	// ("Update `.env`:") standing.
	const proseSaid = plain(prose.at(-1) ?? '');
	const said = note && (editToFile.test(note) || !editToFile.test(proseSaid)) ? plain(note) : proseSaid;
	// A paragraph that is only a configuration file's path (`/etc/systemd/logind.conf`) heads its content.
	const pathAlone = configPathAlone.exec(said)?.[1];
	const file = editToFile.exec(said)?.[1] ?? pathAlone;
	// Under a shell label (or a bare path, which says nothing of editing), lines that all start like
	// commands are the commands that go with the file (`sudo systemctl reload postgresql`).
	// (A bare assignment, `ZED_EMAIL_ADDR="…"`, does nothing lasting: it reads as a file's line too.)
	const commandsOnly =
		(labelled || pathAlone !== undefined) &&
		meaningful.every(line => startsLikeCommand(line) && !/^\s*[A-Za-z_]\w*=/.test(line));
	if (
		file &&
		!commandsOnly &&
		!saysRun.test(said.slice(said.search(editToFile))) &&
		!meaningful.some(line => line.includes(baseName(file)))
	)
		return `the runbook says to put it into ${file} (${quote(said.replace(/^[-*+]\s+|^\d+[.)]\s+/, ''))}): the file's content, not commands`;
	if (
		meaningful.length === 1 &&
		(dataPath.test(meaningful[0]!.trim()) || directoryPath.test(meaningful[0]!.trim()))
	)
		return `${quote(meaningful[0]!.trim())} names a file or a directory, not a program: nothing to run`;
	return undefined;
}

function firstWord(line: string): string {
	return line.trim().split(/\s+/)[0] ?? '';
}

function baseName(path: string): string {
	return path.split('/').at(-1)!;
}
