// The keys of the runbook screens, as data (like core/intents.ts for the console): the screens ask
// which key this was, and the hint line and the `?` help are built from the same table.
import type {KeyPress} from '../../core/intents.js';
import {ctrlC, escOrQ, plain, printable} from '../keys.js';

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
	| 'cancel';

/** `short`: the hint line's word for it (the help shows `description`); `unhinted`: in the help only. */
type RunbookKey = {
	id: RunbookKeyId;
	keys: string;
	description: string;
	short: string;
	screens: RunbookScreenKind[];
	unhinted?: boolean;
	matches(key: KeyPress): boolean;
};

// First match wins: typing comes last, so the prompt's enter, esc and arrows are never typed.
// The checklist is this app's top level, as the panes are the console's: q quits there, and backs out of anything opened over it.
export const runbookKeys: RunbookKey[] = [
	{
		id: 'quit',
		keys: 'ctrl+c',
		description: 'quits from anywhere (not while a step runs)',
		short: 'quit',
		screens: ['help', 'prompt'],
		unhinted: true,
		matches: ctrlC,
	},
	{
		id: 'down',
		keys: 'j/↓',
		description: 'next step',
		short: 'next',
		screens: ['list'],
		matches: k => k.downArrow || (plain(k) && k.input === 'j'),
	},
	{
		id: 'up',
		keys: 'k/↑',
		description: 'previous step',
		short: 'previous',
		screens: ['list'],
		matches: k => k.upArrow || (plain(k) && k.input === 'k'),
	},
	{
		id: 'run',
		keys: 'enter',
		description: 'run the step (asks its placeholders, shows the plan, asks to confirm)',
		short: 'run',
		screens: ['list'],
		matches: k => k.return,
	},
	{
		id: 'skip',
		keys: 'S',
		description: 'skip the step (again: back to pending)',
		short: 'skip',
		screens: ['list'],
		matches: k => plain(k) && k.input === 'S',
	},
	{
		id: 'help',
		keys: '?',
		description: 'these keys',
		short: 'help',
		screens: ['list'],
		matches: k => plain(k) && k.input === '?',
	},
	{
		id: 'quit',
		keys: 'q',
		description: 'quit, as ctrl+c (not while a step runs)',
		short: 'quit',
		screens: ['list'],
		matches: k => ctrlC(k) || (plain(k) && k.input === 'q'),
	},
	{
		id: 'close',
		keys: 'esc/?/q',
		description: 'closes this help',
		short: 'close',
		screens: ['help'],
		matches: k => escOrQ(k) || (plain(k) && k.input === '?'),
	},
	{
		id: 'cancel',
		keys: 'esc',
		description: 'cancels: nothing runs',
		short: 'cancel',
		screens: ['prompt'],
		matches: k => k.escape,
	},
	{
		id: 'next',
		keys: 'enter',
		description: 'next value, then run',
		short: 'next value',
		screens: ['prompt'],
		matches: k => k.return || k.downArrow || (k.tab && !k.shift),
	},
	{
		id: 'previous',
		keys: '↑',
		description: 'previous value',
		short: 'previous value',
		screens: ['prompt'],
		matches: k => k.upArrow || (k.tab && k.shift),
	},
	{
		id: 'erase',
		keys: 'backspace',
		description: 'erases',
		short: 'erase',
		screens: ['prompt'],
		matches: k => k.backspace,
	},
	{
		id: 'type',
		keys: 'letters',
		description: 'type the value',
		short: 'type',
		screens: ['prompt'],
		matches: printable,
	},
];

export function runbookKeyFor(screen: RunbookScreenKind, key: KeyPress): RunbookKeyId | undefined {
	return runbookKeys.find(k => k.screens.includes(screen) && k.matches(key))?.id;
}

/** "j/↓ next · enter run · …", for the footer. */
export function runbookHints(screen: RunbookScreenKind): string {
	return runbookKeys
		.filter(k => k.screens.includes(screen) && k.id !== 'type' && !k.unhinted)
		.map(k => `${k.keys} ${k.short}`)
		.join(' · ');
}
