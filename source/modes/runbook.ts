// `pg-ops runbook FILE.md`: a team's Markdown runbook as a guided checklist. --list prints its
// sections and steps (no configuration, no connection); --dry-run prints every runnable step's
// plan with its placeholders left as named variables (connecting nowhere); otherwise the runbook
// screen opens on the environment, each step run through the procedure engine.
import type {NamedEnvironment} from '../core/config/schema.js';
import {formatPlanText} from '../core/procedures/format.js';
import {usesSudo} from '../core/privilege.js';
import {formatRunbookList} from '../core/runbooks/format.js';
import {formatRunbookListJson} from '../core/runbooks/format-json.js';
import {parseRunbook} from '../core/runbooks/parse.js';
import type {Runbook} from '../core/runbooks/types.js';
import {ConsoleEngine, type ConsoleEngineOptions} from '../engine/console-engine.js';
import {readOpenIncident} from '../engine/incident/incident-file.js';
import {readRunbookFile} from '../engine/runbooks/runbook-desk.js';
import {planRunbookStepUnfilled} from '../engine/runbooks/plan-runbook-step.js';
import {PlanError} from '../engine/procedures/options.js';
import {printOut} from '../adapters/plain-output.js';

export type RunbookFlags = {readOnly: boolean; trustHostKey?: string};

/** The runbook can't be used as given (no such file, no terminal to confirm on): one line, exit 1. */
export class RunbookCommandError extends Error {}

/** Reads and parses FILE; a file that can't be read is a one-line error naming it. */
export function loadRunbook(file: string): Runbook {
	try {
		return parseRunbook(readRunbookFile(file), file);
	} catch (error) {
		throw new RunbookCommandError((error as Error).message);
	}
}

/** --list: text (commands whole when the output is not a terminal), or --json for automation and editors. */
export function runRunbookList(file: string, {json = false}: {json?: boolean} = {}): number {
	const runbook = loadRunbook(file);
	printOut(
		json
			? formatRunbookListJson(runbook)
			: ensureNewline(formatRunbookList(runbook, {whole: process.stdout.isTTY !== true})),
	);
	return 0;
}

export function runRunbookDryRun(file: string, env: NamedEnvironment, flags: RunbookFlags): number {
	const runbook = loadRunbook(file);
	const readOnly = flags.readOnly || env.readOnly;
	const out: string[] = [
		`${runbook.title} (${file}) on ${env.name}: the plan of every step that runs; nothing was run`,
		'',
	];
	if (readOnly) out.push(`read-only: steps are shown, not run (${env.name} is open read-only)`, '');
	for (const section of runbook.sections) {
		for (const step of section.steps) {
			if (step.kind === 'show') {
				out.push(
					`${step.id}. ${step.title}: a ${step.language || 'plain'} block, shown, not run${step.reason ? ` (${step.reason})` : ''}`,
					'',
				);
				continue;
			}
			try {
				out.push(
					`${step.id}. ${formatPlanText(planRunbookStepUnfilled(env, runbook, step), readOnly, usesSudo(env))}`,
				);
			} catch (error) {
				if (!(error instanceof PlanError)) throw error;
				out.push(`${step.id}. ${step.title}: can't be planned: ${error.message}`, '');
			}
		}
	}
	printOut(ensureNewline(out.join('\n')));
	return 0;
}

/** Opens the runbook screen in the terminal; resolves when the operator quits. */
export async function runRunbookScreenCommand(
	file: string,
	env: NamedEnvironment,
	flags: RunbookFlags,
): Promise<number> {
	loadRunbook(file); // a bad file fails here, before the screen switches
	if (process.stdin.isTTY !== true || process.stdout.isTTY !== true) {
		throw new RunbookCommandError(
			`runbook ${file} runs its steps in a terminal, where each is confirmed; without one, see its steps with --list or each step's plan with --dry-run`,
		);
	}
	const engine = runbookEngine(file, env, flags);
	try {
		const {runRunbookScreen} = await import('../ui/runbooks/run-runbook.js');
		await runRunbookScreen(engine);
		return 0;
	} finally {
		await engine.dispose();
	}
}

/**
 * The engine behind the runbook screen, with the runbook open. It is not started: this screen shows
 * no panes, the runner already reads them just before and after each step (the changes recorded
 * with the step), and a console open beside it watches them; refreshing here would only probe the
 * host twice as often and record each pane change in an incident's timeline twice. What a step run
 * needs is there without it: the incident desk records every finished run in the incident open on
 * the environment from its construction (reading the file, so one opened after this screen counts).
 * The operator is told when an incident is open.
 */
export function runbookEngine(
	file: string,
	env: NamedEnvironment,
	flags: RunbookFlags,
	options: ConsoleEngineOptions = {},
): ConsoleEngine {
	const engine = new ConsoleEngine(env, {
		readOnly: flags.readOnly,
		trustHostKey: flags.trustHostKey,
		...options,
	});
	engine.runbook.open(file);
	try {
		const incident = readOpenIncident(env.name);
		if (incident)
			engine.notify(
				`incident open on ${env.name}: ${incident.severity} ${incident.title}; every step run here goes into its timeline`,
				'warning',
			);
	} catch (error) {
		engine.notify((error as Error).message, 'error');
	}
	return engine;
}

function ensureNewline(text: string): string {
	return text.endsWith('\n') ? text : `${text}\n`;
}
