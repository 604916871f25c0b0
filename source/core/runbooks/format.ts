// `pg-ops runbook FILE --list`: the runbook's sections and steps as plain text, without connecting
// anywhere, so an operator can see what would run (and what it will ask for) before choosing.
import type {Runbook, RunbookStep} from './types.js';

const kindLabels: Record<RunbookStep['kind'], string> = {shell: '[host]', sql: '[sql]', show: '[shown]'};

/** `whole`: commands printed in full, titles never cut (the output is not a terminal: a file, a pipe, an editor). */
export function formatRunbookList(runbook: Runbook, {whole = false}: {whole?: boolean} = {}): string {
	const fit = whole ? (text: string) => text : cut;
	const steps = runbook.sections.flatMap(section => section.steps);
	const count = (kind: RunbookStep['kind']) => steps.filter(step => step.kind === kind).length;
	const lines = [
		runbook.title,
		`${runbook.file}: ${plural(runbook.sections.length, 'section')}, ${plural(steps.length, 'step')} (${count('shell')} on the host, ${count('sql')} SQL, ${count('show')} shown only)`,
	];
	runbook.sections.forEach((section, index) => {
		const number = String(index + 1);
		// Top-level sections get a blank line before them; subsections follow on.
		if (section.level <= 2) lines.push('');
		const heading = `${number.padEnd(4)}${'  '.repeat(Math.max(0, section.level - 1))}`;
		lines.push(heading + fit(section.title || '(untitled)', 80 - heading.length));
		for (const step of section.steps) lines.push(...stepLines(step, fit, whole));
	});
	return `${lines.join('\n')}\n`;
}

const idWidth = 7;
const labelWidth = 8;
// Lines stay within 80 columns: the title gets what the id and label leave.
const titleRoom = 80 - 2 - idWidth - labelWidth;

function stepLines(step: RunbookStep, fit: (text: string, room: number) => string, whole: boolean): string[] {
	const marker = `${step.longRunning ? '  (runs until stopped)' : ''}${step.terminal ? '  (in a terminal)' : ''}${step.onMachine ? `  (on ${step.onMachine.name} only)` : ''}${step.fromInlineCode ? '  (inline code)' : ''}`;
	// Whole: a runnable step is named by its commands, printed in full below, not by a title cut to fit.
	const title = whole && step.kind !== 'show' ? '' : fit(step.title, titleRoom - marker.length);
	const lines = [
		`  ${step.id.padEnd(idWidth)}${kindLabels[step.kind].padEnd(labelWidth)}${title}${marker}`.trimEnd(),
	];
	const indent = ' '.repeat(2 + idWidth + labelWidth);
	if (step.reason) lines.push(`${indent}${fit(step.reason, 80 - indent.length)}`);
	if (step.choice) lines.push(`${indent}${fit(step.choice, 80 - indent.length)}`);
	if (whole)
		for (const command of step.commands ?? [])
			command
				.split('\n')
				.forEach((line, index) => lines.push(`${indent}${index === 0 ? '$ ' : '  '}${line}`));
	let line = `${indent}asks:`;
	step.placeholders.forEach((p, index) => {
		const from = p.setIn ? ` (set in ${p.setIn.step})` : '';
		const item = `${p.secret ? `${p.name} (masked)` : p.name}${from}${index < step.placeholders.length - 1 ? ',' : ''}`;
		// Many placeholders wrap onto further lines rather than run past 80 columns.
		if (line.length + 1 + item.length > 80 && line.trim() !== 'asks:') {
			lines.push(line);
			line = `${indent}     `;
		}
		line += ` ${item}`;
	});
	if (step.placeholders.length > 0) lines.push(line);
	return lines;
}

function cut(text: string, room: number): string {
	return text.length > room ? `${text.slice(0, room - 1).trimEnd()}…` : text;
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}
