// What runs must be what the operator was shown. A command, SQL statement or path holding a
// character a terminal hides or acts on (ESC [8m conceals the rest of a line, CR draws over it,
// U+202E reverses it) is refused, not run: shown with placeholders (␛[8m) it could be skimmed as
// noise, and no such character has a use in a command that can't be written visibly
// (printf '\033[1m'). Tabs and newlines are allowed: they are shown as they are.
import {describeHiddenCharacters, visibleCommand} from '../safe-text.js';
import type {Action, Plan} from './plan.js';

/**
 * Why the plan can't be run as shown (the first text that hides characters, and where) and that
 * text with its characters made visible (for the audit), or undefined.
 */
export function hiddenCharactersInPlan(plan: Plan): {message: string; text: string} | undefined {
	for (const [index, step] of plan.steps.entries()) {
		const actions: Array<[string, Action]> = [
			['', step.action],
			...(step.verify ?? []).map(
				check => [` (its check "${check.title}")`, check.action] as [string, Action],
			),
			...(step.undo ? [[` (its undo)`, step.undo.action] as [string, Action]] : []),
			...(step.undo?.verify ?? []).map(
				check => [` (its undo check "${check.title}")`, check.action] as [string, Action],
			),
			...(step.diagnose ? [[` (its diagnosis)`, step.diagnose.action] as [string, Action]] : []),
		];
		for (const [where, action] of actions) {
			for (const text of textsThatRun(action)) {
				const found = describeHiddenCharacters(text);
				if (found.length > 0)
					return {
						text: visibleCommand(text),
						message: `step ${index + 1} "${step.title}"${where} holds characters a terminal does not show as they are: ${found.join('; ')}. pg-ops runs only what it can show exactly: remove them (printf '\\033…' writes an escape visibly)`,
					};
			}
		}
	}
	return undefined;
}

function textsThatRun(action: Action): string[] {
	switch (action.kind) {
		case 'shell':
		case 'local':
			return [action.command];
		case 'sql':
			return action.statements.map(statement => statement.sql);
		case 'http':
			return [action.path];
		case 'until':
			return textsThatRun(action.check);
		case 'check':
			return []; // a configured check: its command was read with the configuration
	}
}
