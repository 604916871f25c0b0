// A followed step's output in the session: appended as it streams, cut to the last lines so memory
// stays flat, cleared when the step starts again; and the tail function itself.
import {describe, expect, it} from 'vitest';
import {appendTail, keptFollowLines} from '../../source/core/output-tail.js';
import {
	applyEvent,
	followedStep,
	initialSteps,
	showPlan,
	type ProcedureSession,
} from '../../source/engine/procedure-state.js';
import type {Plan} from '../../source/core/procedures/plan.js';

const plan: Plan = {
	procedure: 'runbook-step',
	title: 'follow app-web',
	env: 'demo',
	summary: [],
	steps: [
		{
			id: 'look',
			title: 'status',
			mutates: false,
			action: {kind: 'shell', command: 'systemctl status app-web'},
		},
		{
			id: 'follow',
			title: 'follow app-web',
			mutates: false,
			action: {kind: 'shell', command: 'journalctl -u app-web -f', follow: true},
		},
	],
	secrets: {},
	restsOn: [],
};

function runningSession(): ProcedureSession {
	const shown = showPlan(plan, false);
	return {
		id: 1,
		name: 'runbook-step',
		phase: 'running',
		label: plan.title,
		plan: shown,
		steps: initialSteps(shown),
	};
}

const record = {id: 'follow', title: 'follow app-web', command: 'journalctl -u app-web -f'};

describe('appendTail', () => {
	it('keeps the last lines, a trailing partial line counting as one', () => {
		expect(appendTail('a\nb\n', 'c\n', 2)).toBe('b\nc\n');
		expect(appendTail('a\nb\n', 'c', 2)).toBe('b\nc');
		expect(appendTail('', 'one line', 2)).toBe('one line');
		expect(appendTail('a\n', 'b\n', 5)).toBe('a\nb\n');
	});
});

describe('applyEvent with output', () => {
	it('marks the followed step and appends output to it as it arrives', () => {
		let session = runningSession();
		expect(session.steps.map(s => s.follow)).toEqual([undefined, true]);
		session = applyEvent(session, {type: 'step', index: 1, record: {...record, status: 'running'}});
		expect(followedStep(session)).toBe(1);
		session = applyEvent(session, {type: 'output', index: 1, text: 'first\n'});
		session = applyEvent(session, {type: 'output', index: 1, text: 'second\nthird\n'});
		expect(session.steps[1]!.output).toBe('first\nsecond\nthird\n');
		expect(session.steps[0]!.output).toBeUndefined();
	});

	it('keeps only the last lines however long the stream runs', () => {
		let session = applyEvent(runningSession(), {
			type: 'step',
			index: 1,
			record: {...record, status: 'running'},
		});
		for (let i = 1; i <= 1000; i++)
			session = applyEvent(session, {type: 'output', index: 1, text: `line ${i}\n`});
		const lines = session.steps[1]!.output!.split('\n').filter(Boolean);
		expect(lines).toHaveLength(keptFollowLines);
		expect(lines[0]).toBe(`line ${1000 - keptFollowLines + 1}`);
		expect(lines.at(-1)).toBe('line 1000');
	});

	it('the final record replaces the streamed text, and a step starting again starts with no output', () => {
		let session = applyEvent(runningSession(), {
			type: 'step',
			index: 1,
			record: {...record, status: 'running'},
		});
		session = applyEvent(session, {type: 'output', index: 1, text: 'streamed\n'});
		session = applyEvent(session, {
			type: 'step',
			index: 1,
			record: {...record, status: 'done', output: 'streamed\nstopped by the operator after 3s'},
		});
		expect(session.steps[1]!.output).toBe('streamed\nstopped by the operator after 3s');
		expect(followedStep(session)).toBeUndefined();
		session = applyEvent(session, {type: 'step', index: 1, record: {...record, status: 'running'}});
		expect(session.steps[1]!.output).toBeUndefined();
	});

	it('a running step that is not followed is not stoppable', () => {
		const session = applyEvent(runningSession(), {
			type: 'step',
			index: 0,
			record: {id: 'look', title: 'status', command: 'systemctl status app-web', status: 'running'},
		});
		expect(followedStep(session)).toBeUndefined();
	});
});
