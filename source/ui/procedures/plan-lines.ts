// The confirmation dialog's text: the plan with every step's exact command, checks and undo, and
// the warning when the data it rests on is stale. A plan that does the same on many hosts (a
// rolling restart over 100) shows the first host's steps in full and the next host's commands,
// then names every host in order, wrapped: what will run comes first at 80x24, the list scrolls.
// Pure: the dialog draws these lines.
import {sameOnEveryHost} from '../../core/procedures/hosts.js';
import type {Confirmation, ShownPlan, ShownStep} from '../../engine/procedure-state.js';
import {wrapped, type Line} from './lines.js';

export function planLines(plan: ShownPlan, width: number): Line[] {
	const lines: Line[] = [...wrapped(`${plan.title} on ${plan.env}`, width, 'title')];
	for (const text of plan.summary) lines.push(...wrapped(text, width, 'plain', '  '));
	const rolling = sameOnEveryHost(plan.steps, plan.hosts);
	const count = `${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}${rolling ? `, ${rolling.perHost === 1 ? 'one' : rolling.perHost} per host` : ''}`;
	// A fleet's plan needs every row it can get at 80x24: no blank line there.
	if (plan.hosts.length <= 1) lines.push({text: ''});
	lines.push({text: `What will run (${count}; nothing runs before you confirm):`, tone: 'dim'});
	if (!rolling) {
		plan.steps.forEach((step, i) => lines.push(...stepPlanLines(step, i, width)));
	} else {
		// Every host gets the same steps: the first host's in full, the next host's commands, then the count.
		plan.steps.slice(0, rolling.perHost).forEach((step, i) => lines.push(...stepPlanLines(step, i, width)));
		const next = plan.steps.slice(rolling.perHost, 2 * rolling.perHost);
		for (const [i, step] of next.entries())
			lines.push(
				...wrapped(`${rolling.perHost + i + 1}. ${step.title}: $ ${step.command}`, width, 'command', '     '),
			);
		const rest = plan.hosts.length - 2;
		if (rest > 0)
			lines.push(
				...wrapped(
					`… then the same on each of the other ${rest} host${rest === 1 ? '' : 's'}, in the order below`,
					width,
					'dim',
					'  ',
				),
			);
	}
	if (plan.hosts.length > 1) lines.push(...wrapped(hostsInOrder(plan.hosts), width, 'plain', '  '));
	return lines;
}

/** "hosts (100, in this order): app-001 app-002 ... app-100": every host by name, as the plan runs them (the dialog wraps and scrolls). */
export function hostsInOrder(hosts: string[]): string {
	return `hosts (${hosts.length}, in this order): ${hosts.join(' ')}`;
}

function stepPlanLines(step: ShownStep, i: number, width: number): Line[] {
	const lines: Line[] = [
		...wrapped(`${i + 1}. ${step.title}${step.mutates ? '' : ' (changes nothing)'}`, width, 'title', '   '),
	];
	lines.push(...wrapped(`   $ ${step.command}`, width, 'command', '     '));
	for (const check of step.checks)
		lines.push(...wrapped(`   check: ${check.title}: ${check.command}`, width, 'dim', '     '));
	if (step.undo)
		lines.push(...wrapped(`   undo:  ${step.undo.title}: ${step.undo.command}`, width, 'dim', '     '));
	else if (step.mutates) lines.push({text: '   undo:  none (this step cannot be taken back)', tone: 'dim'});
	return lines;
}

/** Shown above the plan, never scrolled away: what changed under the lock, why the data can't be trusted, and that it asks twice. */
export function staleLines(confirm: Confirmation, width: number): Line[] {
	const lines: Line[] = [];
	if (confirm.changed?.length) {
		lines.push({
			text: '⚠ CHANGED: someone acted since you read the plan; this is the plan made again now:',
			tone: 'bad',
		});
		for (const change of confirm.changed) lines.push(...wrapped(`  - ${change}`, width, 'warn', '    '));
		lines.push({text: ''});
	}
	if (confirm.stale.length === 0 && confirm.given === 0) return lines;
	if (confirm.stale.length > 0) {
		lines.push({text: '⚠ STALE DATA: this plan was made from data that may be out of date', tone: 'bad'});
		for (const reason of confirm.stale) lines.push(...wrapped(`  - ${reason}`, width, 'warn', '    '));
	} else {
		lines.push({text: '⚠ The data was stale when you first confirmed; it is fresh again now.', tone: 'warn'});
	}
	lines.push(
		{
			text:
				confirm.given === 0
					? 'You will be asked to confirm twice.'
					: 'Confirmed once. Confirm AGAIN to run it on this data.',
			tone: 'warn',
		},
		{text: ''},
	);
	return lines;
}
