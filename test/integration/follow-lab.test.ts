// A followed command over real SSH (the lab VM): closing a channel does not end a remote command, so
// these prove the stop does. The VM's real `journalctl -u app-web -f` runs in a session of its own,
// streams the lines app-web logs to the real journald, and after a stop nothing of that session is left, also when it
// ran through sudo -n. A followed command reaching its limit is ended the same way; stdinSecrets
// reach the remote command and not the audit.
import {randomBytes} from 'node:crypto';
import {expect, it} from 'vitest';
import type {Plan, ShellAction} from '../../source/core/procedures/plan.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {runProcedure, type ProcedureEvent} from '../../source/engine/procedures/runner.js';
import {readAuditLog} from '../../source/engine/audit.js';
import {liveProcesses} from '../support/live-processes.js';
import {vmProcesses} from '../lab/index.js';
import {useLab} from '../support/use-lab.js';
import {expectStdinSecretsReachOnlyTheCommand} from '../support/stdin-secrets.js';
import {waitFor} from '../support/wait.js';

const lab = useLab('pg-ops-followlab');

/** The VM's journalctl processes following a unit (the real journalctl, not the sudo in front of it). */
const journalFollowers = () =>
	vmProcesses(lab.info).filter(
		p => p.commandLine.startsWith('journalctl ') && / -f( |$)/.test(p.commandLine),
	);

function onePlan(title: string, action: ShellAction): Plan {
	return {
		procedure: 'runbook-step',
		title,
		env: 'lab',
		summary: [],
		steps: [{id: 'step', title, mutates: false, action}],
		secrets: {},
		restsOn: [],
	};
}

/** Starts following, waits for the remote journalctl, makes app-web log a fresh line and waits for it to stream in; then stops and returns what happened. */
async function followAndStop(action: ShellAction) {
	const runtime = createRuntime(lab.env);
	const controller = new AbortController();
	const streamed: string[] = [];
	try {
		const running = runProcedure(runtime, onePlan('follow app-web', action), {
			confirm: async () => true,
			operator: 'lab-operator',
			signal: controller.signal,
			onEvent: (event: ProcedureEvent) => void (event.type === 'output' && streamed.push(event.text)),
		});
		await waitFor(
			() => journalFollowers().length === 1,
			20_000,
			'the followed journalctl to run on the host',
		);
		const [remote] = journalFollowers();
		const session = liveProcesses().filter(p => p.pgid === remote!.pgid);
		const marker = `/follow-${randomBytes(4).toString('hex')}`;
		expect((await fetch(`http://127.0.0.1:${new URL(lab.info.http.baseUrl).port}${marker}`)).status).toBe(
			404,
		);
		await waitFor(
			() => streamed.join('').includes(`GET ${marker} 404`),
			10_000,
			'the new log line to stream in over SSH',
		);
		controller.abort();
		const result = await running;
		return {result, marker, streamed: streamed.join(''), remote: remote!, session};
	} finally {
		controller.abort();
		await runtime.close();
	}
}

it('journalctl -u app-web -f over SSH streams new lines; a stop ends its whole session on the host', async () => {
	const {result, marker, streamed, remote, session} = await followAndStop({
		kind: 'shell',
		command: 'journalctl -u app-web -f',
		follow: true,
	});
	expect(result.outcome, result.message).toBe('succeeded');
	expect(result.steps[0]!.output).toContain(`GET ${marker} 404`);
	expect(result.steps[0]!.output).toMatch(/\nstopped by the operator after \d+s$/);
	// No marker line of pg-ops' own in what the operator sees.
	expect(streamed).not.toMatch(/pgops-stop-/);
	// The command had a session of its own (not sshd's), and nothing of it is left.
	expect(session.map(p => p.pid)).toContain(remote.pid);
	expect(session.every(p => !p.commandLine.startsWith('sshd'))).toBe(true);
	await waitFor(
		() => liveProcesses().every(p => p.pgid !== remote.pgid),
		5000,
		`the remote session ${remote.pgid} to be gone`,
	);
	expect(journalFollowers()).toEqual([]);
	const audited = readAuditLog().find(r => r.correlationId === result.correlationId && r.event === 'step');
	expect(audited).toMatchObject({
		host: `${lab.info.ssh.user}@127.0.0.1:${lab.info.ssh.port}`,
		command: 'journalctl -u app-web -f',
		outcome: 'done',
	});
});

it('through sudo -n too: sudo and the command it runs as root are gone after the stop', async () => {
	// app-orchestrator failed at start and logs nothing: only the stop can end this follower (no write would hit a closed pipe).
	const runtime = createRuntime(lab.env);
	const controller = new AbortController();
	try {
		let streamed = '';
		const running = runProcedure(
			runtime,
			onePlan('follow app-orchestrator', {
				kind: 'shell',
				command: 'journalctl -u app-orchestrator -f',
				follow: true,
				privileged: true,
			}),
			{
				confirm: async () => true,
				operator: 'lab-operator',
				signal: controller.signal,
				onEvent: event => {
					if (event.type === 'output') streamed += event.text;
				},
			},
		);
		await waitFor(
			() => journalFollowers().length === 1,
			20_000,
			'the followed journalctl to run on the host',
		);
		// Stop only once its last lines have arrived: the process can exist a moment before it has printed them.
		await waitFor(
			() => streamed.includes("Failed with result 'exit-code'."),
			20_000,
			"the journal's last lines to stream",
		);
		const pgid = journalFollowers()[0]!.pgid;
		expect(
			liveProcesses().some(
				p => p.pgid === pgid && p.commandLine === 'sudo -n journalctl -u app-orchestrator -f',
			),
		).toBe(true);
		controller.abort();
		const result = await running;
		expect(result.outcome, result.message).toBe('succeeded');
		expect(result.steps[0]!.command).toBe('sudo -n journalctl -u app-orchestrator -f');
		expect(result.steps[0]!.output).toMatch(
			/Failed with result 'exit-code'\.\nstopped by the operator after \d+s$/,
		);
		await waitFor(
			() => liveProcesses().every(p => p.pgid !== pgid),
			5000,
			`the remote session ${pgid} to be gone`,
		);
	} finally {
		controller.abort();
		await runtime.close();
	}
});

it('a quiet followed command (it writes nothing and never notices the closed channel) is gone after the stop', async () => {
	// GNU tail -f notices a closed pipe and journalctl -f dies on its next write; a sleep does neither, so only the stop can end it.
	const quiet = `sleep ${3000 + randomBytes(2).readUInt16BE()}.${randomBytes(2).readUInt16BE()}`;
	const runtime = createRuntime(lab.env);
	const controller = new AbortController();
	try {
		const running = runProcedure(
			runtime,
			onePlan('follow nothing', {kind: 'shell', command: `cd /tmp && ${quiet}`, follow: true}),
			{confirm: async () => true, operator: 'lab-operator', signal: controller.signal},
		);
		await waitFor(
			() => liveProcesses().some(p => p.commandLine === quiet),
			20_000,
			'the quiet command to run on the host',
		);
		const pgid = liveProcesses().find(p => p.commandLine === quiet)!.pgid;
		controller.abort();
		const result = await running;
		expect(result.outcome, result.message).toBe('succeeded');
		expect(result.steps[0]!.output).toMatch(/^stopped by the operator after \d+s$/);
		await waitFor(
			() => liveProcesses().every(p => p.pgid !== pgid),
			5000,
			`the remote session ${pgid} to be gone`,
		);
	} finally {
		controller.abort();
		await runtime.close();
	}
});

it('a followed command reaching its limit is ended on the host as well', async () => {
	const runtime = createRuntime(lab.env);
	try {
		const result = await runProcedure(
			runtime,
			onePlan('follow briefly', {
				kind: 'shell',
				command: 'journalctl -u app-web -f',
				follow: true,
				timeoutSeconds: 2,
			}),
			{confirm: async () => true, operator: 'lab-operator', signal: new AbortController().signal},
		);
		expect(result.outcome, result.message).toBe('succeeded');
		expect(result.steps[0]!.output).toMatch(
			/stopped by pg-ops after \d+s, the limit for a followed command$/,
		);
		expect(result.steps[0]).toMatchObject({stopped: 'limit', exitCode: undefined});
		await waitFor(() => journalFollowers().length === 0, 5000, 'the followed journalctl to be gone');
	} finally {
		await runtime.close();
	}
});

it('stdinSecrets reach the remote command one per line, and neither value reaches the audit file', async () => {
	await expectStdinSecretsReachOnlyTheCommand(lab.env, 'lab-operator');
});

it('in a terminal over SSH: a terminal on input and output, without echo, sized so nothing pages; errors with the output; plain line ends', async () => {
	const runtime = createRuntime(lab.env);
	try {
		const result = await runtime.host.exec(
			'test -t 0 && test -t 1 && echo tty; stty size; stty -a | grep -o -- "-echo "; echo err >&2; printf "a\\r\\n"; exit 3',
			{timeoutMs: 20_000, terminal: true},
		);
		expect(result).toMatchObject({stdout: 'tty\n10000 250\n-echo \nerr\na\n', stderr: '', exitCode: 3});
		// Without one, the same test says so: the terminal was pg-ops' doing.
		expect((await runtime.host.exec('test -t 0 || echo none', {timeoutMs: 20_000})).stdout).toBe('none\n');
		await expect(runtime.host.exec('true', {timeoutMs: 5000, terminal: true, stdin: 'x\n'})).rejects.toThrow(
			/takes nothing on standard input/,
		);
	} finally {
		await runtime.close();
	}
});

it('a followed command in a terminal streams and stops as any other: its session is gone on the host', async () => {
	const {result, marker, streamed, remote} = await followAndStop({
		kind: 'shell',
		command: 'journalctl -u app-web -f',
		follow: true,
		terminal: true,
	});
	expect(result.outcome, result.message).toBe('succeeded');
	expect(result.steps[0]!.output).toContain(`GET ${marker} 404`);
	expect(streamed).not.toMatch(/pgops-stop-|\r/);
	await waitFor(
		() => liveProcesses().every(p => p.pgid !== remote.pgid),
		10_000,
		"the terminal's followed session to be gone",
	);
});
