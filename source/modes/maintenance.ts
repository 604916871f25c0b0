// `pg-ops maintenance ...`: a maintenance window without the console, for a terminal or a script.
// The same record, file, audit and summary as the console's maintenance screen; backup and test show
// their plan and run through the one procedure engine (asking, or --yes without a terminal).
import type {NamedEnvironment} from '../core/config/schema.js';
import {formatAge} from '../core/duration.js';
import {
	addNote,
	blockedBy,
	cancelStep,
	currentStep,
	finishExecute,
	markItem,
	MaintenanceError,
	skipStep,
} from '../core/maintenance/record.js';
import {itemLine, stepLine} from '../core/maintenance/summary.js';
import {planTestCommand} from '../core/maintenance/test-plan.js';
import {maintenanceSteps, type MaintenanceRecord, type MaintenanceStepId} from '../core/maintenance/types.js';
import {initialPanes} from '../engine/store.js';
import {confirmationWord, formatPlanText} from '../core/procedures/format.js';
import type {Plan} from '../core/procedures/plan.js';
import {usesSudo} from '../core/privilege.js';
import {
	MaintenanceFileError,
	readOpenWindow,
	updateOpenWindow,
} from '../engine/maintenance/maintenance-file.js';
import {
	announce,
	auditWindow,
	readOnlyWindow,
	backupStepOutcome,
	beginSavedStep,
	closeNow,
	finishSavedStep,
	judgeVerify,
	startWindow,
	testStepOutcome,
	type RunReport,
} from '../engine/maintenance/maintenance-steps.js';
import {PlanError, plannerFor} from '../engine/procedures/registry.js';
import {runProcedure} from '../engine/procedures/runner.js';
import {runRefresh} from '../engine/refresh.js';
import {createRuntime, type Runtime} from '../engine/runtime.js';
import {ask, printEvent} from './run.js';
import {printErr, printOut} from '../adapters/plain-output.js';

export type MaintenanceFlags = {
	json: boolean;
	yes: boolean;
	readOnly: boolean;
	breakLock: boolean;
	trustHostKey?: string;
	title?: string;
	reason?: string;
};

export const maintenanceActions = ['start', 'status', 'run', 'skip', 'note', 'done', 'execute-done'] as const;
const runnableSteps = ['announce', 'backup', 'test', 'verify', 'close'] as const;
type RunnableStep = (typeof runnableSteps)[number];

/** A command line that can't mean anything: the CLI adds the pointer to --help. */
export class MaintenanceUsageError extends Error {}

export async function runMaintenanceCommand(
	action: string | undefined,
	words: string[],
	env: NamedEnvironment,
	flags: MaintenanceFlags,
): Promise<number> {
	try {
		return await dispatch(action, words, env, flags);
	} catch (error) {
		// The window's own state (none open, a step out of order, a broken file): one line, exit 1.
		if (error instanceof MaintenanceError || error instanceof MaintenanceFileError) {
			printErr(`pg-ops: ${error.message}\n`);
			return 1;
		}
		throw error;
	}
}

async function dispatch(
	action: string | undefined,
	words: string[],
	env: NamedEnvironment,
	flags: MaintenanceFlags,
): Promise<number> {
	const now = () => new Date().toISOString();
	// Read-only is for looking: status shows the window; nothing changes it.
	if (
		flags.readOnly &&
		action !== 'status' &&
		(maintenanceActions as readonly string[]).includes(action ?? '')
	)
		throw new MaintenanceError(readOnlyWindow(env.name));
	switch (action) {
		case 'start': {
			const title = flags.title ?? words.join(' ');
			if (!title.trim())
				throw new MaintenanceUsageError(
					'maintenance start needs a title: pg-ops maintenance start --title "upgrade PostgreSQL"',
				);
			const record = await withRuntime(env, flags, runtime => startWindow(runtime, title));
			printOut(
				`maintenance window "${record.title}" opened on ${env.name}; next: pg-ops maintenance run announce\n`,
			);
			return 0;
		}
		case 'status':
			return status(env, flags.json);
		case 'run':
			return runStep(env, words[0], flags);
		case 'skip': {
			const target = words[0];
			const reason = flags.reason ?? '';
			if (!target)
				throw new MaintenanceUsageError(
					'maintenance skip needs a step (or an Execute item) and --reason: pg-ops maintenance skip test --reason "suite is down, checked by hand"',
				);
			if (!reason.trim())
				throw new MaintenanceUsageError(
					`skipping ${target} needs --reason "why" (it is kept in the summary)`,
				);
			if ((maintenanceSteps as readonly string[]).includes(target)) {
				const record = updateOpenWindow(env.name, r =>
					skipStep(r, target as MaintenanceStepId, reason, now()),
				);
				await withRuntime(env, flags, runtime =>
					auditWindow(runtime, record, 'skip', {step: target, outcome: 'skipped', detail: reason.trim()}),
				);
				printOut(
					`${stepLine(target as MaintenanceStepId, record.steps[target as MaintenanceStepId])}\n${nextHint(record)}`,
				);
				return 0;
			}
			const record = updateOpenWindow(env.name, r => markItem(r, target, 'skipped', now(), reason));
			printOut(`${itemLine(record.execute.find(i => i.id === target)!)}\n`);
			return 0;
		}
		case 'note': {
			const text = words.join(' ').trim();
			if (!text)
				throw new MaintenanceUsageError(
					'maintenance note needs the text: pg-ops maintenance note "drain the intake queue"',
				);
			const record = updateOpenWindow(env.name, r => addNote(r, text, now()));
			const item = record.execute.at(-1)!;
			printOut(`${item.id}: ${item.title} (tick it with: pg-ops maintenance done ${item.id})\n`);
			return 0;
		}
		case 'done': {
			if (!words[0])
				throw new MaintenanceUsageError(
					'maintenance done needs an item: pg-ops maintenance done i1 (pg-ops maintenance status lists them)',
				);
			const record = updateOpenWindow(env.name, r => markItem(r, words[0]!, 'done', now()));
			printOut(`${itemLine(record.execute.find(i => i.id === words[0])!)}\n`);
			return 0;
		}
		case 'execute-done': {
			const record = updateOpenWindow(env.name, r => finishExecute(r, now()));
			await withRuntime(env, flags, runtime =>
				auditWindow(runtime, record, 'step', {
					step: 'execute',
					outcome: 'done',
					detail: record.steps.execute.output?.join('\n'),
				}),
			);
			printOut(`${stepLine('execute', record.steps.execute, record)}\n${nextHint(record)}`);
			return 0;
		}
		default:
			throw new MaintenanceUsageError(
				`maintenance needs one of: ${maintenanceActions.join(', ')}${action ? ` (not "${action}")` : ''}`,
			);
	}
}

function status(env: NamedEnvironment, json: boolean): number {
	const record = readOpenWindow(env.name);
	if (json) {
		printOut(
			`${JSON.stringify(record ? {open: true, current: currentStep(record) ?? null, window: record} : {open: false}, null, 2)}\n`,
		);
		return 0;
	}
	if (!record) {
		printOut(
			`no maintenance window is open on ${env.name} (start one: pg-ops maintenance start --title "...")\n`,
		);
		return 0;
	}
	const lines = [
		`maintenance "${record.title}" on ${record.env}, open for ${formatAge((Date.now() - Date.parse(record.startedAt)) / 1000)} (started by ${record.startedBy})`,
	];
	for (const step of maintenanceSteps) {
		lines.push(`  ${step === currentStep(record) ? '>' : ' '} ${stepLine(step, record.steps[step], record)}`);
		for (const line of step === 'execute'
			? record.execute.map(i => `      ${i.id} ${itemLine(i)}`)
			: (record.steps[step].output ?? []).slice(0, 12).map(l => `      ${l}`))
			lines.push(line);
	}
	printOut(`${lines.join('\n')}\n${nextHint(record)}`);
	return 0;
}

function nextHint(record: MaintenanceRecord): string {
	const next = currentStep(record);
	if (!next || record.closedAt) return '';
	if (next === 'execute')
		return 'next: your own steps (pg-ops run ..., pg-ops maintenance note/done), then: pg-ops maintenance execute-done\n';
	return `next: pg-ops maintenance run ${next}${record.steps[next].status === 'failed' ? ` (again), or: pg-ops maintenance skip ${next} --reason "..."` : ''}\n`;
}

async function runStep(
	env: NamedEnvironment,
	step: string | undefined,
	flags: MaintenanceFlags,
): Promise<number> {
	if (!step || !(runnableSteps as readonly string[]).includes(step)) {
		throw new MaintenanceUsageError(
			`maintenance run needs a step: ${runnableSteps.join(', ')}${step === 'execute' ? ' (execute is your own steps: note, done, execute-done)' : ''}`,
		);
	}
	const open = readOpenWindow(env.name);
	if (!open)
		throw new MaintenanceError(
			`no maintenance window is open on ${env.name} (start one: pg-ops maintenance start --title "...")`,
		);
	const blocked = blockedBy(open, step as RunnableStep);
	if (blocked) throw new MaintenanceError(`can't run ${step}: ${blocked}`);
	const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
	if ((step === 'backup' || step === 'test') && !flags.yes && !interactive) {
		throw new MaintenanceUsageError(
			`${step} needs --yes without a terminal to confirm on; refusing rather than waiting for an answer nobody can give`,
		);
	}
	return withRuntime(env, flags, async runtime => {
		switch (step as RunnableStep) {
			case 'announce': {
				const record = beginSavedStep(env.name, 'announce');
				return finished(
					await finishSavedStep(runtime, 'announce', await announce(env, record)),
					'announce',
					flags.json,
				);
			}
			case 'verify': {
				beginSavedStep(env.name, 'verify');
				const panes = initialPanes();
				await runRefresh(runtime, {
					onPane: r =>
						(panes[r.pane] = {
							id: r.pane,
							status: r.status,
							data: r.data,
							error: r.error,
							stale: false,
							configured: r.configured,
							updatedAt: Date.now(),
						}),
				});
				return finished(
					await finishSavedStep(runtime, 'verify', await judgeVerify(runtime, panes)),
					'verify',
					flags.json,
				);
			}
			case 'close': {
				const closed = await closeNow(runtime);
				if (flags.json) printOut(`${JSON.stringify(closed, null, 2)}\n`);
				else printOut(`${closed.summary!.join('\n')}\n\nsummary written to ${closed.summaryFile}\n`);
				return 0;
			}
			case 'backup':
			case 'test':
				return viaEngine(runtime, step as 'backup' | 'test', flags);
		}
	});
}

/** Backup and test: the plan shown, confirmed (or --yes), run by the one engine; the outcome kept in the step. */
async function viaEngine(
	runtime: Runtime,
	step: 'backup' | 'test',
	flags: MaintenanceFlags,
): Promise<number> {
	const env = runtime.env;
	const before = readOpenWindow(env.name)!.steps[step];
	beginSavedStep(env.name, step);
	let plan: Plan;
	try {
		const test = step === 'test' ? planTestCommand(env) : undefined;
		if (step === 'test' && !test)
			throw new PlanError(
				`no test command is configured (maintenance.test.command${env.configFile ? ` in ${env.configFile}` : ''}): skip this step with a reason, or configure one`,
			);
		plan = test ?? (await plannerFor('backup')!(runtime, {}));
	} catch (error) {
		if (!(error instanceof PlanError)) {
			updateOpenWindow(env.name, r => cancelStep(r, step, before));
			throw error;
		}
		return finished(
			await finishSavedStep(runtime, step, {
				ok: false,
				reason: step === 'test' ? error.message : `cannot plan backup: ${error.message}; nothing was run`,
			}),
			step,
			flags.json,
		);
	}
	if (!flags.json) printOut(formatPlanText(plan, runtime.readOnly, usesSudo(env)));
	let result;
	try {
		result = await runProcedure(runtime, plan, {
			breakStaleLock: flags.breakLock,
			confirm: async () => flags.yes || (await ask(confirmationWord(plan, env.protected), env.name)),
			onEvent: event => (flags.json ? undefined : printEvent(event)),
		});
	} catch (error) {
		await finishSavedStep(runtime, step, {
			ok: false,
			reason: `pg-ops stopped with an error: ${(error as Error).message}`,
		});
		throw error;
	}
	if (result.outcome === 'cancelled') {
		updateOpenWindow(env.name, r => cancelStep(r, step, before));
		printOut('cancelled: nothing was run\n');
		return 1;
	}
	const report: RunReport = {
		name: plan.procedure,
		title: plan.title,
		outcome: result.outcome,
		message: result.message,
		commands: result.steps.map(s => s.command),
		outputs: result.steps.map(s => s.output ?? ''),
		exitCodes: result.steps.map(s => s.exitCode),
		correlationId: result.correlationId,
	};
	return finished(
		await finishSavedStep(
			runtime,
			step,
			step === 'backup' ? backupStepOutcome(report) : testStepOutcome(report),
		),
		step,
		flags.json,
	);
}

function finished(record: MaintenanceRecord, step: MaintenanceStepId, json: boolean): number {
	const state = record.steps[step];
	if (json) printOut(`${JSON.stringify({step, ...state}, null, 2)}\n`);
	else {
		const output = (state.output ?? []).map(line => `  ${line}`);
		printOut(`${[stepLine(step, state, record), ...output].join('\n')}\n${nextHint(record)}`);
	}
	return state.status === 'done' ? 0 : 1;
}

async function withRuntime<T>(
	env: NamedEnvironment,
	flags: MaintenanceFlags,
	work: (runtime: Runtime) => Promise<T>,
): Promise<T> {
	const runtime = createRuntime(env, {readOnly: flags.readOnly, trustHostKey: flags.trustHostKey});
	try {
		return await work(runtime);
	} finally {
		await runtime.close();
	}
}
