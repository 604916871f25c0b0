// The keys of the runbook screens, in the one key-table shape (core/key-table.ts): the screens ask
// which key this was, and the hint line and the `?` help are built from the same table.
import {
	ctrlC,
	escOrQ,
	hintRows,
	hintText,
	keyFor,
	plain,
	printable,
	type KeyPress,
	type KeyRow,
} from '../../core/key-table.js';

/** list: the steps; help: `?`; prompt: the placeholder values before a step runs. */
export type RunbookScreenKind = 'list' | 'help' | 'prompt';

export type RunbookKeyId =
	| 'down'
	| 'up'
	| 'run'
	| 'skip'
	| 'help'
	| 'quit'
	| 'close'
	| 'next'
	| 'previous'
	| 'erase'
	| 'type'
	| 'mask'
	| 'cancel';

/** `hint`: the hint line's word for it (the help shows `description`); false: in the help only. */
/** `runs`: it runs a step, so read-only mode refuses it (said on the hint line, off with its reason). */
type RunbookKey = KeyRow<RunbookKeyId, RunbookScreenKind> & {hint: string | false; runs?: true};

// First match wins: typing comes last, so the prompt's enter, esc and arrows are never typed.
// The checklist is this app's top level, as the panes are the console's: q quits there, and backs out of anything opened over it.
export const runbookKeys: readonly RunbookKey[] = [
	{
		id: 'quit',
		keys: 'ctrl+c',
		description: 'quits from anywhere (not while a step runs)',
		hint: false,
		modes: ['help', 'prompt'],
		matches: ctrlC,
	},
	{
		id: 'down',
		keys: 'j/↓',
		description: 'next step',
		hint: 'next',
		modes: ['list'],
		matches: k => k.downArrow || (plain(k) && k.input === 'j'),
	},
	{
		id: 'up',
		keys: 'k/↑',
		description: 'previous step',
		hint: 'previous',
		modes: ['list'],
		matches: k => k.upArrow || (plain(k) && k.input === 'k'),
	},
	{
		id: 'run',
		keys: 'enter',
		description: 'run the step (asks its placeholders, shows the plan, asks to confirm)',
		hint: 'run',
		modes: ['list'],
		runs: true,
		matches: k => k.return,
	},
	{
		id: 'skip',
		keys: 'S',
		description: 'skip the step (again: back to pending)',
		hint: 'skip',
		modes: ['list'],
		matches: k => plain(k) && k.input === 'S',
	},
	{
		id: 'help',
		keys: '?',
		description: 'these keys',
		hint: 'help',
		modes: ['list'],
		matches: k => plain(k) && k.input === '?',
	},
	{
		id: 'quit',
		keys: 'q',
		description: 'quit, as ctrl+c (not while a step runs)',
		hint: 'quit',
		modes: ['list'],
		matches: k => ctrlC(k) || (plain(k) && k.input === 'q'),
	},
	{
		id: 'close',
		keys: 'esc/?/q',
		description: 'closes this help',
		hint: 'close',
		modes: ['help'],
		matches: k => escOrQ(k) || (plain(k) && k.input === '?'),
	},
	{
		id: 'cancel',
		keys: 'esc',
		description: 'cancels: nothing runs',
		hint: 'cancel',
		modes: ['prompt'],
		matches: k => k.escape,
	},
	{
		id: 'next',
		keys: 'enter',
		description: 'next value, then run',
		hint: 'next value',
		modes: ['prompt'],
		matches: k => k.return || k.downArrow || (k.tab && !k.shift),
	},
	{
		id: 'previous',
		keys: '↑',
		description: 'previous value',
		hint: 'previous value',
		modes: ['prompt'],
		matches: k => k.upArrow || (k.tab && k.shift),
	},
	{
		id: 'erase',
		keys: 'backspace',
		description: 'erases',
		hint: 'erase',
		modes: ['prompt'],
		matches: k => k.backspace,
	},
	{
		id: 'mask',
		keys: 'ctrl+t',
		description: 'masks the value',
		hint: 'mask',
		modes: ['prompt'],
		matches: k => k.ctrl && k.input === 't',
	},
	{
		id: 'type',
		keys: 'letters',
		description: 'type the value',
		hint: 'type',
		modes: ['prompt'],
		matches: printable,
	},
];

export function runbookKeyFor(screen: RunbookScreenKind, key: KeyPress): RunbookKeyId | undefined {
	return keyFor(runbookKeys, screen, key);
}

/** "j/↓ next · enter run · …", for the footer; read-only mode shows the keys that run as off ("enter: read-only"). */
export function runbookHints(screen: RunbookScreenKind, readOnly = false): string {
	const rows = hintRows(runbookKeys, screen, undefined).filter(k => k.id !== 'type');
	const off = readOnly ? rows.filter(k => k.runs) : [];
	return [
		...rows.filter(k => !off.includes(k)).map(k => hintText(k)),
		...(off.length > 0 ? [`${off.map(k => k.keys).join(' ')}: read-only`] : []),
	].join(' · ');
}
