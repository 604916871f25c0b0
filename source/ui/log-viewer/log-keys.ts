// The log viewer's keys (issue 12 section 1), in the one key-table shape (core/key-table.ts): the
// handler, the viewer's hint line and its `?` help read these rows. less/vim habits: j/k, g/G,
// ctrl+d/u, / n N. A key whose part the screen does not offer (follow where nothing can be
// followed) is left off the hint line and refused with the reason.
import {
	ctrlC,
	helpGroup,
	letter,
	plain,
	printable,
	type KeyPress,
	type KeyRow,
} from '../../core/key-table.js';
import type {HelpContext} from '../HelpScreen.js';

/** view: reading; search: typing after `/`. */
export type LogMode = 'view' | 'search';

export type LogKeyId =
	| 'down'
	| 'up'
	| 'pageDown'
	| 'pageUp'
	| 'halfDown'
	| 'halfUp'
	| 'top'
	| 'bottom'
	| 'follow'
	| 'search'
	| 'next'
	| 'previous'
	| 'filter'
	| 'wrap'
	| 'timestamps'
	| 'save'
	| 'copy'
	| 'help'
	| 'apply'
	| 'cancel'
	| 'erase'
	| 'type'
	| 'quit';

/** What the screen the viewer sits on offers. */
export type LogOffers = {follow: boolean; save: boolean; copy: boolean};

export type LogKeyRow = KeyRow<LogKeyId, LogMode, LogOffers> & {group: 'move' | 'find' | 'show'};

const view: readonly LogMode[] = ['view'];
const search: readonly LogMode[] = ['search'];

// First match wins; the viewer never answers esc or q in view mode: the screen it sits on backs out.
export const logKeys: readonly LogKeyRow[] = [
	{
		id: 'down',
		keys: 'j / ↓',
		description: 'a line down (newer)',
		hint: false,
		modes: view,
		group: 'move',
		matches: k => k.downArrow || letter('j')(k),
	},
	{
		id: 'up',
		keys: 'k / ↑',
		description: 'a line up (at the top: older lines)',
		hint: false,
		modes: view,
		group: 'move',
		matches: k => k.upArrow || letter('k')(k),
	},
	{
		id: 'pageDown',
		keys: 'PgDn / space',
		description: 'a page down',
		hint: false,
		modes: view,
		group: 'move',
		matches: k => Boolean(k.pageDown) || letter(' ')(k),
	},
	{
		id: 'pageUp',
		keys: 'PgUp / b',
		description: 'a page up',
		hint: false,
		modes: view,
		group: 'move',
		matches: k => Boolean(k.pageUp) || letter('b')(k),
	},
	{
		id: 'halfDown',
		keys: 'ctrl+d',
		description: 'half a page down',
		hint: false,
		modes: view,
		group: 'move',
		matches: k => k.ctrl && k.input === 'd',
	},
	{
		id: 'halfUp',
		keys: 'ctrl+u',
		description: 'half a page up',
		hint: false,
		modes: view,
		group: 'move',
		matches: k => k.ctrl && k.input === 'u',
	},
	{
		id: 'top',
		keys: 'g',
		description: 'the oldest line',
		hint: false,
		modes: view,
		group: 'move',
		matches: letter('g'),
	},
	{
		id: 'bottom',
		keys: 'G',
		description: 'the newest line',
		hint: false,
		modes: view,
		group: 'move',
		matches: k => plain(k) && k.input === 'G',
	},
	{
		id: 'follow',
		keys: 'f',
		description: 'follow new lines (f again stops)',
		hint: 'follow',
		modes: view,
		group: 'move',
		matches: letter('f'),
		offered: o => o.follow,
	},
	{
		id: 'search',
		keys: '/',
		description: 'search up from the newest line',
		hint: 'search',
		modes: view,
		group: 'find',
		matches: letter('/'),
	},
	{
		id: 'next',
		keys: 'n',
		description: 'next match (older)',
		hint: false,
		modes: view,
		group: 'find',
		matches: letter('n'),
	},
	{
		id: 'previous',
		keys: 'N',
		description: 'previous match (newer)',
		hint: false,
		modes: view,
		group: 'find',
		matches: k => plain(k) && k.input === 'N',
	},
	{
		id: 'filter',
		keys: '&',
		description: 'only matching lines, or all',
		hint: 'filter',
		modes: view,
		group: 'find',
		matches: letter('&'),
	},
	{
		id: 'wrap',
		keys: 'w',
		description: 'wrap or cut long lines',
		hint: 'wrap',
		modes: view,
		group: 'show',
		matches: letter('w'),
	},
	{
		id: 'timestamps',
		keys: 't',
		description: 'show or hide timestamps',
		hint: 'time',
		modes: view,
		group: 'show',
		matches: letter('t'),
	},
	{
		id: 'save',
		keys: 's',
		description: 'save the lines to a file',
		hint: 'save',
		modes: view,
		group: 'show',
		matches: letter('s'),
		offered: o => o.save,
	},
	{
		id: 'copy',
		keys: 'c',
		description: 'copy the line (OSC 52)',
		hint: 'copy',
		modes: view,
		group: 'show',
		matches: letter('c'),
		offered: o => o.copy,
	},
	{
		id: 'help',
		keys: '?',
		description: 'these keys',
		hint: false,
		modes: view,
		group: 'show',
		matches: letter('?'),
	},
	{
		id: 'apply',
		keys: 'enter',
		description: 'keeps the search',
		modes: search,
		group: 'find',
		matches: k => k.return,
	},
	{
		id: 'cancel',
		keys: 'esc',
		description: 'drops the search',
		modes: search,
		group: 'find',
		matches: k => k.escape,
	},
	{
		id: 'erase',
		keys: 'backspace',
		description: 'erases',
		modes: search,
		group: 'find',
		matches: k => k.backspace,
	},
	{id: 'quit', keys: 'ctrl+c', description: 'quits', modes: search, group: 'find', matches: ctrlC},
	{
		id: 'type',
		keys: 'letters',
		description: 'type the search',
		modes: search,
		group: 'find',
		matches: printable,
	},
];

/** The viewer's `?` help; `back` says what esc does on the screen it sits on. */
export function logHelp(back: string): HelpContext {
	const rowsOf = (group: LogKeyRow['group']) => logKeys.filter(row => row.group === group);
	return {
		title: 'log viewer keys (any key closes this)',
		groups: [
			helpGroup(rowsOf('move'), 'Move', ['view']),
			helpGroup(rowsOf('find'), 'Find', ['view']),
			helpGroup(rowsOf('show'), 'Show and keep', ['view']),
		],
		notes: [
			`esc ${back}. The search line: enter searches, esc drops it.`,
			'c copies the current match, else the newest line shown (tmux: set-clipboard on). w and t are remembered for your user.',
		],
	};
}

export type {KeyPress};
