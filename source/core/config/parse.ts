// YAML text -> validated Config, with every error tied to file, line and field path.
// Pure: the caller reads the file and passes its text. Linear in the file's size: yaml's own
// unique-key check compares every key of a map with every other (40,000 environments took 15 s),
// so keys are checked here with a set; aliases may expand to at most maxAliasExpansion nodes (an
// alias bomb is one line of error, not a stack trace or a hang).
import {LineCounter, parseDocument, isMap, isScalar, isSeq, visit, type Document, type Node} from 'yaml';
import {visibleLine} from '../safe-text.js';
import type {z} from 'zod';
import {configSchema, type Config} from './schema.js';

export type ConfigProblem = {file: string; line: number; column: number; field: string; message: string};

export class ConfigError extends Error {
	constructor(readonly problems: ConfigProblem[]) {
		super(problems.map(formatProblem).join('\n'));
		this.name = 'ConfigError';
	}
}

/** How many times aliases may copy what their anchors hold, in all (yaml's maxAliasCount). */
export const maxAliasExpansion = 10_000;

export function formatProblem(p: ConfigProblem): string {
	// A key or a YAML message quotes the file: shown, never emitted (core/safe-text.ts).
	return visibleLine(`${p.file}:${p.line}:${p.column}: ${p.field ? `${p.field}: ` : ''}${p.message}`);
}

export function parseConfig(text: string, file: string): Config {
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: false});
	if (doc.errors.length > 0) {
		throw new ConfigError(
			doc.errors.slice(0, 5).map(error => {
				const pos = lineCounter.linePos(error.pos[0]);
				// hosts: [app-[01-40]] is the likeliest way to write a range that YAML reads as a nested list.
				const line = text.split('\n')[pos.line - 1] ?? '';
				const hint = /\[[^\]'"]*[\w.-]\[\d+-\d+\]/.test(line)
					? " (a host range inside [ ] must be quoted: hosts: ['app-[01-40]'])"
					: '';
				return {
					file,
					line: pos.line,
					column: pos.col,
					field: '',
					message: `invalid YAML: ${firstLine(error.message)}${hint}`,
				};
			}),
		);
	}
	const duplicate = firstDuplicateKey(doc);
	if (duplicate !== undefined) {
		const pos = lineCounter.linePos(duplicate.offset);
		throw new ConfigError([
			{
				file,
				line: pos.line,
				column: pos.col,
				field: '',
				message: `invalid YAML: the key "${duplicate.key}" appears twice in one mapping (map keys must be unique)`,
			},
		]);
	}
	let value: unknown;
	try {
		value = doc.toJS({maxAliasCount: maxAliasExpansion}) ?? {};
	} catch (error) {
		// yaml's ReferenceError for an alias bomb, or an alias to an anchor it can't resolve.
		const excessive = /excessive alias count/i.test((error as Error).message);
		throw new ConfigError([
			{
				file,
				line: 1,
				column: 1,
				field: '',
				message: excessive
					? `invalid YAML: its aliases (*name) expand to more than ${maxAliasExpansion} copies; pg-ops refuses such a file (an alias bomb?)`
					: `invalid YAML: ${firstLine((error as Error).message)}`,
			},
		]);
	}
	const result = configSchema.safeParse(value, {reportInput: true});
	if (result.success) return result.data;
	const problems = result.error.issues
		.flatMap(matchingBranch)
		.slice(0, 8)
		.map(issue => locate(issue, doc.contents as Node | null, lineCounter, file));
	throw new ConfigError(problems);
}

/** The first key that appears twice in one mapping, with where its second use is; one pass, a set per mapping. */
function firstDuplicateKey(doc: Document.Parsed): {key: string; offset: number} | undefined {
	let found: {key: string; offset: number} | undefined;
	visit(doc, {
		Map(_, map) {
			const seen = new Set<unknown>();
			for (const pair of map.items) {
				const key = isScalar(pair.key) ? pair.key.value : pair.key;
				if (key === null || typeof key === 'object') continue; // complex keys: not in a pg-ops config
				if (seen.has(key)) {
					found = {key: String(key), offset: (pair.key as Node).range?.[0] ?? 0};
					return visit.BREAK;
				}
				seen.add(key);
			}
			return undefined;
		},
	});
	return found;
}

/**
 * A union one of whose shapes the value has (a list where a list or a mapping may go): that shape's
 * own errors, at their own lines, instead of "expected one of ...".
 */
function matchingBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
	if (issue.code !== 'invalid_union' || ('options' in issue && Array.isArray(issue.options))) return [issue];
	const typed = issue.errors.filter(
		branch => !branch.some(inner => inner.code === 'invalid_type' && inner.path.length === 0),
	);
	if (typed.length !== 1 || issue.errors.length < 2) return [issue];
	return typed[0]!.flatMap(inner => matchingBranch({...inner, path: [...issue.path, ...inner.path]}));
}

function locate(
	issue: z.core.$ZodIssue,
	root: Node | null,
	lineCounter: LineCounter,
	file: string,
): ConfigProblem {
	let path = issue.path.map(p => (typeof p === 'symbol' ? String(p) : p));
	let message = describeIssue(issue);
	// Point at the offending key itself, not the map that holds it.
	if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
		path = [...path, issue.keys[0]!];
		message = `unknown field${issue.keys.length > 1 ? `s ${issue.keys.map(k => `"${k}"`).join(', ')}` : ''}; check the spelling against docs/CONFIG.md`;
	}
	const {node, depth, isKey} = deepestNode(root, path, issue.code === 'unrecognized_keys');
	const offset = node?.range?.[0] ?? 0;
	const pos = lineCounter.linePos(offset);
	const missing = depth < path.length && !isKey;
	const field = path.join('.');
	return {
		file,
		line: pos.line,
		column: pos.col,
		field,
		message: missing && issue.code === 'invalid_type' ? `missing; expected ${expectedOf(issue)}` : message,
	};
}

// Walks the YAML tree along the path as far as it exists; for an unknown key, returns the key's own node.
function deepestNode(
	root: Node | null,
	path: Array<string | number>,
	wantKey: boolean,
): {node: Node | null; depth: number; isKey: boolean} {
	let node = root;
	let depth = 0;
	for (const segment of path) {
		const last = depth === path.length - 1;
		if (isMap(node)) {
			const pair = node.items.find(p => (p.key as {value?: unknown})?.value === segment);
			if (!pair) break;
			// The key's own position for an unknown key or an empty value; the value's otherwise.
			if (last && (wantKey || pair.value === null || pair.value === undefined))
				return {node: pair.key as Node, depth: depth + 1, isKey: true};
			node = pair.value as Node;
		} else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
			node = node.items[segment] as Node;
		} else {
			break;
		}
		depth++;
	}
	return {node, depth, isKey: false};
}

function describeIssue(issue: z.core.$ZodIssue): string {
	switch (issue.code) {
		case 'invalid_type':
			return `expected ${expectedOf(issue)}`;
		case 'invalid_value':
			return `expected one of ${issue.values.map(v => JSON.stringify(v)).join(', ')}`;
		case 'too_small':
			return issue.origin === 'array'
				? `expected at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`
				: `expected ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}`;
		case 'too_big':
			return `expected ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
		case 'invalid_format':
			return issue.format === 'url'
				? 'expected an http(s) URL'
				: `expected ${issue.message.replace(/^Invalid (string: )?/i, '')}`;
		case 'invalid_union':
			// A discriminated union (a service's manager): the values it knows.
			if ('options' in issue && Array.isArray(issue.options))
				return `expected one of ${(issue.options as unknown[]).map(v => JSON.stringify(v)).join(', ')}`;
			return 'expected ' + unionExpectation(issue);
		case 'invalid_key': {
			// A record's key (an exit code map's): what the key should have been.
			const [inner] = issue.issues;
			return inner ? describeIssue(inner) : 'expected another key';
		}
		case 'custom':
		default:
			return issue.message.startsWith('expected') ? issue.message : `expected ${issue.message}`;
	}
}

function expectedOf(issue: z.core.$ZodIssue): string {
	if (issue.code !== 'invalid_type') return 'a value';
	const article = /^[aeiou]/.test(issue.expected) ? 'an' : 'a';
	const expected =
		issue.expected === 'object' || issue.expected === 'record'
			? 'a mapping (key: value lines)'
			: issue.expected === 'array'
				? 'a list'
				: `${article} ${issue.expected}`;
	// The kind of value, never the value itself: a token pasted into the wrong field must not reach a log.
	const received = (issue as {input?: unknown}).input;
	return received === undefined ? expected : `${expected}, got ${kindOf(received)}`;
}

// Secret sources and job sources are unions of small shapes: say the shapes, not zod's internals.
function unionExpectation(issue: z.core.$ZodIssue & {code: 'invalid_union'}): string {
	const shapes = issue.errors
		.map(errors => {
			const keys = errors.filter(e => e.code === 'invalid_type' && e.path.length === 1).map(e => e.path[0]);
			return keys.length > 0 ? `{${keys.join(', ')}}` : undefined;
		})
		.filter(Boolean);
	return shapes.length > 0 ? `one of ${shapes.join(' or ')}` : 'another shape (see docs/CONFIG.md)';
}

function kindOf(value: unknown): string {
	if (value === null) return 'null (an empty value)';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'a mapping';
	if (typeof value === 'string') return 'text';
	if (typeof value === 'number') return 'a number';
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	return typeof value;
}

function firstLine(text: string): string {
	return text.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
