// The `:` command line's history (up/down recall, as in a shell): the lines entered this session,
// oldest first, bounded. Pure: the console keeps the list for the session and moves a cursor over it.

/** The most lines kept: older ones go first. */
export const maxCommandHistory = 100;

/** The history with `line` entered: blank lines and a repeat of the last one add nothing. */
export function remember(entries: readonly string[], line: string): string[] {
	const entered = line.trim();
	if (!entered || entries.at(-1) === entered) return [...entries];
	return [...entries, entered].slice(-maxCommandHistory);
}

/**
 * The place up (-1) or down (+1) from `cursor`: 0 is the oldest line, `entries.length` the line
 * being typed (kept aside while older ones are recalled). Stops at either end.
 */
export function recall(entries: readonly string[], cursor: number, by: -1 | 1): number {
	return Math.max(0, Math.min(entries.length, cursor + by));
}

/** What the command line shows at `cursor`: a recalled line, or the one being typed. */
export function recalled(entries: readonly string[], cursor: number, draft: string): string {
	return cursor < entries.length ? entries[cursor]! : draft;
}
