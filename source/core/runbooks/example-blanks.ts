// Values one block writes as a blank and another writes bare, asked in both: a numbered example name
// (`[host1]` here, `host1:7000` there), an id a transcript printed, a disk one step formats, a value a
// note says to update (`export target=db-3.example  #UPDATE`). Run once the whole runbook is read.
import {textForms} from './placeholder-forms.js';
import {findPlaceholders, numberedExample, type SecretNames} from './placeholders.js';
import type {RunbookStep} from './types.js';

// `NAME=value  # UPDATE`, `# change this`, `# replace with yours`: the note says the value is the author's.
const updateNote =
	/^\s*(?:export\s+)?[A-Za-z_]\w*=(?:"([^"\n$`]+)"|'([^'\n]+)'|([^\s#'"$`;&|]+))\s+#+\s*(?:<-+\s*)?(?:update|change|replace|edit|adjust|modify|customi[sz]e|fill in|set (?:this|it|yours?)|put your|use your|your own)\b/gim;

/** The values assignments in the text carry with a note to update them. */
export function valuesMarkedToUpdate(text: string): string[] {
	// A port or a count (`PGPORT=5432 #UPDATE`) is asked where it is set, not everywhere the number appears.
	return [...text.matchAll(updateNote)]
		.map(match => (match[1] ?? match[2] ?? match[3])!)
		.filter(value => value.length >= 6 && !/^\d+$/.test(value));
}

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
	for (const text of texts) for (const value of valuesMarkedToUpdate(text)) examples.add(value);
	// A disk asked where one step formats or mounts it is the same disk where another only looks at it.
	for (const step of steps)
		for (const placeholder of step.placeholders)
			if (/^\/dev\/\w/.test(placeholder.name)) examples.add(placeholder.name);
	if (examples.size === 0) return;
	for (const step of steps)
		if (step.kind === 'shell')
			step.placeholders = findPlaceholders(step.code, 'shell', secretNames, examples);
}
