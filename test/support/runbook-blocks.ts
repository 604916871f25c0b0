// Runbook reading tests' shorthands: a file's steps, one fenced block's steps (under a heading, after
// some prose), and what a step asks for.
import {parseRunbook} from '../../source/core/runbooks/parse.js';
import type {RunbookStep} from '../../source/core/runbooks/types.js';

export const stepsOf = (markdown: string): RunbookStep[] =>
	parseRunbook(markdown, 'notes.md').sections.flatMap(section => section.steps);

export const blockSteps = (language: string, body: string, prose = '', heading = 'Notes'): RunbookStep[] =>
	stepsOf(`# ${heading}\n\n${prose ? `${prose}\n\n` : ''}\`\`\`${language}\n${body}\n\`\`\`\n`);

export const kindsAndCommands = (found: RunbookStep[]) => found.map(step => [step.kind, step.commands]);

export const askedNames = (step: RunbookStep): string[] =>
	step.placeholders.map(placeholder => placeholder.name);
