// One shape for every screen's keys (after k9s' action map and lazygit's bindings): each row says
// which keys, what they do, where (the screen's modes) and when the hint line offers them; the
// handler, the hint line and the `?` help of every screen (console, incident, maintenance, runbook,
// procedure and its confirmation dialog) read their table through the helpers below, so they can
// never disagree. Pure: no Ink.

/** The parts of a key press pg-ops looks at; the UI maps Ink's key object onto this. */
export type KeyPress = {
	input: string;
	ctrl: boolean;
	shift: boolean;
	tab: boolean;
	return: boolean;
	escape: boolean;
	upArrow: boolean;
	downArrow: boolean;
	leftArrow: boolean;
	rightArrow: boolean;
	backspace: boolean;
	/** Page keys: only the log viewer reads them (absent where a press is made up, as in a split chunk). */
	pageUp?: boolean;
	pageDown?: boolean;
};

/**
 * One binding. `modes`: where it answers (a screen, or a state of one). `hint`: the hint line's word
 * for it (default: the description); false: answered and in the help, never on the hint line.
 * `offered`: on the hint line only when this holds for what is selected (the help lists it always).
 */
export type KeyRow<Id extends string, Mode extends string, Context = void> = {
	id: Id;
	keys: string;
	description: string;
	hint?: string | false;
	modes: readonly Mode[];
	matches(key: KeyPress): boolean;
	offered?(context: Context): boolean;
};

// A helper takes any table and gives back that table's own row type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRow = KeyRow<string, string, any>;
type ModeOf<R extends AnyRow> = R['modes'][number];
type ContextOf<R extends AnyRow> = R extends KeyRow<string, string, infer C> ? C : never;

/** Which binding a press is in this mode: the first that matches (a table lists "any other key" last). */
export function keyIn<R extends AnyRow>(table: readonly R[], mode: ModeOf<R>, key: KeyPress): R | undefined {
	return table.find(row => row.modes.includes(mode) && row.matches(key));
}

export function keyFor<R extends AnyRow>(
	table: readonly R[],
	mode: ModeOf<R>,
	key: KeyPress,
): R['id'] | undefined {
	return keyIn(table, mode, key)?.id;
}

/** The bindings of a mode, in table order. */
export function rowsOf<R extends AnyRow>(table: readonly R[], mode: ModeOf<R>): R[] {
	return table.filter(row => row.modes.includes(mode));
}

/** The bindings a mode's hint line offers for what is selected, in table order. */
export function hintRows<R extends AnyRow>(table: readonly R[], mode: ModeOf<R>, context: ContextOf<R>): R[] {
	return rowsOf(table, mode).filter(row => row.hint !== false && (row.offered ? row.offered(context) : true));
}

/** "keys word" for a row on a hint line. */
export const hintText = (row: AnyRow, keys = row.keys) =>
	`${keys} ${row.hint === undefined || row.hint === false ? row.description : row.hint}`;

export type HelpRow = {keys: string; description: string};
export type HelpGroup = {title: string; rows: HelpRow[]};

/** A `?` help group from the bindings of some modes: each keys/description pair once. */
export function helpGroup<R extends AnyRow>(
	table: readonly R[],
	title: string,
	modes: ReadonlyArray<ModeOf<R>>,
	options: {leaveOut?: ReadonlyArray<R['id']>; row?(row: R): HelpRow} = {},
): HelpGroup {
	const rows: HelpRow[] = [];
	for (const binding of table.filter(
		r => r.modes.some(m => modes.includes(m)) && !options.leaveOut?.includes(r.id),
	)) {
		const row = options.row ? options.row(binding) : {keys: binding.keys, description: binding.description};
		if (!rows.some(r => r.keys === row.keys && r.description === row.description)) rows.push(row);
	}
	return {title, rows};
}

// The predicates the tables are written with.
export const plain = (k: KeyPress) => !k.ctrl;
export const ctrlC = (k: KeyPress) => k.ctrl && k.input === 'c';
/** A key that types something (a letter, a space, a pasted word), never enter, esc, tab or a control character. */
export const printable = (k: KeyPress) =>
	plain(k) &&
	!k.escape &&
	!k.return &&
	!k.tab &&
	k.input.length > 0 &&
	!/[\u0000-\u001f\u007f]/.test(k.input);
/** esc, or q where q is not typed: backs out one level (quits only from the top, as on the panes). */
export const escOrQ = (k: KeyPress) => k.escape || (plain(k) && k.input === 'q');
export const letter = (ch: string) => (k: KeyPress) => plain(k) && k.input === ch;
export const down = (k: KeyPress) => k.downArrow || (plain(k) && k.input === 'j');
export const up = (k: KeyPress) => k.upArrow || (plain(k) && k.input === 'k');
