// The tail of a stream of output: a followed command's (journalctl -f) lines are kept only so far
// back, so memory stays flat however long it runs.

/** How many lines of a followed command's output are kept: in the progress view, the result and the audit. */
export const keptFollowLines = 200;

/** `text` appended to `kept`, cut to the last `maxLines` lines (a trailing partial line counts as one). */
export function appendTail(kept: string, text: string, maxLines = keptFollowLines): string {
	const joined = kept + text;
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
