// The runbook screen as lines: the sections with their steps and status marks, and the selected
// step's explanation, code and last run. Pure functions, so the screen only windows and draws.
import {terminalNote} from '../../core/runbooks/interactive.js';
import type {RunbookStep} from '../../core/runbooks/types.js';
import type {RunbookStepState, RunbookView} from '../../engine/runbooks/runbook-view.js';
import {wrap, wrapped, type Line} from '../procedures/lines.js';

export type ListLine = Line & {stepId?: string};

const marks: Record<RunbookStepState['status'], {mark: string; tone: Line['tone']; word: string}> = {
	pending: {mark: '○', tone: 'plain', word: ''},
	done: {mark: '✓', tone: 'ok', word: 'done'},
	failed: {mark: '✗', tone: 'bad', word: 'failed'},
	skipped: {mark: '↷', tone: 'dim', word: 'skipped'},
	stopped: {mark: '■', tone: 'plain', word: 'stopped'},
};

/** Every section's title and its steps, one line each; `stepId` marks the lines that can be selected. */
export function listLines(view: RunbookView, width: number): ListLine[] {
	const lines: ListLine[] = [];
	for (const section of view.runbook?.sections ?? []) {
		if (section.steps.length === 0) continue;
		lines.push({text: `${'#'.repeat(Math.max(1, section.level))} ${section.title}`, tone: 'title'});
		for (const step of section.steps) lines.push({...stepLine(step, view, width), stepId: step.id});
	}
	return lines;
}

function stepLine(step: RunbookStep, view: RunbookView, width: number): Line {
	const state = view.steps[step.id];
	if (step.kind === 'show')
		return {text: clip(`    ${step.id}  ${step.title}`, '  shown, not run', width), tone: 'dim'};
	const status = state?.status ?? 'pending';
	const active = view.active === step.id;
	const {mark, tone, word} = marks[status];
	const exit = state?.exitCode !== undefined ? `, exit ${state.exitCode}` : '';
	const note = active ? '  open' : word ? `  ${word}${exit}` : '';
	const kind = step.kind === 'sql' ? ' [sql]' : step.longRunning ? ' [follows]' : '';
	return {
		text: clip(`  ${active ? '▶' : mark} ${step.id}  ${step.title}${kind}`, note, width),
		tone: active ? 'command' : tone,
	};
}

/** The selected step: where it is, why (the prose before it), the code as written, and its last run. */
export function detailLines(view: RunbookView, step: RunbookStep, width: number): Line[] {
	const state = view.steps[step.id];
	const lines: Line[] = [];
	const language = step.language || (step.kind === 'shell' ? 'shell' : 'plain');
	lines.push(
		...wrapped(`${step.id} · ${language} · ${view.file}:${step.line} · ${step.section}`, width, 'dim'),
	);
	for (const paragraph of step.explanation) lines.push(...wrapped(paragraph, width, 'plain', '  '));
	if (step.explanation.length > 0) lines.push({text: ''});
	for (const code of (step.written ?? step.code).split('\n'))
		lines.push(...wrap(code, width - 2, '    ').map(text => ({text: `  ${text}`, tone: 'command' as const})));
	lines.push({text: ''});
	if (step.kind === 'show') {
		lines.push(
			...wrapped(`a ${language} block: shown, not run${step.reason ? `: ${step.reason}` : ''}`, width, 'dim'),
		);
		return lines;
	}
	if (step.fromInlineCode) lines.push(...wrapped('from inline code in a numbered item', width, 'dim'));
	if (step.choice) lines.push(...wrapped(step.choice, width, 'plain'));
	if (step.commands && step.written !== undefined && step.commands.join('\n') !== step.written) {
		// A transcript: what runs is only its commands.
		lines.push(...wrapped('runs:', width, 'plain'));
		for (const command of step.commands)
			lines.push(
				...wrap(command, width - 4, '      ').map(text => ({text: `  $ ${text}`, tone: 'command' as const})),
			);
	}
	if (step.placeholders.length > 0) {
		const names = [...new Map(step.placeholders.map(p => [p.name, p])).values()].map(p =>
			p.secret
				? `${p.token} (masked)`
				: view.values[p.name]
					? `${p.token} = ${view.values[p.name]}`
					: p.token,
		);
		lines.push(...wrapped(`asks for: ${names.join(', ')}`, width, 'plain', '  '));
	}
	if (step.longRunning)
		lines.push(...wrapped('runs until you stop it: its output streams as it comes', width, 'plain'));
	if (step.terminal) lines.push(...wrapped(terminalNote, width, 'plain'));
	if (step.onMachine)
		lines.push(
			...wrapped(
				`for ${step.onMachine.name} only (${step.onMachine.why}): pg-ops first checks that this host is ${step.onMachine.name}, and runs nothing elsewhere`,
				width,
				'plain',
			),
		);
	if (state && (state.runs > 0 || state.message)) {
		const status = state.status === 'pending' ? 'not run' : state.status;
		const exit = state.exitCode !== undefined ? `, exit code ${state.exitCode}` : '';
		lines.push(
			...wrapped(
				`last: ${status}${exit}${state.runs > 1 ? ` (run ${state.runs} times)` : ''}`,
				width,
				state.status === 'failed' ? 'bad' : state.status === 'done' ? 'ok' : 'plain',
			),
		);
		if (state.message) lines.push(...wrapped(state.message, width, 'plain', '  '));
		for (const output of state.output)
			lines.push(...wrapped(output, width - 2, 'dim', '  ').map(line => ({...line, text: `  ${line.text}`})));
	}
	return lines;
}

/** `text`, cut to leave room for `note` at the end of the line. */
function clip(text: string, note: string, width: number): string {
	const room = width - [...note].length;
	const chars = [...text];
	return `${chars.length > room ? `${chars.slice(0, Math.max(1, room - 1)).join('')}…` : text}${note}`;
}
