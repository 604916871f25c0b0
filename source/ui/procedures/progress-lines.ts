// The progress view's text: each step with its status, command, output and checks, the diagnosis
// of a failure, then the result (what state the system is in, what changed, what is left to do,
// and a one-time reveal). Pure: the view draws these lines.
import {
	followedStep,
	type ProcedureSession,
	type RunnerPhase,
	type SessionResult,
	type StepProgress,
} from '../../engine/procedure-state.js';
import {wrapped, spinnerRoom, type Line, type Tone} from './lines.js';
import {procedureKeys} from './procedure-keys.js';

const outputLines = 3;
/** A followed command's last lines once it has ended (while it runs, all it kept: the view follows the newest). */
const followedOutputLines = 10;
const diagnoseLines = 12;

const stepLook: Record<StepProgress['status'], {symbol: string; word: string; tone: Tone}> = {
	pending: {symbol: '·', word: 'waiting', tone: 'dim'},
	running: {symbol: '', word: 'running', tone: 'title'},
	done: {symbol: '✓', word: 'done', tone: 'ok'},
	failed: {symbol: '✗', word: 'FAILED', tone: 'bad'},
	undone: {symbol: '↺', word: 'undone', tone: 'warn'},
	'undo-failed': {symbol: '✗', word: 'UNDO FAILED', tone: 'bad'},
	skipped: {symbol: '-', word: 'skipped', tone: 'dim'},
};

const phaseText: Record<RunnerPhase, string> = {
	confirming: 'confirmed',
	locking: 'taking the lock on the host…',
	rechecking: 'reading the facts the plan rests on again, under the lock…',
	snapshot: 'reading the panes before the change…',
	running: 'running',
	undoing: 'undoing what ran, last first…',
	finishing: 'reading the panes after the change…',
};

export function phaseLine(session: ProcedureSession): Line {
	if (session.phase === 'done') return {text: 'finished', tone: 'dim'};
	if (session.phase === 'planning')
		return {text: 'planning: reading what the plan needs (this changes nothing)…', tone: 'dim'};
	const running = session.steps.findIndex(s => s.status === 'running');
	const phase = session.runnerPhase ?? 'confirming';
	if (followedStep(session) !== undefined)
		return {
			text: `following step ${running + 1} of ${session.steps.length}: its output as it comes, until you stop it`,
			tone: 'dim',
		};
	const hosts = session.plan?.hosts ?? [];
	const host = running >= 0 ? session.steps[running]!.host : undefined;
	if (phase === 'running' && host && hosts.length > 1)
		return {
			text: `running on ${host}: host ${hosts.indexOf(host) + 1} of ${hosts.length}, step ${running + 1} of ${session.steps.length}`,
			tone: 'dim',
		};
	if (phase === 'locking' && hosts.length > 1)
		return {text: `taking the lock on each of the ${hosts.length} hosts…`, tone: 'dim'};
	const text =
		phase === 'running' && running >= 0
			? `running step ${running + 1} of ${session.steps.length}`
			: phaseText[phase];
	return {text, tone: phase === 'undoing' ? 'warn' : 'dim'};
}

/** `from`: the index of the first of `steps` in the plan (its number is from + 1). */
export function stepLines(steps: StepProgress[], width: number, from = 0): Line[] {
	const lines: Line[] = [];
	steps.forEach((step, i) => {
		lines.push(...stepHeadLines(step, from + i, width));
		lines.push(...wrapped(`    $ ${step.command}`, width, 'command', '      '));
		for (const check of step.checks)
			lines.push(
				...wrapped(
					`    ${check.ok ? '✓' : '✗'} check: ${check.title}${check.ok ? '' : `: ${check.output}`}`,
					width,
					check.ok ? 'ok' : 'bad',
					'      ',
				),
			);
		if (step.status === 'running' && step.follow) lines.push(...followingLines(step, width));
		else if (step.output && step.status !== 'pending' && step.status !== 'running') {
			const out = step.output.split('\n').filter(Boolean);
			const shown = step.follow ? followedOutputLines : outputLines;
			// The rest is one key away, never only in the audit log.
			if (out.length > shown)
				lines.push({
					text: `    (${out.length - shown} more lines above: o shows the whole output)`,
					tone: 'dim',
				});
			for (const text of out.slice(-shown)) lines.push(...wrapped(`    ${text}`, width, 'dim', '      '));
		}
		if (step.diagnose) {
			lines.push(...wrapped(`    ${step.diagnose.title}:`, width, 'warn'));
			const out = step.diagnose.output.split('\n').filter(Boolean);
			for (const text of out.slice(-diagnoseLines))
				lines.push(...wrapped(`      ${text}`, width, 'plain', '        '));
			if (out.length === 0) lines.push({text: '      (nothing)', tone: 'dim'});
		}
	});
	return lines;
}

/** A step's status line: its number, title, status and time; a spinner when it runs. */
export function stepHeadLines(step: StepProgress, index: number, width: number): Line[] {
	const look = stepLook[step.status];
	const seconds =
		step.durationMs !== undefined && step.status !== 'running'
			? ` ${(step.durationMs / 1000).toFixed(1)}s`
			: '';
	const head = `${index + 1}. ${step.title}  ${look.word}${seconds}`;
	if (step.status === 'running')
		return wrapped(head, width - spinnerRoom, look.tone, '   ').map((line, n) =>
			n === 0 ? {...line, spinner: true} : line,
		);
	return wrapped(`${look.symbol} ${head}`, width, look.tone, '    ');
}

/** A followed command while it runs: the output it kept, newest last, and how to stop it. */
function followingLines(step: StepProgress, width: number): Line[] {
	const out = (step.output ?? '').split('\n').filter(Boolean);
	const lines: Line[] = out.length
		? out.flatMap(text => wrapped(`    ${text}`, width, 'plain', '      '))
		: [{text: '    (no output yet)', tone: 'dim'}];
	const stop = procedureKeys.find(key => key.id === 'stop' && key.modes.includes('following'))!;
	lines.push(...wrapped(`    ${stop.keys} ${stop.description}`, width, 'warn'));
	return lines;
}

const outcomeLook: Record<SessionResult['outcome'], {word: string; tone: Tone}> = {
	succeeded: {word: '✓ DONE', tone: 'ok'},
	planned: {word: 'PLANNED', tone: 'plain'},
	'failed-undone': {word: '✗ FAILED, UNDONE', tone: 'warn'},
	'failed-not-undone': {word: '✗ FAILED, NOT FULLY UNDONE', tone: 'bad'},
	cancelled: {word: 'CANCELLED', tone: 'warn'},
	refused: {word: '✗ REFUSED', tone: 'warn'},
	error: {word: '✗ STOPPED', tone: 'bad'},
};

export function resultLines(result: SessionResult, width: number): Line[] {
	const look = outcomeLook[result.outcome];
	const lines: Line[] = [{text: ''}, ...wrapped(`${look.word}: ${result.message}`, width, look.tone, '  ')];
	if (result.changes.length > 0) {
		lines.push({text: 'Changes seen on the panes:', tone: 'title'});
		for (const change of result.changes) lines.push(...wrapped(`  ${change}`, width, 'plain', '    '));
	} else if (result.outcome !== 'refused') {
		lines.push({text: 'No change seen on the panes.', tone: 'dim'});
	}
	if (result.leftToDo.length > 0) {
		lines.push({text: 'Left to do by hand:', tone: 'bad'});
		for (const item of result.leftToDo) lines.push(...wrapped(`  - ${item}`, width, 'warn', '    '));
	}
	if (result.reveal) {
		lines.push(
			{text: ''},
			...wrapped(
				`${result.reveal.label}: shown ONCE, gone when this view closes; store it where it is needed now:`,
				width,
				'warn',
			),
		);
		lines.push(...wrapped(result.reveal.value, width, 'reveal'));
	}
	if (result.correlationId)
		lines.push(
			...wrapped(`correlation id ${result.correlationId} (pg-ops audit shows every step)`, width, 'dim'),
		);
	return lines;
}

/** Every step's whole output as one buffer for the log viewer (`o`): a heading per step, then its lines. */
export function stepOutputLines(steps: StepProgress[]): string[] {
	return steps.flatMap((step, i) => {
		const out = (step.output ?? '').split('\n').filter(Boolean);
		const diagnose = step.diagnose ? step.diagnose.output.split('\n').filter(Boolean) : [];
		if (out.length === 0 && diagnose.length === 0) return [];
		return [
			`── ${i + 1}. ${step.title} (${stepLook[step.status].word}): $ ${step.command}`,
			...out,
			...(step.diagnose ? [`── ${step.diagnose.title}:`, ...diagnose] : []),
		];
	});
}
