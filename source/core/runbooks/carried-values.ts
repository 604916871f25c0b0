// Values an earlier step gives a variable that a later step uses: `export GITLAB_ENVIRONMENT='gstg'`
// in step 5.1, `$GITLAB_ENVIRONMENT` in 5.3. Every step runs in a shell of its own, so the later step
// still asks for it; the ask names the step that sets it and, when that step writes the value out,
// offers it (editable; never for a masked one). A value computed when the step runs (`$(…)`) is not
// known here: the ask only names the step.
import {textForms} from './placeholder-forms.js';
import {commandLines} from './shell-lexer.js';
import type {Runbook} from './types.js';

export function carryValues(runbook: Runbook): void {
	const set = new Map<string, {step: string; value?: string}>();
	for (const step of runbook.sections.flatMap(section => section.steps)) {
		for (const placeholder of step.placeholders) {
			const earlier = placeholder.style === 'variable' ? set.get(placeholder.name) : undefined;
			if (!earlier) continue;
			placeholder.setIn = {
				step: earlier.step,
				...(earlier.value !== undefined && !placeholder.secret ? {value: earlier.value} : {}),
			};
		}
		if (step.kind !== 'shell') continue;
		for (const [name, value] of assignments(step.code)) set.set(name, {step: step.id, value});
	}
}

/** `NAME=value` and `export NAME='value'` at the start of a command line: the value when written out, else undefined. */
export function assignments(code: string): Array<[string, string | undefined]> {
	const found: Array<[string, string | undefined]> = [];
	for (const line of commandLines(code)) {
		const assignment = /^\s*(?:export\s+|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
		if (!assignment) continue;
		found.push([assignment[1]!, writtenValue(assignment[2]!)]);
	}
	return found;
}

function writtenValue(rest: string): string | undefined {
	const value =
		/^'([^']*)'(?:\s+#.*)?\s*$/.exec(rest)?.[1] ??
		/^"([^"$`\\]*)"(?:\s+#.*)?\s*$/.exec(rest)?.[1] ??
		/^([^\s;&|$`'"\\()<>]*)(?:\s+#.*)?\s*$/.exec(rest)?.[1];
	// A blank the step asks for itself (`NS='<namespace>'`) is no value to offer.
	return value !== undefined && textForms(value).length === 0 ? value : undefined;
}
