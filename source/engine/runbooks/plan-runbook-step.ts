// One step of a team's Markdown runbook as a plan for the one runner: the filled command (or SQL),
// what the operator reads before confirming, and the step's masked placeholders as plan secrets.
// Every runbook step counts as changing the environment: pg-ops can't know what a team's own
// command does, so read-only mode shows the steps and the runner refuses to run them.
import type {NamedEnvironment} from '../../core/config/schema.js';
import type {Plan, ShellAction, SqlAction, Step} from '../../core/procedures/plan.js';
import {fillShellStep, fillSqlStep} from '../../core/runbooks/fill.js';
import type {Runbook, RunbookStep} from '../../core/runbooks/types.js';
import {followLimitSeconds} from '../procedures/actions.js';
import {PlanError} from '../procedures/options.js';

/** A team's command gets longer than a probe (a dump, a migration), but not forever: the lock is held meanwhile. */
export const runbookStepTimeoutSeconds = 600;

const explanationLines = 3;

export function planRunbookStep(env: NamedEnvironment, runbook: Runbook, step: RunbookStep, values: Record<string, string>): Plan {
	return buildPlan(env, runbook, step, values, p => (p.secret ? `${p.token}: given, masked, sent on standard input` : `${p.token} = ${values[p.name]}`));
}

/**
 * The plan as it will be, before any value is given (`--dry-run`): placeholders stay named in the
 * command (<run_id>, $HOURS), and the masked ones are read from standard input as they will be.
 */
export function planRunbookStepUnfilled(env: NamedEnvironment, runbook: Runbook, step: RunbookStep): Plan {
	const values = Object.fromEntries(step.placeholders.map(p => [p.name, p.style === 'variable' ? `<${p.name}>` : p.token]));
	const plan = buildPlan(env, runbook, step, values, p => `${p.token}: asked for when it runs${p.secret ? ', masked' : ''}`);
	// The stand-in values of masked placeholders never reach the command (it reads them from standard input): nothing to mask.
	return {...plan, secrets: {}};
}

function buildPlan(env: NamedEnvironment, runbook: Runbook, step: RunbookStep, values: Record<string, string>, placeholderLine: (p: RunbookStep['placeholders'][number]) => string): Plan {
	const where = `${step.file}:${step.line}`;
	if (step.kind === 'show') throw new PlanError(`${where}: step ${step.id} is a ${step.language || 'plain'} block: pg-ops shows it but does not run it`);
	const summary = [
		`${runbook.title}: ${where}, section "${step.section}", step ${step.id}`,
		...step.explanation.slice(0, explanationLines),
		...(step.explanation.length > explanationLines ? ['…'] : []),
		...step.placeholders.map(placeholderLine),
		...(step.longRunning ? [`runs until you stop it (pg-ops stops it after ${followLimitSeconds / 60} min); its output streams as it comes`] : []),
		"this step is the team's own command: pg-ops can't undo it",
	];
	const base = {procedure: 'runbook-step' as const, title: `runbook: ${step.title}`, env: env.name, summary, restsOn: [] as Plan['restsOn']};
	if (step.kind === 'sql') {
		const action: SqlAction = {kind: 'sql', statements: filling(() => fillSqlStep(step, values)).statements, transaction: true, showRows: true};
		return {...base, steps: [runbookStep(step, action)], secrets: {}};
	}
	const filled = filling(() => fillShellStep(step, values));
	const action: ShellAction = {
		kind: 'shell',
		command: filled.script,
		stdinSecrets: filled.secrets.length > 0 ? filled.secrets.map(s => s.name) : undefined,
		follow: step.longRunning || undefined,
		// A followed command gets the runner's own limit for those (followLimitSeconds).
		timeoutSeconds: step.longRunning ? undefined : runbookStepTimeoutSeconds,
	};
	return {...base, steps: [runbookStep(step, action)], secrets: Object.fromEntries(filled.secrets.map(s => [s.name, s.value]))};
}

/** A value missing or unusable (two lines, a psql command in an SQL block) means no plan: nothing runs. */
function filling<T>(fill: () => T): T {
	try {
		return fill();
	} catch (error) {
		throw new PlanError((error as Error).message);
	}
}

function runbookStep(step: RunbookStep, action: ShellAction | SqlAction): Step {
	// No undo and no checks: the runbook says what the step does, not how to prove or reverse it.
	return {id: step.id, title: step.title, mutates: true, action};
}
