// Keys as the screens see them: Ink's key object as the core's KeyPress, a chunk read at once split
// into the presses it was, the predicates the screens' key tables are written with, and what a key
// does to one line of typed text.
import type {Key} from 'ink';
import {printable, type KeyPress} from '../core/key-table.js';

// Ink 6 reports backspace as `delete`.
export function toKeyPress(input: string, key: Key): KeyPress {
	return {
		input,
		ctrl: key.ctrl,
		shift: key.shift,
		tab: key.tab,
		return: key.return,
		escape: key.escape,
		upArrow: key.upArrow,
		downArrow: key.downArrow,
		leftArrow: key.leftArrow,
		rightArrow: key.rightArrow,
		backspace: key.backspace || key.delete,
		pageUp: key.pageUp,
		pageDown: key.pageDown,
	};
}

/**
 * A chunk read at once ("jj", "j\r", "value\r": keys typed faster than the terminal is read, tmux's
 * send-keys, a paste with its newline) as the presses it was, so none is lost and enter is enter.
 * An escape sequence (an arrow, alt+key), a ctrl key or a single key is one press.
 */
export function keyPresses(input: string, key: Key): KeyPress[] {
	const chars = [...input];
	if (chars.length < 2 || key.ctrl || key.meta || input.includes('\u001b')) return [toKeyPress(input, key)];
	return chars.map(ch => {
		const enter = ch === '\r' || ch === '\n';
		const erase = ch === '\u007f' || ch === '\b';
		return {
			input: enter || erase || ch === '\t' ? '' : ch,
			ctrl: false,
			shift: /[A-Z]/.test(ch),
			tab: ch === '\t',
			return: enter,
			escape: false,
			upArrow: false,
			downArrow: false,
			leftArrow: false,
			rightArrow: false,
			backspace: erase,
		};
	});
}

// The key tables' predicates live with the one key-table type (core/key-table.ts).
export {ctrlC, escOrQ, plain, printable} from '../core/key-table.js';

/** What a key does to one line of typed text: backspace erases a character, a printable key adds itself. */
export function editLine(value: string, key: KeyPress): string {
	if (key.backspace) return [...value].slice(0, -1).join('');
	return printable(key) ? value + key.input : value;
}
