// The maintenance screen's keys, in the one key-table shape (core/key-table.ts): the screen asks
// which key this was, and its hint line and its `?` help are built from the same table.
import {
	ctrlC,
	escOrQ,
	hintRows,
	keyFor,
	plain,
	printable,
	type KeyPress,
	type KeyRow,
} from '../../core/key-table.js';
import type {HelpContext} from '../HelpScreen.js';

/** steps: walking the list; typing: a title, a reason or a note; help: this table; closed: a closed window's summary. */
export type MaintenanceMode = 'steps' | 'typing' | 'help' | 'closed';

export type MaintenanceKeyId =
	| 'down'
	| 'up'
	| 'run'
	| 'skip'
	| 'tick'
	| 'addNote'
	| 'finishExecute'
	| 'newWindow'
	| 'help'
	| 'back'
	| 'quit'
	| 'submit'
	| 'erase'
	| 'cancel'
	| 'type';

/** What is selected, so the hint line offers only what applies to it. */
export type HintContext = {
	row: 'step' | 'item' | 'runbook' | 'runbook-step' | 'team-action' | 'none';
	/** The selected step can run now (pending or failed; failed means a retry). */
	runnable?: boolean;
	retry?: boolean;
	skippable?: boolean;
	/** The selected Execute item can be ticked (or skipped). */
	tickable?: boolean;
	inExecute?: boolean;
	executeOpen?: boolean;
	/** Execute can be finished now (the steps before it are done or skipped). */
	finishable?: boolean;
	/** Typing the title of a new window. */
	starting?: boolean;
	/** Read-only mode: the keys that change the window are shown off, with the reason. */
	readOnly?: boolean;
};

/** changes: the key changes the window (or starts one), so read-only mode refuses it at once, before anything is typed. */
type MaintenanceKey = KeyRow<MaintenanceKeyId, MaintenanceMode, HintContext> & {changes?: true};

// First match wins.
export const maintenanceKeys: readonly MaintenanceKey[] = [
	{
		id: 'quit',
		keys: 'ctrl+c',
		description: 'quits pg-ops (the window stays open and resumes)',
		modes: ['steps', 'typing', 'help', 'closed'],
		matches: ctrlC,
		offered: () => false,
	},
	{id: 'submit', keys: 'enter', description: 'done', modes: ['typing'], matches: k => k.return},
	{id: 'cancel', keys: 'esc', description: 'cancels', modes: ['typing'], matches: k => k.escape},
	{
		id: 'erase',
		keys: 'backspace',
		description: 'erases',
		modes: ['typing'],
		matches: k => k.backspace,
		offered: () => false,
	},
	{
		id: 'type',
		keys: 'letters',
		description: 'type',
		modes: ['typing'],
		matches: printable,
		offered: () => false,
	},
	{
		id: 'down',
		keys: 'j / ↓',
		description: 'next row (a closed window: scrolls)',
		modes: ['steps', 'closed'],
		matches: k => k.downArrow || (plain(k) && k.input === 'j'),
		offered: () => false,
	},
	{
		id: 'up',
		keys: 'k / ↑',
		description: 'previous row',
		modes: ['steps', 'closed'],
		matches: k => k.upArrow || (plain(k) && k.input === 'k'),
		offered: () => false,
	},
	{
		id: 'run',
		keys: 'enter',
		description: 'runs the step (a failed one again); a runbook step asks its values first',
		modes: ['steps'],
		changes: true,
		matches: k => k.return,
		offered: c => Boolean(c.runnable) || c.row === 'runbook-step' || c.row === 'team-action',
	},
	{
		id: 'skip',
		keys: 'S',
		description: 'skips the step or Execute item (a reason is required)',
		modes: ['steps'],
		changes: true,
		matches: k => plain(k) && k.input === 'S',
		offered: c => Boolean(c.skippable || c.tickable),
	},
	{
		id: 'tick',
		keys: 'space',
		description: 'ticks the item done',
		modes: ['steps'],
		changes: true,
		matches: k => plain(k) && k.input === ' ',
		offered: c => Boolean(c.tickable),
	},
	{
		id: 'addNote',
		keys: 'a',
		description: 'adds a note to tick by hand',
		modes: ['steps'],
		changes: true,
		matches: k => plain(k) && k.input === 'a',
		offered: c => Boolean(c.inExecute && c.executeOpen),
	},
	{
		id: 'finishExecute',
		keys: 'd',
		description: 'Execute is finished',
		modes: ['steps'],
		changes: true,
		matches: k => plain(k) && k.input === 'd',
		offered: c => Boolean(c.inExecute && c.finishable),
	},
	{
		id: 'newWindow',
		keys: 'n',
		description: 'starts a new window',
		modes: ['closed'],
		changes: true,
		matches: k => plain(k) && k.input === 'n',
	},
	{
		id: 'help',
		keys: '?',
		description: 'these keys',
		modes: ['steps', 'help'],
		matches: k => plain(k) && k.input === '?',
	},
	{
		id: 'back',
		keys: 'esc / q',
		description: 'to the panes (the window stays open)',
		modes: ['steps', 'help', 'closed'],
		matches: escOrQ,
	},
];

export function maintenanceKeyFor(mode: MaintenanceMode, key: KeyPress): MaintenanceKeyId | undefined {
	return keyFor(maintenanceKeys, mode, key);
}

/** Why read-only mode refuses this key, or undefined: it is refused before a reason, note, title or value is asked for. */
export function readOnlyRefusal(id: MaintenanceKeyId | undefined, mode: MaintenanceMode): string | undefined {
	const row = maintenanceKeys.find(k => k.id === id && k.modes.includes(mode));
	if (!row?.changes) return undefined;
	return `${row.keys}: read-only mode, the window can be looked at, not changed; nothing was changed`;
}

/** The screen's `?` help (HelpScreen's context help), from the same table its handler reads. */
export function maintenanceHelp(actionKeys: string, readOnly = false): HelpContext {
	const row = (k: MaintenanceKey) => ({keys: k.keys, description: k.description});
	const rows = (ids: MaintenanceKeyId[], mode: MaintenanceMode) =>
		ids.map(id => row(maintenanceKeys.find(k => k.id === id && k.modes.includes(mode))!));
	const execute = rows(['tick', 'addNote', 'finishExecute'], 'steps');
	if (actionKeys)
		execute.push({keys: actionKeys, description: 'procedures, as on the panes: their runs land here'});
	return {
		title: 'Maintenance window keys',
		groups: [
			{
				title: 'The steps',
				rows: [{keys: 'j/k ↓↑', description: 'move'}, ...rows(['run', 'skip', 'help', 'back'], 'steps')],
			},
			{title: 'Execute', rows: execute},
			{title: 'Typing a reason, note or value', rows: rows(['submit', 'cancel', 'erase'], 'typing')},
		],
		notes: [
			...(readOnly
				? [
						`read-only mode: ${maintenanceKeys
							.filter(k => k.changes && k.modes.includes('steps'))
							.map(k => k.keys)
							.join(', ')} are refused at once (the window can be looked at, not changed)`,
					]
				: []),
			'esc, and q where it is not typed, back out one level: the window to the panes, where q quits; ctrl+c quits from anywhere. Every step is saved: the window resumes.',
		],
	};
}

/** "enter run", "S skip", … for what is selected. The action keys (r x b t s) are added by the screen. */
export function maintenanceHints(mode: MaintenanceMode, context: HintContext): string[] {
	const rows = hintRows(maintenanceKeys, mode, context);
	const live = context.readOnly ? rows.filter(k => !k.changes) : rows;
	const off = rows.filter(k => !live.includes(k)).map(k => k.keys.split(' / ')[0]);
	return [
		...live.map(k => `${k.keys.split(' / ')[0]} ${shortDescription(k.id, mode, context)}`),
		...(off.length > 0 ? [`${off.join(' ')}: read-only`] : []),
	];
}

function shortDescription(id: MaintenanceKeyId, mode: MaintenanceMode, context: HintContext): string {
	switch (id) {
		case 'run':
			return context.row === 'runbook-step'
				? 'run step'
				: context.row === 'team-action'
					? 'run action'
					: context.retry
						? 'retry'
						: 'run';
		case 'skip':
			return 'skip';
		case 'tick':
			return 'tick';
		case 'addNote':
			return 'note';
		case 'finishExecute':
			return 'Execute done';
		case 'submit':
			return context.starting ? 'starts it' : 'done';
		case 'cancel':
			return context.starting ? 'backs out' : 'cancels';
		case 'newWindow':
			return 'new window';
		case 'help':
			return 'help';
		case 'back':
			return mode === 'help' ? 'back' : 'panes';
		default:
			return maintenanceKeys.find(k => k.id === id)!.description;
	}
}
