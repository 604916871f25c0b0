// Keys typed faster than the terminal is read arrive as one chunk ("j\r", "note text\r"): each
// character is a key of its own here, so none is lost. An escape sequence (an arrow) stays whole.
import type {Key} from 'ink';
import type {KeyPress} from '../../core/intents.js';
import {toKeyPress} from '../keys.js';

export function keyPresses(input: string, key: Key): KeyPress[] {
	const press = toKeyPress(input, key);
	const chars = [...input];
	if (chars.length < 2 || input.startsWith('\u001b') || key.ctrl || key.meta) return [press];
	const none = {ctrl: false, shift: false, tab: false, return: false, escape: false, upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, backspace: false};
	return chars.map(char => ({...none, input: char, return: char === '\r' || char === '\n', tab: char === '\t', backspace: char === '\u007f' || char === '\b'}));
}
