// A team's action on a key of the console (`key:` in pg-ops.yaml): which action a press means, whether
// it may run now, and which built-in key a team's key would take (a config error, never a silent
// shadow). Team keys answer where the console's own action keys do: the panes and the incident's
// Mitigate list, whose keys are all in the console's table (core/intents.ts). Pure.
import {intentFor, type ActionAvailability, type Intent} from '../intents.js';
import type {KeyPress} from '../key-table.js';
import type {ActionConfig} from './schema.js';

/** The press a typed letter makes (Ink reports an upper-case one with shift). */
export function letterPress(letter: string): KeyPress {
	return {
		input: letter,
		ctrl: false,
		shift: letter !== letter.toLowerCase(),
		tab: false,
		return: false,
		escape: false,
		upArrow: false,
		downArrow: false,
		leftArrow: false,
		rightArrow: false,
		backspace: false,
	};
}

/** The built-in key a team's `key:` would take from pg-ops, or undefined when it is free. */
export function builtInKeyTaken(key: string): Intent | undefined {
	return intentFor(letterPress(key));
}

/** The team's action a press is, by its `key:`. */
export function teamActionForKey(
	actions: readonly ActionConfig[],
	press: KeyPress,
): ActionConfig | undefined {
	if (press.ctrl || press.input.length !== 1) return undefined;
	return actions.find(action => action.key !== undefined && action.key === press.input);
}

/** Read-only mode runs only an action that reads (`mutates: false`); the runner refuses the others anyway. */
export function teamActionAvailability(action: ActionConfig, readOnly: boolean): ActionAvailability {
	return readOnly && action.mutates
		? {available: false, reason: 'read-only mode', short: 'read-only'}
		: {available: true};
}

/** The footer's and help's words for an action: its key and name; its title in the help. */
export function teamActionHint(action: ActionConfig): {keys: string; hint: string; description: string} {
	return {
		keys: action.key ?? '',
		hint: action.name,
		description: `${action.title ?? action.name}${action.mutates ? '' : ' (reads only)'}`,
	};
}
