// A team's action opened from the console (its key, `:run`, Mitigate, Execute): refused read-only unless
// it only reads; its inputs typed first when it has any; the engine checks them and plans it in the
// procedure session. The console owns the form so every screen opens actions the same way.
import {useRef, useState} from 'react';
import type {KeyPress} from '../../core/intents.js';
import {teamActionAvailability} from '../../core/actions/keys.js';
import type {ConsoleController} from '../../engine/console-engine.js';
import {actionForm, actionFormKey, typedInputs, withProblems, type ActionForm} from './action-form.js';
import type {TeamActionOpener} from './team-action-context.js';

export type TeamActionForm = {
	/** The inputs form being typed, if any (render it over the screen that opened it). */
	form: ActionForm | undefined;
	open: TeamActionOpener;
	/** Hands a key to the open form; false when none is open. Reads a ref: the key right after the one that opened it is the form's. */
	press(press: KeyPress): boolean;
};

export function useTeamActionForm(engine: ConsoleController, quit: () => void): TeamActionForm {
	const [form, setFormState] = useState<ActionForm>();
	const formRef = useRef<ActionForm | undefined>(undefined);
	const setForm = (next: ActionForm | undefined) => {
		formRef.current = next;
		setFormState(next);
	};
	const teamActions = engine.teamActions ?? [];

	const submit = (typed: ActionForm) => {
		const started = engine.startTeamAction!(typed.action.name, typedInputs(typed), typed.options);
		if (started.started || typed.action.inputs.length === 0) setForm(undefined);
		else return setForm(withProblems(typed, started.problems));
		if (!started.started)
			engine.notify(`${typed.action.name}: ${started.problems.join('; ')}; nothing was run`, 'warning');
	};

	const open: TeamActionOpener = (name, options = {}) => {
		const action = teamActions.find(a => a.name === name);
		if (!action || !engine.startTeamAction)
			return engine.notify(`${name}: not available in this console; nothing was run`, 'warning');
		const availability = teamActionAvailability(action, engine.readOnly);
		if (!availability.available)
			return engine.notify(
				`${action.key ? `${action.key} ` : ''}${action.name}: ${availability.reason} (it changes the system; only an action with mutates: false runs read-only); nothing was run`,
				'warning',
			);
		if (action.inputs.length === 0) return submit(actionForm(action, options));
		setForm(actionForm(action, options));
	};

	const press = (key: KeyPress): boolean => {
		const current = formRef.current;
		if (!current) return false;
		const {form: next, outcome} = actionFormKey(current, key);
		if (outcome === 'quit') quit();
		else if (outcome === 'cancel') {
			setForm(undefined);
			engine.notify(`${current.action.name}: cancelled; nothing was planned or run`);
		} else if (outcome === 'submit') submit(next);
		else setForm(next);
		return true;
	};

	return {form, open, press};
}
