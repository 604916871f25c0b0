// The keys of the procedure screens and the confirmation dialog, in the one key-table shape
// (core/key-table.ts): the screens ask which key this was, and their hint lines read the same table.
import {
	ctrlC,
	hintRows,
	hintText,
	keyFor,
	plain,
	printable,
	type KeyPress,
	type KeyRow,
} from '../../core/key-table.js';

/** planning; confirm ("y"); confirm-typed (a protected environment's name); running; following (a running journalctl -f the operator stops); done. */
export type ProcedureScreenKind = 'planning' | 'confirm' | 'confirm-typed' | 'running' | 'following' | 'done';

export type ProcedureKeyId =
	| 'confirm'
	| 'type'
	| 'erase'
	| 'submit'
	| 'cancel'
	| 'otherKey'
	| 'scrollUp'
	| 'scrollDown'
	| 'stop'
	| 'output'
	| 'close'
	| 'quit';

/** `hint: false`: answered, but not offered in the hint line (s on a step that can't be stopped says why when pressed). */
type ProcedureKey = KeyRow<ProcedureKeyId, ProcedureScreenKind>;

// First match wins: "any other key" comes last.
export const procedureKeys: readonly ProcedureKey[] = [
	{
		id: 'scrollDown',
		keys: '↓',
		description: 'scroll',
		modes: ['confirm', 'confirm-typed', 'running', 'following', 'done'],
		matches: k => k.downArrow,
	},
	{
		id: 'scrollUp',
		keys: '↑',
		description: 'scroll',
		modes: ['confirm', 'confirm-typed', 'running', 'following', 'done'],
		matches: k => k.upArrow,
	},
	{
		id: 'stop',
		keys: 's',
		description: 'stop (runs until stopped)',
		modes: ['following'],
		matches: k => plain(k) && k.input === 's',
	},
	{
		id: 'stop',
		keys: 's',
		description: 'stop',
		modes: ['running'],
		hint: false,
		matches: k => plain(k) && k.input === 's',
	},
	{
		id: 'output',
		keys: 'o',
		description: "every step's whole output in the log viewer (esc back)",
		hint: 'output',
		modes: ['running', 'following', 'done'],
		matches: k => plain(k) && k.input === 'o',
	},
	{
		id: 'confirm',
		keys: 'y',
		description: 'runs it',
		modes: ['confirm'],
		matches: k => plain(k) && k.input === 'y',
	},
	{id: 'submit', keys: 'enter', description: 'runs it', modes: ['confirm-typed'], matches: k => k.return},
	{
		id: 'erase',
		keys: 'backspace',
		description: 'erases',
		modes: ['confirm-typed'],
		matches: k => k.backspace,
	},
	{
		id: 'cancel',
		keys: 'esc',
		description: 'cancels',
		modes: ['planning', 'confirm', 'confirm-typed'],
		matches: k => k.escape || ctrlC(k),
	},
	{
		id: 'cancel',
		keys: 'q',
		description: 'cancels',
		modes: ['planning'],
		matches: k => plain(k) && k.input === 'q',
	},
	{id: 'type', keys: 'letters', description: 'type', modes: ['confirm-typed'], matches: printable},
	{id: 'otherKey', keys: 'any other key', description: 'cancels', modes: ['confirm'], matches: () => true},
	{
		id: 'quit',
		keys: 'q / ctrl+c',
		description: 'refused until it has finished',
		modes: ['running', 'following'],
		matches: k => ctrlC(k) || (plain(k) && k.input === 'q'),
	},
	{
		id: 'close',
		keys: 'esc / enter / q',
		description: 'closes this view',
		modes: ['done'],
		matches: k => k.escape || k.return || (plain(k) && k.input === 'q'),
	},
	{id: 'quit', keys: 'ctrl+c', description: 'quits pg-ops', modes: ['done'], matches: ctrlC},
];

export function procedureKeyFor(screen: ProcedureScreenKind, key: KeyPress): ProcedureKeyId | undefined {
	return keyFor(procedureKeys, screen, key);
}

/** "y runs it · esc cancels · …" for a screen. Scrolling is offered where there is more to see, by the screen itself. */
export function procedureHints(screen: ProcedureScreenKind): string {
	return hintRows(procedureKeys, screen, undefined)
		.filter(k => !k.id.startsWith('scroll'))
		.map(k => hintText(k))
		.join(' · ');
}
