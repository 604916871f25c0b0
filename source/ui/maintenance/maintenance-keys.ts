// The maintenance screen's keys, as data (like core/intents.ts for the console): the screen asks
// which key this was, and its hint line and its `?` help are built from the same table.
import type {KeyPress} from '../../core/intents.js';

/** steps: walking the list; typing: a title, a reason or a note; help: this table; closed: a closed window's summary. */
export type MaintenanceMode = 'steps' | 'typing' | 'help' | 'closed';

export type MaintenanceKeyId = 'down' | 'up' | 'run' | 'skip' | 'tick' | 'addNote' | 'finishExecute' | 'newWindow' | 'help' | 'back' | 'quit' | 'submit' | 'erase' | 'cancel' | 'type';

/** What is selected, so the hint line offers only what applies to it. */
export type HintContext = {
	row: 'step' | 'item' | 'runbook' | 'runbook-step' | 'none';
	/** The selected step can run now (pending or failed; failed means a retry). */
	runnable?: boolean;
	retry?: boolean;
	skippable?: boolean;
	/** The selected Execute item can be ticked. */
	tickable?: boolean;
	inExecute?: boolean;
	executeOpen?: boolean;
	/** Execute can be finished now (the steps before it are done or skipped). */
	finishable?: boolean;
	/** Typing the title of a new window. */
	starting?: boolean;
};

type MaintenanceKey = {
	id: MaintenanceKeyId;
	keys: string;
	description: string;
	modes: MaintenanceMode[];
	matches(key: KeyPress): boolean;
	/** Shown on the hint line only when this holds (the help lists every key). */
	offered?(context: HintContext): boolean;
};

const plain = (k: KeyPress) => !k.ctrl;
const ctrlC = (k: KeyPress) => k.ctrl && k.input === 'c';
const printable = (k: KeyPress) => plain(k) && !k.escape && !k.return && !k.tab && k.input.length > 0 && !/^[\u0000-\u001f\u007f]+$/.test(k.input);

// First match wins.
export const maintenanceKeys: MaintenanceKey[] = [
	{id: 'quit', keys: 'ctrl+c', description: 'quits pg-ops (the window stays open and resumes)', modes: ['steps', 'typing', 'help', 'closed'], matches: ctrlC, offered: () => false},
	{id: 'submit', keys: 'enter', description: 'done', modes: ['typing'], matches: k => k.return},
	{id: 'cancel', keys: 'esc', description: 'cancels', modes: ['typing'], matches: k => k.escape},
	{id: 'erase', keys: 'backspace', description: 'erases', modes: ['typing'], matches: k => k.backspace, offered: () => false},
	{id: 'type', keys: 'letters', description: 'type', modes: ['typing'], matches: printable, offered: () => false},
	{id: 'down', keys: 'j / ↓', description: 'next step or item (a closed window: scrolls)', modes: ['steps', 'closed'], matches: k => k.downArrow || (plain(k) && k.input === 'j'), offered: () => false},
	{id: 'up', keys: 'k / ↑', description: 'previous step or item (a closed window: scrolls)', modes: ['steps', 'closed'], matches: k => k.upArrow || (plain(k) && k.input === 'k'), offered: () => false},
	{
		id: 'run',
		keys: 'enter',
		description: 'runs the selected step (retries a failed one); on a runbook step: asks its placeholders, then runs it',
		modes: ['steps'],
		matches: k => k.return,
		offered: c => Boolean(c.runnable) || c.row === 'runbook-step',
	},
	{id: 'skip', keys: 'S', description: 'skips the selected step (a reason is required)', modes: ['steps'], matches: k => plain(k) && k.input === 'S', offered: c => Boolean(c.skippable)},
	{id: 'tick', keys: 'space', description: 'Execute: ticks the selected item done', modes: ['steps'], matches: k => plain(k) && k.input === ' ', offered: c => Boolean(c.tickable)},
	{id: 'addNote', keys: 'a', description: 'Execute: adds a note to tick by hand', modes: ['steps'], matches: k => plain(k) && k.input === 'a', offered: c => Boolean(c.inExecute && c.executeOpen)},
	{id: 'finishExecute', keys: 'd', description: 'Execute: finished', modes: ['steps'], matches: k => plain(k) && k.input === 'd', offered: c => Boolean(c.inExecute && c.finishable)},
	{id: 'newWindow', keys: 'n', description: 'starts a new window', modes: ['closed'], matches: k => plain(k) && k.input === 'n'},
	{id: 'help', keys: '?', description: 'these keys', modes: ['steps', 'help'], matches: k => plain(k) && k.input === '?'},
	{id: 'back', keys: 'esc / q', description: 'back to the panes (the window stays open)', modes: ['steps', 'help', 'closed'], matches: k => k.escape || (plain(k) && k.input === 'q')},
];

export function maintenanceKeyFor(mode: MaintenanceMode, key: KeyPress): MaintenanceKeyId | undefined {
	return maintenanceKeys.find(k => k.modes.includes(mode) && k.matches(key))?.id;
}

/** The keys a mode answers to, for the `?` help. */
export function keysOf(mode: MaintenanceMode) {
	return maintenanceKeys.filter(k => k.modes.includes(mode));
}

/** "enter run", "S skip", … for what is selected. The action keys (r x b t s) are added by the screen. */
export function maintenanceHints(mode: MaintenanceMode, context: HintContext): string[] {
	return maintenanceKeys
		.filter(k => k.modes.includes(mode) && (k.offered ? k.offered(context) : true))
		.map(k => `${k.keys.split(' / ')[0]} ${shortDescription(k.id, mode, context)}`);
}

function shortDescription(id: MaintenanceKeyId, mode: MaintenanceMode, context: HintContext): string {
	switch (id) {
		case 'run':
			return context.row === 'runbook-step' ? 'run step' : context.retry ? 'retry' : 'run';
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
