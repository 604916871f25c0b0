// Which context every character of an SQL block is in (string, quoted identifier, comment,
// dollar-quoted body), so statements split only on real semicolons and placeholders are found
// outside comments. PostgreSQL's lexical rules, as far as runbooks need them.

export type SqlContext = 'plain' | 'string' | 'ident' | 'comment' | 'dollar';

export function scanSql(code: string): SqlContext[] {
	const contexts: SqlContext[] = new Array(code.length).fill('plain');
	const mark = (from: number, to: number, context: SqlContext) => {
		for (let k = from; k < to && k < code.length; k++) contexts[k] = context;
	};
	let i = 0;
	while (i < code.length) {
		const c = code[i]!;
		const next = code[i + 1];
		if (c === '-' && next === '-') {
			const end = code.indexOf('\n', i);
			const stop = end === -1 ? code.length : end;
			mark(i, stop, 'comment');
			i = stop;
		} else if (c === '/' && next === '*') {
			const stop = blockCommentEnd(code, i);
			mark(i, stop, 'comment');
			i = stop;
		} else if (c === "'") {
			const escapes = i > 0 && /[eE]/.test(code[i - 1]!) && (i < 2 || !/[A-Za-z0-9_]/.test(code[i - 2]!));
			const stop = quotedEnd(code, i + 1, "'", escapes);
			mark(i, stop, 'string');
			i = stop;
		} else if (c === '"') {
			const stop = quotedEnd(code, i + 1, '"', false);
			mark(i, stop, 'ident');
			i = stop;
		} else if (c === '$' && (i === 0 || !/[A-Za-z0-9_]/.test(code[i - 1]!))) {
			const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(code.slice(i));
			if (tag) {
				const close = code.indexOf(tag[0], i + tag[0].length);
				const stop = close === -1 ? code.length : close + tag[0].length;
				mark(i, stop, 'dollar');
				i = stop;
			} else i++;
		} else i++;
	}
	return contexts;
}

function blockCommentEnd(code: string, from: number): number {
	let depth = 0;
	for (let k = from; k < code.length - 1; k++) {
		if (code[k] === '/' && code[k + 1] === '*') {
			depth++;
			k++;
		} else if (code[k] === '*' && code[k + 1] === '/') {
			depth--;
			k++;
			if (depth === 0) return k + 1;
		}
	}
	return code.length;
}

/** The index after the closing quote ('' and "" are the quote itself; E'' strings also take backslash escapes). */
function quotedEnd(code: string, from: number, quote: string, backslashEscapes: boolean): number {
	for (let k = from; k < code.length; k++) {
		if (backslashEscapes && code[k] === '\\') k++;
		else if (code[k] === quote) {
			if (code[k + 1] === quote) k++;
			else return k + 1;
		}
	}
	return code.length;
}

export type SqlStatement = {text: string; start: number};

/** Statements split on semicolons outside strings, identifiers, comments and dollar quotes; statements that are only comments are dropped. */
export function splitSqlStatements(code: string, contexts = scanSql(code)): SqlStatement[] {
	const statements: SqlStatement[] = [];
	let start = 0;
	const push = (end: number) => {
		const body = code.slice(start, end);
		const meaningful = [...body].some((c, k) => contexts[start + k] !== 'comment' && /\S/.test(c));
		if (meaningful) {
			const lead = body.length - body.trimStart().length;
			statements.push({text: body.trim(), start: start + lead});
		}
	};
	for (let k = 0; k < code.length; k++) {
		if (code[k] === ';' && contexts[k] === 'plain') {
			push(k);
			start = k + 1;
		}
	}
	push(code.length);
	return statements;
}
