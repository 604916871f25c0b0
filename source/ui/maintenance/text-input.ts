// One line of typed text (a title, a skip reason, a note): what a key does
// to it. Pasted text arrives as one chunk; control characters never become part of the value.
import type {KeyPress} from '../../core/intents.js';

export function editText(value: string, key: KeyPress): string {
	if (key.backspace) return [...value].slice(0, -1).join('');
	if (key.ctrl || key.escape || key.return || key.tab) return value;
	return value + key.input.replace(/[\u0000-\u001f\u007f]/g, '');
}
