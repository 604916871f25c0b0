// The values a runbook block expects the reader to fill in: the written forms (placeholder-forms.ts),
// $VARIABLES the block uses but never sets, and example secrets written as literals (placeholder-literals.ts):
// `--password changeme`, `PASSWORD 'a-secret'`: an example to replace, never a value to run.
// Each is asked for before the step runs; names that read as credentials are asked for masked.
import {bareWordForms, commandPosition, pathToBlank} from './placeholder-bare-words.js';
import {placeholderOf, textForms} from './placeholder-forms.js';
import {backendIds} from './process-ids.js';
import {environmentNames} from './placeholder-names.js';
import type {Placeholder, RunbookStepKind} from './types.js';
import {maskShell, scanShell, type ShellContext} from './shell-lexer.js';
import {scanSql, type SqlContext} from './sql-lexer.js';
import {literalSecrets, writtenSecrets} from './placeholder-literals.js';

export {isSecretName} from './placeholder-names.js';

/** One place a placeholder is written in a block, with the quoting context it sits in. */
export type PlaceholderUse = Placeholder & {start: number; end: number; context: ShellContext | SqlContext};

/** Names the runbook's author marked secret (`<!-- pg-ops: secret NAME -->`). */
export type SecretNames = ReadonlySet<string>;
const none: SecretNames = new Set();

/**
 * Example names the runbook writes as a blank elsewhere (`[host1]`, `<node2>`): a name of letters
 * ending in a number. Written bare in another block (`./haproxy.sh host1:7000`) it is the same blank.
 */
export const numberedExample = /^[a-z][a-z0-9_-]*[a-z]\d{1,2}$/;
const noWords: ReadonlySet<string> = new Set();

export function findPlaceholders(
	code: string,
	kind: RunbookStepKind,
	secretNames = none,
	examples = noWords,
): Placeholder[] {
	const unique = new Map<string, Placeholder>();
	for (const {start: _start, end: _end, context: _context, ...placeholder} of placeholderUses(
		code,
		kind,
		secretNames,
		examples,
	)) {
		const seen = unique.get(placeholder.name);
		if (!seen) unique.set(placeholder.name, placeholder);
		// <secret:x> once makes every <x> of the block masked.
		else if (placeholder.secret && !seen.secret) unique.set(placeholder.name, {...seen, secret: true});
	}
	return [...unique.values()];
}

/** Every use of every placeholder, in order of position. */
export function placeholderUses(
	code: string,
	kind: RunbookStepKind,
	secretNames = none,
	examples = noWords,
): PlaceholderUse[] {
	if (kind === 'shell') return shellUses(code, secretNames, examples);
	if (kind === 'sql') return sqlUses(code, secretNames);
	return [];
}

function shellUses(code: string, secretNames: SecretNames, examples: ReadonlySet<string>): PlaceholderUse[] {
	const contexts = scanShell(code);
	const masked = maskShell(code, contexts);
	const uses: PlaceholderUse[] = [];
	const make = (token: string, name: string, style: Placeholder['style'], start: number, forced = false) =>
		use(placeholderOf(token, name, style, forced, secretNames), start, contexts[start]!);
	const sameContext = (start: number, end: number) =>
		contexts.slice(start, end).every(context => context === contexts[start]);
	for (const found of textForms(code)) {
		const {start, end} = found;
		const context = contexts[start]!;
		if (context === 'comment' || context === 'escaped' || !sameContext(start, end)) continue;
		// One blank written inside another (<YOUR_TOKEN>, ip-xxx-xxx-x-xx) is the outer one's.
		if (uses.some(other => other.start < end && start < other.end)) continue;
		if (found.brace && !braceBlank(code, contexts, found)) continue;
		if (found.style === 'angle') {
			if (code[start - 1] === '<') continue;
			// `cmd <in>out` is two redirections, not a blank.
			if (context === 'plain' && /[A-Za-z0-9_]/.test(code[end] ?? '')) continue;
			if (context === 'plain' && found.words > 1 && /^<\s|\s>$/.test(found.token)) continue;
		}
		// YOUR_TOKEN=... assigns a variable of that name, also in a line the block writes ("export NEW_TOKEN=$t").
		if (found.style === 'word' && code[end] === '=') continue;
		if (
			found.style === 'template' &&
			found.token.startsWith('[') &&
			!found.quotedToo &&
			context !== 'plain' &&
			context !== 'double'
		)
			continue;
		const name = assignedName(masked, found.start, found.end, found.name) ?? found.name;
		uses.push(make(found.token, name, found.style, start, found.forcedSecret));
	}
	const bindings = shellBindings(masked);
	const references = variableReferences(code, contexts);
	// NAMESPACE written bare where the block also sets or reads $NAMESPACE is that variable's name, not a blank.
	const variables = new Set([...bindings.map(b => b.name), ...references.map(r => r.name)]);
	for (const found of bareWordForms(code, masked, contexts)) {
		if (variables.has(found.name) || variables.has('*')) continue;
		// `/path/to/backups/db_YYYY-MM-DD.dump` is one blank, the date in it a part of it.
		if (pathToBlank.test(found.token) || /^\/Users\//.test(found.token)) {
			const inside = (other: PlaceholderUse) => other.start >= found.start && other.end <= found.end;
			for (let k = uses.length - 1; k >= 0; k--) if (inside(uses[k]!)) uses.splice(k, 1);
		}
		if (uses.some(other => other.start < found.end && found.start < other.end)) continue;
		uses.push(make(found.token, found.name, found.style, found.start));
	}
	for (const name of examples) {
		// A printed id may stand as a path's part (`…/544503849b0b…/abcdef123456`); a numbered name may not.
		const numbered = numberedExample.test(name);
		const before = numbered ? '(?<![\\w.@/$-])' : '(?<![\\w.@$-])';
		const after = numbered ? '(?![\\w@/-])' : '(?![\\w@-])';
		const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		for (const match of code.matchAll(new RegExp(`${before}${escaped}${after}`, 'g'))) {
			const start = match.index!;
			const context = contexts[start];
			if ((context !== 'plain' && context !== 'double') || commandPosition(masked, start)) continue;
			if (uses.some(other => other.start < start + name.length && start < other.end)) continue;
			uses.push(make(name, name, 'word', start));
		}
	}
	for (const reference of references) {
		if (reference.style === 'variable' && environmentNames.has(reference.name)) continue;
		if (
			reference.style === 'variable' &&
			bindings.some(
				binding => binding.at < reference.start && (binding.name === reference.name || binding.name === '*'),
			)
		)
			continue;
		uses.push(make(reference.token, reference.name, reference.style, reference.start));
	}
	const literalNames = new Map<string, string>();
	const literals = [...literalSecrets(code, masked), ...writtenSecrets(code, contexts)];
	for (const literal of literals.sort((a, b) => a.start - b.start)) {
		if (uses.some(other => other.start < literal.end && literal.start < other.end)) continue;
		const name = distinctName(literal.name, literal.token, literalNames);
		uses.push(make(literal.token, name, 'literal', literal.start, !literal.plain));
	}
	return uses.sort((a, b) => a.start - b.start);
}

/**
 * Two different values written for one name (mysql's `-pS3cretA`, curl's `-u elastic:OtherPass`) are two
 * values to ask: `password`, then `password_2`. The same value again is the same one.
 */
function distinctName(name: string, token: string, taken: Map<string, string>): string {
	for (let k = 1; ; k++) {
		const candidate = k === 1 ? name : `${name}_${k}`;
		const held = taken.get(candidate);
		if (held === undefined) taken.set(candidate, token);
		if (held === undefined || held === token) return candidate;
	}
}

// A string that is a template or a path language of its own: jsonpath's {.metadata.name}, {range …}{end}.
const braceLanguage = /\{[.@$]|\{range\b|\{end\}/;
// SQL text given to a client (psql -c "…"): a quoted '{cluster}' there is the database's own (a
// ClickHouse macro, a PostgreSQL array literal), not a blank.
const sqlStatement =
	/^\s*(?:SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|GRANT|REVOKE|TRUNCATE|WITH|SYSTEM|OPTIMIZE)\b/i;

/** {id} and { words } are blanks where only a person reads the braces: unquoted, or in double quotes that are no template's. */
function braceBlank(
	code: string,
	contexts: ShellContext[],
	found: {start: number; end: number; words: number},
): boolean {
	const context = contexts[found.start]!;
	if (context === 'plain') return true;
	if (context !== 'double' || found.words > 1) return false;
	let open = found.start;
	while (open > 0 && contexts[open - 1] === 'double') open--;
	let close = found.end;
	while (close < code.length && contexts[close] === 'double') close++;
	const text = code.slice(open, close);
	if (braceLanguage.test(text)) return false;
	const quoted = code[found.start - 1] === "'" && code[found.end] === "'";
	return !(quoted && sqlStatement.test(text.replace(/^"/, '')));
}

/**
 * A blank that is the whole value of an assignment is named after the variable when its own name
 * says nothing about it: A="<replace_with_previous_output>" and B="<replace_with_previous_output>"
 * are two values, not one. `RUN_ID=<run_id>` keeps run_id.
 */
function assignedName(masked: string, start: number, end: number, name: string): string | undefined {
	const quoted = masked[start - 1] === 'Q' ? 1 : 0;
	const before = /(?:^|[\s;&|(])(?:export\s+|local\s+|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)=$/.exec(
		masked.slice(Math.max(0, start - quoted - 80), start - quoted),
	);
	if (!before) return undefined;
	const after = masked[end + quoted];
	if (after !== undefined && !/[\s;&|)]/.test(after)) return undefined;
	const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
	const variable = squash(before[1]!);
	const own = squash(name);
	return variable.includes(own) || own.includes(variable) ? undefined : before[1]!;
}

function use(placeholder: Placeholder, start: number, context: ShellContext | SqlContext): PlaceholderUse {
	return {...placeholder, start, end: start + placeholder.token.length, context};
}

type Reference = {token: string; name: string; start: number; style: Placeholder['style']};

/** $NAME and ${NAME...} that must already have a value: not $1, $?, $(...), $((...)), and not ${NAME:-default}-style expansions that supply their own. */
function variableReferences(code: string, contexts: ShellContext[]): Reference[] {
	const references: Reference[] = [];
	for (let k = 0; k < code.length; k++) {
		if (code[k] !== '$') continue;
		const context = contexts[k];
		if (context !== 'plain' && context !== 'double' && context !== 'heredoc') continue;
		const rest = code.slice(k + 1);
		const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
		if (bare) {
			references.push({token: `$${bare[0]}`, name: bare[0], start: k, style: 'variable'});
			continue;
		}
		// ${db-instance-name} is a blank written in braces, not ${db} with a default of "instance-name".
		const kebab = /^\{([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\}/.exec(rest);
		if (kebab) {
			references.push({token: `$${kebab[0]}`, name: kebab[1]!, start: k, style: 'template'});
			continue;
		}
		const braced = /^\{(#?)([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?([^}]*)\}/.exec(rest);
		if (!braced) continue;
		const operator = braced[4]!;
		// A default (:- or -), an assignment (:= or =) or an alternative (:+ or +) means the block copes without a value.
		if (/^:?[-=+]/.test(operator)) continue;
		references.push({token: `$${braced[0]}`, name: braced[2]!, start: k, style: 'variable'});
	}
	return references;
}

type Binding = {name: string; at: number};

const commandStart = String.raw`(?:^|[;&|(\x60{\n]|\b(?:then|do|else)\b)\s*`;

/** Where the block gives a variable its value (assignment, read, for, mapfile); name '*' where it loads values pg-ops can't see (source, ., eval, set -a). */
function shellBindings(masked: string): Binding[] {
	const bindings: Binding[] = [];
	for (const match of masked.matchAll(/(?:^|[\s;&|(\x60{])([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]\n]*\])?\+?=/g)) {
		bindings.push({name: match[1]!, at: match.index! + match[0].indexOf(match[1]!)});
	}
	for (const match of masked.matchAll(/(?:^|[\s;&|(\x60{])(?:for|select)\s+([A-Za-z_][A-Za-z0-9_]*)/g)) {
		bindings.push({name: match[1]!, at: match.index!});
	}
	for (const match of masked.matchAll(/(?:^|[\s;&|(\x60{])(read|mapfile|readarray)\b([^;&|\n<>)]*)/g)) {
		for (const name of boundByRead(match[1]!, match[2]!)) bindings.push({name, at: match.index!});
	}
	for (const match of masked.matchAll(
		new RegExp(`${commandStart}(?:source|\\.|eval)\\s+\\S|\\bset\\s+-[A-Za-z]*a`, 'g'),
	)) {
		bindings.push({name: '*', at: match.index!});
	}
	return bindings;
}

// Options that take a value: -p "prompt" is not a name being read.
const optionsWithValue = {
	read: ['-a', '-d', '-i', '-n', '-N', '-p', '-t', '-u'],
	mapfile: ['-d', '-n', '-O', '-s', '-u', '-C', '-c'],
};

function boundByRead(command: string, args: string): string[] {
	const words = args.trim().split(/\s+/).filter(Boolean);
	const withValue = command === 'read' ? optionsWithValue.read : optionsWithValue.mapfile;
	const names: string[] = [];
	for (let k = 0; k < words.length; k++) {
		const word = words[k]!;
		if (word === '-a' && command === 'read') names.push(words[k + 1] ?? '');
		if (word.startsWith('-')) {
			if (withValue.includes(word)) k++;
			continue;
		}
		if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) names.push(word);
	}
	return names.filter(Boolean);
}

// A name that says what kind of object goes there, after the words that name one in a statement.
const genericObjectName =
	/\b(?:DATABASE|SCHEMA|TABLE|INDEX|ROLE|USER|VIEW|SEQUENCE|FUNCTION|EXTENSION|TABLESPACE|TO|FROM|OWNER\s+TO|OWNER\s*=)\s*((?:database|db|schema|table|index|role|user|owner|view|sequence|function|extension|tablespace)_name|username|dbname|rolename)\b/gi;

function sqlUses(code: string, secretNames: SecretNames): PlaceholderUse[] {
	const contexts = scanSql(code);
	const uses: PlaceholderUse[] = [];
	// A blank written as a quoted name (`CREATE USER "some_user"`) is one too: the quotes keep its case.
	const usable = (start: number, end: number, style: string) => {
		const context = contexts[start]!;
		return (
			(context === 'plain' || context === 'string' || (context === 'ident' && style === 'word')) &&
			contexts.slice(start, end).every(c => c === context)
		);
	};
	for (const found of textForms(code)) {
		const {start, end} = found;
		// Brackets are an array's subscript in SQL; words in them (`[pid of the process]`) are a blank.
		if (
			!usable(start, end, found.style) ||
			(found.token.startsWith('[') && !/^\[[a-z]+(?: [a-z]+)+\]$/i.test(found.token))
		)
			continue;
		if (uses.some(other => other.start < end && start < other.end)) continue;
		// '{a,b}' is an array literal, '{cluster}' a macro of the database's: braces count only outside strings.
		if (found.brace && contexts[start] !== 'plain') continue;
		// a <b and c> d compares; a blank of several words stands inside a string or alone.
		if (
			contexts[start] === 'plain' &&
			found.words > 1 &&
			/\b(?:and|or|not|is|in|like|between)\b/i.test(found.name)
		)
			continue;
		if (found.style === 'word' && isDateFormat(code, contexts, start)) continue;
		uses.push(
			use(
				placeholderOf(found.token, found.name, found.style, found.forcedSecret, secretNames),
				start,
				contexts[start]!,
			),
		);
	}
	// GRANT … ON SCHEMA schema_name TO username: a generic name where the statement names an object.
	for (const match of code.matchAll(genericObjectName)) {
		const start = match.index! + match[0].length - match[1]!.length;
		const end = start + match[1]!.length;
		if (contexts[start] !== 'plain' || uses.some(u => u.start < end && start < u.end)) continue;
		uses.push(use(placeholderOf(match[1]!, match[1]!, 'word', false, secretNames), start, 'plain'));
	}
	for (const {start, id} of backendIds(code))
		if (contexts[start] === 'plain' && !uses.some(u => u.start < start + id.length && start < u.end))
			uses.push(use(placeholderOf(id, id, 'word', false, secretNames), start, 'plain'));
	// CREATE ROLE … PASSWORD 'a-secret-password': an example to replace, asked for masked.
	for (const match of code.matchAll(/\bpassword\s+(?=')/gi)) {
		const start = match.index! + match[0].length;
		if (contexts[match.index!] !== 'plain' || uses.some(u => u.start >= start && u.start < start + 2))
			continue;
		let end = start;
		while (end < code.length && contexts[end] === 'string') end++;
		if (end - start <= 2) continue;
		const placeholder = placeholderOf(code.slice(start, end), 'password', 'literal', true, secretNames);
		uses.push({...use(placeholder, start, 'plain'), end});
	}
	return uses.sort((a, b) => a.start - b.start);
}

/** 'YYYY-MM-DD' as the format argument of to_char/to_date/to_timestamp is PostgreSQL's own pattern, not a blank. */
function isDateFormat(code: string, contexts: SqlContext[], start: number): boolean {
	if (contexts[start] !== 'string') return false;
	let open = start;
	while (open > 0 && contexts[open - 1] === 'string') open--;
	return /\b(?:to_char|to_date|to_timestamp)\s*\((?:[^()]|\([^()]*\))*,\s*$/i.test(code.slice(0, open));
}
