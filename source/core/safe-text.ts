// The one sanitiser: text from servers, files and runbooks may carry terminal controls (ESC ]0;
// sets the window title, ESC ]52; writes the clipboard, ESC [8m hides what follows, CR draws over
// what is already on the line, U+202E reverses it). Every such character is replaced by a visible
// placeholder (ESC is ␛, BEL ␇, CR ␍, U+202E ⟨U+202E⟩), so the rest of a sequence shows as plain
// text and nothing is ever interpreted. Like OpenSSH's fmprintf and `less` without -R.
// Applied where remote or file text enters pg-ops (adapters, parsers) and again by every writer
// (ui/SafeText.tsx, adapters/plain-output.ts, the review and summary files): the result contains no
// character that needs it, so a second pass changes nothing.

/**
 * How a surface takes line ends and tabs:
 * - `line`: one line (a field, a name, a log line): a newline is shown as ␤, a tab as a space.
 * - `lines`: text that keeps its lines (command output, a log, a file written): CRLF is a line end,
 *   tabs stay.
 * - `command`: a command as it will run: only a real newline stays a line end; a CR, even before a
 *   newline, is shown (␍), and so is a tab (␉), so the shown text is the command's exact characters.
 * - `screen`: the console's final guard: lines kept, CRLF a line end, tabs expanded to spaces (a
 *   tab would move the cursor past where Ink thinks it is, over a pane's border).
 */
export type TextShape = 'line' | 'lines' | 'command' | 'screen';

type Rule = {newline: string; tab: 'keep' | 'space' | 'show' | 'expand'; crlfIsNewline: boolean};

const tabs: Record<Rule['tab'], (width: number) => string> = {
	keep: () => '\t',
	space: () => ' ',
	show: () => '␉',
	expand: width => ' '.repeat(width),
};

const rules: Record<TextShape, Rule> = {
	line: {newline: '␤', tab: 'space', crlfIsNewline: false},
	lines: {newline: '\n', tab: 'keep', crlfIsNewline: true},
	command: {newline: '\n', tab: 'show', crlfIsNewline: false},
	screen: {newline: '\n', tab: 'expand', crlfIsNewline: true},
};

// C0 controls, DEL, C1 controls; the bidi embeddings, overrides, isolates and marks (they reorder
// or hide text around them); zero-width and invisible format characters, line/paragraph
// separators, interlinear annotations, and the invisible tag characters.
const hiddenPattern =
	/[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]|[\u{e0000}-\u{e007f}]/u;
const hiddenEverywhere = new RegExp(hiddenPattern.source, 'gu');

/** Whether the text holds a character this module would replace (tab and newline count). */
export function hasHiddenCharacters(text: string): boolean {
	return hiddenPattern.test(text);
}

/** The placeholder shown for one hidden character. */
export function placeholderOf(character: string): string {
	const code = character.codePointAt(0)!;
	if (code < 0x20) return String.fromCodePoint(0x2400 + code); // ␀ … ␟: ␛ for ESC, ␇ for BEL, ␍ for CR
	if (code === 0x7f) return '␡';
	return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** The text with every control character, escape sequence introducer and invisible or reordering character made visible. */
export function visible(text: string, shape: TextShape): string {
	if (!hiddenPattern.test(text)) return text;
	const rule = rules[shape];
	let column = 0; // for tab expansion: the column within the current line
	let out = '';
	let last = 0;
	hiddenEverywhere.lastIndex = 0;
	for (const match of text.matchAll(hiddenEverywhere)) {
		const at = match.index;
		const before = text.slice(last, at);
		out += before;
		column = rule.tab === 'expand' ? columnAfter(column, before) : 0;
		last = at + match[0].length;
		const character = match[0];
		if (character === '\n') {
			out += rule.newline;
			column = 0;
		} else if (character === '\r' && rule.crlfIsNewline && text[at + 1] === '\n') {
			// A CRLF line end: the LF that follows makes the line end.
		} else if (character === '\t') {
			const width = 8 - (column % 8);
			out += tabs[rule.tab](width);
			column += width;
		} else {
			out += placeholderOf(character);
			column += 1;
		}
	}
	return out + text.slice(last);
}

function columnAfter(column: number, text: string): number {
	const newline = text.lastIndexOf('\n');
	return newline < 0 ? column + text.length : text.length - newline - 1;
}

/**
 * Visible text without the placeholders of a few sequences a program is known to print as mere
 * decoration (compose's erase-line, ESC [2K, before every log line, even with --no-color): they
 * would clutter each line as ␛[2K. Only these exact sequences go; any other control stays shown.
 */
export function withoutSequences(visibleText: string, sequences: readonly string[] = []): string {
	let text = visibleText;
	for (const sequence of sequences) text = text.replaceAll(visible(sequence, 'lines'), '');
	return text;
}

export const visibleLine = (text: string): string => visible(text, 'line');
export const visibleLines = (text: string): string => visible(text, 'lines');
export const visibleCommand = (text: string): string => visible(text, 'command');

/**
 * A JSON value with every string in it (keys too) made visible as one line: what a server sent
 * in a JSON body, before any part of pg-ops reads it. Numbers, booleans and null are untouched.
 */
export function visibleJson<T>(value: T): T {
	if (typeof value === 'string') return visibleLine(value) as T;
	if (Array.isArray(value)) return value.map(item => visibleJson(item)) as T;
	if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		const out: Record<string, unknown> = {};
		for (const [key, item] of Object.entries(value)) out[visibleLine(key)] = visibleJson(item);
		return out as T;
	}
	return value;
}

/**
 * JSON text parsed, every string in it (keys too) made visible as visibleJson does. A string holding a
 * character the sanitiser replaces is written in JSON text either as an escape (\b \f \n \r \t \uXXXX:
 * control characters must be) or raw outside printable ASCII (DEL, C1, bidi, invisible characters);
 * text with neither has nothing to replace and is not walked and copied a second time (a fleet's
 * Prometheus answers: thousands of series every refresh).
 */
export function parseVisibleJson(text: string): unknown {
	const value: unknown = JSON.parse(text);
	return mayHoldHidden.test(text) ? visibleJson(value) : value;
}

// An escape that may stand for a hidden character, or any character outside printable ASCII.
const mayHoldHidden = /\\[bfnrtu]|[^\x20-\x7e]/;

/**
 * Text arriving in pieces (a followed command's output): each piece made visible as `lines`, a CR
 * at the end of a piece held back until the next one says whether it ends a CRLF line.
 */
export class VisibleStream {
	private heldCr = false;

	push(piece: string): string {
		let text = this.heldCr ? `\r${piece}` : piece;
		this.heldCr = text.endsWith('\r');
		if (this.heldCr) text = text.slice(0, -1);
		return visibleLines(text);
	}

	/** What is still held back when the stream ends. */
	end(): string {
		const rest = this.heldCr ? visibleLines('\r') : '';
		this.heldCr = false;
		return rest;
	}
}

/** Where the first hidden characters of a command are, for a refusal: `ESC (U+001B) at line 1, column 17`. */
export function describeHiddenCharacters(text: string, limit = 3): string[] {
	const found: string[] = [];
	let line = 1;
	let lineStart = 0;
	for (let at = 0; at < text.length && found.length < limit; at++) {
		const code = text.codePointAt(at)!;
		const character = String.fromCodePoint(code);
		if (character === '\n') {
			line++;
			lineStart = at + 1;
			continue;
		}
		if (character !== '\t' && hiddenPattern.test(character))
			found.push(
				`${characterName(code)} (U+${code.toString(16).toUpperCase().padStart(4, '0')}, shown as ${placeholderOf(character)}) at line ${line}, column ${at - lineStart + 1}`,
			);
		if (code > 0xffff) at++;
	}
	return found;
}

const names: Record<number, string> = {
	0x00: 'NUL',
	0x07: 'BEL',
	0x08: 'backspace',
	0x0d: 'carriage return',
	0x1b: 'ESC',
	0x7f: 'DEL',
	0x9b: 'CSI',
	0x9d: 'OSC',
	0x90: 'DCS',
	0x202e: 'right-to-left override',
	0x202d: 'left-to-right override',
};

function characterName(code: number): string {
	if (names[code]) return names[code]!;
	if (code < 0x20) return 'control character';
	if (code >= 0x80 && code <= 0x9f) return 'C1 control character';
	if (
		(code >= 0x202a && code <= 0x202e) ||
		(code >= 0x2066 && code <= 0x2069) ||
		code === 0x200e ||
		code === 0x200f ||
		code === 0x061c
	)
		return 'bidirectional control';
	return 'invisible character';
}
