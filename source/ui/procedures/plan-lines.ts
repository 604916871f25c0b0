// The confirmation dialog's text: the plan with every step's exact command, checks and undo, and
// the warning when the data it rests on is stale. Pure: the dialog draws these lines.
import type {Confirmation, ShownPlan} from '../../engine/procedure-state.js';
import {wrapped, type Line} from './lines.js';

export function planLines(plan: ShownPlan, width: number): Line[] {
	const lines: Line[] = [...wrapped(`${plan.title} on ${plan.env}`, width, 'title')];
	for (const text of plan.summary) lines.push(...wrapped(text, width, 'plain', '  '));
	lines.push({text: ''}, {text: `What will run (${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}; nothing runs before you confirm):`, tone: 'dim'});
	plan.steps.forEach((step, i) => {
		lines.push(...wrapped(`${i + 1}. ${step.title}${step.mutates ? '' : ' (changes nothing)'}`, width, 'title', '   '));
		lines.push(...wrapped(`   $ ${step.command}`, width, 'command', '     '));
		for (const check of step.checks) lines.push(...wrapped(`   check: ${check.title}: ${check.command}`, width, 'dim', '     '));
		if (step.undo) lines.push(...wrapped(`   undo:  ${step.undo.title}: ${step.undo.command}`, width, 'dim', '     '));
		else if (step.mutates) lines.push({text: '   undo:  none (this step cannot be taken back)', tone: 'dim'});
	});
	return lines;
}

/** Shown above the plan, never scrolled away: why the data can't be trusted, and that it asks twice. */
export function staleLines(confirm: Confirmation, width: number): Line[] {
	if (confirm.stale.length === 0 && confirm.given === 0) return [];
	const lines: Line[] = [];
	if (confirm.stale.length > 0) {
		lines.push({text: '⚠ STALE DATA: this plan was made from data that may be out of date', tone: 'bad'});
		for (const reason of confirm.stale) lines.push(...wrapped(`  - ${reason}`, width, 'warn', '    '));
	} else {
		lines.push({text: '⚠ The data was stale when you first confirmed; it is fresh again now.', tone: 'warn'});
	}
	lines.push({text: confirm.given === 0 ? 'You will be asked to confirm twice.' : 'Confirmed once. Confirm AGAIN to run it on this data.', tone: 'warn'}, {text: ''});
	return lines;
}
