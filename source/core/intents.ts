// Every key pg-ops answers to, as data (after k9s' action map): the footer, the help screen,
// read-only handling and the key handler all read this one table, so they cannot disagree.
import type {ProcedureName} from './procedures/plan.js';
import {paneIds, type PaneId} from './panes.js';
import {keyIn, plain, type KeyPress, type KeyRow} from './key-table.js';

export type {KeyPress} from './key-table.js';

export type IntentId =
	| 'focusNext'
	| 'focusPrevious'
	| 'focusPane'
	| 'down'
	| 'up'
	| 'details'
	| 'filter'
	| 'command'
	| 'help'
	| 'switchEnv'
	| 'refresh'
	| 'quit'
	| 'back'
	| 'restart'
	| 'resetStuck'
	| 'restoreBackup'
	| 'takeBackup'
	| 'rotateToken'
	| 'switchSlot'
	| 'maintenance'
	| 'incident';

/** The console's panes are one mode of the one key-table shape (core/key-table.ts). */
export type ConsoleMode = 'panes';

/** hint: the footer's word for it. */
export type Intent = KeyRow<IntentId, ConsoleMode> & {
	hint: string;
	group: 'navigation' | 'view' | 'action';
	/** Changes something on the environment: disabled in read-only mode. */
	mutates: boolean;
	footer: boolean;
	/** The footer's word at the narrowest widths (80 columns), when shorter than `hint`; false: left out there (`?` lists it). */
	narrow?: string | false;
	/** The runbook procedure the key opens. */
	procedure?: ProcedureName;
	/** The guided checklist the key opens (DESIGN 7). */
	checklist?: 'incident' | 'maintenance';
};

const panes: readonly ConsoleMode[] = ['panes'];

export const intents: Intent[] = [
	// One digit per pane in the registry's order (core/panes.ts paneIds): a new pane gets the next one.
	{
		id: 'focusPane',
		keys: `1-${paneIds.length}`,
		description: `focus pane 1 to ${paneIds.length}`,
		modes: panes,
		hint: 'pane',
		group: 'navigation',
		mutates: false,
		footer: false,
		matches: k => plain(k) && focusedPaneOf(k.input) !== undefined,
	},
	{
		id: 'focusNext',
		keys: 'tab',
		description: 'focus the next pane',
		modes: panes,
		hint: 'next',
		group: 'navigation',
		mutates: false,
		footer: false,
		matches: k => k.tab && !k.shift,
	},
	{
		id: 'focusPrevious',
		keys: 'shift+tab',
		description: 'focus the previous pane',
		modes: panes,
		hint: 'prev',
		group: 'navigation',
		mutates: false,
		footer: false,
		matches: k => k.tab && k.shift,
	},
	{
		id: 'down',
		keys: 'j / ↓',
		description: 'move down in the focused pane',
		modes: panes,
		hint: 'down',
		group: 'navigation',
		mutates: false,
		footer: false,
		matches: k => k.downArrow || (plain(k) && k.input === 'j'),
	},
	{
		id: 'up',
		keys: 'k / ↑',
		description: 'move up in the focused pane',
		modes: panes,
		hint: 'up',
		group: 'navigation',
		mutates: false,
		footer: false,
		matches: k => k.upArrow || (plain(k) && k.input === 'k'),
	},
	{
		id: 'details',
		keys: 'enter',
		description: 'details (a service: its logs)',
		modes: panes,
		hint: 'details',
		group: 'view',
		mutates: false,
		footer: false,
		matches: k => k.return,
	},
	{
		id: 'filter',
		keys: '/',
		description: 'filter as typed (esc clears)',
		modes: panes,
		hint: 'filter',
		group: 'view',
		mutates: false,
		footer: false,
		matches: k => plain(k) && k.input === '/',
	},
	{
		id: 'command',
		keys: ':',
		description: 'a command (the line below)',
		modes: panes,
		hint: 'command',
		group: 'view',
		mutates: false,
		footer: false,
		matches: k => plain(k) && k.input === ':',
	},
	{
		id: 'refresh',
		keys: 'ctrl+r',
		description: 'refresh every pane now',
		modes: panes,
		hint: 'refresh',
		group: 'view',
		mutates: false,
		footer: false,
		matches: k => k.ctrl && k.input === 'r',
	},
	{
		id: 'help',
		keys: '?',
		description: 'this help',
		modes: panes,
		hint: 'help',
		group: 'view',
		mutates: false,
		footer: true,
		matches: k => plain(k) && k.input === '?',
	},
	{
		id: 'switchEnv',
		keys: 'e',
		description: 'switch environment',
		modes: panes,
		hint: 'env',
		group: 'view',
		mutates: false,
		footer: true,
		narrow: false,
		matches: k => plain(k) && k.input === 'e',
	},
	{
		id: 'back',
		keys: 'esc',
		description: 'back out; runs nothing',
		modes: panes,
		hint: 'back',
		group: 'navigation',
		mutates: false,
		footer: false,
		matches: k => k.escape,
	},
	{
		id: 'quit',
		keys: 'q / ctrl+c',
		description: 'quit (refused mid-procedure)',
		modes: panes,
		hint: 'quit',
		group: 'view',
		mutates: false,
		footer: true,
		matches: k => (plain(k) && k.input === 'q') || (k.ctrl && k.input === 'c'),
	},
	{
		id: 'restart',
		keys: 'r',
		description: 'restart a service',
		modes: panes,
		hint: 'restart',
		group: 'action',
		mutates: true,
		footer: true,
		procedure: 'restart',
		matches: k => plain(k) && k.input === 'r',
	},
	{
		id: 'resetStuck',
		keys: 'x',
		description: 'reset stuck ETL jobs',
		modes: panes,
		hint: 'reset stuck',
		group: 'action',
		mutates: true,
		footer: true,
		procedure: 'reset-stuck-jobs',
		matches: k => plain(k) && k.input === 'x',
	},
	{
		id: 'restoreBackup',
		keys: 'b',
		description: 'restore a chosen backup',
		modes: panes,
		hint: 'restore',
		group: 'action',
		mutates: true,
		footer: true,
		procedure: 'restore-backup',
		matches: k => plain(k) && k.input === 'b',
	},
	{
		id: 'takeBackup',
		keys: 'B',
		description: 'take a fresh backup',
		modes: panes,
		hint: 'backup',
		group: 'action',
		mutates: true,
		footer: true,
		procedure: 'backup',
		matches: k => plain(k) && k.input === 'B',
	},
	{
		id: 'rotateToken',
		keys: 't',
		description: 'rotate the ops token',
		modes: panes,
		hint: 'token',
		group: 'action',
		mutates: true,
		footer: true,
		procedure: 'rotate-token',
		matches: k => plain(k) && k.input === 't',
	},
	{
		id: 'switchSlot',
		keys: 's',
		description: 'switch the blue/green slot',
		modes: panes,
		hint: 'slot',
		group: 'action',
		mutates: true,
		footer: true,
		procedure: 'switch-slot',
		matches: k => plain(k) && k.input === 's',
	},
	// Opening a window changes nothing by itself; read-only mode shows one that is there (actionAvailability's `shown`), never starts one,
	// and the engine refuses every change to it. The same for `i` and an incident.
	{
		id: 'maintenance',
		keys: 'm',
		description: 'maintenance window',
		modes: panes,
		hint: 'maint',
		group: 'action',
		mutates: false,
		footer: true,
		checklist: 'maintenance',
		matches: k => plain(k) && k.input === 'm',
	},
	{
		id: 'incident',
		keys: 'i',
		description: 'incident: open or work one',
		modes: panes,
		hint: 'incident',
		group: 'action',
		mutates: false,
		footer: true,
		narrow: 'inc',
		checklist: 'incident',
		matches: k => plain(k) && k.input === 'i',
	},
];

/** "r x b t s": the keys that start a procedure, in the registry's order, for words that name them all. */
export const procedureKeys = intents
	.filter(i => i.procedure !== undefined)
	.map(i => i.keys)
	.join(' ');

/** The pane a digit focuses: 1 the first pane of the registry, and so on. */
export function focusedPaneOf(input: string): PaneId | undefined {
	return /^[1-9]$/.test(input) ? paneIds[Number(input) - 1] : undefined;
}

export function intentFor(key: KeyPress): Intent | undefined {
	return keyIn(intents, 'panes', key);
}

/** The checklists a key can open: `i` and `m`. */
export type Checklist = NonNullable<Intent['checklist']>;

/** The checklists there is something of to look at now (an open incident, an open or just closed window). */
export type ShownChecklists = Partial<Record<Checklist, boolean>>;

const checklistNames: Record<Checklist, string> = {incident: 'incident', maintenance: 'maintenance window'};

/** `short`: the reason in a word or two, for a hint line that groups the keys it covers ("r x b t s: read-only"). */
export type ActionAvailability = {available: true} | {available: false; reason: string; short: string};

/**
 * `runnable`: the procedures the engine can run (ConsoleController.procedures); a key whose procedure isn't among them is "coming".
 * `shown`: read-only mode lets a checklist key show one that is there, never start one, so it is off when there is none.
 */
export function actionAvailability(
	intent: Intent,
	readOnly: boolean,
	runnable: ReadonlySet<ProcedureName> = new Set(),
	shown: ShownChecklists = {},
): ActionAvailability {
	if (intent.group !== 'action') return {available: true};
	if (readOnly && intent.mutates) return {available: false, reason: 'read-only mode', short: 'read-only'};
	if (intent.checklist) {
		if (readOnly && !shown[intent.checklist])
			return {
				available: false,
				reason: `read-only mode opens no ${checklistNames[intent.checklist]} (none is open)`,
				short: 'read-only',
			};
		return {available: true};
	}
	// An action is a procedure the engine can run.
	if (!intent.procedure || !runnable.has(intent.procedure))
		return {available: false, reason: 'coming in a later version', short: 'coming'};
	return {available: true};
}
