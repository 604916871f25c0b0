// A followed command on the demo through the one runner: `journalctl -u app-web -f` streams the
// lines app-web logs as they come, a stop ends it as a success with nothing left running, and the
// audit keeps how it ended, and the step record says it was stopped (a field, not a guess from
// the text). A plan that only follows takes no host lock: it runs while another operator holds it.
// A step that reads two secrets on standard input gets both, and neither reaches the output or the
// audit file.
import {randomBytes} from 'node:crypto';
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {expect, it} from 'vitest';
import type {Plan} from '../../source/core/procedures/plan.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {runProcedure, type ProcedureEvent} from '../../source/engine/procedures/runner.js';
import {readAuditLog} from '../../source/engine/audit.js';
import {lockFileFor} from '../../source/engine/procedures/lock.js';
import {demoJournalFollowers} from '../support/live-processes.js';
import {expectStdinSecretsReachOnlyTheCommand} from '../support/stdin-secrets.js';
import {waitFor} from '../support/wait.js';
import {useDemo} from '../support/use-demo.js';

const demo = useDemo('pg-ops-follow');

function onePlan(title: string, action: Plan['steps'][number]['action']): Plan {
	return {
		procedure: 'runbook-step',
		title,
		env: 'demo',
		summary: [],
		steps: [{id: 'step', title, mutates: false, action}],
		secrets: {},
		restsOn: [],
	};
}

it('journalctl -u app-web -f streams new lines as app-web logs them; a stop ends it as a success and nothing is left running', async () => {
	const runtime = createRuntime(demo.env);
	const controller = new AbortController();
	const streamed: string[] = [];
	let running = false;
	const onEvent = (event: ProcedureEvent) => {
		if (event.type === 'output') streamed.push(event.text);
		if (event.type === 'step' && event.record.status === 'running') running = true;
	};
	try {
		const result = runProcedure(
			runtime,
			onePlan('follow app-web', {kind: 'shell', command: 'journalctl -u app-web -f', follow: true}),
			{confirm: async () => true, operator: 'test-operator', signal: controller.signal, onEvent},
		);
		await waitFor(
			() => running && demoJournalFollowers(demo.info.root).length === 1,
			15_000,
			'the followed journalctl to run',
		);
		// A line app-web logs only now, after following began: it must arrive as an output event.
		const marker = `/follow-${randomBytes(4).toString('hex')}`;
		expect((await fetch(`${demo.info.http.baseUrl}${marker}`)).status).toBe(404);
		await waitFor(
			() => streamed.join('').includes(`GET ${marker} 404`),
			10_000,
			'the new log line to stream in',
		);
		expect(streamed.join('')).toMatch(/^\w{3} \d\d \d\d:\d\d:\d\d demo app-web\[\d+\]: /m);
		expect(streamed.every(text => text.endsWith('\n'))).toBe(true); // whole lines only

		controller.abort();
		const done = await result;
		expect(done.outcome, done.message).toBe('succeeded');
		expect(done.steps[0]!.status).toBe('done');
		expect(done.steps[0]!.output).toContain(`GET ${marker} 404`);
		expect(done.steps[0]!.output).toMatch(/\nstopped by the operator after \d+s$/);
		expect(done.steps[0]).toMatchObject({stopped: 'operator', exitCode: undefined});
		expect(demoJournalFollowers(demo.info.root)).toEqual([]);
		const audited = readAuditLog().find(r => r.correlationId === done.correlationId && r.event === 'step');
		expect(audited).toMatchObject({command: 'journalctl -u app-web -f', outcome: 'done'});
		expect(audited!.detail).toMatch(/stopped by the operator after \d+s$/);
	} finally {
		controller.abort();
		await runtime.close();
	}
});

it('a followed command that ends by itself is judged by its exit code', async () => {
	const runtime = createRuntime(demo.env);
	try {
		const failed = await runProcedure(
			runtime,
			onePlan('follow nothing', {kind: 'shell', command: 'journalctl -f', follow: true}),
			{confirm: async () => true, operator: 'test-operator', signal: new AbortController().signal},
		);
		expect(failed.outcome).toBe('failed-undone');
		expect(failed.steps[0]!.output).toMatch(/^exit 1: journalctl \(pg-ops demo stand-in\): pass -u UNIT/);
		expect(failed.steps[0]).toMatchObject({exitCode: 1, stopped: undefined});
	} finally {
		await runtime.close();
	}
});

it('a plan that only follows takes no host lock: it runs while another operator holds the lock; one that changes something is refused', async () => {
	const runtime = createRuntime(demo.env);
	const lockFile = lockFileFor(runtime);
	const holder = JSON.stringify({
		operator: 'someone-else',
		procedure: 'restore-backup',
		correlationId: 'held-by-someone-else',
		since: new Date().toISOString(),
	});
	mkdirSync(path.dirname(lockFile), {recursive: true});
	writeFileSync(lockFile, `${holder}\n`);
	try {
		const follow = onePlan('follow app-web', {
			kind: 'shell',
			command: 'journalctl -u app-web -f',
			follow: true,
		});
		const stop = new AbortController();
		const running = runProcedure(runtime, follow, {
			confirm: async () => true,
			operator: 'test-operator',
			signal: stop.signal,
			onEvent: event => {
				if (event.type === 'output') stop.abort();
				// A line for it to stream, should the journal have nothing to show yet.
				if (event.type === 'step' && event.record.status === 'running')
					void fetch(`${demo.info.http.baseUrl}/healthz`).catch(() => {});
			},
		});
		const followed = await running;
		expect(followed.outcome, followed.message).toBe('succeeded');
		expect(followed.steps[0]!.stopped).toBe('operator');
		expect(readFileSync(lockFile, 'utf8')).toBe(`${holder}\n`); // neither taken nor released
		expect(
			readAuditLog().find(r => r.correlationId === followed.correlationId && r.event === 'lock'),
		).toMatchObject({outcome: 'not taken'});

		const changing = {...follow, steps: follow.steps.map(step => ({...step, mutates: true}))};
		const refused = await runProcedure(runtime, changing, {
			confirm: async () => true,
			operator: 'test-operator',
		});
		expect(refused.outcome).toBe('refused');
		expect(refused.message).toContain(
			'another procedure holds the lock on demo: someone-else is running restore-backup',
		);
		expect(refused.steps[0]!.status).toBe('pending');
	} finally {
		rmSync(lockFile, {force: true});
		await runtime.close();
	}
});

it('stdinSecrets: the command reads both secrets, one per line, and neither reaches the output or the audit file', async () => {
	await expectStdinSecretsReachOnlyTheCommand(demo.env, 'test-operator');
});
