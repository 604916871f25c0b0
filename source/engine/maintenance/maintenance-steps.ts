// The work behind a maintenance window's steps, shared by the console (MaintenanceDesk) and
// `pg-ops maintenance` (modes/maintenance.ts): starting a window, announcing it, judging Verify,
// reading a backup's or a test's run into the step, recording procedures run as Execute items,
// and closing with the summary. Every change is saved at once (maintenance-file.ts).
import {randomBytes} from 'node:crypto';
import {readFileSync, readlinkSync, realpathSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {NamedEnvironment} from '../../core/config/schema.js';
import {
	addRunItem,
	beginStep,
	closeWindow,
	finishStep,
	MaintenanceError,
	openWindow,
	type StepOutcome,
} from '../../core/maintenance/record.js';
import {closingMessage, formatUtc, summaryLines, summaryMarkdown} from '../../core/maintenance/summary.js';
import {testOutcome} from '../../core/maintenance/test-plan.js';
import type {MaintenanceRecord, MaintenanceStepId} from '../../core/maintenance/types.js';
import {notGreen, type HealthAnswer} from '../../core/maintenance/verify.js';
import type {PaneId, PaneState} from '../../core/panes.js';
import type {PlanKind} from '../../core/procedures/plan.js';
import {displayUrl, HttpClient} from '../../adapters/http-client.js';
import {postWebhook} from '../../adapters/webhook.js';
import {AuditLog, operatorName, type AuditEvent} from '../audit.js';
import type {Runtime} from '../runtime.js';
import {
	archiveWindow,
	readOpenWindow,
	saveClosedWindow,
	saveOpenWindow,
	summaryDirectory,
	titleSlug,
	updateOpenWindow,
	writeSummaryFile,
} from './maintenance-file.js';

/** What a finished procedure run says, whether it came from the console (FinishedRun) or `pg-ops run` (ProcedureResult). */
export type RunReport = {
	name: PlanKind;
	title: string;
	outcome: string;
	message: string;
	commands: string[];
	outputs: string[];
	/** Per step: the command's own exit code when it ended by itself (FinishedRun.exitCodes, StepRecord.exitCode). */
	exitCodes?: Array<number | undefined>;
	correlationId?: string;
};

/** "host:pid" of this process: a step it runs is known to be its own. */
export function runnerId(): string {
	return `${os.hostname()}:${process.pid}`;
}

/**
 * Whether the pg-ops that began a step still runs (only knowable on this machine; elsewhere it is
 * assumed to). A live pid that is not a pg-ops process is the pid reused after pg-ops was killed.
 */
export function runnerAlive(runBy: string, isPgOps: (pid: number) => boolean = isPgOpsProcess): boolean {
	const [host, pid] = [
		runBy.slice(0, runBy.lastIndexOf(':')),
		Number(runBy.slice(runBy.lastIndexOf(':') + 1)),
	];
	if (host !== os.hostname()) return true;
	if (pid === process.pid) return false; // this process is just starting: whatever it ran before is gone
	try {
		process.kill(pid, 0);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
	}
	return isPgOps(pid);
}

/**
 * Whether the process runs pg-ops, from its command line (/proc/PID/cmdline): an argument that is
 * the pg-ops command, a path through an installed pg-ops package, or the same entry script as this
 * process (a checkout run as `node dist/cli.js`). Where there is no /proc (macOS) or it can't be read,
 * it is assumed to be pg-ops: a step is never taken from a process that may still run it.
 */
export function isPgOpsProcess(pid: number, entry = process.argv[1]): boolean {
	let args: string[];
	try {
		args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
	} catch {
		return true;
	}
	if (args.length === 0) return false; // a zombie or a kernel thread
	let cwd: string | undefined;
	try {
		cwd = readlinkSync(`/proc/${pid}/cwd`);
	} catch {
		// Another user's process: only absolute arguments can be compared.
	}
	const real = (file: string) => {
		try {
			return realpathSync(file);
		} catch {
			return file;
		}
	};
	const ownEntry = entry ? real(entry) : undefined;
	return args.some(arg => {
		if (path.basename(arg) === 'pg-ops' || /(?:^|[/\\])pg-ops[/\\]dist[/\\]/.test(arg)) return true;
		if (!ownEntry || (!path.isAbsolute(arg) && !cwd)) return false;
		return real(path.resolve(cwd ?? '/', arg)) === ownEntry;
	});
}

/** Read-only is for looking: the window can be shown, not changed (nothing started, ticked, skipped, run or closed). */
export function readOnlyWindow(env: string): string {
	return `${env} is open read-only: the maintenance window can be looked at, not changed; run pg-ops without --read-only to work it`;
}

export async function auditWindow(
	runtime: Runtime,
	record: MaintenanceRecord,
	event: AuditEvent,
	fields: {step?: string; outcome?: string; detail?: string} = {},
): Promise<void> {
	await new AuditLog(
		runtime,
		{operator: operatorName(), procedure: 'maintenance', correlationId: record.id},
		{},
	).append({event, ...fields});
}

/** Opens a window (one per environment), saved at once and audited. */
export async function startWindow(
	runtime: Runtime,
	title: string,
	now = new Date(),
): Promise<MaintenanceRecord> {
	const env = runtime.env;
	const open = readOpenWindow(env.name);
	if (open)
		throw new MaintenanceError(
			`a maintenance window is already open on ${env.name}: "${open.title}", started ${formatUtc(open.startedAt)} by ${open.startedBy}; close it first`,
		);
	if (runtime.readOnly) throw new MaintenanceError(readOnlyWindow(env.name));
	const slug = titleSlug(title, 30);
	// The random part: two windows with the same title closed in the same second keep their own closed/<id>.json.
	const id = `${now
		.toISOString()
		.replace(/\.\d+Z$/, 'Z')
		.replaceAll('-', '')
		.replaceAll(':', '')}-${randomBytes(3).toString('hex')}${slug ? `-${slug}` : ''}`;
	const record = openWindow({
		id,
		env: env.name,
		title,
		startedAt: now.toISOString(),
		startedBy: operatorName(),
	});
	saveOpenWindow(record);
	await auditWindow(runtime, record, 'start', {detail: record.title});
	return record;
}

/** Marks a step running in the saved window (the console and another terminal can't both run it). */
export function beginSavedStep(env: string, step: MaintenanceStepId): MaintenanceRecord {
	return updateOpenWindow(env, record => beginStep(record, step, new Date().toISOString(), runnerId()));
}

export async function finishSavedStep(
	runtime: Runtime,
	step: MaintenanceStepId,
	outcome: StepOutcome,
): Promise<MaintenanceRecord> {
	const record = updateOpenWindow(runtime.env.name, r =>
		finishStep(r, step, outcome, new Date().toISOString()),
	);
	await auditWindow(runtime, record, 'step', {
		step,
		outcome: outcome.ok ? 'done' : 'failed',
		detail: [outcome.reason, ...(outcome.output ?? [])].filter(Boolean).join('\n'),
	});
	return record;
}

/** Announce: the start is recorded, and posted to the webhook when notify is configured (a failed post fails the step). */
export async function announce(env: NamedEnvironment, record: MaintenanceRecord): Promise<StepOutcome> {
	const when = `announced ${formatUtc(new Date().toISOString())}`;
	if (!env.notify)
		return {ok: true, output: [when, 'no webhook configured (notify.webhook): nothing was posted']};
	const posted = await postWebhook(env.notify, {
		text: `maintenance starting on ${env.name}: ${record.title} (${record.startedBy})`,
		env: env.name,
		kind: 'maintenance',
	});
	return posted.ok
		? {ok: true, output: [when, `posted to the webhook (HTTP ${posted.status})`]}
		: {
				ok: false,
				output: [when],
				reason: `not posted: ${posted.error} (run it again, or skip it with how the team was told)`,
			};
}

/** Every configured health URL, asked now: its status, or why there was none. */
export async function askHealthUrls(runtime: Runtime): Promise<HealthAnswer[]> {
	const {env} = runtime;
	const timeoutMs = env.probeTimeoutSeconds * 1000;
	return Promise.all(
		env.services
			.filter(s => s.health)
			.map(async (service): Promise<HealthAnswer> => {
				const health = service.health!;
				if (!runtime.http && health.startsWith('/'))
					return {service: service.name, url: health, error: 'no http.baseUrl configured'};
				// A full URL needs no http section: a client of its own, closed after the check.
				const client = runtime.http ?? new HttpClient({baseUrl: health, timeoutMs});
				const url = client.url(health);
				try {
					return {service: service.name, url: displayUrl(url), status: (await client.get(url)).status};
				} catch (error) {
					return {
						service: service.name,
						url: displayUrl(url),
						error: (error as Error).message.replace(/^GET \S+: /, ''),
					};
				} finally {
					if (!runtime.http) await client.close();
				}
			}),
	);
}

/** Verify: the panes as they are now (just refreshed) and the health URLs asked now. */
export async function judgeVerify(
	runtime: Runtime,
	panes: Record<PaneId, PaneState>,
	now = Date.now(),
): Promise<StepOutcome> {
	const health = await askHealthUrls(runtime);
	const problems = notGreen(panes, health, now);
	if (problems.length === 0)
		return {
			ok: true,
			output: [
				`every pane green${health.length > 0 ? `, ${health.length} health URL${health.length === 1 ? '' : 's'} answering` : ''}`,
			],
		};
	return {
		ok: false,
		output: problems,
		reason: `${problems.length} thing${problems.length === 1 ? ' is' : 's are'} not green: fix them (the procedures are at hand) and run Verify again, or skip it with a reason`,
	};
}

/** A backup's run, as the Backup step keeps it: the file and its checks, or why it failed. */
export function backupStepOutcome(run: RunReport): StepOutcome {
	const ok = run.outcome === 'succeeded';
	// The dump step prints "FILE: N bytes"; the message says it was verified, or why not.
	const output = [...run.outputs.map(o => o.trim()).filter(Boolean), run.message];
	return {ok, output, reason: ok ? undefined : run.message, correlationId: run.correlationId};
}

/** The test command's run: output and exit code kept; a non-zero exit fails the step. */
export function testStepOutcome(run: RunReport): StepOutcome {
	const ok = run.outcome === 'succeeded';
	const stepOutput = run.outputs[0] ?? '';
	const ownExit = run.exitCodes?.[0];
	// Nothing ran (refused, cancelled, the lock held): no exit code, no output; the run's message says why.
	if (!ok && ownExit === undefined && !stepOutput.trim())
		return {
			ok: false,
			output: [run.message],
			exitCode: null,
			reason: run.message,
			correlationId: run.correlationId,
		};
	const {exitCode, output} = testOutcome(ok, stepOutput, ownExit);
	return {
		ok,
		output,
		exitCode,
		reason: ok ? undefined : exitCode === null ? run.message : `the test command exited with ${exitCode}`,
		correlationId: run.correlationId,
	};
}

/** A procedure or runbook step run while the window is open: an Execute item, so the summary lists it with its exact commands. */
export function recordRun(
	env: string,
	run: RunReport,
	runbook?: {file: string; stepId: string},
): MaintenanceRecord | undefined {
	// A plan that could not be made ran nothing: there is nothing to record.
	if (run.commands.length === 0) return undefined;
	const open = readOpenWindow(env);
	if (!open || open.closedAt) return undefined;
	return updateOpenWindow(
		env,
		record =>
			addRunItem(
				record,
				{
					kind: run.name === 'runbook-step' ? 'runbook-step' : 'procedure',
					title: run.title,
					commands: run.commands,
					runbook,
					status: run.outcome === 'succeeded' ? 'done' : 'failed',
					outcome: run.outcome,
				},
				new Date().toISOString(),
			).record,
	);
}

/**
 * Close: the end and the summary recorded, the Markdown summary written (never over another file),
 * the record archived, then the webhook told. Archived before posting: a pg-ops killed while the post
 * waits leaves a closed window, not an open one whose retry would summarise and post a second time.
 * The post's outcome is added to the archived record afterwards.
 */
export async function closeNow(runtime: Runtime): Promise<MaintenanceRecord> {
	const env = runtime.env;
	if (runtime.readOnly) throw new MaintenanceError(readOnlyWindow(env.name));
	const open = beginSavedStep(env.name, 'close');
	let closed: MaintenanceRecord;
	try {
		const at = new Date().toISOString();
		const closing = closeWindow(open, {lines: []}, at);
		const lines = summaryLines(closing);
		const file = writeSummaryFile(
			closing,
			summaryMarkdown({...closing, summary: lines}),
			summaryDirectory(env.incidents.reviewDir, env.configFile),
		);
		closed = closeWindow(open, {lines, file, output: [`summary written to ${file}`]}, at);
		archiveWindow(closed);
	} catch (error) {
		await finishSavedStep(runtime, 'close', {ok: false, reason: (error as Error).message});
		throw error;
	}
	await auditWindow(runtime, closed, 'close', {outcome: 'closed', detail: closed.summary!.join('\n')});
	if (!env.notify) return closed;
	const posted = await postWebhook(env.notify, {
		text: closingMessage(closed),
		env: env.name,
		kind: 'maintenance',
	});
	const told = posted.ok
		? `posted to the webhook (HTTP ${posted.status})`
		: `not posted to the webhook: ${posted.error}`;
	const withPost = {
		...closed,
		steps: {
			...closed.steps,
			close: {...closed.steps.close, output: [...(closed.steps.close.output ?? []), told]},
		},
	};
	saveClosedWindow(withPost);
	return withPost;
}
