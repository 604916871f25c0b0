// backup: a fresh dump of the database into backups.dir, verified. pg_dump runs under pipefail into a
// .partial file that is moved into place only when the dump succeeded; then the file must be an
// intact gzip, bigger than an empty dump, and hold every table the database had (with rows where
// it had rows). The undo removes the new file, so a dump that fails its checks never looks like a backup.
import type {NamedEnvironment} from '../config/schema.js';
import {formatAge} from '../duration.js';
import {formatKb} from '../format/units.js';
import {quoteShell, shellCommand} from '../shell.js';
import type {Plan, ShellAction, Step} from './plan.js';
import {
	connectionArgs,
	databaseTool,
	isSafetyDump,
	joinPath,
	passwordSecret,
	pipefailShell,
	rowCountProgram,
	type BackupListing,
} from './restore-backup.js';

export type BackupFacts = {
	/** The database's tables when planning, with their rows where counted (backups.countRows); or why they could not be listed. */
	tables: Array<{table: string; rows?: number}> | string;
	/** What backups.dir holds now (for the summary: the newest one and how big it is). */
	listing: BackupListing;
	/** Free space in backups.dir, when df could tell. */
	freeKb?: number;
	/** When the plan was made: it names the file. */
	now: Date;
};

/** A gzip of nothing is 20 bytes, and pg_dump writes a header even for an empty database: anything smaller is not a dump. */
export const minimumBackupBytes = 100;

/** db_20261123T051500Z.sql.gz, or the same stamp inside backups.pattern when it has one "*" (so restore-backup lists it). */
export function backupFileName(pattern: string, now: Date, taken: ReadonlySet<string> = new Set()): string {
	const base = now
		.toISOString()
		.replace(/\.\d+Z$/, 'Z')
		.replaceAll('-', '')
		.replaceAll(':', '');
	// Two backups in the same second (a retry, a script) get -2, -3...: the name stays sortable and matches the pattern.
	for (let n = 1; ; n++) {
		const name = fileNameWithStamp(pattern, n === 1 ? base : `${base}-${n}`);
		if (!taken.has(name)) return name;
	}
}

function fileNameWithStamp(pattern: string, stamp: string): string {
	const star = pattern.indexOf('*');
	if (star >= 0 && star === pattern.lastIndexOf('*') && !/[?[\]/]/.test(pattern)) {
		const prefix = pattern.slice(0, star) || 'db_';
		const name = `${prefix}${stamp}${pattern.slice(star + 1)}`;
		if (name.endsWith('.gz')) return name;
	}
	return `db_${stamp}.sql.gz`;
}

/** Whether a file name matches a find -name pattern (*, ?, [...]): the backup listing uses one. */
export function matchesPattern(name: string, pattern: string): boolean {
	let source = '';
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i]!;
		if (c === '*') source += '.*';
		else if (c === '?') source += '.';
		else if (c === '[') {
			const end = pattern.indexOf(']', i + 2);
			if (end < 0) source += '\\[';
			else {
				source += `[${pattern
					.slice(i + 1, end)
					.replace(/^!/, '^')
					.replaceAll('\\', '\\\\')}]`;
				i = end;
			}
		} else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
	}
	return new RegExp(`^${source}$`).test(name);
}

/** Table names the row count can see (one word, as pg_dump writes them); others are left out of the check. */
function checkable(table: string): boolean {
	return /^[^\s|]+$/.test(table);
}

// A second END after the row count's own (which prints "table rows" per table, in n[]): fails naming
// any expected table missing, or empty although the database had rows in it.
const holdsTablesCheck = String.raw`END {
	bad = 0; c = split(tables, want, "|"); split(filled, f, "|"); for (i in f) need[f[i]] = 1
	for (i = 1; i <= c; i++) {
		t = want[i]
		if (t == "") continue
		if (!(t in n)) { print "missing from the dump: " t; bad = 1 }
		else if ((t in need) && n[t] == 0) { print "no rows in the dump: " t; bad = 1 }
	}
	exit bad
}`;

/** One check, one pass over the dump: its rows per table (shown), failing when a table of the database is missing or lost its rows. */
export function holdsTablesCommand(file: string, tables: Array<{table: string; rows?: number}>): string {
	const names = tables.map(t => t.table).filter(checkable);
	const filled = tables.filter(t => checkable(t.table) && (t.rows ?? 0) > 0).map(t => t.table);
	const script = `gunzip -c ${quoteShell(file)} | awk -v tables=${quoteShell(names.join('|'))} -v filled=${quoteShell(filled.join('|'))} ${quoteShell(`${rowCountProgram}\n${holdsTablesCheck}`)}`;
	return `bash -o pipefail -c ${quoteShell(script)}`;
}

export function planBackup(env: NamedEnvironment, facts: BackupFacts, password?: string): Plan {
	const backups = env.backups!;
	const db = env.database!;
	const name = backupFileName(backups.pattern, facts.now, new Set(facts.listing.files.map(f => f.name)));
	const file = joinPath(backups.dir, name);
	const partial = `${file}.partial`;
	const timeoutSeconds = backups.timeoutSeconds;
	const tables = Array.isArray(facts.tables) ? facts.tables : undefined;
	const filled = tables?.filter(t => (t.rows ?? 0) > 0).length ?? 0;

	const verify: NonNullable<Step['verify']> = [
		{
			title: `${name} is an intact gzip file`,
			action: {kind: 'shell', command: shellCommand(['gunzip', '-t', file]), timeoutSeconds},
		},
		{
			title: `${name} holds at least ${minimumBackupBytes} bytes`,
			action: {
				kind: 'shell',
				command: `size=$(stat -c %s ${quoteShell(file)}) && echo "$size bytes" && test "$size" -ge ${minimumBackupBytes}`,
			},
		},
	];
	if (tables && tables.length > 0) {
		verify.push({
			title: `${name} holds the database's ${tables.length} table${tables.length === 1 ? '' : 's'}${filled > 0 ? ` (with rows in the ${filled} that had rows)` : ''}`,
			action: {kind: 'shell', command: holdsTablesCommand(file, tables), timeoutSeconds},
		});
	}

	const steps: Step[] = [
		{
			id: 'check-name',
			title: `${name} is not taken in ${backups.dir}`,
			mutates: false,
			// A separate step: if the name were taken, nothing has run yet, and no undo can touch that file.
			action: {
				kind: 'shell',
				command: `test -d ${quoteShell(backups.dir)} && test -w ${quoteShell(backups.dir)} && test ! -e ${quoteShell(file)}`,
			},
		},
		{
			id: 'dump',
			title: `dump ${db.name} to ${file}`,
			mutates: true,
			// Moved into place only when pg_dump and gzip both succeeded: a dump cut short never looks like a backup.
			action: pipefailShell(
				`umask 077 && ${databaseTool([backups.pgDump, '--clean', '--if-exists', ...connectionArgs(db)], Boolean(db.password))} | gzip > ${quoteShell(partial)} && mv ${quoteShell(partial)} ${quoteShell(file)} && stat -c '%n: %s bytes' ${quoteShell(file)}`,
				Boolean(db.password),
				timeoutSeconds,
			),
			verify,
			undo: {
				title: `remove ${name} (and its .partial)`,
				action: {kind: 'shell', command: shellCommand(['rm', '-f', partial, file])},
			},
		},
	];

	return {
		procedure: 'backup',
		title: `backup ${db.name} to ${name}`,
		env: env.name,
		summary: summary(env, facts, file, name),
		steps,
		secrets: password === undefined ? {} : {[passwordSecret]: password},
		restsOn: [],
		// The file's checks expect these tables (rows change all the time: not compared).
		basis: [
			{
				fact: `the tables of ${db.name}`,
				value: Array.isArray(facts.tables) ? facts.tables.map(t => t.table).join(', ') : `(${facts.tables})`,
			},
		],
	};
}

function summary(env: NamedEnvironment, facts: BackupFacts, file: string, name: string): string[] {
	const backups = env.backups!;
	const db = env.database!;
	const lines = [
		`a fresh dump of ${db.name} at ${db.host}:${db.port} (as ${db.user}, as the host sees it) into ${file}`,
	];
	lines.push(
		`pg_dump --clean --if-exists (so restore-backup can put it back), gzip, written to ${name}.partial and moved into place only when the dump succeeded`,
	);
	if (Array.isArray(facts.tables)) {
		const shown = facts.tables
			.slice(0, 8)
			.map(t => (t.rows === undefined ? t.table : `${t.table}: ${t.rows} rows`));
		lines.push(
			facts.tables.length === 0
				? 'the database has no tables: only the file itself is checked'
				: `the database has ${facts.tables.length} table${facts.tables.length === 1 ? '' : 's'} (${shown.join(', ')}${facts.tables.length > shown.length ? `, and ${facts.tables.length - shown.length} more` : ''}): the dump must hold each, with rows where there are rows now`,
		);
	} else {
		lines.push(
			`the database's tables could not be listed (${facts.tables}): only the file itself is checked`,
		);
	}
	lines.push(
		`then checked: gunzip -t, at least ${minimumBackupBytes} bytes${Array.isArray(facts.tables) && facts.tables.length > 0 ? ', every table in it' : ''}; if a check fails, the new file is removed`,
	);
	const newest = facts.listing.files.find(f => !isSafetyDump(f.name));
	if (newest)
		lines.push(
			`the newest backup now: ${newest.name} (${formatKb(newest.bytes / 1024)}, ${formatAge(facts.listing.hostNow - newest.modifiedAt)} ago)`,
		);
	if (facts.freeKb !== undefined) {
		const low = newest !== undefined && facts.freeKb * 1024 < newest.bytes * 2;
		lines.push(
			`free in ${backups.dir}: ${formatKb(facts.freeKb)}${low ? ` (LOW: less than twice the newest backup)` : ''}`,
		);
	}
	lines.push(
		matchesPattern(name, backups.pattern)
			? `restore-backup will list it (backups.pattern ${backups.pattern})`
			: `NOTE: ${name} does not match backups.pattern (${backups.pattern}): restore-backup will not list it`,
	);
	return lines;
}
