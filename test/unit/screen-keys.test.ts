// The console's key plumbing for the checklist screens: a chunk read at once split into its
// presses (ui/keys.ts), and ScreenKeys keeping presses for a view that is not drawn yet.
import {describe, expect, it} from 'vitest';
import type {Key} from 'ink';
import type {KeyPress} from '../../source/core/key-table.js';
import {ScreenKeys} from '../../source/ui/hooks/use-screen-keys.js';
import {editLine, keyPresses} from '../../source/ui/keys.js';

const none: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};
const said = (press: KeyPress) => (press.return ? '⏎' : press.backspace ? '⌫' : press.input);

describe('keyPresses', () => {
	it('splits a pasted value with its newline, and fast typing with enter, into presses', () => {
		expect(keyPresses('tok-9d\r', none).map(said)).toEqual(['t', 'o', 'k', '-', '9', 'd', '⏎']);
		expect(keyPresses('ab\u007fc\n', none).map(said)).toEqual(['a', 'b', '⌫', 'c', '⏎']);
		expect(keyPresses('S', {...none, shift: true})[0]).toMatchObject({input: 'S', shift: true});
	});

	it('keeps a ctrl key, an alt key and an escape sequence whole', () => {
		expect(keyPresses('c', {...none, ctrl: true})).toHaveLength(1);
		expect(keyPresses('xy', {...none, meta: true})).toHaveLength(1);
		expect(keyPresses('[A\u001b', none)).toHaveLength(1);
	});
});

describe('editLine', () => {
	it('adds what is typed, erases with backspace, and never takes enter, esc or a control character', () => {
		const typed = keyPresses('ab\u007fc\r', none).reduce(editLine, '');
		expect(typed).toBe('ac');
		expect(editLine('a', {...keyPresses('x', none)[0]!, escape: true})).toBe('a');
		expect(editLine('a', {...keyPresses('\u0007', none)[0]!})).toBe('a');
	});
});

describe('ScreenKeys', () => {
	it('keeps presses until a screen attaches, and those a view passes on (false) for the view that comes next, in order', () => {
		const keys = new ScreenKeys();
		keys.send('n', none);
		const first: string[] = [];
		// The checklist: n opens a note's line, and the keys after it are that line's.
		let noteOpen = false;
		const detachChecklist = keys.attach(press => {
			if (noteOpen) return false;
			first.push(said(press));
			if (press.input === 'n') noteOpen = true;
		});
		keys.send('db\r', none);
		expect(first).toEqual(['n']);
		detachChecklist();
		const note: string[] = [];
		keys.attach(press => void note.push(said(press)));
		expect(note).toEqual(['d', 'b', '⏎']);
		keys.send('x', none);
		expect(note.at(-1)).toBe('x');
	});
});
