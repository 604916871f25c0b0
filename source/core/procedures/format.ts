// Plans and results as plain text, for `pg-ops run` and its tests (the console draws its own).
import {describeAction} from './describe.js';
import type {Plan} from './plan.js';

export function formatPlanText(plan: Plan, readOnly: boolean, sudo: boolean): string {
	const lines = [`${plan.title} on ${plan.env}`, ...plan.summary.map(s => `  ${s}`), '', 'Plan:'];
	plan.steps.forEach((step, i) => {
		lines.push(`  ${i + 1}. ${step.title}${step.mutates ? '' : ' (changes nothing)'}`);
		// A script of several lines (a runbook step's) keeps its lines, under the "$ ".
		lines.push(`       $ ${describeAction(step.action, plan.secrets, sudo).split('\n').join('\n         ')}`);
		for (const check of step.verify ?? []) lines.push(`       check: ${check.title}: ${describeAction(check.action, plan.secrets, sudo)}`);
		if (step.undo) lines.push(`       undo:  ${step.undo.title}: ${describeAction(step.undo.action, plan.secrets, sudo)}`);
		for (const check of step.undo?.verify ?? []) lines.push(`       undo check: ${check.title}: ${describeAction(check.action, plan.secrets, sudo)}`);
	});
	if (readOnly && plan.steps.some(s => s.mutates)) lines.push('', 'read-only mode: this plan changes the environment and will be refused');
	return lines.join('\n') + '\n';
}

export function confirmationWord(plan: Plan, protectedEnv: boolean): string {
	return protectedEnv ? plan.env : 'y';
}
