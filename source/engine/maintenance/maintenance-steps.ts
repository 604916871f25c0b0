// The work behind a maintenance window's steps, shared by the console (MaintenanceDesk) and
// `pg-ops maintenance` (modes/maintenance.ts): starting a window, announcing it, judging Verify,
// reading a backup's or a test's run into the step, recording procedures run as Execute items,
// and closing with the summary. Every change is saved at once (maintenance-file.ts).
import os from 'node:os';
import type {NamedEnvironment} from '../../core/config/schema.js';
import {addRunItem, beginStep, closeWindow, finishStep, MaintenanceError, openWindow, type StepOutcome} from '../../core/maintenance/record.js';
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
import {archiveWindow, readOpenWindow, saveOpenWindow, summaryDirectory, updateOpenWindow, writeSummaryFile} from './maintenance-file.js';

/** What a finished procedure run says, whether it came from the console (FinishedRun) or `pg-ops run` (ProcedureResult). */
export type RunReport = {
	name: PlanKind;
	title: string;
	outcome: string;
	message: string;
	commands: string[];
	outputs: string[];
	correlationId?: string;
};

/** "host:pid" of this process: a step it runs is known to be its own. */
export function runnerId(): string {
	return `${os.hostname()}:${process.pid}`;
}

/** Whether the pg-ops that began a step still runs (only knowable on this machine; elsewhere it is assumed to). */
export function runnerAlive(runBy: string): boolean {
	const [host, pid] = [runBy.slice(0, runBy.lastIndexOf(':')), Number(runBy.slice(runBy.lastIndexOf(':') + 1))];
	if (host !== os.hostname()) return true;
	if (pid === process.pid) return false; // this process is just starting: whatever it ran before is gone
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export async function auditWindow(runtime: Runtime, record: MaintenanceRecord, event: AuditEvent, fields: {step?: string; outcome?: string; detail?: string} = {}): Promise<void> {
	await new AuditLog(runtime, {operator: operatorName(), procedure: 'maintenance', correlationId: record.id}, {}).append({event, ...fields});
}

/** Opens a window (one per environment), saved at once and audited. */
export async function startWindow(runtime: Runtime, title: string, now = new Date()): Promise<MaintenanceRecord> {
	const env = runtime.env;
	const open = readOpenWindow(env.name);
	if (open) throw new MaintenanceError(`a maintenance window is already open on ${env.name}: "${open.title}", started ${formatUtc(open.startedAt)} by ${open.startedBy}; close it first`);
	const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 30);
	const id = `${now.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll('-', '').replaceAll(':', '')}${slug ? `-${slug}` : ''}`;
	const record = openWindow({id, env: env.name, title, startedAt: now.toISOString(), startedBy: operatorName()});
	saveOpenWindow(record);
	await auditWindow(runtime, record, 'start', {detail: record.title});
	return record;
}

/** Marks a step running in the saved window (the console and another terminal can't both run it). */
export function beginSavedStep(env: string, step: MaintenanceStepId): MaintenanceRecord {
	return updateOpenWindow(env, record => beginStep(record, step, new Date().toISOString(), runnerId()));
}

export async function finishSavedStep(runtime: Runtime, step: MaintenanceStepId, outcome: StepOutcome): Promise<MaintenanceRecord> {
	const record = updateOpenWindow(runtime.env.name, r => finishStep(r, step, outcome, new Date().toISOString()));
	await auditWindow(runtime, record, 'step', {step, outcome: outcome.ok ? 'done' : 'failed', detail: [outcome.reason, ...(outcome.output ?? [])].filter(Boolean).join('\n')});
	return record;
}

/** Announce: the start is recorded, and posted to the webhook when notify is configured (a failed post fails the step). */
export async function announce(env: NamedEnvironment, record: MaintenanceRecord): Promise<StepOutcome> {
	const when = `announced ${formatUtc(new Date().toISOString())}`;
	if (!env.notify) return {ok: true, output: [when, 'no webhook configured (notify.webhook): nothing was posted']};
	const posted = await postWebhook(env.notify, {text: `maintenance starting on ${env.name}: ${record.title} (${record.startedBy})`, env: env.name, kind: 'maintenance'});
	return posted.ok
		? {ok: true, output: [when, `posted to the webhook (HTTP ${posted.status})`]}
		: {ok: false, output: [when], reason: `not posted: ${posted.error} (run it again, or skip it with how the team was told)`};
}

/** The test command is the team's own: pg-ops can't know it only reads, so read-only mode doesn't run it. */
export function readOnlyTest(env: string): string {
	return `${env} is open read-only: the test command is the team's own and is not run read-only; skip the step with a reason, or run it without --read-only`;
}

/** Every configured health URL, asked now: its status, or why there was none. */
export async function askHealthUrls(runtime: Runtime): Promise<HealthAnswer[]> {
	const {env} = runtime;
	const timeoutMs = env.probeTimeoutSeconds * 1000;
	return Promise.all(env.services.filter(s => s.health).map(async (service): Promise<HealthAnswer> => {
		const health = service.health!;
		if (!runtime.http && health.startsWith('/')) return {service: service.name, url: health, error: 'no http.baseUrl configured'};
		// A full URL needs no http section: a client of its own, closed after the check.
		const client = runtime.http ?? new HttpClient({baseUrl: health, timeoutMs});
		const url = client.url(health);
		try {
			return {service: service.name, url: displayUrl(url), status: (await client.get(url)).status};
		} catch (error) {
			return {service: service.name, url: displayUrl(url), error: (error as Error).message.replace(/^GET \S+: /, '')};
		} finally {
			if (!runtime.http) await client.close();
		}
	}));
}

/** Verify: the panes as they are now (just refreshed) and the health URLs asked now. */
export async function judgeVerify(runtime: Runtime, panes: Record<PaneId, PaneState>, now = Date.now()): Promise<StepOutcome> {
	const health = await askHealthUrls(runtime);
	const problems = notGreen(panes, health, now);
	if (problems.length === 0) return {ok: true, output: [`every pane green${health.length > 0 ? `, ${health.length} health URL${health.length === 1 ? '' : 's'} answering` : ''}`]};
	return {ok: false, output: problems, reason: `${problems.length} thing${problems.length === 1 ? ' is' : 's are'} not green: fix them (the procedures are at hand) and run Verify again, or skip it with a reason`};
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
	const ran = run.outputs.length > 0 && (ok || /^(?:exit|exited with) \d+|^timed out/.test(run.outputs[0] ?? ''));
	if (!ran) return {ok: false, output: [run.message], exitCode: null, reason: run.message, correlationId: run.correlationId};
	const {exitCode, output} = testOutcome(ok, run.outputs[0] ?? '');
	return {ok, output, exitCode, reason: ok ? undefined : exitCode === null ? run.message : `the test command exited with ${exitCode}`, correlationId: run.correlationId};
}

/** A procedure or runbook step run while the window is open: an Execute item, so the summary lists it with its exact commands. */
export function recordRun(env: string, run: RunReport, runbook?: {file: string; stepId: string}): MaintenanceRecord | undefined {
	// A plan that could not be made ran nothing: there is nothing to record.
	if (run.commands.length === 0) return undefined;
	const open = readOpenWindow(env);
	if (!open || open.closedAt) return undefined;
	return updateOpenWindow(env, record => addRunItem(record, {
		kind: run.name === 'runbook-step' ? 'runbook-step' : 'procedure',
		title: run.title,
		commands: run.commands,
		runbook,
		status: run.outcome === 'succeeded' ? 'done' : 'failed',
		outcome: run.outcome,
	}, new Date().toISOString()).record);
}

/** Close: the end and the summary recorded, the Markdown summary written (never over another file), the webhook told, the record archived. */
export async function closeNow(runtime: Runtime): Promise<MaintenanceRecord> {
	const env = runtime.env;
	const open = beginSavedStep(env.name, 'close');
	try {
		const at = new Date().toISOString();
		const closing = closeWindow(open, {lines: []}, at);
		const lines = summaryLines(closing);
		const file = writeSummaryFile(closing, summaryMarkdown({...closing, summary: lines}), summaryDirectory(env.incidents.reviewDir));
		const output = [`summary written to ${file}`];
		if (env.notify) {
			const posted = await postWebhook(env.notify, {text: closingMessage(closing), env: env.name, kind: 'maintenance'});
			output.push(posted.ok ? `posted to the webhook (HTTP ${posted.status})` : `not posted to the webhook: ${posted.error}`);
		}
		const closed = closeWindow(open, {lines, file, output}, at);
		archiveWindow(closed);
		await auditWindow(runtime, closed, 'close', {outcome: 'closed', detail: lines.join('\n')});
		return closed;
	} catch (error) {
		await finishSavedStep(runtime, 'close', {ok: false, reason: (error as Error).message});
		throw error;
	}
}
