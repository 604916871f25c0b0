// The keys of the incident screens, in the one key-table shape (core/key-table.ts): each screen
// asks which key this was, and its hint line and the `?` help are built from this same table.
import {intentFor, procedureKeys} from '../../core/intents.js';
import {
	ctrlC,
	escOrQ,
	helpGroup,
	hintRows,
	hintText,
	keyFor,
	plain,
	printable,
	type HelpGroup,
	type KeyPress,
	type KeyRow,
} from '../../core/key-table.js';

/**
 * severity: choosing P1-P4; typing: a title, note, message or summary; checklist: the incident's
 * main screen; pick: a list (services, severities); mitigate: the procedures; timeline; logs; closed.
 */
export type IncidentKeyMode =
	'severity' | 'typing' | 'checklist' | 'pick' | 'mitigate' | 'timeline' | 'logs' | 'closed';

export type IncidentKeyId =
	| 'down'
	| 'up'
	| 'work'
	| 'choose'
	| 'tick'
	| 'note'
	| 'timeline'
	| 'severity'
	| 'help'
	| 'procedure'
	| 'type'
	| 'erase'
	| 'submit'
	| 'back'
	| 'quit';

/** hint: the footer's short word for it, where the help's description is too long for one line of hints. */
type IncidentKey = KeyRow<IncidentKeyId, IncidentKeyMode>;

const lists: IncidentKeyMode[] = ['severity', 'checklist', 'pick', 'mitigate'];

// First match wins.
export const incidentKeys: readonly IncidentKey[] = [
	{
		id: 'quit',
		keys: 'ctrl+c',
		description: 'quit (the incident stays open)',
		hint: 'quit',
		modes: ['severity', 'typing', 'checklist', 'pick', 'mitigate', 'timeline', 'logs', 'closed'],
		matches: ctrlC,
	},
	{
		id: 'down',
		keys: 'j / ↓',
		description: 'move down',
		modes: lists,
		matches: k => k.downArrow || (plain(k) && k.input === 'j'),
	},
	{
		id: 'up',
		keys: 'k / ↑',
		description: 'move up',
		modes: lists,
		matches: k => k.upArrow || (plain(k) && k.input === 'k'),
	},
	{
		id: 'down',
		keys: 'j / ↓',
		description: 'scroll down',
		modes: ['timeline'],
		matches: k => k.downArrow || (plain(k) && k.input === 'j'),
	},
	{
		id: 'up',
		keys: 'k / ↑',
		description: 'scroll up',
		modes: ['timeline'],
		matches: k => k.upArrow || (plain(k) && k.input === 'k'),
	},
	{
		id: 'work',
		keys: 'enter',
		description: 'work the selected step',
		hint: 'work the step',
		modes: ['checklist'],
		matches: k => k.return,
	},
	{
		id: 'choose',
		keys: 'enter',
		description: 'choose',
		modes: ['severity', 'pick', 'mitigate'],
		matches: k => k.return,
	},
	{
		id: 'tick',
		keys: 'space',
		description: 'tick or untick the step',
		hint: 'tick',
		modes: ['checklist'],
		matches: k => plain(k) && k.input === ' ',
	},
	{
		id: 'note',
		keys: 'n',
		description: 'a note for the timeline',
		hint: 'note',
		modes: ['checklist'],
		matches: k => plain(k) && k.input === 'n',
	},
	{
		id: 'timeline',
		keys: 't',
		description: 'the whole timeline',
		hint: 'timeline',
		modes: ['checklist'],
		matches: k => plain(k) && k.input === 't',
	},
	{
		id: 'severity',
		keys: 'p',
		description: 'change the severity',
		hint: 'severity',
		modes: ['checklist'],
		matches: k => plain(k) && k.input === 'p',
	},
	{
		id: 'help',
		keys: '?',
		description: 'these keys',
		hint: 'help',
		modes: ['checklist'],
		matches: k => plain(k) && k.input === '?',
	},
	{
		id: 'procedure',
		keys: procedureKeys,
		description: 'run that procedure',
		hint: 'run it',
		modes: ['mitigate'],
		matches: k => plain(k) && intentFor(k)?.procedure !== undefined,
	},
	{id: 'submit', keys: 'enter', description: 'done', modes: ['typing'], matches: k => k.return},
	{id: 'erase', keys: 'backspace', description: 'erase', modes: ['typing'], matches: k => k.backspace},
	// esc backs out one level everywhere; q too wherever it is not typed (as on the console's own screens).
	{id: 'back', keys: 'esc', description: 'cancel', modes: ['typing'], matches: k => k.escape},
	{
		id: 'back',
		keys: 'esc / q',
		description: 'to the panes; it stays open',
		hint: 'panes',
		modes: ['checklist', 'closed'],
		matches: escOrQ,
	},
	{
		id: 'back',
		keys: 'esc / q',
		description: 'back, choosing nothing',
		hint: 'back',
		modes: ['severity', 'pick', 'mitigate'],
		matches: escOrQ,
	},
	{id: 'back', keys: 'esc / q', description: 'back', modes: ['timeline', 'logs'], matches: escOrQ},
	{id: 'type', keys: 'letters', description: 'type', modes: ['typing'], matches: printable},
];

export function incidentKeyFor(mode: IncidentKeyMode, key: KeyPress): IncidentKeyId | undefined {
	return keyFor(incidentKeys, mode, key);
}

/** "enter work the selected step · space tick … " for a mode; `submit` names what enter does while typing. */
export function incidentHints(mode: IncidentKeyMode, submit?: string): string {
	// ctrl+c is said in the help; on the checklist j/k go without saying, so the line fits 80 columns.
	return hintRows(incidentKeys, mode, undefined)
		.filter(k => !['type', 'down', 'quit'].includes(k.id) && !(mode === 'checklist' && k.id === 'up'))
		.map(k =>
			k.id === 'up'
				? `j/k ${k.description.replace(' up', '')}`
				: k.id === 'submit' && submit
					? `${k.keys.split(' ')[0]} ${submit}`
					: hintText(k, k.keys.split(' ')[0]),
		)
		.join('  ');
}

const helpModes: Array<{title: string; modes: IncidentKeyMode[]}> = [
	{title: 'Incident checklist', modes: ['checklist']},
	{title: 'Lists', modes: ['severity', 'pick', 'mitigate']},
	{title: 'Typing a line', modes: ['typing']},
	{title: 'Timeline', modes: ['timeline']},
];

/** The incident screens' keys for the `?` help, one group per kind of screen, from the same table. */
export function incidentHelp(): HelpGroup[] {
	// ctrl+c works everywhere and letters type: said in the help's notes. j and k make one row: "j/k ↓↑ move".
	return helpModes.map(({title, modes}) =>
		helpGroup(incidentKeys, title, modes, {
			leaveOut: ['down', 'quit', 'type'],
			row: key =>
				key.id === 'up'
					? {keys: 'j/k ↓↑', description: key.description.replace(' up', '')}
					: {keys: key.keys, description: key.description},
		}),
	);
}
