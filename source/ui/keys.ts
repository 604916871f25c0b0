// Maps Ink's key object onto the core's KeyPress. Ink 6 reports backspace as `delete`.
import type {Key} from 'ink';
import type {KeyPress} from '../core/intents.js';

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
	};
}
