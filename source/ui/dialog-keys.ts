// The keys of the console's small dialogs, in the one key-table shape (core/key-table.ts): the
// environment picker, the backup picker, a refused host key, the filter line and the `:` command line.
import {
	ctrlC,
	down,
	escOrQ,
	keyFor,
	letter,
	printable,
	up,
	type KeyPress,
	type KeyRow,
} from '../core/key-table.js';

export type DialogMode = 'envPicker' | 'backupPicker' | 'hostKey' | 'filter' | 'command';
export type DialogKeyId =
	| 'down'
	| 'up'
	| 'choose'
	| 'cancel'
	| 'trust'
	| 'erase'
	| 'type'
	| 'apply'
	| 'quit'
	| 'older'
	| 'newer'
	| 'run';

// First match wins.
export const dialogKeys: ReadonlyArray<KeyRow<DialogKeyId, DialogMode>> = [
	{
		id: 'cancel',
		keys: 'esc / q',
		description: 'back, choosing nothing',
		modes: ['envPicker'],
		matches: escOrQ,
	},
	{id: 'down', keys: 'j / ↓', description: 'next', modes: ['envPicker'], matches: down},
	{id: 'up', keys: 'k / ↑', description: 'previous', modes: ['envPicker'], matches: up},
	{id: 'choose', keys: 'enter', description: 'switch to it', modes: ['envPicker'], matches: k => k.return},
	{
		id: 'cancel',
		keys: 'esc / q',
		description: 'cancel: restore nothing',
		modes: ['backupPicker'],
		matches: k => escOrQ(k) || ctrlC(k),
	},
	{id: 'down', keys: 'j / ↓', description: 'next', modes: ['backupPicker'], matches: down},
	{id: 'up', keys: 'k / ↑', description: 'previous', modes: ['backupPicker'], matches: up},
	{
		id: 'choose',
		keys: 'enter',
		description: 'plan the restore of it (Cancel: nothing)',
		modes: ['backupPicker'],
		matches: k => k.return,
	},
	{
		id: 'cancel',
		keys: 'esc / n',
		description: 'leave the key untrusted',
		modes: ['hostKey'],
		matches: k => k.escape || letter('n')(k) || ctrlC(k),
	},
	{id: 'trust', keys: 'y', description: 'trust it (once armed)', modes: ['hostKey'], matches: letter('y')},
	{id: 'cancel', keys: 'esc', description: 'clears the filter', modes: ['filter'], matches: k => k.escape},
	{id: 'apply', keys: 'enter', description: 'keeps the filter', modes: ['filter'], matches: k => k.return},
	{id: 'erase', keys: 'backspace', description: 'erases', modes: ['filter'], matches: k => k.backspace},
	{
		id: 'cancel',
		keys: 'esc',
		description: 'closes the line, runs nothing',
		modes: ['command'],
		matches: k => k.escape,
	},
	{id: 'run', keys: 'enter', description: 'runs the command', modes: ['command'], matches: k => k.return},
	{
		id: 'older',
		keys: '↑',
		description: 'the line entered before',
		modes: ['command'],
		matches: k => k.upArrow,
	},
	{
		id: 'newer',
		keys: '↓',
		description: 'the line entered after',
		modes: ['command'],
		matches: k => k.downArrow,
	},
	{id: 'erase', keys: 'backspace', description: 'erases', modes: ['command'], matches: k => k.backspace},
	{id: 'quit', keys: 'ctrl+c', description: 'quits', modes: ['filter', 'command'], matches: ctrlC},
	{id: 'type', keys: 'letters', description: 'type', modes: ['filter', 'command'], matches: printable},
];

export const dialogKeyFor = (mode: DialogMode, key: KeyPress) => keyFor(dialogKeys, mode, key);
