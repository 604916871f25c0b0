// The keys of the procedure screens, as data (like core/intents.ts for the console): the screens
// ask which key this was, and their hint lines are built from the same table.
import type {KeyPress} from '../../core/intents.js';

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
	| 'close'
	| 'quit';

/** `hint: false`: answered, but not offered in the hint line (s on a step that can't be stopped says why when pressed). */
type ProcedureKey = {
	id: ProcedureKeyId;
	keys: string;
	description: string;
	screens: ProcedureScreenKind[];
	hint?: false;
	matches(key: KeyPress): boolean;
};

const plain = (k: KeyPress) => !k.ctrl;
const ctrlC = (k: KeyPress) => k.ctrl && k.input === 'c';
const printable = (k: KeyPress) =>
	plain(k) &&
	!k.escape &&
	!k.return &&
	!k.tab &&
	k.input.length > 0 &&
	!/[\u0000-\u001f\u007f]/.test(k.input);

// First match wins: "any other key" comes last.
export const procedureKeys: ProcedureKey[] = [
	{
		id: 'scrollDown',
		keys: '↓',
		description: 'scroll',
		screens: ['confirm', 'confirm-typed', 'running', 'following', 'done'],
		matches: k => k.downArrow,
	},
	{
		id: 'scrollUp',
		keys: '↑',
		description: 'scroll',
		screens: ['confirm', 'confirm-typed', 'running', 'following', 'done'],
		matches: k => k.upArrow,
	},
	{
		id: 'stop',
		keys: 's',
		description: 'stop (runs until stopped)',
		screens: ['following'],
		matches: k => plain(k) && k.input === 's',
	},
	{
		id: 'stop',
		keys: 's',
		description: 'stop',
		screens: ['running'],
		hint: false,
		matches: k => plain(k) && k.input === 's',
	},
	{
		id: 'confirm',
		keys: 'y',
		description: 'runs it',
		screens: ['confirm'],
		matches: k => plain(k) && k.input === 'y',
	},
	{id: 'submit', keys: 'enter', description: 'runs it', screens: ['confirm-typed'], matches: k => k.return},
	{
		id: 'erase',
		keys: 'backspace',
		description: 'erases',
		screens: ['confirm-typed'],
		matches: k => k.backspace,
	},
	{
		id: 'cancel',
		keys: 'esc',
		description: 'cancels',
		screens: ['planning', 'confirm', 'confirm-typed'],
		matches: k => k.escape || ctrlC(k),
	},
	{
		id: 'cancel',
		keys: 'q',
		description: 'cancels',
		screens: ['planning'],
		matches: k => plain(k) && k.input === 'q',
	},
	{id: 'type', keys: 'letters', description: 'type', screens: ['confirm-typed'], matches: printable},
	{id: 'otherKey', keys: 'any other key', description: 'cancels', screens: ['confirm'], matches: () => true},
	{
		id: 'quit',
		keys: 'q / ctrl+c',
		description: 'refused until it has finished',
		screens: ['running', 'following'],
		matches: k => ctrlC(k) || (plain(k) && k.input === 'q'),
	},
	{
		id: 'close',
		keys: 'esc / enter / q',
		description: 'closes this view',
		screens: ['done'],
		matches: k => k.escape || k.return || (plain(k) && k.input === 'q'),
	},
	{id: 'quit', keys: 'ctrl+c', description: 'quits pg-ops', screens: ['done'], matches: ctrlC},
];

export function procedureKeyFor(screen: ProcedureScreenKind, key: KeyPress): ProcedureKeyId | undefined {
	return procedureKeys.find(k => k.screens.includes(screen) && k.matches(key))?.id;
}

/** "y runs it · esc cancels · …" for a screen. Scrolling is offered where there is more to see, by the screen itself. */
export function procedureHints(screen: ProcedureScreenKind): string {
	return procedureKeys
		.filter(k => k.screens.includes(screen) && !k.id.startsWith('scroll') && k.hint !== false)
		.map(k => `${k.keys} ${k.description}`)
		.join(' · ');
}
