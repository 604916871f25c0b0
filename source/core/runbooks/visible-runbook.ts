// A runbook's words (its title, headings, step titles, the prose that explains a step) are
// hostile text from a file: made visible here (core/safe-text.ts), once, for every screen and
// printout. Its code is left exactly as written: what runs must be what the file says, so a
// command with hidden characters is refused by the runner instead (core/procedures/hidden.ts),
// and shown with them visible wherever it is shown.
import {visibleLine} from '../safe-text.js';
import type {Runbook} from './types.js';

export function visibleRunbook(runbook: Runbook): Runbook {
	return {
		...runbook,
		title: visibleLine(runbook.title),
		sections: runbook.sections.map(section => ({
			...section,
			title: visibleLine(section.title),
			explanation: section.explanation.map(visibleLine),
			steps: section.steps.map(step => ({
				...step,
				section: visibleLine(step.section),
				title: visibleLine(step.title),
				explanation: step.explanation.map(visibleLine),
				// The reason quotes the block's text ("looks like output: `…`"): words about code, shown as words.
				...(step.reason === undefined ? {} : {reason: visibleLine(step.reason)}),
			})),
		})),
	};
}
