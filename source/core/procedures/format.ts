// Plans and results as plain text, for `pg-ops run` and its tests (the console draws its own). A plan
// over several hosts names every host, in order; when every host gets the same steps (a rolling
// restart) the first host's are shown in full and each other host's by title and command.
import {describeAction} from './describe.js';
import {hiddenCharactersInPlan} from './hidden.js';
import {planHosts, sameOnEveryHost, stepHost, type DescribedStep} from './hosts.js';
import type {Plan} from './plan.js';

export function formatPlanText(plan: Plan, readOnly: boolean, sudo: boolean): string {
	const lines = [`${plan.title} on ${plan.env}`, ...plan.summary.map(s => `  ${s}`)];
	const hosts = planHosts(plan);
	if (hosts.length > 1) lines.push(`  hosts (${hosts.length}, in this order): ${hosts.join(', ')}`);
	lines.push('', 'Plan:');
	const described = describeSteps(plan, sudo);
	const rolling = sameOnEveryHost(described, hosts);
	described.forEach((step, i) => {
		lines.push(`  ${i + 1}. ${step.title}${step.mutates ? '' : ' (changes nothing)'}`);
		// A script of several lines (a runbook step's) keeps its lines, under the "$ ".
		lines.push(`       $ ${step.command.split('\n').join('\n         ')}`);
		if (rolling && i >= rolling.perHost) return;
		for (const check of step.checks) lines.push(`       check: ${check.title}: ${check.command}`);
		if (step.undo) lines.push(`       undo:  ${step.undo.title}: ${step.undo.command}`);
		for (const check of step.undoChecks) lines.push(`       undo check: ${check.title}: ${check.command}`);
		if (rolling && i === rolling.perHost - 1)
			lines.push(
				`       (every host below: the same ${rolling.perHost === 1 ? 'step' : 'steps'}, checks and undo, on its own host)`,
			);
	});
	if (readOnly && plan.steps.some(s => s.mutates))
		lines.push('', 'read-only mode: this plan changes the environment and will be refused');
	const hidden = hiddenCharactersInPlan(plan);
	if (hidden) lines.push('', `this plan will be refused: ${hidden.message}`);
	return lines.join('\n') + '\n';
}

function describeSteps(
	plan: Plan,
	sudo: boolean,
): Array<DescribedStep & {undoChecks: NonNullable<DescribedStep['undoChecks']>}> {
	const describe = (action: Plan['steps'][number]['action']) => describeAction(action, plan.secrets, sudo);
	return plan.steps.map(step => ({
		title: step.title,
		mutates: step.mutates,
		command: describe(step.action),
		checks: (step.verify ?? []).map(check => ({title: check.title, command: describe(check.action)})),
		undo: step.undo ? {title: step.undo.title, command: describe(step.undo.action)} : undefined,
		undoChecks: (step.undo?.verify ?? []).map(check => ({
			title: check.title,
			command: describe(check.action),
		})),
		host: stepHost(step),
	}));
}

export function confirmationWord(plan: Plan, protectedEnv: boolean): string {
	return plan.confirm?.word ?? (protectedEnv ? plan.env : 'y');
}
