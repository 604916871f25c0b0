// The keys of the incident screens, as data (like core/intents.ts for the console): each screen
// asks which key this was, and its hint line and the `?` help are built from this same table.
import type {Key} from 'ink';
import {intentFor, type KeyPress} from '../../core/intents.js';
import {toKeyPress} from '../keys.js';

/**
 * severity: choosing P1-P4; typing: a title, note, message or summary; checklist: the incident's
 * main screen; pick: a list (services, severities); mitigate: the procedures; timeline; logs; closed.
 */
export type IncidentKeyMode = 'severity' | 'typing' | 'checklist' | 'pick' | 'mitigate' | 'timeline' | 'logs' | 'closed';

export type IncidentKeyId = 'down' | 'up' | 'work' | 'choose' | 'tick' | 'note' | 'timeline' | 'severity' | 'help' | 'procedure' | 'type' | 'erase' | 'submit' | 'back' | 'quit';

/** hint: the footer's short word for it, where the help's description is too long for one line of hints. */
type IncidentKey = {id: IncidentKeyId; keys: string; description: string; hint?: string; modes: IncidentKeyMode[]; matches(key: KeyPress): boolean};

const plain = (k: KeyPress) => !k.ctrl;
const ctrlC = (k: KeyPress) => k.ctrl && k.input === 'c';
const printable = (k: KeyPress) => plain(k) && !k.escape && !k.return && !k.tab && k.input.length > 0 && !/[\u0000-\u001f\u007f]/.test(k.input);
const lists: IncidentKeyMode[] = ['severity', 'checklist', 'pick', 'mitigate'];

// First match wins.
export const incidentKeys: IncidentKey[] = [
	{id: 'quit', keys: 'ctrl+c', description: 'quit (the incident stays open)', hint: 'quit', modes: ['severity', 'typing', 'checklist', 'pick', 'mitigate', 'timeline', 'logs', 'closed'], matches: ctrlC},
	{id: 'down', keys: 'j / ↓', description: 'move down', modes: lists, matches: k => k.downArrow || (plain(k) && k.input === 'j')},
	{id: 'up', keys: 'k / ↑', description: 'move up', modes: lists, matches: k => k.upArrow || (plain(k) && k.input === 'k')},
	{id: 'down', keys: 'j / ↓', description: 'scroll down', modes: ['timeline'], matches: k => k.downArrow || (plain(k) && k.input === 'j')},
	{id: 'up', keys: 'k / ↑', description: 'scroll up', modes: ['timeline'], matches: k => k.upArrow || (plain(k) && k.input === 'k')},
	{id: 'work', keys: 'enter', description: 'work the selected step', hint: 'work the step', modes: ['checklist'], matches: k => k.return},
	{id: 'choose', keys: 'enter', description: 'choose', modes: ['severity', 'pick', 'mitigate'], matches: k => k.return},
	{id: 'tick', keys: 'space', description: 'tick or untick the step', hint: 'tick', modes: ['checklist'], matches: k => plain(k) && k.input === ' '},
	{id: 'note', keys: 'n', description: 'a note for the timeline', hint: 'note', modes: ['checklist'], matches: k => plain(k) && k.input === 'n'},
	{id: 'timeline', keys: 't', description: 'the whole timeline', hint: 'timeline', modes: ['checklist'], matches: k => plain(k) && k.input === 't'},
	{id: 'severity', keys: 'p', description: 'change the severity', hint: 'severity', modes: ['checklist'], matches: k => plain(k) && k.input === 'p'},
	{id: 'help', keys: '?', description: 'these keys', hint: 'help', modes: ['checklist'], matches: k => plain(k) && k.input === '?'},
	{id: 'procedure', keys: 'r x b t s', description: 'run that procedure', hint: 'run it', modes: ['mitigate'], matches: k => plain(k) && intentFor(k)?.procedure !== undefined},
	{id: 'submit', keys: 'enter', description: 'done', modes: ['typing'], matches: k => k.return},
	{id: 'erase', keys: 'backspace', description: 'erase', modes: ['typing'], matches: k => k.backspace},
	{id: 'back', keys: 'esc', description: 'cancel', modes: ['typing', 'severity'], matches: k => k.escape},
	{id: 'back', keys: 'esc', description: 'to the panes; it stays open', hint: 'panes', modes: ['checklist', 'closed'], matches: k => k.escape},
	{id: 'back', keys: 'esc', description: 'back', modes: ['pick', 'mitigate', 'timeline', 'logs'], matches: k => k.escape},
	{id: 'type', keys: 'letters', description: 'type', modes: ['typing'], matches: printable},
];

/**
 * A chunk read at once ("jj", "j\r": keys typed faster than the terminal is read, tmux's send-keys,
 * a paste) as the presses it was. An escape sequence, a ctrl key or a single key is one press.
 */
export function keyPresses(input: string, key: Key): KeyPress[] {
	const chars = [...input];
	if (chars.length < 2 || key.ctrl || input.includes('\u001b')) return [toKeyPress(input, key)];
	return chars.map(ch => {
		const enter = ch === '\r' || ch === '\n';
		const erase = ch === '\u007f' || ch === '\b';
		return {input: enter || erase || ch === '\t' ? '' : ch, ctrl: false, shift: /[A-Z]/.test(ch), tab: ch === '\t', return: enter, escape: false, upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, backspace: erase};
	});
}

export function incidentKeyFor(mode: IncidentKeyMode, key: KeyPress): IncidentKeyId | undefined {
	return incidentKeys.find(k => k.modes.includes(mode) && k.matches(key))?.id;
}

/** "enter work the selected step · space tick … " for a mode; `submit` names what enter does while typing. */
export function incidentHints(mode: IncidentKeyMode, submit?: string): string {
	// ctrl+c is said in the help; on the checklist j/k go without saying, so the line fits 80 columns.
	return incidentKeys
		.filter(k => k.modes.includes(mode) && !['type', 'down', 'quit'].includes(k.id) && !(mode === 'checklist' && k.id === 'up'))
		.map(k => (k.id === 'up' ? `j/k ${k.description.replace(' up', '')}` : `${k.keys.split(' ')[0]} ${k.id === 'submit' && submit ? submit : k.hint ?? k.description}`))
		.join('  ');
}

export type HelpGroup = {title: string; rows: Array<{keys: string; description: string}>};

const helpModes: Array<{title: string; modes: IncidentKeyMode[]}> = [
	{title: 'Incident checklist', modes: ['checklist']},
	{title: 'Lists', modes: ['severity', 'pick', 'mitigate']},
	{title: 'Typing a line', modes: ['typing']},
	{title: 'Timeline', modes: ['timeline']},
];

/** The incident screens' keys for the `?` help, one group per kind of screen, from the same table. */
export function incidentHelp(): HelpGroup[] {
	return helpModes.map(({title, modes}) => {
		const rows: HelpGroup['rows'] = [];
		// ctrl+c works everywhere: said once, with the checklist.
		for (const key of incidentKeys.filter(k => k.modes.some(m => modes.includes(m)) && k.id !== 'down' && (k.id !== 'quit' || modes.includes('checklist')))) {
			// j and k make one row: "j/k ↓↑ move".
			const row = key.id === 'up' ? {keys: 'j/k ↓↑', description: key.description.replace(' up', '')} : {keys: key.keys, description: key.description};
			if (!rows.some(r => r.keys === row.keys && r.description === row.description)) rows.push(row);
		}
		return {title, rows};
	});
}
