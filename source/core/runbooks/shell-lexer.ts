// Which quoting context every character of a shell block is in, so placeholders are found and
// replaced correctly: a token inside '…' needs '"$VAR"', inside "…" needs ${VAR}, in a comment it
// is only text. Covers what runbooks contain (quotes, $'…', escapes, $(…), `…`, ${…}, $((…)),
// comments, here-documents); it is not a full shell parser and need not be.

export type ShellContext =
	/** Unquoted (also inside $(…), `…`, ${…} and $((…)) when those are unquoted). */
	| 'plain'
	| 'double'
	| 'single'
	/** $'…' (ANSI-C quoting). */
	| 'ansi'
	| 'comment'
	/** A backslash and the character it escapes. */
	| 'escaped'
	/** The body of a here-document whose delimiter is unquoted: $VAR expands there. */
	| 'heredoc'
	/** The body (and the closing delimiter line) of a here-document with a quoted delimiter: literal text. */
	| 'heredoc-quoted';

type Frame = {kind: 'plain' | 'double' | 'subst' | 'backtick' | 'param' | 'arith'; depth: number};
type PendingHeredoc = {delimiter: string; quoted: boolean; stripTabs: boolean};

const wordStartAfter = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);

export function scanShell(code: string): ShellContext[] {
	return scanShellLines(code).contexts;
}

/**
 * The contexts, and the newlines where a command can't end: inside $(…), `…` or ${…} spanning lines,
 * and before and inside a here-document's body (newlines inside quotes have the quotes' context).
 */
export function scanShellLines(code: string): {contexts: ShellContext[]; openNewlines: Set<number>} {
	const openNewlines = new Set<number>();
	const contexts: ShellContext[] = new Array(code.length).fill('plain');
	const stack: Frame[] = [{kind: 'plain', depth: 0}];
	let pending: PendingHeredoc[] = [];
	let i = 0;
	const mark = (from: number, to: number, context: ShellContext) => {
		for (let k = from; k < to && k < code.length; k++) contexts[k] = context;
	};
	while (i < code.length) {
		const frame = stack[stack.length - 1]!;
		const c = code[i]!;
		const next = code[i + 1];
		if (frame.kind === 'double') {
			if (c === '"') {
				contexts[i] = 'double';
				stack.pop();
				i++;
			} else if (c === '\\') {
				mark(i, i + 2, 'escaped');
				i += 2;
			} else if ((c === '$' && next === '(') || (c === '$' && next === '{') || c === '`') {
				contexts[i] = 'double';
				i = open(stack, code, i);
			} else {
				contexts[i] = 'double';
				i++;
			}
			continue;
		}
		if (c === '\\') {
			mark(i, i + 2, 'escaped');
			i += 2;
		} else if (c === '$' && next === "'") {
			const end = closingQuote(code, i + 2, true);
			mark(i, end + 1, 'ansi');
			i = end + 1;
		} else if (c === "'") {
			const end = closingQuote(code, i + 1, false);
			mark(i, end + 1, 'single');
			i = end + 1;
		} else if (c === '"') {
			stack.push({kind: 'double', depth: 0});
			contexts[i] = 'double';
			i++;
		} else if (
			c === '#' &&
			frame.kind !== 'param' &&
			frame.kind !== 'arith' &&
			(i === 0 || wordStartAfter.has(code[i - 1]!))
		) {
			const end = code.indexOf('\n', i);
			const stop = end === -1 ? code.length : end;
			mark(i, stop, 'comment');
			i = stop;
		} else if ((c === '$' && (next === '(' || next === '{')) || (c === '`' && frame.kind !== 'backtick')) {
			i = open(stack, code, i);
		} else if (c === '`' && frame.kind === 'backtick') {
			stack.pop();
			i++;
		} else if (c === '(' && (frame.kind === 'subst' || frame.kind === 'arith')) {
			frame.depth++;
			i++;
		} else if (c === ')' && frame.kind === 'subst') {
			if (frame.depth === 0) stack.pop();
			else frame.depth--;
			i++;
		} else if (c === ')' && frame.kind === 'arith') {
			if (frame.depth === 0 && next === ')') {
				stack.pop();
				i += 2;
			} else {
				frame.depth = Math.max(0, frame.depth - 1);
				i++;
			}
		} else if (c === '}' && frame.kind === 'param') {
			stack.pop();
			i++;
		} else if (c === '<' && next === '<' && code[i + 2] !== '<' && frame.kind !== 'arith') {
			const heredoc = /^<<(-?)[ \t]*(?:'([^'\n]+)'|"([^"\n]+)"|\\?([A-Za-z0-9_.-]+))/.exec(code.slice(i));
			if (heredoc) {
				pending.push({
					delimiter: heredoc[2] ?? heredoc[3] ?? heredoc[4]!,
					quoted: heredoc[4] === undefined || heredoc[0].includes('\\'),
					stripTabs: heredoc[1] === '-',
				});
				i += heredoc[0].length;
			} else i += 2;
		} else if (c === '\n' && pending.length > 0 && stack.length === 1) {
			openNewlines.add(i);
			i = heredocBodies(code, i + 1, pending, mark, openNewlines);
			pending = [];
		} else {
			if (c === '\n' && stack.length > 1) openNewlines.add(i);
			i++;
		}
	}
	return {contexts, openNewlines};
}

/** Pushes the frame that $(, $((, ${ or ` opens at i and returns the index after its opener. */
function open(stack: Frame[], code: string, i: number): number {
	if (code[i] === '`') {
		stack.push({kind: 'backtick', depth: 0});
		return i + 1;
	}
	if (code[i + 1] === '{') {
		stack.push({kind: 'param', depth: 0});
		return i + 2;
	}
	if (code[i + 2] === '(') {
		stack.push({kind: 'arith', depth: 0});
		return i + 3;
	}
	stack.push({kind: 'subst', depth: 0});
	return i + 2;
}

function closingQuote(code: string, from: number, backslashEscapes: boolean): number {
	for (let k = from; k < code.length; k++) {
		if (backslashEscapes && code[k] === '\\') k++;
		else if (code[k] === "'") return k;
	}
	return code.length - 1;
}

/** Marks the here-document bodies that start at `from` and returns the index after the last one. */
function heredocBodies(
	code: string,
	from: number,
	pending: PendingHeredoc[],
	mark: (from: number, to: number, context: ShellContext) => void,
	openNewlines: Set<number>,
): number {
	let at = from;
	pending.forEach((doc, index) => {
		while (at < code.length) {
			const end = code.indexOf('\n', at);
			const stop = end === -1 ? code.length : end;
			const line = code.slice(at, stop);
			const closing = (doc.stripTabs ? line.replace(/^\t+/, '') : line) === doc.delimiter;
			if (!closing || index < pending.length - 1) openNewlines.add(stop);
			mark(at, stop, closing || doc.quoted ? 'heredoc-quoted' : 'heredoc');
			at = stop + 1;
			if (closing) break;
		}
	});
	return Math.min(at, code.length);
}

/** The code with quoted text replaced by `Q`s and comments and here-document bodies by spaces (same length), for matching words and command structure. */
export function maskShell(code: string, contexts = scanShell(code)): string {
	let masked = '';
	for (let k = 0; k < code.length; k++) {
		const context = contexts[k];
		const c = code[k]!;
		if (c === '\n') masked += '\n';
		else if (context === 'single' || context === 'ansi' || context === 'double' || context === 'escaped')
			masked += 'Q';
		else if (context === 'comment' || context === 'heredoc' || context === 'heredoc-quoted') masked += ' ';
		else masked += c;
	}
	return masked;
}

/** `masked` (as long as `code`) with each backslash-newline continuation as two spaces: one command, not two lines. */
export function joinContinuations(code: string, contexts: ShellContext[], masked: string): string {
	let out = '';
	for (let k = 0; k < masked.length; k++) {
		const continues = code[k] === '\\' && code[k + 1] === '\n' && contexts[k] === 'escaped';
		out += continues ? '  ' : masked[k];
		if (continues) k++;
	}
	return out;
}

/** The block's commands one per entry: comments dropped, backslash-newline continuations joined, blank lines skipped. */
export function commandLines(code: string): string[] {
	const contexts = scanShell(code);
	let text = '';
	for (let k = 0; k < code.length; k++) {
		if (contexts[k] === 'comment') continue;
		if (code[k] === '\\' && code[k + 1] === '\n' && contexts[k] === 'escaped') {
			text += ' ';
			k++;
			continue;
		}
		text += code[k];
	}
	return text
		.split('\n')
		.map(line => line.replace(/\s+/g, ' ').trim())
		.filter(Boolean);
}
