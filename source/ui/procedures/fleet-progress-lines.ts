// The progress view of a plan over many hosts (a rolling restart over 100): how many hosts are done,
// the current host's steps and checks, the last few hosts finished and the ones still to come; after
// a failure, where it stopped and which hosts were not touched. Pure: the view draws these lines.
import type {ProcedureSession, StepProgress} from '../../engine/procedure-state.js';
import {wrapped, type Line} from './lines.js';
import {stepHeadLines, stepLines} from './progress-lines.js';

/** How many finished hosts stay on screen. */
const finishedShown = 3;

export type HostStatus = 'waiting' | 'running' | 'done' | 'failed' | 'undone';
export type HostProgress = {host: string; status: HostStatus; indices: number[]; durationMs: number};

/** Shown host by host when the plan acts on several hosts and every step names one. */
export function isFleetSession(session: ProcedureSession): boolean {
	return (
		(session.plan?.hosts.length ?? 0) > 1 &&
		session.steps.length > 0 &&
		session.steps.every(step => step.host !== undefined)
	);
}

/** Each host of the plan, in order, with where its steps are. */
export function hostProgress(session: ProcedureSession): HostProgress[] {
	return (session.plan?.hosts ?? []).map(host => {
		const indices = session.steps.flatMap((step, i) => (step.host === host ? [i] : []));
		const steps = indices.map(i => session.steps[i]!);
		return {
			host,
			indices,
			status: hostStatus(steps),
			durationMs: steps.reduce((sum, step) => sum + (step.durationMs ?? 0), 0),
		};
	});
}

function hostStatus(steps: StepProgress[]): HostStatus {
	if (steps.some(s => s.status === 'failed' || s.status === 'undo-failed')) return 'failed';
	if (steps.every(s => s.status === 'done')) return 'done';
	if (steps.some(s => s.status === 'undone')) return 'undone';
	if (steps.every(s => s.status === 'pending' || s.status === 'skipped')) return 'waiting';
	return 'running';
}

/** "23/100 hosts done (restarted and verified) · 76 waiting", or after a failure "· stopped at app-24 · 76 not touched". */
export function fleetCountLines(session: ProcedureSession, width: number): Line[] {
	const hosts = hostProgress(session);
	const count = (status: HostStatus) => hosts.filter(h => h.status === status).length;
	const failed = hosts.find(h => h.status === 'failed');
	const waiting = count('waiting');
	const parts = [
		`${count('done')}/${hosts.length} hosts done${session.plan?.doneOnHost ? ` (${session.plan.doneOnHost})` : ''}`,
	];
	if (failed) parts.push(`stopped at ${failed.host}`);
	if (count('undone')) parts.push(`${count('undone')} put back`);
	if (waiting) parts.push(`${waiting} ${failed || session.phase === 'done' ? 'not touched' : 'waiting'}`);
	return wrapped(
		parts.join(' · '),
		width,
		failed ? 'bad' : session.phase === 'done' && waiting === 0 ? 'ok' : 'title',
		'  ',
	);
}

/** The body: the last hosts finished, the current (or failed) host's steps in full, then what is still to come. */
export function fleetStepLines(session: ProcedureSession, width: number): Line[] {
	const hosts = hostProgress(session);
	const lines: Line[] = [];
	const current = hosts.find(h => h.status === 'running') ?? hosts.find(h => h.status === 'failed');
	const finished = hosts.filter(h => h !== current && (h.status === 'done' || h.status === 'undone'));
	if (finished.length > 0) {
		const shown = finished.slice(-finishedShown);
		lines.push({
			text: finished.length > shown.length ? `Last finished (${finished.length} so far):` : 'Finished:',
			tone: 'dim',
		});
		for (const host of shown) {
			// One line a host: its last step's status line.
			const last = host.indices.at(-1)!;
			lines.push(...stepHeadLines(session.steps[last]!, last, width));
		}
	}
	if (current) {
		lines.push({
			text: current.status === 'failed' ? `Stopped at ${current.host}:` : `Now on ${current.host}:`,
			tone: current.status === 'failed' ? 'bad' : 'title',
		});
		const from = current.indices[0]!;
		lines.push(...stepLines(session.steps.slice(from, current.indices.at(-1)! + 1), width, from));
	}
	const waiting = hosts.filter(h => h.status === 'waiting').map(h => h.host);
	if (waiting.length > 0) {
		const label = current?.status === 'failed' || session.phase === 'done' ? 'Not touched' : 'Next';
		lines.push(
			...wrapped(
				`${label}: ${waiting.length > 3 ? `${waiting[0]} ... ${waiting.at(-1)} (${waiting.length} hosts)` : waiting.join(', ')}`,
				width,
				'dim',
				'  ',
			),
		);
	}
	return lines;
}
