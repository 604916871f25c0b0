// A value pg-ops offers for a placeholder (given before, or known to the environment) is a default:
// enter keeps it, a typed letter replaces it, backspace edits it.
import {describe, expect, it} from 'vitest';
import type {KeyPress} from '../../source/core/key-table.js';
import type {Placeholder} from '../../source/core/runbooks/types.js';
import {
	placeholderInput,
	placeholderKey,
	type PlaceholderInput,
} from '../../source/ui/runbooks/placeholder-input.js';

const press = (input: string, extra: Partial<KeyPress> = {}): KeyPress => ({
	input,
	ctrl: false,
	shift: false,
	tab: false,
	return: false,
	escape: false,
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	backspace: false,
	...extra,
});
const enter = press('', {return: true});
const backspace = press('', {backspace: true});
const field = {name: 'APP_URL', token: '$APP_URL', secret: false, style: 'dollar'} as unknown as Placeholder;

const typed = (input: PlaceholderInput, text: string) =>
	[...text].reduce((current, ch) => placeholderKey(current, press(ch)).input, input);

describe('an offered value', () => {
	const offered = placeholderInput([field], {APP_URL: 'http://127.0.0.1:8000'});

	it('is kept by enter', () => {
		expect(placeholderKey(offered, enter)).toMatchObject({
			outcome: 'submit',
			input: {values: {APP_URL: 'http://127.0.0.1:8000'}},
		});
	});

	it('is replaced by what is typed, not appended to', () => {
		const input = typed(offered, 'http://10.1.2.3');
		expect(input.values.APP_URL).toBe('http://10.1.2.3');
		expect(input.offered).toEqual([]);
	});

	it('is edited by backspace, and then typing appends', () => {
		let input = placeholderKey(offered, backspace).input;
		input = typed(input, '1');
		expect(input.values.APP_URL).toBe('http://127.0.0.1:8001');
	});

	it('is not offered when there is none', () => {
		expect(placeholderInput([field]).offered).toEqual([]);
	});
});
