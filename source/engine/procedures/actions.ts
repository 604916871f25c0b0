// Executes one action of a plan against the environment: shell on the host (on a fleet, the host the
// action names), SQL, HTTP to the service, a repeated check, or a command on this machine. Output comes back masked. A `follow`
// shell action (journalctl -f) streams its output as it comes and runs until it is stopped.
import {spawn} from 'node:child_process';
import {sudoWantsPassword, privileged, usesSudo} from '../../core/privilege.js';
import {maskSecrets} from '../../core/procedures/describe.js';
import type {
	Action,
	HttpAction,
	Plan,
	ShellAction,
	SqlAction,
	UntilAction,
} from '../../core/procedures/plan.js';
import {SudoPasswordError} from '../../adapters/ssh/errors.js';
import {DatabaseError} from '../../adapters/database.js';
import {batchPrelude} from '../refresh.js';
import type {Host} from '../../adapters/host.js';
import {unknownHost, type Runtime} from '../runtime.js';
import {appendTail, LineAssembler} from '../../core/output-tail.js';
import {OutputBuffer} from '../../adapters/output-buffer.js';
import {formatDuration} from '../../core/duration.js';
import {formatSqlRows} from '../../core/format/sql-rows.js';
import {stateFromStatus} from '../../core/services/status-rules.js';
import {withoutSequences} from '../../core/safe-text.js';
import {withRefusalsExplained} from '../../core/services/refusals.js';
import {askCheck} from '../probes/checks.js';

/** Why a followed command ended without ending by itself: the operator stopped it, or it reached its limit. */
export type StopCause = 'operator' | 'limit';

/**
 * `exitCode`: the command's own exit code when it ended by itself (shell and local commands; none
 * for a timeout, a signal, SQL or HTTP). `stopped`: a followed command that was stopped, and by whom.
 * Carried as fields so nobody has to read them back out of the output text.
 */
export type ActionOutcome = {
	ok: boolean;
	output: string;
	rows?: Array<Record<string, unknown>>;
	exitCode?: number;
	stopped?: StopCause;
	/** A check that says it can never pass by waiting (giveUpOn): an `until` ends with it at once. */
	final?: boolean;
	/** A failure PostgreSQL rolled back itself (the server refused the statement or the transaction): it changed nothing. */
	rolledBack?: boolean;
};

/** For a follow step: where its output goes as it arrives (masked, whole lines), and what stops it. */
export type FollowContext = {signal?: AbortSignal; onOutput?(text: string): void};

/** How long a followed command may run when its step sets no limit: the host lock is held meanwhile. */
export const followLimitSeconds = 30 * 60;

export async function executeAction(
	runtime: Runtime,
	action: Action,
	secrets: Plan['secrets'],
	follow?: FollowContext,
): Promise<ActionOutcome> {
	try {
		const outcome =
			action.kind === 'shell' && action.follow
				? await followShell(runtime, action, secrets, follow ?? {})
				: await execute(runtime, action, secrets);
		return {...outcome, output: maskSecrets(outcome.output, secrets)};
	} catch (error) {
		return {ok: false, output: maskSecrets((error as Error).message, secrets)};
	}
}

async function execute(runtime: Runtime, action: Action, secrets: Plan['secrets']): Promise<ActionOutcome> {
	switch (action.kind) {
		case 'shell':
			return shell(runtime, action, secrets);
		case 'sql':
			return sql(runtime, action);
		case 'http':
			return http(runtime, action, secrets);
		case 'until':
			return until(runtime, action, secrets);
		case 'local':
			return local(action.command, action.stdinSecret ? secrets[action.stdinSecret] : undefined);
		case 'check':
			return check(runtime, action.name, action.host);
	}
}

/**
 * Asks the check every intervalMs until it passes, then (holdSeconds) until it has gone on passing
 * that long: a failure in between starts over, and so does a new output where the output names the
 * process (it was restarted meanwhile). A final answer (giveUpOn) ends it at once.
 */
async function until(
	runtime: Runtime,
	action: UntilAction,
	secrets: Plan['secrets'],
): Promise<ActionOutcome> {
	if (action.check.kind === 'shell') hostFor(runtime, action.check); // an unknown host fails now, not after the timeout
	const holdMs = (action.holdSeconds ?? 0) * 1000;
	const began = Date.now();
	const deadline = began + action.timeoutSeconds * 1000;
	const namesProcess = action.check.kind === 'shell' && action.check.namesProcess === true;
	let held: {since: number; output: string} | undefined;
	let restarts = 0;
	let last: ActionOutcome;
	for (;;) {
		last = await executeAction(runtime, action.check, secrets);
		const now = Date.now();
		if (last.final)
			return {
				...last,
				output: `${last.output}; stopped waiting after ${Math.round((now - began) / 1000)}s of ${action.timeoutSeconds}s`,
			};
		if (!last.ok) held = undefined;
		else if (!held || (namesProcess && last.output !== held.output)) {
			if (held) restarts++;
			held = {since: now, output: last.output};
		}
		if (held && now - held.since >= holdMs)
			return restarts > 0
				? {...last, output: `${last.output}\n(its process changed ${restarts} time(s) before it held)`}
				: last;
		// A hold begun in time may finish past the deadline: the deadline is for passing at all.
		if (now >= deadline && !held) break;
		if (held && now >= deadline + holdMs) break;
		await new Promise(resolve => setTimeout(resolve, action.intervalMs));
	}
	return {
		ok: false,
		output: held
			? `did not stay up for ${action.holdSeconds}s within ${action.timeoutSeconds + (action.holdSeconds ?? 0)}s: ${last.output}`
			: `not within ${action.timeoutSeconds}s: ${last.output}`,
	};
}

/** A configured check asked now (on the runtime's host for a command check): ok when every reading is. */
async function check(runtime: Runtime, name: string, host: string | undefined): Promise<ActionOutcome> {
	const config = runtime.env.checks.find(c => c.name === name);
	if (!config) return {ok: false, output: `no check named ${name} in the configuration`};
	const items = await askCheck(runtime, config, host);
	const output = items
		.map(item => `${item.name}${item.series ?? ''}: ${item.level}: ${item.message}`)
		.join('\n');
	return {ok: items.every(item => item.level === 'ok'), output};
}

/** Where a shell action runs: the host it names, else the runtime's host. */
function hostFor(runtime: Runtime, action: ShellAction): Host {
	if (action.host === undefined) return runtime.host;
	const host = runtime.hostNamed(action.host);
	if (!host) throw new Error(unknownHost(runtime, action.host, `for "${action.command}"`));
	return host;
}

function hostCommand(runtime: Runtime, action: ShellAction): string {
	const command = action.privileged ? privileged(action.command, usesSudo(runtime.env)) : action.command;
	return `${batchPrelude(runtime.env)}${command}`;
}

/** What the command reads on standard input: the named secrets one per line (a runbook step's placeholders), or the one stdinSecret as it is. */
function stdinOf(action: ShellAction, secrets: Plan['secrets']): string | undefined {
	const value = (name: string) => {
		const secret = secrets[name];
		if (secret === undefined) throw new Error(`the plan has no secret named ${name} for "${action.command}"`);
		return secret;
	};
	if (action.stdinSecrets?.length) return action.stdinSecrets.map(name => `${value(name)}\n`).join('');
	// As the plan shows it (`<<< $name`): one line, newline-terminated, so `read -r` in the command succeeds.
	return action.stdinSecret ? `${value(action.stdinSecret)}\n` : undefined;
}

async function shell(
	runtime: Runtime,
	action: ShellAction,
	secrets: Plan['secrets'],
): Promise<ActionOutcome> {
	const host = hostFor(runtime, action);
	const result = await host.exec(hostCommand(runtime, action), {
		timeoutMs: (action.timeoutSeconds ?? 60) * 1000,
		stdin: stdinOf(action, secrets),
		terminal: action.terminal,
	});
	const output = withRefusalsExplained(
		withoutSequences(`${result.stdout}${result.stderr}`, action.dropSequences).trim(),
		action.refusals,
	);
	if (result.exitCode !== 0 && sudoWantsPassword(output))
		throw new SudoPasswordError(host.label, action.command);
	if (result.timedOut)
		return {
			ok: false,
			output: `timed out after ${action.timeoutSeconds ?? 60}s${output ? `: ${output}` : ''}`,
		};
	if (action.expectState) {
		const {state} = stateFromStatus(action.expectState.rules, result.exitCode ?? undefined, output);
		const ok = state === action.expectState.state;
		const said = `reads as ${state} (exit ${result.exitCode ?? result.signal})`;
		return {
			ok,
			output: ok ? output : `expected ${action.expectState.state}, ${said}${output ? `: ${output}` : ''}`,
			exitCode: result.exitCode ?? undefined,
		};
	}
	// Whatever the exit code (is-active says failed with 3): a line saying waiting is pointless.
	const gaveUp =
		action.giveUpOn && output.split('\n').find(line => action.giveUpOn!.lines.includes(line.trim()));
	if (gaveUp !== undefined)
		return {
			ok: false,
			output: `${gaveUp.trim()}: ${action.giveUpOn!.reason}`,
			exitCode: result.exitCode ?? undefined,
			final: true,
		};
	if (result.exitCode !== 0)
		return {
			ok: false,
			output: `exit ${result.exitCode ?? result.signal}${output ? `: ${output}` : ''}`,
			exitCode: result.exitCode ?? undefined,
		};
	// A whole line must say it: "inactive" is not "active".
	if (
		action.expectOutput !== undefined &&
		!output.split('\n').some(line => line.trim() === action.expectOutput)
	)
		return {
			ok: false,
			output: `expected "${action.expectOutput}", got: ${output || '(nothing)'}`,
			exitCode: 0,
		};
	return {ok: true, output, exitCode: 0};
}

/**
 * A long-running command: its output goes to `onOutput` line by line as it comes (masked: a
 * secret can't straddle two events that way), only the last lines are kept, and a stop by the
 * operator (or reaching the limit) ends it as a success. Ending by itself is judged by its exit code.
 */
async function followShell(
	runtime: Runtime,
	action: ShellAction,
	secrets: Plan['secrets'],
	{signal, onOutput}: FollowContext,
): Promise<ActionOutcome> {
	let tail = '';
	// Whole lines, none longer than a bound: a command printing without newlines can't grow a line for ever.
	const lines = new LineAssembler();
	const emit = (lines: string) => {
		if (!lines) return;
		tail = appendTail(tail, lines);
		onOutput?.(maskSecrets(lines, secrets));
	};
	const limitSeconds = action.timeoutSeconds ?? followLimitSeconds;
	const host = hostFor(runtime, action);
	const result = await host.exec(hostCommand(runtime, action), {
		timeoutMs: limitSeconds * 1000,
		stdin: stdinOf(action, secrets),
		terminal: action.terminal,
		signal,
		// Whole lines first: a sequence split between two pieces of output is whole again.
		onOutput: text => emit(withoutSequences(lines.push(text), action.dropSequences)),
	});
	emit(withoutSequences(lines.end(), action.dropSequences));
	const output = withRefusalsExplained(tail.trimEnd(), action.refusals);
	const after = (stopped: StopCause, note: string): ActionOutcome => ({
		ok: true,
		output: output ? `${output}\n${note}` : note,
		stopped,
	});
	if (result.stopped)
		return after('operator', `stopped by the operator after ${formatSeconds(result.durationMs)}`);
	if (result.timedOut)
		return after(
			'limit',
			`stopped by pg-ops after ${formatSeconds(result.durationMs)}, the limit for a followed command`,
		);
	if (result.exitCode !== 0 && sudoWantsPassword(output))
		throw new SudoPasswordError(host.label, action.command);
	if (result.exitCode !== 0)
		return {
			ok: false,
			output: `exit ${result.exitCode ?? result.signal}${output ? `: ${output}` : ''}`,
			exitCode: result.exitCode ?? undefined,
		};
	return {ok: true, output, exitCode: 0};
}

// The one duration format of every screen: "12s", "2m5s".
const formatSeconds = (ms: number): string => formatDuration(ms / 1000);

async function sql(runtime: Runtime, action: SqlAction): Promise<ActionOutcome> {
	if (!runtime.database) throw new Error('no database section in the configuration');
	let results: Array<Array<Record<string, unknown>>>;
	try {
		results = action.transaction
			? await inTransaction(runtime, action)
			: await Promise.all(action.statements.map(s => runtime.database!.query(s.sql, s.params)));
	} catch (error) {
		// One statement, or one transaction, that the server refused left nothing behind.
		const atomic = action.transaction || action.statements.length === 1;
		if (atomic && error instanceof DatabaseError && error.refusedByServer)
			return {ok: false, output: error.message, rolledBack: true};
		throw error;
	}
	const rows = results.at(-1) ?? [];
	// The rows a check returned are what differs (tables with the wrong counts, ids still stuck): show them.
	if (action.expectRows !== undefined && rows.length !== action.expectRows)
		return {
			ok: false,
			output: `expected ${action.expectRows} rows, got ${rows.length}${
				rows.length
					? `: ${rows
							.slice(0, 5)
							.map(r => JSON.stringify(r))
							.join(', ')}`
					: ''
			}`,
			rows,
		};
	if (action.expectValue !== undefined) {
		const value = rows[0]?.value;
		if (value === action.expectValue) return {ok: true, output: `the query returned '${value}'`, rows};
		// The value found against the one expected; a row count only where the rows are what is wrong.
		const found =
			rows.length > 1
				? `${rows.length} rows`
				: typeof value === 'string'
					? `'${value}'`
					: 'no value (no row, or NULL)';
		return {ok: false, output: `the query returned ${found}, expected '${action.expectValue}'`, rows};
	}
	if (action.showRows) return {ok: true, output: formatSqlRows(rows), rows};
	return {ok: true, output: `${rows.length} row${rows.length === 1 ? '' : 's'}`, rows};
}

/** VACUUM, CREATE INDEX CONCURRENTLY, CREATE DATABASE refuse a transaction block: PostgreSQL's message, and what to do about it. */
async function inTransaction(
	runtime: Runtime,
	action: SqlAction,
): Promise<Array<Array<Record<string, unknown>>>> {
	try {
		return await runtime.database!.transaction(action.statements);
	} catch (error) {
		const message = (error as Error).message;
		if (!/cannot run inside a transaction block/i.test(message)) throw error;
		throw new DatabaseError(
			`${message}; the ${action.statements.length} statements of this step run in one transaction, and this one can't: give it a step (an SQL block) of its own, where it runs by itself, outside a transaction`,
			true,
		);
	}
}

async function http(runtime: Runtime, action: HttpAction, secrets: Plan['secrets']): Promise<ActionOutcome> {
	if (!runtime.http) throw new Error('no http section in the configuration');
	const response = await runtime.http.get(action.path, {
		withToken: action.token === 'configured',
		tokenValue: action.token && action.token !== 'configured' ? secrets[action.token.secret] : undefined,
	});
	const expected = action.expectStatus ?? [200];
	if (!expected.includes(response.status))
		return {ok: false, output: `HTTP ${response.status}, expected ${expected.join(' or ')}`};
	const body = response.body as Record<string, unknown> | undefined;
	if (action.expectField) {
		const value = body && typeof body === 'object' ? body[action.expectField.name] : undefined;
		if (value !== action.expectField.equals)
			return {
				ok: false,
				output: `${action.expectField.name} is ${JSON.stringify(value)}, expected ${JSON.stringify(action.expectField.equals)}`,
			};
	}
	if (action.expectEmpty) {
		const value = body && typeof body === 'object' ? body[action.expectEmpty] : undefined;
		if (!Array.isArray(value) || value.length > 0)
			return {ok: false, output: `${action.expectEmpty}: ${JSON.stringify(value)}`};
	}
	return {ok: true, output: `HTTP ${response.status}`};
}

function local(command: string, stdin: string | undefined): Promise<ActionOutcome> {
	return new Promise(resolve => {
		// Its own process group: a Ctrl-C at the terminal reaches pg-ops (which finishes the step), not the hand-off half-way.
		const child = spawn('/bin/sh', ['-c', command], {stdio: ['pipe', 'pipe', 'pipe'], detached: true});
		// Bounded and made visible like a host's output (adapters/output-buffer.ts).
		const buffer = new OutputBuffer();
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => buffer.add(chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => buffer.add(chunk));
		child.on('error', error => resolve({ok: false, output: error.message}));
		child.on('close', code => {
			const output = buffer.text().trim();
			resolve({
				ok: code === 0,
				output: code === 0 ? output : `exit ${code}: ${output}`,
				exitCode: code ?? undefined,
			});
		});
		child.stdin.on('error', () => {});
		child.stdin.end(stdin === undefined ? '' : `${stdin}\n`);
	});
}
