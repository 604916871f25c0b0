// A runbook step made runnable with the values the operator gave: shell blocks become a script
// that binds every placeholder to a variable first (secrets read from standard input, never put on
// a command line) and refers to that variable wherever the block wrote the placeholder; SQL
// blocks become statements whose placeholders are query parameters, never SQL text.
import {quoteShellAlways} from '../shell.js';
import {numberedExample, placeholderUses, type PlaceholderUse} from './placeholders.js';
import {maskShell, scanShell} from './shell-lexer.js';
import {scanSql, splitSqlStatements} from './sql-lexer.js';
import type {Placeholder, RunbookStep} from './types.js';

export type FilledShellStep = {
	/** What runs on the host: `sh -c` of this, with the secrets one per line on standard input in `secrets` order. */
	script: string;
	/** The script for previews, audit and the screen: secrets appear only as variable names (the script never holds a secret value). */
	shown: string;
	secrets: Array<{name: string; value: string}>;
};

export type FilledSqlStep = {statements: Array<{sql: string; params: unknown[]}>};

export function fillShellStep(step: RunbookStep, values: Record<string, string>): FilledShellStep {
	if (step.kind !== 'shell')
		throw new Error(
			`${where(step)}: step ${step.id} is ${step.kind === 'sql' ? 'an SQL block' : 'shown, not run'}, not a shell block`,
		);
	const variables = variableNames(step.placeholders);
	const given = checkedValues(step, values);
	// Masked is what the step's list says (the author's directive, the operator's choice), not the name alone.
	const secret = new Set(step.placeholders.filter(p => p.secret).map(p => p.name));
	const uses = placeholderUses(step.code, 'shell', forcedSecrets(step), examplesOf(step));
	const bash = usesBash(step.code);
	let body = '';
	let at = 0;
	for (const use of uses) {
		// A use the step's list doesn't name (a hand-built step) is left as written.
		if (use.style === 'variable' || !variables.has(use.name)) continue;
		body +=
			step.code.slice(at, use.start) +
			reference(step, {...use, secret: secret.has(use.name)}, variables.get(use.name)!, given.get(use.name)!);
		at = use.end;
	}
	body += step.code.slice(at);

	const prelude = ['set -e'];
	const secrets: FilledShellStep['secrets'] = [];
	const exported: string[] = [];
	for (const placeholder of step.placeholders) {
		const variable = variables.get(placeholder.name)!;
		const value = given.get(placeholder.name)!;
		if (placeholder.secret) {
			prelude.push(`IFS= read -r ${variable} || test -n "$${variable}"`);
			secrets.push({name: placeholder.name, value});
		} else prelude.push(`${variable}=${quoteShellAlways(value)}`);
		if (placeholder.style === 'variable' || bash) exported.push(variable);
	}
	// <run_id> and $run_id in one block are one value: the variable gets it too.
	for (const use of uses) {
		const variable = variables.get(use.name);
		if (
			use.style === 'variable' &&
			variable !== undefined &&
			variable !== use.name &&
			!exported.includes(use.name)
		) {
			prelude.push(`${use.name}="$${variable}"`);
			exported.push(use.name);
		}
	}
	if (exported.length > 0) prelude.push(`export ${exported.join(' ')}`);
	const script = [...prelude, ...(bash ? bashBlock(body) : [body])].join('\n');
	return {script, shown: script, secrets};
}

export function fillSqlStep(step: RunbookStep, values: Record<string, string>): FilledSqlStep {
	if (step.kind !== 'sql') throw new Error(`${where(step)}: step ${step.id} is not an SQL block`);
	const given = checkedValues(step, values);
	const contexts = scanSql(step.code);
	// No PostgreSQL syntax uses a backslash outside a string: one there is psql's (\x, \dt, \gset at a line's end).
	const backslash = contexts.findIndex((context, index) => context === 'plain' && step.code[index] === '\\');
	if (backslash !== -1) {
		const command = /^\\\S*/.exec(step.code.slice(backslash))![0];
		const line = step.line + step.code.slice(0, backslash).split('\n').length;
		throw new Error(
			`${step.file}:${line}: ${command} is a psql command, not SQL; pg-ops runs SQL blocks through the database connection, which takes SQL only: remove it from the runbook, or put the psql call in a shell block`,
		);
	}
	const uses = placeholderUses(step.code, 'sql', forcedSecrets(step));
	const statements = splitSqlStatements(step.code, contexts).map(statement => {
		const end = statement.start + statement.text.length;
		const params: string[] = [];
		const numbers = new Map<string, number>();
		const parameter = (name: string) => {
			if (!numbers.has(name)) {
				params.push(given.get(name)!);
				numbers.set(name, params.length);
			}
			return `$${numbers.get(name)}`;
		};
		let sql = '';
		let at = statement.start;
		for (const literal of sqlPieces(
			step,
			uses.filter(use => use.start >= statement.start && use.end <= end),
			contexts,
		)) {
			sql += step.code.slice(at, literal.start) + literal.render(parameter);
			at = literal.end;
		}
		sql += step.code.slice(at, end);
		return {sql, params};
	});
	return {statements: statements.flatMap(withoutUtilityParameters)};
}

/**
 * PostgreSQL takes no parameters in CREATE/ALTER ROLE (`PASSWORD $1` is a syntax error): the values
 * go into transaction-local settings and the statement is built from them server-side (format %L),
 * so no value is ever part of the SQL text pg-ops sends or logs.
 */
function withoutUtilityParameters(statement: {
	sql: string;
	params: string[];
}): Array<{sql: string; params: unknown[]}> {
	if (statement.params.length === 0 || !/^\s*(?:create|alter)\s+(?:role|user|group)\b/i.test(statement.sql))
		return [statement];
	const settings = statement.params.map((param, index) => ({
		sql: `SELECT set_config('pgops.param_${index + 1}', $1, true)`,
		params: [param],
	}));
	const format = statement.sql
		.replace(/%/g, '%%')
		.replace(/\$(\d+)(?:::text)?/g, '%$1$$L')
		.replace(/'/g, "''");
	const args = statement.params.map((_, index) => `current_setting('pgops.param_${index + 1}')`).join(', ');
	let tag = '$pgops$';
	for (let n = 2; format.includes(tag); n++) tag = `$pgops${n}$`;
	return [...settings, {sql: `DO ${tag}BEGIN EXECUTE format('${format}', ${args}); END${tag}`, params: []}];
}

/** The runbook's numbered example names (`host1`) the step asks for bare, as the runbook reader found them. */
function examplesOf(step: RunbookStep): Set<string> {
	return new Set(
		step.placeholders
			.filter(p => p.style === 'word' && p.token === p.name && numberedExample.test(p.name))
			.map(p => p.name),
	);
}

/** The step's masked names, so a use found again in its code is masked as the step's list says. */
function forcedSecrets(step: RunbookStep): Set<string> {
	return new Set(step.placeholders.filter(p => p.secret).map(p => p.name));
}

function describe(placeholder: Placeholder): string {
	const notes = [
		placeholder.name === placeholder.token ? '' : placeholder.name,
		placeholder.secret ? 'masked' : '',
	].filter(Boolean);
	return notes.length > 0 ? `${placeholder.token} (${notes.join(', ')})` : placeholder.token;
}

function where(step: RunbookStep): string {
	return `${step.file}:${step.line}`;
}

/** Every placeholder has a value of one line: a missing one is named with the step's place in the file. */
function checkedValues(step: RunbookStep, values: Record<string, string>): Map<string, string> {
	const given = new Map<string, string>();
	for (const placeholder of step.placeholders) {
		const value = Object.hasOwn(values, placeholder.name) ? values[placeholder.name] : undefined;
		if (value === undefined || value === '')
			throw new Error(`${where(step)}: step ${step.id} needs a value for ${describe(placeholder)}`);
		if (/[\n\r\0]/.test(value))
			throw new Error(`${where(step)}: the value for ${placeholder.token} must be one line`);
		given.set(placeholder.name, value);
	}
	return given;
}

/** PGOPS_RUN_ID for <run_id>, PGOPS_YYYY_MM_DD for YYYY-MM-DD; a $VARIABLE keeps its own name. Distinct placeholders never share a variable. */
function variableNames(placeholders: Placeholder[]): Map<string, string> {
	const names = new Map<string, string>();
	const taken = new Set(placeholders.filter(p => p.style === 'variable').map(p => p.name));
	for (const placeholder of placeholders) {
		if (placeholder.style === 'variable') {
			names.set(placeholder.name, placeholder.name);
			continue;
		}
		const base = `PGOPS_${placeholder.name
			.toUpperCase()
			.replace(/[^A-Z0-9]+/g, '_')
			.replace(/^_|_$/g, '')}`;
		let name = base;
		for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
		taken.add(name);
		names.set(placeholder.name, name);
	}
	return names;
}

/** The variable written so the shell expands it right where the placeholder stood, whatever quotes surround it. */
function reference(step: RunbookStep, use: PlaceholderUse, variable: string, value: string): string {
	switch (use.context) {
		case 'double':
		case 'heredoc':
			return `\${${variable}}`;
		case 'single':
			return `'"$${variable}"'`;
		case 'ansi':
			return `'"$${variable}"$'`;
		case 'heredoc-quoted':
			// A quoted here-document expands nothing: only the text itself can go there.
			if (use.secret)
				throw new Error(
					`${where(step)}: ${use.token} is inside a quoted here-document (<<'EOF'), where a masked value could only be pasted as text; unquote the delimiter (<<EOF) in the runbook`,
				);
			return value;
		default:
			return `"$${variable}"`;
	}
}

// Syntax dash (Debian's sh) lacks: [[ ]], arrays, <( ), $'', {a,b}, source, pipefail, function, select, (( )), &>, |&.
const bashOnly =
	/\[\[|\]\]|\b[A-Za-z_][A-Za-z0-9_]*=\(|\$\{[A-Za-z_][A-Za-z0-9_]*\[|<\(|>\(|\{[^\s{}]*,[^\s{}]*\}|(?:^|[;&|\s])(?:source|function|select|shopt|mapfile|readarray|declare|typeset)\s|pipefail|(?:^|[\s;])\(\(|&>|\|&/m;

export function usesBash(code: string): boolean {
	const contexts = scanShell(code);
	return contexts.includes('ansi') || bashOnly.test(maskShell(code, contexts));
}

/** A block that needs bash, handed to it on a separate descriptor so the command's own standard input stays free. */
function bashBlock(body: string): string[] {
	let delimiter = 'PGOPS_STEP';
	for (let n = 2; body.split('\n').includes(delimiter); n++) delimiter = `PGOPS_STEP_${n}`;
	return [`exec bash -e /dev/fd/3 3<<'${delimiter}'`, body, delimiter];
}

type SqlPiece = {start: number; end: number; render: (parameter: (name: string) => string) => string};

// interval '<hours> hours' is a typed literal: only a constant may follow the type name, so it becomes (…)::interval.
const typedLiteral = /\b(interval|date|time|timestamp|timestamptz|uuid|json|jsonb|inet|numeric)\s*$/i;

/** Placeholders become parameters: a bare one is $n; one inside a string literal turns that literal into ('before' || $n::text || 'after'). */
function sqlPieces(
	step: RunbookStep,
	uses: PlaceholderUse[],
	contexts: ReturnType<typeof scanSql>,
): SqlPiece[] {
	const pieces: SqlPiece[] = [];
	for (const use of uses) {
		if (use.context !== 'string') {
			identifierCheck(step, use);
			pieces.push({start: use.start, end: use.end, render: parameter => parameter(use.name)});
			continue;
		}
		let open = use.start;
		while (open > 0 && contexts[open - 1] === 'string') open--;
		if (pieces.some(piece => piece.end > open)) continue; // this literal is already rendered
		let end = use.end;
		while (end < contexts.length && contexts[end] === 'string') end++;
		const escapes = /[eE]/.test(step.code[open - 1] ?? '') ? 'E' : '';
		const type = typedLiteral.exec(step.code.slice(0, open - escapes.length));
		const start = open - escapes.length - (type ? type[0].length : 0);
		const inside = uses.filter(other => other.start >= open && other.end <= end);
		const text = (from: number, to: number) => `${escapes}'${step.code.slice(from, to)}'`;
		pieces.push({
			start,
			end,
			render(parameter) {
				const parts: string[] = [];
				let at = open + 1;
				for (const other of inside) {
					if (other.start > at) parts.push(text(at, other.start));
					parts.push(parameter(other.name));
					at = other.end;
				}
				if (at < end - 1) parts.push(text(at, end - 1));
				if (parts.length === 1) return type ? `${parts[0]}::${type[1]}` : parts[0]!;
				const joined = parts.map(part => (part.startsWith('$') ? `${part}::text` : part)).join(' || ');
				return type ? `(${joined})::${type[1]}` : `(${joined})`;
			},
		});
	}
	return pieces;
}

// Parameters carry values, never names: FROM <table> can't be filled safely.
function identifierCheck(step: RunbookStep, use: PlaceholderUse): void {
	const before = step.code.slice(0, use.start);
	if (
		/\b(?:from|join|into|update|table|truncate|index|on\s+table|schema|database|role|user)\s*$/i.test(before)
	) {
		throw new Error(
			`${where(step)}: ${use.token} stands for a name in the SQL (a table, schema or role), and pg-ops only fills values (as query parameters); write the name into the runbook`,
		);
	}
}
