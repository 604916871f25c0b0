// The tail of a stream of output: a followed command's (journalctl -f) lines are kept only so far
// back, and no line is kept longer than a bound, so memory stays flat however long it runs and
// whatever it prints (a command that never prints a newline included).

/** How many lines of a followed command's output are kept: in the progress view, the result and the audit. */
export const keptFollowLines = 200;
/** The longest line kept whole; the rest of a longer one is dropped, and the line says so. */
export const maxLineChars = 16 * 1024;
/** However short its lines, the tail is never longer than this. */
export const maxTailChars = 256 * 1024;

/** `text` appended to `kept`, cut to the last `maxLines` lines (a trailing partial line counts as one) and to `maxChars`. */
export function appendTail(
	kept: string,
	text: string,
	maxLines = keptFollowLines,
	maxChars = maxTailChars,
): string {
	let joined = kept + text;
	if (joined.length > maxChars) {
		// Whole lines only: cut at the first line end inside the last maxChars.
		const start = joined.length - maxChars;
		const newline = joined.indexOf('\n', start - 1);
		joined = newline < 0 || newline + 1 >= joined.length ? joined.slice(start) : joined.slice(newline + 1);
	}
	let cut = joined.length;
	// Count newlines from the end; the one before the first kept line is where to cut.
	let lines = joined.endsWith('\n') ? -1 : 0;
	while (cut > 0) {
		const newline = joined.lastIndexOf('\n', cut - 1);
		if (newline < 0) return joined;
		lines++;
		if (lines === maxLines) return joined.slice(newline + 1);
		cut = newline;
	}
	return joined;
}

/**
 * Pieces of output in, whole lines out. A line longer than `maxChars` is handed on cut, with a
 * note, as soon as it is that long; what follows of it up to its newline is dropped, never held.
 */
export class LineAssembler {
	private partial = '';
	private skipping = false;

	constructor(private readonly maxChars = maxLineChars) {}

	/** The whole lines this piece completes, each ending in "\n" (empty when none). */
	push(piece: string): string {
		let out = '';
		let rest = piece;
		while (rest) {
			const newline = rest.indexOf('\n');
			const upto = newline < 0 ? rest : rest.slice(0, newline);
			if (!this.skipping) {
				const room = this.maxChars - this.partial.length;
				if (upto.length > room) {
					out += `${this.partial}${upto.slice(0, room)} ${lineCutNote(this.maxChars)}\n`;
					this.partial = '';
					this.skipping = true;
				} else this.partial += upto;
			}
			if (newline < 0) break;
			if (!this.skipping) out += `${this.partial}\n`;
			this.partial = '';
			this.skipping = false;
			rest = rest.slice(newline + 1);
		}
		return out;
	}

	/** The last line when the stream ends without a newline. */
	end(): string {
		const rest = this.partial;
		this.partial = '';
		this.skipping = false;
		return rest ? `${rest}\n` : '';
	}
}

export function lineCutNote(maxChars: number): string {
	return `[pg-ops: line cut at ${Math.round(maxChars / 1024)} KiB]`;
}
