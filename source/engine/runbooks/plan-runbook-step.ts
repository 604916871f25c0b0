// One step of a team's Markdown runbook as a plan for the one runner: the filled command (or SQL),
// what the operator reads before confirming, and the step's masked placeholders as plan secrets
// (masked in the plan, progress, audit and result, and in any output or database error echoing
// them). A runbook step counts as changing the environment: pg-ops can't know what a team's own
// command does, so read-only mode refuses it. The one exception is a step that only follows a log
// (core/runbooks/follow-only.ts): a read, which takes no host lock.
import {formatDuration} from '../../core/duration.js';
import type {NamedEnvironment} from '../../core/config/schema.js';
import type {Plan, ShellAction, SqlAction, Step} from '../../core/procedures/plan.js';
import {fillShellStep, fillSqlStep} from '../../core/runbooks/fill.js';
import type {Runbook, RunbookStep} from '../../core/runbooks/types.js';
import {followLimitSeconds} from '../procedures/actions.js';
import {PlanError} from '../procedures/options.js';
import {onlyFollowsALog} from '../../core/runbooks/follow-only.js';
import {terminalNote} from '../../core/runbooks/interactive.js';
import {machineGuard, machineName, machineNote} from '../../core/runbooks/machine-guard.js';

/** The step with the placeholders the operator masked when asked (ctrl+t) treated as secrets, for this run. */
export function withMasked(step: RunbookStep, masked: readonly string[]): RunbookStep {
	if (masked.length === 0) return step;
	return {
		...step,
		placeholders: step.placeholders.map(p => (masked.includes(p.name) ? {...p, secret: true} : p)),
	};
}

/** A team's command gets longer than a probe (a dump, a migration), but not forever: the lock is held meanwhile. */
export const runbookStepTimeoutSeconds = 600;

const explanationLines = 3;

/** maskSecrets leaves values this short alone (core/procedures/describe.ts): an SQL parameter that short would show as it is. */
const shortestMaskedSqlValue = 4;

export function planRunbookStep(
	env: NamedEnvironment,
	runbook: Runbook,
	step: RunbookStep,
	values: Record<string, string>,
): Plan {
	const how = step.kind === 'sql' ? 'passed as a query parameter' : 'sent on standard input';
	const plan = buildPlan(env, runbook, step, values, p =>
		p.secret ? `${p.token}: given, masked, ${how}` : `${p.token} = ${values[p.name]}`,
	);
	if (step.kind !== 'sql') return plan;
	// An SQL step's parameters are printed in its description (`-- 'value'`): its masked values are the plan's secrets, masked there and everywhere else.
	const secrets: Record<string, string> = {};
	for (const placeholder of step.placeholders.filter(p => p.secret)) {
		const value = values[placeholder.name]!;
		if (value.length < shortestMaskedSqlValue)
			throw new PlanError(
				`${step.file}:${step.line}: the masked value for ${placeholder.token} is shorter than ${shortestMaskedSqlValue} characters, too short for pg-ops to mask wherever the SQL is shown and logged; nothing was run`,
			);
		secrets[placeholder.name] = value;
	}
	return {...plan, secrets};
}

/**
 * The plan as it will be, before any value is given (`--dry-run`): placeholders stay named in the
 * command (<run_id>, $HOURS), and the masked ones are read from standard input as they will be.
 */
export function planRunbookStepUnfilled(env: NamedEnvironment, runbook: Runbook, step: RunbookStep): Plan {
	const values = Object.fromEntries(
		step.placeholders.map(p => [p.name, p.style === 'variable' ? `<${p.name}>` : p.token]),
	);
	const plan = buildPlan(
		env,
		runbook,
		step,
		values,
		p => `${p.token}: asked for when it runs${p.secret ? ', masked' : ''}`,
	);
	// The stand-ins are the placeholders' own names (a shell step reads its masked values from standard input anyway): nothing to mask.
	return {...plan, secrets: {}};
}

function buildPlan(
	env: NamedEnvironment,
	runbook: Runbook,
	step: RunbookStep,
	values: Record<string, string>,
	placeholderLine: (p: RunbookStep['placeholders'][number]) => string,
): Plan {
	const where = `${step.file}:${step.line}`;
	if (step.kind === 'show')
		throw new PlanError(
			`${where}: step ${step.id} is a ${step.language || 'plain'} block: pg-ops shows it but does not run it${step.reason ? ` (${step.reason})` : ''}`,
		);
	const summary = [
		`${runbook.title}: ${where}, section "${step.section}", step ${step.id}`,
		...step.explanation.slice(0, explanationLines),
		...(step.explanation.length > explanationLines ? ['…'] : []),
		...step.placeholders.map(placeholderLine),
		...(step.longRunning
			? [
					`runs until you stop it (pg-ops stops it after ${formatDuration(followLimitSeconds)}); its output streams as it comes`,
				]
			: []),
		...(step.terminal ? [terminalNote] : []),
		...(step.onMachine ? [machineNote(machineOf(step, values) ?? step.onMachine.name, step.onMachine)] : []),
		"this step is the team's own command: pg-ops can't undo it",
	];
	const base = {
		procedure: 'runbook-step' as const,
		title: `runbook: ${step.title}`,
		env: env.name,
		summary,
		restsOn: [] as Plan['restsOn'],
	};
	if (step.kind === 'sql') {
		const {statements} = filling(() => fillSqlStep(step, values));
		// Several statements succeed or fail together. One alone runs by itself: VACUUM and CREATE INDEX CONCURRENTLY refuse a transaction block.
		const action: SqlAction = {kind: 'sql', statements, transaction: statements.length > 1, showRows: true};
		return {...base, steps: [runbookStep(step, action)], secrets: {}};
	}
	const filled = filling(() => fillShellStep(step, values));
	// A terminal echoes what it is given: a masked value sent to one would come back in the output.
	if (step.terminal && filled.secrets.length > 0)
		throw new PlanError(
			`${where}: step ${step.id} runs in a terminal (a command in it asks for one with -t), which would echo the masked value of ${step.placeholders.find(p => p.secret)!.token} back into its output: nothing was run; run it in your own terminal`,
		);
	const machine = machineOf(step, values);
	const action: ShellAction = {
		kind: 'shell',
		command: filled.script,
		stdinSecrets: filled.secrets.length > 0 ? filled.secrets.map(s => s.name) : undefined,
		follow: step.longRunning || undefined,
		terminal: step.terminal,
		// A followed command gets the runner's own limit for those (followLimitSeconds).
		timeoutSeconds: step.longRunning ? undefined : runbookStepTimeoutSeconds,
	};
	// The machine's check is a step of its own before the command, changing nothing: where it fails, the
	// run says the system is as it was.
	const check: Step[] =
		machine === undefined
			? []
			: [
					{
						id: `${step.id}-machine`,
						title: `check that this host is ${machine}`,
						mutates: false,
						action: {kind: 'shell', command: machineGuard(machine), timeoutSeconds: machineCheckSeconds},
					},
				];
	return {
		...base,
		steps: [...check, runbookStep(step, action)],
		secrets: Object.fromEntries(filled.secrets.map(s => [s.name, s.value])),
	};
}

/** uname and hostname answer at once; a host that does not is no place to run the step. */
const machineCheckSeconds = 30;

/**
 * The machine a step is for (`ssh <node-address>` earlier), with the operator's value for a blank: a
 * host name or an address, or no plan. Before values are given (--dry-run) it stays the blank.
 */
function machineOf(step: RunbookStep, values: Record<string, string>): string | undefined {
	if (!step.onMachine) return undefined;
	const blank = step.placeholders.find(p => p.token === step.onMachine!.name);
	const value = blank ? values[blank.name] : step.onMachine.name;
	if (value === undefined || value === blank?.token) return value;
	// The guard names the machine in the script and its message: a masked value would be shown.
	if (blank?.secret)
		throw new PlanError(
			`${step.file}:${step.line}: step ${step.id} is for the machine ${blank.token}, whose value is masked: pg-ops names the machine in the step's check, so nothing was run`,
		);
	const name = machineName(value);
	if (name === undefined)
		throw new PlanError(
			`${step.file}:${step.line}: step ${step.id} is for the machine ${step.onMachine.name} (${step.onMachine.why}), and ${JSON.stringify(value)} is not a host name or an address: nothing was run`,
		);
	return name;
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
	return {id: step.id, title: step.title, mutates: !onlyFollowsALog(step), action};
}
