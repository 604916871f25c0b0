// Values one block writes as a blank and another writes bare, asked in both: a numbered example name
// (`[host1]` here, `host1:7000` there), an id a transcript printed, a disk one step formats. Run once
// the whole runbook is read.
import {textForms} from './placeholder-forms.js';
import {findPlaceholders, numberedExample, type SecretNames} from './placeholders.js';
import type {RunbookStep} from './types.js';

export function askExamples(
	steps: RunbookStep[],
	printed: ReadonlySet<string>,
	secretNames: SecretNames,
): void {
	// Each block's text once (every step of a block carries the block as written).
	const texts = new Set(steps.map(step => step.written ?? step.code));
	const examples = new Set(
		[...texts].flatMap(text =>
			textForms(text)
				.filter(form => form.style === 'angle' || form.style === 'template')
				.flatMap(form => form.name.split('|'))
				.filter(name => numberedExample.test(name)),
		),
	);
	for (const value of printed) examples.add(value);
	// A disk asked where one step formats or mounts it is the same disk where another only looks at it.
	for (const step of steps)
		for (const placeholder of step.placeholders)
			if (/^\/dev\/\w/.test(placeholder.name)) examples.add(placeholder.name);
	if (examples.size === 0) return;
	for (const step of steps)
		if (step.kind === 'shell')
			step.placeholders = findPlaceholders(step.code, 'shell', secretNames, examples);
}
