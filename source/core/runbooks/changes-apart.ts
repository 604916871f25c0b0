// General rules from five sets of public runbooks (issue 14), for what no marker list can foresee.
// Each set so far found a new wording of the same misreading: a fix written under its own comment
// after the checks that decide it ("# Solutions: …", "# Renew token (if renewable)", "# Update
// resource limits") ran with them as one step. The rule here does not read the comment's words: in a
// block that changes something, every part written under a comment of its own is a step of its
// own, confirmed alone, so looking never does the change with it. Splitting a real sequence only
// asks the operator once more; merging a decision with its check did damage in every set.
// Also here: an author's "replace this" note on a line (pg-ops cannot know which word), an `exit`
// that closes a shell pg-ops did not see open, and SQL statements that do not start like SQL; an
// identifier asked after the command that prints it, and an example note on a line with no blank.
import {mayChange} from './only-looks.js';
import {scanShell} from './shell-lexer.js';

type Item = {text: string; firstLine: number; lastLine: number};

/**
 * In a group where some command may change something (is not known to only read), cuts before every
 * part written under a comment of its own (up to the next such comment), the group's first part
 * aside. Not after an earlier command that passes state on (cd, export, VAR=…) nor before one that
 * uses a file an earlier part wrote: the later commands need it, and a step of their own would run
 * without it.
 */
export function changesApart<T extends Item>(
	lines: string[],
	group: T[],
	comment: RegExp,
	passesState: RegExp,
): T[][] {
	const headed: T[][] = [];
	group.forEach((item, index) => {
		const previous = group[index - 1];
		const underComment =
			previous !== undefined &&
			lines
				.slice(previous.lastLine + 1, item.firstLine)
				.some(line => (comment.exec(line.trim())?.[1] ?? '').trim() !== '');
		if (underComment || headed.length === 0) headed.push([]);
		headed.at(-1)!.push(item);
	});
	const parts: T[][] = [];
	const changing = group.some(item => mayChange(item.text));
	// State the first part sets (`cd /srv/app`, `export NS=web`) is given again to each later part only
	// while nothing later changes it (`unset`, another `cd`, `deactivate`) or touches the directory it
	// entered (`ln -sfn … /srv/app/current`): else the block's parts stay together after it, as written.
	const entered = group.flatMap(item => /^(?:cd|pushd)\s+(\S+)\s*$/.exec(item.text.trim())?.[1] ?? []);
	const stateMoves =
		headed.slice(1).some(part => part.some(item => touchesState.test(item.text.trim()))) ||
		group.some(
			item => !/^(?:cd|pushd)\s/.test(item.text.trim()) && entered.some(dir => item.text.includes(dir)),
		);
	// What the parts before this one set and wrote, gathered as the loop goes (a block of a thousand parts
	// is read once, not once per part).
	let stateBefore = false;
	const written = new Set<string>();
	headed.forEach((part, index) => {
		// A part that works on what an earlier one wrote (`pg_dump -f /tmp/x.dump`, then `scp /tmp/x.dump …`)
		// is that sequence's next command, not a change of its own.
		const usesWritten = part.some(item => [...written].some(path => mentions(item.text, path)));
		// In a block that changes something, every part under a comment of its own is confirmed apart
		// (the checks before a change, the change, the check after it): the operator sees each outcome
		// before going on. A block that only looks stays one step.
		if (index > 0 && !stateBefore && !usesWritten && changing) parts.push([...part]);
		else if (parts.length === 0) parts.push([...part]);
		else parts.at(-1)!.push(...part);
		stateBefore ||= part.some(
			item => passesState.test(item.text.trim()) || (stateMoves && touchesState.test(item.text.trim())),
		);
		for (const item of part) for (const path of pathsWritten(item.text)) written.add(path);
	});
	// `cd /var/www/app` alone before the first commented part is no step of its own: it goes first in that
	// part (and the later parts are given it again, see stateBefore).
	if (parts.length > 1 && parts[0]!.every(item => onlySetsState.test(item.text.trim())))
		parts.splice(0, 2, [...parts[0]!, ...parts[1]!]);
	return parts;
}

const touchesState =
	/^(?:cd|pushd|popd|export|unset|source|deactivate|set|eval|\.\s)|^[A-Za-z_]\w*=|(?:&&|;|\|\|)\s*cd\s/;
const onlySetsState = /^(?:(?:cd|pushd)\s+\S.*|(?:export\s+)?[A-Za-z_]\w*=\S*)$/;

// Values that undo each other: a statement, then the same one with the opposite value, is two recipes.
const opposites = new Map(
	[
		['true', 'false'],
		['on', 'off'],
		['enable', 'disable'],
		['enabled', 'disabled'],
		['yes', 'no'],
		['1', '0'],
	].flatMap(([a, b]) => [
		[a!, b!],
		[b!, a!],
	]),
);

/**
 * Cuts between two statements next to each other that differ only in a value and its opposite
 * (`… set enabled = false …` then `… set enabled = true …`): doing a thing and undoing it right
 * away is no sequence; the block lists both ways (SQL blocks: `core/runbooks/read-sql.ts`).
 */
export function oppositesApart<T extends Item>(group: T[]): T[][] {
	const parts: T[][] = [];
	group.forEach((item, index) => {
		const previous = group[index - 1];
		if (parts.length === 0 || (previous && undoes(previous.text, item.text))) parts.push([]);
		parts.at(-1)!.push(item);
	});
	return parts;
}

function undoes(first: string, second: string): boolean {
	const a = first.toLowerCase().split(/\s+/).filter(Boolean);
	const b = second.toLowerCase().split(/\s+/).filter(Boolean);
	if (a.length !== b.length) return false;
	const differ = a.flatMap((word, k) => (word === b[k] ? [] : [[word, b[k]!]]));
	return (
		differ.length === 1 &&
		opposites.get(differ[0]![0]!.replace(/[;,]$/, '')) === differ[0]![1]!.replace(/[;,]$/, '')
	);
}

// A word that does a thing, and the word that undoes it; in this order only (stop then start is a restart).
const undoneBy = new Map([
	['up', 'down'],
	['start', 'stop'],
	['enable', 'disable'],
	['create', 'delete'],
	['add', 'remove'],
	['attach', 'detach'],
	['lock', 'unlock'],
	['cordon', 'uncordon'],
	['-XPUT', '-XDELETE'],
	['-XPOST', '-XDELETE'],
]);

/**
 * Cuts between a command and the next one when the next undoes it on the same target
 * (`docker compose up -d` then `docker compose down`, `curl -XPUT $h/idx` then `curl -XDELETE $h/idx`):
 * nobody does and undoes a thing in one go; the block lists both ways. Not after a command that
 * passes state on (cd, VAR=…): the later one needs it.
 */
export function undoneApart<T extends Item>(group: T[], passesState: RegExp): T[][] {
	const parts: T[][] = [];
	group.forEach((item, index) => {
		const previous = group[index - 1];
		const stateBefore = group.slice(0, index).some(earlier => passesState.test(earlier.text.trim()));
		if (parts.length === 0 || (previous && !stateBefore && undoesCommand(previous.text, item.text)))
			parts.push([]);
		parts.at(-1)!.push(item);
	});
	return parts;
}

function undoesCommand(first: string, second: string): boolean {
	const words = (text: string) =>
		text
			.replace(/\s#\s.*$/, '')
			.trim()
			.split(/\s+/);
	const a = words(first);
	const b = words(second);
	const at = a.findIndex((word, k) => word !== b[k]);
	if (at < 1 || undoneBy.get(a[at]!) !== b[at]) return false;
	// The same target after the verb; options (`-d --build`, `--force`) may differ.
	const target = (rest: string[]) => rest.filter(word => !word.startsWith('-')).join(' ');
	return target(a.slice(at + 1)) === target(b.slice(at + 1));
}

// Where a command leaves a file or directory: a redirection, an output option, mkdir/touch/tee, a copy's
// or a move's target, an archive tar creates, a clone's directory.
const writesPath = [
	/(?:^|[^0-9&<>])>>?\s*([^\s&|;<>]+)/g,
	// An output option's file (`-o backup.sql`, `--output=/tmp/x`), not a format (`-o yaml`, `-o jsonpath=…`).
	/(?:^|\s)(?:-o|-O|--output|--out)(?:\s+|=)((?![\w-]+=)[^\s&|;<>]*[./][^\s&|;<>]*)/g,
	/(?:^|[\s;&|])(?:mkdir|touch|tee)(?:\s+-\S+)*((?:\s+[^\s&|;<>-][^\s&|;<>]*)+)/g,
	/(?:^|[\s;&|])(?:cp|mv|rsync|scp|ln)\s[^&|;\n]*?\s([^\s&|;<>]+)\s*(?:$|[&|;])/gm,
	/(?:^|[\s;&|])git\s+clone\s+(?:-\S+\s+)*\S+\s+([^\s&|;<>]+)/g,
];

/** The paths a command writes, as written (`/tmp/x.dump`, `5000/sentinel.conf`). */
export function pathsWritten(text: string): string[] {
	// `<pod> -n <namespace>` are blanks, not redirections into a file named -n.
	const plain = text.replace(/<[\w .:#/-]+>/g, 'blank');
	return writesPath
		.flatMap(pattern => [...plain.matchAll(pattern)].flatMap(match => match[1]!.trim().split(/\s+/)))
		.filter(path => path.length >= 3 && !/^\/dev\/(?:null|stdout|stderr)$/.test(path) && !/^[&-]/.test(path));
}

/** The command names the path as a word of its own (not `app.conf` inside `app.conf.bak`). */
function mentions(text: string, path: string): boolean {
	const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(?:^|[\\s='"@:])${escaped}(?:$|[\\s'";|&)/])`).test(text);
}

// A blank that names an identifier (<change-id>, [PID], {id}, <RULE_NUMBER>, <revision>, an example process
// id 1234): what an earlier command prints.
const identifierBlank =
	/(?:^|[^A-Za-z0-9])(?:id|pid|uid|uuid|guid|number|num|revision|Id|ID|PID|UID|UUID|GUID|NUMBER|NUM|REVISION)$|[a-z0-9](?:Id|ID|Number)$|^\d+$/;

/**
 * Cuts a group of shell commands before a command under a comment of its own that asks for an
 * identifier no command before it in the group asked for (`aws route53 get-change --id <change-id>`
 * after the change that prints it; `… WHERE pid = [PID]` after the query that lists them): asked up
 * front, the operator could not know it yet. Not after a command that passes state on.
 */
export function valuesApart<T extends Item>(
	lines: string[],
	group: T[],
	comment: RegExp,
	passesState: RegExp,
	blanksOf: (text: string) => string[],
): T[][] {
	const parts: T[][] = [];
	const seen = new Set<string>();
	group.forEach((item, index) => {
		const previous = group[index - 1];
		const blanks = blanksOf(item.text);
		const underComment =
			previous !== undefined &&
			lines
				.slice(previous.lastLine + 1, item.firstLine)
				.some(line => (comment.exec(line.trim())?.[1] ?? '').trim() !== '');
		const stateBefore = group.slice(0, index).some(earlier => passesState.test(earlier.text.trim()));
		const fresh = blanks.filter(name => !seen.has(name) && identifierBlank.test(name));
		// `ps aux | grep yes` then `kill <PID>`, no comment between: a change that needs what the reads
		// before it print is asked for after they run.
		const afterReads =
			parts.length > 0 && mayChange(item.text) && parts.at(-1)!.every(earlier => !mayChange(earlier.text));
		// ``kill -9 `lsof -t +D /var` `` right after `lsof -t +D /var`: the change acts on what the listing
		// printed; the operator reads the list before anything is killed.
		const actsOnListing =
			afterReads &&
			parts.at(-1)!.some(earlier => substitutes(item.text, earlier.text.replace(/\s#\s.*$/, '').trim()));
		if (
			parts.length === 0 ||
			actsOnListing ||
			((underComment || afterReads) && !stateBefore && fresh.length > 0)
		)
			parts.push([]);
		parts.at(-1)!.push(item);
		for (const name of blanks) seen.add(name);
	});
	return parts;
}

/** The command substitutes the listing's output (`$(lsof -t +D /var)`, a backquoted copy). */
function substitutes(text: string, listing: string): boolean {
	return listing !== '' && (text.includes('$(' + listing + ')') || text.includes('`' + listing + '`'));
}

// "-- Replace with actual PID", "# replace with your bucket", "# change this to …", "# use your path here": the author says a
// value on the line is to be put in, and pg-ops cannot tell which word it is.
const replaceNote =
	/(?:^|\s)(?:#|--)\s*(.*\b(?:replace|substitute)\b.*|.*\bchange (?:this|it|the value|\S+ to (?:any|your|whatever)\b)\b.*|.*\b(?:use|put|insert|enter) your (?:own )?[\w -]*\bhere\b.*)$/i;

/** The note on an item's lines that tells the operator to replace a value, when there is one. */
export function replaceNoteOf(lines: string[], item: Item): string | undefined {
	for (const line of lines.slice(item.firstLine, item.lastLine + 1)) {
		// A note is a few words: a line of thousands of characters is no one's note (and the pattern would crawl over it).
		if (line.length > 2000) continue;
		const note = replaceNote.exec(line);
		if (note) return note[1]!.trim();
	}
	// The comment right above the command, when it says to put the operator's own value in
	// ("# use your located file path here 👇"); not "# replace the old config", which names the action.
	const above = /^\s*(?:#|--)\s*(.*)$/.exec(lines[item.firstLine - 1] ?? '')?.[1];
	if (above && ownValueNote.test(above)) return above.trim();
	return undefined;
}

const ownValueNote =
	/\b(?:use|put|insert|enter) your (?:own )?[\w -]*\bhere\b|\breplace\b.*\bwith (?:your|the actual|the real|the right)\b|\bchange (?:this|it) to\b/i;

// "zap --destroy disk path # like /dev/sdb": a note giving an example of a value the line leaves to fill.
const exampleNote = /\s#\s*((?:like|e\.g\.?|eg\.?|for example|for instance|such as)(?:\s|:|,).*)$/i;

/**
 * The example note on a command's line (`# like /dev/sdb`) when pg-ops finds no blank before it: the
 * line holds a value to replace, written in no form pg-ops knows, so it cannot tell which words.
 */
export function exampleNoteOf(
	lines: string[],
	item: Item,
	blanks: (text: string) => number,
): string | undefined {
	for (const line of lines.slice(item.firstLine, item.lastLine + 1)) {
		const note = exampleNote.exec(line);
		if (!note || scanShell(line)[note.index + note[0].indexOf('#')] !== 'comment') continue;
		if (blanks(line.slice(0, note.index)) === 0) return note[1]!.trim();
	}
	return undefined;
}

/**
 * A bare `exit` (or `logout`) among a block's commands that is no script's (no `#!`): it closes a
 * shell a command before it opened, so the lines between are typed in that shell, not on the host.
 * The 0-based index of that command, when there is one.
 */
export function unseenShellExit(lines: string[], commands: string[]): number | undefined {
	if (lines.some(line => /^\s*#!/.test(line))) return undefined;
	const index = commands.findIndex(command => /^\s*(?:exit|logout)\s*$/.test(command));
	return index > 0 ? index : undefined;
}

// The words a PostgreSQL statement starts with; a line of anything else (`psql -h db -U app`) is not SQL.
const sqlWords = new Set(
	(
		'select with insert update delete merge create alter drop truncate grant revoke vacuum analyze analyse reindex ' +
		'cluster explain show set reset begin start commit rollback end abort savepoint release lock copy do call ' +
		'comment refresh discard checkpoint listen notify unlisten prepare execute deallocate declare fetch close move ' +
		'load security import values table reassign'
	).split(' '),
);

/** The statement starts like SQL (a keyword, or a parenthesised query). */
export function startsLikeSql(statement: string): boolean {
	// Comments before it (`/* note */`, `-- note`) are no part of what it starts with.
	const text = statement.replace(/^(?:\s*(?:--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/))*/, '');
	const first = /^\s*(\(|[A-Za-z]+)/.exec(text)?.[1];
	return first === '(' || (first !== undefined && sqlWords.has(first.toLowerCase()));
}
