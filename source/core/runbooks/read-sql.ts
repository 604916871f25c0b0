// An SQL block's reading (read-block.ts reads the rest): PostgreSQL statements, each exactly as
// written, split where the author marks alternatives or writes a change under a comment of its own;
// shown when it is a session transcript, psql's own commands, another dialect, or not SQL at all.
import {splitAlternatives, sqlComment} from './alternatives.js';
import {changesApart, oppositesApart, replaceNoteOf, startsLikeSql} from './changes-apart.js';
import type {BlockContext, BlockReading} from './read-block.js';
import {sqlDialect, type SqlDialect} from './sql-dialect.js';
import {backendIdsApart} from './process-ids.js';
import {splitSqlStatements, scanSql} from './sql-lexer.js';

export const dialectNames: Record<SqlDialect, string> = {
	postgresql: 'PostgreSQL',
	mysql: 'MySQL',
	'sql server': 'SQL Server',
	oracle: 'Oracle',
	sqlite: 'SQLite',
	cql: 'Cassandra CQL',
	clickhouse: 'ClickHouse',
	cockroachdb: 'CockroachDB',
	questdb: 'QuestDB',
};

const sqlStart =
	/^(?:SELECT|INSERT\s+INTO|UPDATE\s+\w|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX|UNIQUE|ROLE|USER|DATABASE|EXTENSION|SCHEMA|VIEW|OR)|ALTER\s+(?:TABLE|ROLE|USER|DATABASE|SYSTEM|INDEX)|DROP\s+(?:TABLE|INDEX|ROLE|USER|DATABASE)|GRANT\s|REVOKE\s|VACUUM\b|ANALYZE\b|REINDEX\s|TRUNCATE\s|BEGIN;|DO\s+\$|WITH\s+\w+\s+AS\s*\(|EXPLAIN\s|SHOW\s+\w+;|SET\s+\w+\s*(?:=|TO)\s)/;

// In lower case too: `select … from`, `alter system set …`, `create extension x;`, `show x;` (no
// program on a host is named alter or vacuum; `truncate` and `show` only as statements, `set` never).
const lowerSqlStart =
	/^(?:select\s+[\s\S]*\bfrom\b|select\s+\w+\([^)]*\)\s*;?\s*$|insert\s+into\s|update\s+\w+\s+set\s|delete\s+from\s|create\s+(?:table|index|unique|role|user|database|extension|schema|view|or replace)\s|alter\s+(?:table|role|user|database|system|index)\s|drop\s+(?:table|index|role|user|database|extension)\s|grant\s|revoke\s|vacuum\b|reindex\s|truncate\s+table\s|truncate\s+[a-z_][\w.]*\s*;|show\s+\w+\s*;|do\s+\$\$)/;

/** An unlabelled block that starts with an SQL statement, as runbooks write it. */
export function readsAsSql(lines: string[]): boolean {
	const first = lines.map(line => line.trim()).find(line => line !== '' && !line.startsWith('--'));
	if (first === undefined) return false;
	// In lower case the first statement is read whole: `select a, b` may find its `from` on a later line.
	const statement = /^[^;]*;?/.exec(lines.join('\n').trim())![0].replace(/\s+/g, ' ');
	return sqlStart.test(first) || lowerSqlStart.test(statement);
}

// What psql prints when a statement is done: `CREATE DATABASE`, `ALTER ROLE`, `INSERT 0 1`, `UPDATE 3`.
const commandTag =
	/^\s*(?:(?:CREATE|ALTER|DROP) (?:DATABASE|TABLE|ROLE|USER|INDEX|EXTENSION|SCHEMA|VIEW|FUNCTION|SEQUENCE|PUBLICATION|SUBSCRIPTION)|INSERT \d+ \d+|(?:UPDATE|DELETE|SELECT|COPY|MOVE|FETCH) \d+)\s*$/;

/**
 * The block with psql's printed results blanked out (`show x;` then its column, a `----` rule, the
 * rows and `(1 row)`): what the author's statement printed, pasted under it, is not SQL to run. Lines
 * keep their places, so line numbers still name the author's lines.
 */
export function withoutPsqlResults(lines: string[]): string[] {
	// `CREATE DATABASE` alone under `CREATE DATABASE sales OWNER admin`: the tag psql printed.
	const kept = lines.map((line, index) =>
		index > 0 && commandTag.test(line) && lines[index - 1]!.trim() !== '' ? '' : line,
	);
	lines.forEach((line, index) => {
		if (!/^\s*-{3,}(?:\+-{3,})*\s*$/.test(line) || index < 2) return;
		// The column names above the rule, right after a statement that ended with `;`.
		if (!/;\s*$/.test(lines[index - 2]!) || /;\s*$/.test(lines[index - 1]!)) return;
		let end = index + 1;
		while (end < lines.length && lines[end]!.trim() !== '' && !/^\s*\(\d+ rows?\)\s*$/.test(lines[end]!))
			end++;
		if (end < lines.length && /^\s*\(\d+ rows?\)\s*$/.test(lines[end]!)) end++;
		for (let k = index - 1; k < end; k++) kept[k] = '';
	});
	return kept;
}

export function readSql(written: string[], context: BlockContext): BlockReading[] {
	const lines = withoutPsqlResults(written);
	const code = lines.join('\n');
	const show = (reason: string): BlockReading[] => [{kind: 'show', code, commands: [], reason}];
	const session = lines.find(line =>
		/^\s*(?:[\w-]+[=-][#>]|mysql>|MariaDB \[[^\]]*\]>|sqlite>|SQL>)\s?\S/.test(line),
	);
	if (session)
		return show(`a session transcript (${quote(session.trim())}): prompts and output, not statements to run`);
	const contexts = scanSql(code);
	const backslash = contexts.findIndex((c, index) => c === 'plain' && code[index] === '\\');
	if (backslash !== -1) {
		const command = /^\\\S*/.exec(code.slice(backslash))![0];
		if (!/^\\G$/i.test(command)) return show(`psql commands (${quote(command)}): run it in psql`);
	}
	// `DROP DATABASE [IF EXISTS] name`: the manual's synopsis, with its optional keywords in brackets.
	const optional = [...code.matchAll(/\[\s*[A-Z]{2,}(?:\s+[A-Z]{2,})*\s*\]/g)].find(
		match => contexts[match.index!] === 'plain',
	);
	if (optional)
		return show(
			`${quote(optional[0])} is an optional part in brackets, as the manual's synopsis writes it: write the statement you need and run it yourself`,
		);
	const {dialect, sign} = sqlDialect(code, context.dialect);
	if (dialect !== 'postgresql')
		return show(
			`${dialectNames[dialect]} SQL${sign ? ` (${quote(sign)})` : ' (this runbook is about ' + dialectNames[dialect] + ')'}: pg-ops runs SQL on PostgreSQL only`,
		);
	const statements = splitSqlStatements(code, contexts);
	if (statements.length === 0) return show('only comments: nothing to run');
	const lineOf = (offset: number) => code.slice(0, offset).split('\n').length - 1;
	// A statement's leading comments (`-- Find blocking sessions`) go with it, as the author wrote them (the
	// server ignores them); its lines are the statement's own, so a comment between two still parts them.
	const items = statements.map(statement => {
		const own = statement.text.replace(/^(?:\s*--[^\n]*\n)+\s*/, '');
		const start = statement.start + statement.text.length - own.length;
		return {
			text: own,
			withNotes: statement.text.trim(),
			firstLine: lineOf(start),
			lastLine: lineOf(start + own.length),
		};
	});
	const notSql = items.find(item => !startsLikeSql(item.text));
	if (notSql)
		return show(
			`line ${notSql.firstLine + 1}, ${quote(notSql.text.split('\n')[0]!.trim())}, does not start like SQL (a shell command, or a note): run what it says yourself`,
		);
	const groups = splitAlternatives(lines, items, sqlComment)
		.flatMap(group => changesApart(lines, group, sqlComment, /^$/))
		.flatMap(group => oppositesApart(group))
		.flatMap(group => backendIdsApart(group));
	return groups.map(group => {
		const note = group.map(item => replaceNoteOf(lines, item)).find(Boolean);
		return note
			? replaceReading(lines.slice(group[0]!.firstLine, group.at(-1)!.lastLine + 1).join('\n'), note)
			: {
					kind: 'sql' as const,
					code:
						group.length === statements.length
							? code
							: lines.slice(group[0]!.firstLine, group.at(-1)!.lastLine + 1).join('\n'),
					commands: group.map(statement => statement.withNotes),
				};
	});
}

/** A step whose line says to replace a value: pg-ops cannot know which word, so it is shown. */
export function replaceReading(code: string, note: string): BlockReading {
	return {
		kind: 'show',
		code,
		commands: [],
		reason: `the runbook says to put in a value of your own (${quote(note)}): which word is meant pg-ops cannot tell; edit it and run it yourself`,
	};
}

export function quote(text: string): string {
	const line = text.length > 60 ? `${text.slice(0, 59)}…` : text;
	return `\`${line}\``;
}
