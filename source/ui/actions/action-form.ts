// The inputs of a team's action typed in the console before its plan is made, as data: one field
// per input (its default offered, a secret masked), each value checked as enter leaves its field
// (inputProblem: pattern, number, choice), and the engine's own check of them all before it plans.
// A secret's value lives here only until it is handed to the engine, which puts it on the plan's
// standard input; it is never drawn (LineField masks it) and never in the store.
import {inputProblem, type ActionConfig, type ActionInput} from '../../core/actions/schema.js';
import {
	ctrlC,
	hintRows,
	hintText,
	keyFor,
	printable,
	type HelpGroup,
	helpGroup,
	type KeyPress,
	type KeyRow,
} from '../../core/key-table.js';
import type {TypedInputs} from '../../engine/team-actions.js';
import {editLine} from '../keys.js';

export type ActionForm = {
	action: ActionConfig;
	/** Passed on to the engine with the values (a fleet's host). */
	options: {host?: string};
	values: Record<string, string>;
	/** The field being typed into. */
	index: number;
	/** Inputs whose default is offered and not edited yet: typing replaces it. */
	offered: string[];
	/** Why enter did not go on (the field's, or the engine's check of all of them). */
	problem?: string;
};

export type ActionFormOutcome = 'submit' | 'cancel' | 'quit';

type FormKeyId = 'quit' | 'cancel' | 'next' | 'previous' | 'choose' | 'erase' | 'type';

// First match wins: typing comes last, so enter, esc, tab and the arrows are never typed.
const formKeys: ReadonlyArray<KeyRow<FormKeyId, 'form'>> = [
	{id: 'quit', keys: 'ctrl+c', description: 'quits pg-ops', hint: false, modes: ['form'], matches: ctrlC},
	{
		id: 'cancel',
		keys: 'esc',
		description: 'cancels: nothing is planned or run',
		hint: 'cancel',
		modes: ['form'],
		matches: k => k.escape,
	},
	{
		id: 'next',
		keys: 'enter',
		description: 'checks the value, then the next input; after the last, the plan',
		hint: 'next / plan',
		modes: ['form'],
		matches: k => k.return || (k.tab && !k.shift) || k.downArrow,
	},
	{
		id: 'previous',
		keys: 'shift+tab',
		description: 'the previous input',
		hint: 'back',
		modes: ['form'],
		matches: k => (k.tab && k.shift) || k.upArrow,
	},
	{
		id: 'choose',
		keys: '←/→',
		description: 'a choice input: the previous / next of its values',
		hint: 'choose',
		modes: ['form'],
		matches: k => k.leftArrow || k.rightArrow,
	},
	{
		id: 'erase',
		keys: 'backspace',
		description: 'erase',
		hint: false,
		modes: ['form'],
		matches: k => k.backspace,
	},
	{id: 'type', keys: 'letters', description: 'type', hint: false, modes: ['form'], matches: printable},
];

export function actionForm(action: ActionConfig, options: {host?: string} = {}): ActionForm {
	const values = Object.fromEntries(
		action.inputs.map(input => [input.name, input.default !== undefined ? String(input.default) : '']),
	);
	return {
		action,
		options,
		values,
		index: 0,
		offered: action.inputs.filter(input => values[input.name] !== '').map(input => input.name),
	};
}

export function actionFormKey(
	form: ActionForm,
	press: KeyPress,
): {form: ActionForm; outcome?: ActionFormOutcome} {
	const id = keyFor(formKeys, 'form', press);
	if (id === 'quit') return {form, outcome: 'quit'};
	if (id === 'cancel') return {form, outcome: 'cancel'};
	const input = form.action.inputs[form.index];
	if (!input) return {form};
	const value = form.values[input.name] ?? '';
	const set = (next: string) => ({
		...form,
		values: {...form.values, [input.name]: next},
		offered: form.offered.filter(name => name !== input.name),
		problem: undefined,
	});
	if (id === 'previous') return {form: {...form, index: Math.max(0, form.index - 1), problem: undefined}};
	if (id === 'choose') {
		if (input.type !== 'choice') return {form};
		const choices = input.choices!;
		const at = choices.indexOf(value);
		const by = press.leftArrow ? -1 : 1;
		const next = at < 0 ? (by > 0 ? 0 : choices.length - 1) : (at + by + choices.length) % choices.length;
		return {form: set(choices[next]!)};
	}
	if (id === 'erase' || id === 'type') {
		// A typed letter replaces an offered default; backspace edits it.
		const replaces = id === 'type' && form.offered.includes(input.name);
		return {form: set(editLine(replaces ? '' : value, press))};
	}
	if (id !== 'next') return {form};
	const problem = inputProblem(input, value);
	if (problem) return {form: {...form, problem}};
	if (form.index < form.action.inputs.length - 1)
		return {form: {...form, index: form.index + 1, problem: undefined}};
	return {form, outcome: 'submit'};
}

/** The values as the engine takes them: secrets apart (for the plan's standard input). */
export function typedInputs(form: ActionForm): TypedInputs {
	const typed: TypedInputs = {values: {}, secrets: {}};
	for (const input of form.action.inputs)
		(input.type === 'secret' ? typed.secrets : typed.values)[input.name] = form.values[input.name] ?? '';
	return typed;
}

/** The engine refused the values: its reasons shown, the first input they name selected. */
export function withProblems(form: ActionForm, problems: string[]): ActionForm {
	const named = form.action.inputs.findIndex(input => problems.some(p => p.startsWith(`${input.name} `)));
	return {...form, index: named >= 0 ? named : form.index, problem: problems.join('; ')};
}

/** What the line after a field says about it: its type, its rule, a secret's promise. */
export function inputNote(input: ActionInput, offered: boolean): string {
	const rule =
		input.type === 'secret'
			? 'secret: masked, reaches the command on standard input only, never shown or logged'
			: input.type === 'choice'
				? `one of ${input.choices!.join(', ')} (←/→)`
				: input.type === 'number'
					? `a number${input.min !== undefined ? ` ≥ ${input.min}` : ''}${input.max !== undefined ? ` ≤ ${input.max}` : ''}`
					: input.pattern !== undefined
						? `text matching ${input.pattern}`
						: 'text';
	return `${input.description ? `${input.description}; ` : ''}${rule}${offered ? '; the default: enter keeps it' : ''}`;
}

export const actionFormHints = (): string =>
	hintRows(formKeys, 'form', undefined)
		.map(row => hintText(row, row.keys))
		.join('  ');

export const actionFormHelp = (): HelpGroup => helpGroup(formKeys, "A team action's inputs", ['form']);
