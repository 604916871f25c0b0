// A step's placeholder values being typed, one field at a time, as data: what each key does to it.
// The screen that asks (the runbook checklist, a maintenance window's Execute) holds it and routes
// its presses here itself, so a key right after the prompt opened, a pasted value with its newline
// ("value\r") and fast typing followed by enter all land in the right field.
import type {KeyPress} from '../../core/key-table.js';
import type {Placeholder} from '../../core/runbooks/types.js';
import {editLine} from '../keys.js';
import {runbookKeyFor} from './runbook-keys.js';

export type PlaceholderInput = {
	/** Each token once, in the order the block uses them. */
	fields: Placeholder[];
	/** By placeholder name. Secret ones start empty and live only here until the one run that needs them. */
	values: Record<string, string>;
	/** The field being typed into. */
	index: number;
	/** Why enter did not go on ("<run_id> needs a value"). */
	problem?: string;
	/** Names the operator masked (ctrl+t): secret for this run, like a credential's name. */
	masked: string[];
	/** Names whose value was offered (given before, or known to the environment) and not edited yet: typing replaces it, as in any form's default. */
	offered: string[];
};

/** submit: every field has a value; cancel: esc, nothing runs; quit: ctrl+c. */
export type PlaceholderOutcome = 'submit' | 'cancel' | 'quit';

/** `initial`: values given before (never secret ones), offered again, editable; else the value an earlier step sets. */
export function placeholderInput(
	placeholders: Placeholder[],
	initial: Record<string, string> = {},
): PlaceholderInput {
	const seen = new Set<string>();
	const fields = placeholders.filter(p => !seen.has(p.name) && seen.add(p.name));
	// The value an earlier step writes out (`export ENV='gstg'` in 5.1) when nothing better is known.
	const values = Object.fromEntries(
		fields.map(p => [p.name, p.secret ? '' : (initial[p.name] ?? p.setIn?.value ?? '')]),
	);
	return {
		fields,
		values,
		index: 0,
		masked: [],
		offered: fields.filter(p => values[p.name] !== '').map(p => p.name),
	};
}

export function placeholderKey(
	input: PlaceholderInput,
	press: KeyPress,
): {input: PlaceholderInput; outcome?: PlaceholderOutcome} {
	const id = runbookKeyFor('prompt', press);
	if (id === 'quit') return {input, outcome: 'quit'};
	if (id === 'cancel') return {input, outcome: 'cancel'};
	const current = input.fields[input.index];
	if (!current) return {input};
	const value = input.values[current.name] ?? '';
	if (id === 'previous') return {input: {...input, index: Math.max(0, input.index - 1)}};
	if (id === 'mask') return {input: toggleMask(input, current)};
	if (id === 'erase' || id === 'type') {
		// A typed letter replaces an offered value (appended to a URL it made a URL curl refuses); backspace edits it.
		const replaces = id === 'type' && input.offered.includes(current.name);
		return {
			input: {
				...input,
				values: {...input.values, [current.name]: editLine(replaces ? '' : value, press)},
				offered: input.offered.filter(name => name !== current.name),
				problem: undefined,
			},
		};
	}
	if (id !== 'next') return {input};
	if (value === '') return {input: {...input, problem: `${current.token} needs a value`}};
	if (input.index < input.fields.length - 1)
		return {input: {...input, index: input.index + 1, problem: undefined}};
	const empty = input.fields.findIndex(p => (input.values[p.name] ?? '') === '');
	if (empty >= 0)
		return {input: {...input, index: empty, problem: `${input.fields[empty]!.token} needs a value`}};
	return {input, outcome: 'submit'};
}

/** ctrl+t: the operator masks a value whose name did not say it is a secret (or takes back their own mask). */
function toggleMask(input: PlaceholderInput, field: Placeholder): PlaceholderInput {
	const mine = input.masked.includes(field.name);
	if (field.secret && !mine) return {...input, problem: `${field.token} is masked already`};
	return {
		...input,
		fields: input.fields.map(p => (p.name === field.name ? {...p, secret: !mine} : p)),
		masked: mine ? input.masked.filter(name => name !== field.name) : [...input.masked, field.name],
		problem: undefined,
	};
}
