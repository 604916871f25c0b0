// `pg-ops runbook FILE --list --json`: what pg-ops read, for automation and editors. The shape is
// documented in docs/RUNBOOKS.md and kept stable: one object, its sections in order, each step
// with the exact commands that will run (empty for a shown one) and what it asks for.
import type {Runbook, RunbookStep} from './types.js';

export type RunbookListJson = {
	title: string;
	sections: Array<{id: string; title: string; steps: StepJson[]}>;
};

type StepJson = {
	id: string;
	line: number;
	kind: 'host' | 'sql' | 'shown';
	commands: string[];
	asks: Array<{name: string; written: string; secret: boolean; setIn?: string; offered?: string}>;
	reason?: string;
	interactive?: true;
	choice?: string;
	followsUntilStopped?: true;
	terminal?: true;
	onMachine?: string;
	fromInlineCode?: true;
};

const kinds: Record<RunbookStep['kind'], StepJson['kind']> = {shell: 'host', sql: 'sql', show: 'shown'};

export function runbookListJson(runbook: Runbook): RunbookListJson {
	return {
		title: runbook.title,
		sections: runbook.sections.map((section, index) => ({
			id: String(index + 1),
			title: section.title,
			steps: section.steps.map(step => ({
				id: step.id,
				line: step.line,
				kind: kinds[step.kind],
				commands: step.kind === 'show' ? [] : (step.commands ?? [step.code]),
				asks: step.placeholders.map(p => ({
					name: p.name,
					written: p.token,
					secret: p.secret,
					...(p.setIn ? {setIn: p.setIn.step} : {}),
					...(p.setIn?.value !== undefined ? {offered: p.setIn.value} : {}),
				})),
				...(step.reason ? {reason: step.reason} : {}),
				...(step.interactive ? {interactive: true as const} : {}),
				...(step.choice ? {choice: step.choice} : {}),
				...(step.longRunning ? {followsUntilStopped: true as const} : {}),
				...(step.terminal ? {terminal: true as const} : {}),
				...(step.onMachine ? {onMachine: step.onMachine.name} : {}),
				...(step.fromInlineCode ? {fromInlineCode: true as const} : {}),
			})),
		})),
	};
}

export function formatRunbookListJson(runbook: Runbook): string {
	return `${JSON.stringify(runbookListJson(runbook), null, 2)}\n`;
}
