// The values a runbook block expects the reader to fill in: <run_id>-style tokens, words like
// YOUR_TOKEN or YYYY-MM-DD, and $VARIABLES the block uses but never sets. Each is asked for
// before the step runs; names that read as credentials are asked for masked.
import type {Placeholder, RunbookStepKind} from './types.js';
import {maskShell, scanShell, type ShellContext} from './shell-lexer.js';
import {scanSql, type SqlContext} from './sql-lexer.js';

/** One place a placeholder is written in a block, with the quoting context it sits in. */
export type PlaceholderUse = Placeholder & {start: number; end: number; context: ShellContext | SqlContext};

export function findPlaceholders(code: string, kind: RunbookStepKind): Placeholder[] {
	const unique = new Map<string, Placeholder>();
	for (const {start: _start, end: _end, context: _context, ...placeholder} of placeholderUses(code, kind)) {
		if (!unique.has(placeholder.name)) unique.set(placeholder.name, placeholder);
	}
	return [...unique.values()];
}

/** Every use of every placeholder, in order of position. */
export function placeholderUses(code: string, kind: RunbookStepKind): PlaceholderUse[] {
	if (kind === 'shell') return shellUses(code);
	if (kind === 'sql') return sqlUses(code);
	return [];
}

// A word part that reads as a credential; short ones must be a whole part ("pat", not "path").
const secretWords = /token|secret|passw(or)?d|credential|api_?key|private_?key/i;
const secretParts = new Set(['pass', 'pwd', 'key', 'auth', 'pat', 'pin', 'otp']);

export function isSecretName(name: string): boolean {
	if (secretWords.test(name)) return true;
	return name
		.replace(/([a-z0-9])([A-Z])/g, '$1_$2')
		.split(/[^A-Za-z0-9]+/)
		.some(part => secretParts.has(part.toLowerCase()));
}

// <run_id>, <new-token>; tag names that are markup, not blanks to fill.
const anglePattern = /<([A-Za-z_][A-Za-z0-9_.-]*)>/g;
const markupTags = new Set([
	'html',
	'head',
	'body',
	'div',
	'span',
	'p',
	'br',
	'a',
	'b',
	'i',
	'u',
	'em',
	'strong',
	'ul',
	'ol',
	'li',
	'table',
	'tr',
	'td',
	'th',
	'pre',
	'code',
	'script',
	'style',
	'xml',
	'title',
	'details',
	'summary',
]);
// Words written as blanks to fill: YOUR_TOKEN, NEW_TOKEN, API_KEY_HERE, CHANGE_ME, YYYY-MM-DD (also inside db_YYYY-MM-DD.sql.gz).
const notInWord = '(?<![A-Za-z0-9$_{])';
const wordPattern = new RegExp(
	`${notInWord}(?:(?:YOUR|NEW|MY)_[A-Z0-9_]*[A-Z0-9]|[A-Z][A-Z0-9_]*_HERE|(?:CHANGE|REPLACE)_?ME)(?![A-Za-z0-9_])|(?<![A-Za-z0-9$])YYYY-?MM-?DD(?:T?HH:?MM(?::?SS)?)?(?![A-Za-z0-9_])`,
	'g',
);

// Set by the shell, the login or the system: never a blank the runbook wants filled.
const environmentNames = new Set([
	'HOME',
	'PATH',
	'USER',
	'LOGNAME',
	'PWD',
	'OLDPWD',
	'SHELL',
	'LANG',
	'LANGUAGE',
	'LC_ALL',
	'LC_CTYPE',
	'TERM',
	'HOSTNAME',
	'HOST',
	'UID',
	'EUID',
	'PPID',
	'RANDOM',
	'IFS',
	'TMPDIR',
	'LINENO',
	'SECONDS',
	'BASH',
	'BASH_SOURCE',
	'BASH_VERSION',
	'FUNCNAME',
	'EDITOR',
	'VISUAL',
	'PAGER',
	'SUDO_USER',
	'SUDO_UID',
	'DISPLAY',
	'TZ',
	'OPTARG',
	'OPTIND',
	'PS1',
	'PS4',
	'REPLY',
	'PIPESTATUS',
	'XDG_RUNTIME_DIR',
	'XDG_CONFIG_HOME',
	'XDG_DATA_HOME',
	'SSH_CONNECTION',
	'SSH_CLIENT',
	'SSH_TTY',
	'MAIL',
	'COLUMNS',
	'LINES',
]);

function shellUses(code: string): PlaceholderUse[] {
	const contexts = scanShell(code);
	const masked = maskShell(code, contexts);
	const uses: PlaceholderUse[] = [];
	const sameContext = (start: number, end: number) =>
		contexts.slice(start, end).every(context => context === contexts[start]);
	for (const match of code.matchAll(anglePattern)) {
		const start = match.index!;
		const end = start + match[0].length;
		const context = contexts[start]!;
		if (context === 'comment' || context === 'escaped' || !sameContext(start, end)) continue;
		if (markupTags.has(match[1]!.toLowerCase()) || code[start - 1] === '<') continue;
		// `cmd <in>out` is two redirections, not a blank.
		if (context === 'plain' && /[A-Za-z0-9_]/.test(code[end] ?? '')) continue;
		uses.push(use(match[0], match[1]!, 'angle', start, context));
	}
	for (const match of code.matchAll(wordPattern)) {
		const start = match.index!;
		const end = start + match[0].length;
		const context = contexts[start]!;
		if (context === 'comment' || context === 'escaped' || !sameContext(start, end)) continue;
		// YOUR_TOKEN=... assigns a variable of that name.
		if (context === 'plain' && code[end] === '=') continue;
		uses.push(use(match[0], match[0], 'word', start, context));
	}
	const bindings = shellBindings(masked);
	for (const reference of variableReferences(code, contexts)) {
		if (environmentNames.has(reference.name)) continue;
		if (
			bindings.some(
				binding => binding.at < reference.start && (binding.name === reference.name || binding.name === '*'),
			)
		)
			continue;
		uses.push(use(reference.token, reference.name, 'variable', reference.start, contexts[reference.start]!));
	}
	return uses.sort((a, b) => a.start - b.start);
}

function use(
	token: string,
	name: string,
	style: Placeholder['style'],
	start: number,
	context: ShellContext | SqlContext,
): PlaceholderUse {
	return {token, name, secret: isSecretName(name), style, start, end: start + token.length, context};
}

type Reference = {token: string; name: string; start: number};

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
			references.push({token: `$${bare[0]}`, name: bare[0], start: k});
			continue;
		}
		const braced = /^\{(#?)([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?([^}]*)\}/.exec(rest);
		if (!braced) continue;
		const operator = braced[4]!;
		// A default (:- or -), an assignment (:= or =) or an alternative (:+ or +) means the block copes without a value.
		if (/^:?[-=+]/.test(operator)) continue;
		references.push({token: `$${braced[0]}`, name: braced[2]!, start: k});
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

function sqlUses(code: string): PlaceholderUse[] {
	const contexts = scanSql(code);
	const uses: PlaceholderUse[] = [];
	const usable = (start: number, end: number) => {
		const context = contexts[start]!;
		return (
			(context === 'plain' || context === 'string') && contexts.slice(start, end).every(c => c === context)
		);
	};
	for (const match of code.matchAll(anglePattern)) {
		const start = match.index!;
		if (!usable(start, start + match[0].length) || markupTags.has(match[1]!.toLowerCase())) continue;
		uses.push(use(match[0], match[1]!, 'angle', start, contexts[start]!));
	}
	for (const match of code.matchAll(wordPattern)) {
		const start = match.index!;
		if (!usable(start, start + match[0].length) || isDateFormat(code, contexts, start)) continue;
		uses.push(use(match[0], match[0], 'word', start, contexts[start]!));
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
