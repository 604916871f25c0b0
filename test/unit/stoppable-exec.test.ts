// Long-running commands: output streamed as it comes (UTF-8 whole across chunks), stopped through
// an AbortSignal with nothing left running, timeouts unchanged; and the SSH side's wrapper script
// (run here through the local shell: the same script sshd would run) with its marker line.
import {spawn, execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {LocalHost} from '../../source/adapters/local-host.js';
import {MarkerLine, stopCommand, stoppableCommand} from '../../source/adapters/ssh/stoppable-command.js';
import {processesRunning} from '../support/live-processes.js';
import {waitFor} from '../support/wait.js';

/** A sleep nobody else runs, so the test can look for it in the process table. */
const uniqueSleep = () => `sleep ${3000 + Math.floor(Math.random() * 5000)}.${randomBytes(2).readUInt16BE()}`;

describe('LocalHost', () => {
	it('streams output as it comes, a UTF-8 character split across writes arriving whole', async () => {
		const host = new LocalHost();
		const chunks: string[] = [];
		const result = await host.exec(
			`printf 'first\\n'; sleep 0.2; printf 'caf\\303'; sleep 0.2; printf '\\251 au lait\\n'; echo warn >&2`,
			{timeoutMs: 5000, onOutput: text => chunks.push(text)},
		);
		expect(result.exitCode).toBe(0);
		expect(chunks.length).toBeGreaterThanOrEqual(3);
		expect(chunks.join('')).toContain('café au lait\n');
		expect(chunks.join('')).not.toContain('\uFFFD');
		expect(chunks).toContain('warn\n');
		expect(result.stdout).toBe('first\ncafé au lait\n');
	});

	it('a stop ends the command and everything it started; the result says stopped', async () => {
		const host = new LocalHost();
		const [child, grandchild] = [uniqueSleep(), uniqueSleep()];
		const controller = new AbortController();
		let seen = '';
		const running = host.exec(`echo started; (${grandchild}) & ${child}`, {
			timeoutMs: 60_000,
			signal: controller.signal,
			onOutput: text => (seen += text),
		});
		await waitFor(
			() =>
				seen.includes('started') &&
				processesRunning(child).length === 1 &&
				processesRunning(grandchild).length === 1,
			5000,
			'the command and its background child to run',
		);
		controller.abort();
		const result = await running;
		expect(result).toMatchObject({stopped: true, timedOut: false, stdout: 'started\n'});
		expect(result.durationMs).toBeLessThan(10_000);
		await waitFor(
			() => processesRunning(child).length === 0 && processesRunning(grandchild).length === 0,
			5000,
			'both sleeps to be gone',
		);
	});

	it('an already aborted signal runs nothing', async () => {
		const controller = new AbortController();
		controller.abort();
		const result = await new LocalHost().exec('echo never', {timeoutMs: 5000, signal: controller.signal});
		expect(result).toMatchObject({stopped: true, stdout: '', exitCode: null});
	});

	it('a timeout still kills the whole group and says timed out, not stopped', async () => {
		const sleep = uniqueSleep();
		const result = await new LocalHost().exec(`(${sleep}) & ${uniqueSleep()}`, {
			timeoutMs: 300,
			signal: new AbortController().signal,
		});
		expect(result.timedOut).toBe(true);
		expect(result.stopped).toBeUndefined();
		await waitFor(() => processesRunning(sleep).length === 0, 5000, 'the background sleep to be gone');
	});
});

describe('the SSH side: stoppable-command.ts', () => {
	it('keeps standard input for the command, strips its marker line and a stop ends the whole session', async () => {
		const nonce = `pgops-stop-${randomBytes(6).toString('hex')}`;
		const [child, grandchild] = [uniqueSleep(), uniqueSleep()];
		const shell = spawn(
			'/bin/sh',
			['-c', stoppableCommand(`read a; read b; echo "got $a $b"; (${grandchild}) & ${child}`, nonce)],
			{stdio: ['pipe', 'pipe', 'pipe']},
		);
		const marker = new MarkerLine(nonce);
		let output = '';
		shell.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += marker.push(chunk)));
		let errors = '';
		shell.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
		shell.stdin.end('one\ntwo\n');
		const closed = new Promise<number | null>(resolve => shell.on('close', code => resolve(code)));
		await waitFor(
			() => output.includes('got one two') && processesRunning(grandchild).length === 1,
			5000,
			'the command to read its input and start',
		);
		expect(output).toBe('got one two\n');
		expect(marker.target?.kind).toBe('group');
		// The command's session is its own: not the shell that started it.
		expect(processesRunning(child)[0]!.pgid).toBe(marker.target!.id);
		execFileSync('/bin/sh', ['-c', stopCommand(marker.target!)]);
		expect(await closed).toBe(143); // the wrapper reports the command's end by SIGTERM
		expect(errors).toBe(''); // and no shell's "Terminated" in the output
		await waitFor(
			() => processesRunning(child).length === 0 && processesRunning(grandchild).length === 0,
			5000,
			'the whole session to be gone',
		);
	});

	it('the marker line is found however the output is chunked, and output without one passes untouched', () => {
		const marker = new MarkerLine('pgops-stop-0a0b');
		const pieces = ['pgops-stop-0a', '0b group 4', '2\nfirst', ' line\n'];
		expect(pieces.map(p => marker.push(p)).join('')).toBe('first line\n');
		expect(marker.target).toEqual({kind: 'group', id: 42});
		const none = new MarkerLine('pgops-stop-0a0b');
		expect(none.push('plain output\nmore')).toBe('plain output\nmore');
		expect(none.target).toBeUndefined();
	});
});
