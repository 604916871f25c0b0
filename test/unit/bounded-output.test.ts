// Issue 11 item 11: remote output never grows pg-ops without bound. A command's collected output
// (locally and over SSH the same OutputBuffer), a followed command's lines and partial lines, and
// the tail the progress view, the result and the audit keep, each stop at their bound and say so.
// The followed command that prints no newline at all (the 2 GB case) is run for real.
import {describe, expect, it} from 'vitest';
import {LocalHost} from '../../source/adapters/local-host.js';
import {maxStreamChars, OutputBuffer} from '../../source/adapters/output-buffer.js';
import {parseConfig} from '../../source/core/config/parse.js';
import {appendTail, LineAssembler, maxLineChars, maxTailChars} from '../../source/core/output-tail.js';
import {executeAction} from '../../source/engine/procedures/actions.js';
import {runtimeOf} from '../../source/engine/runtime.js';

describe('a stream of command output', () => {
	it('keeps at most its bound, made visible, and ends with a line saying how much was not kept', () => {
		const buffer = new OutputBuffer(1024);
		let live = '';
		for (let i = 0; i < 100; i++) live += buffer.add(`\u001b]0;title\u0007${'x'.repeat(100)}\n`);
		expect(live).not.toContain('\u001b');
		const text = buffer.text();
		expect(buffer.cut).toBe(true);
		expect(text.startsWith('␛]0;title␇xxx')).toBe(true);
		expect(text).toMatch(/\n\[pg-ops: output cut: only the first 1 KiB kept, 9\.\d KiB more not\]\n$/);
		expect(text.length).toBeLessThan(1024 + 100);
	});

	it('a local command printing 20 MB comes back as 4 MiB and a note, not 20 MB', async () => {
		const result = await new LocalHost().exec("head -c 20000000 /dev/zero | tr '\\0' x", {timeoutMs: 60_000});
		expect(result.exitCode).toBe(0);
		expect(result.cut).toBe(true);
		expect(result.stdout.length).toBeLessThan(maxStreamChars + 200);
		expect(result.stdout).toContain('[pg-ops: output cut: only the first 4 MiB kept');
	});
});

describe('lines of a followed command', () => {
	it('hands on a line longer than the bound at once, cut with a note, and drops the rest of it', () => {
		const lines = new LineAssembler(10);
		expect(lines.push('short\nabc')).toBe('short\n');
		expect(lines.push('defghijklmnopq')).toBe('abcdefghij [pg-ops: line cut at 0 KiB]\n');
		expect(lines.push('rstuvwxyz'.repeat(1000))).toBe('');
		expect(lines.push('end\nnext\n')).toBe('next\n');
		expect(lines.push('last')).toBe('');
		expect(lines.end()).toBe('last\n');
	});

	it('the tail keeps the last lines and never more than its characters', () => {
		const line = `${'y'.repeat(1000)}\n`;
		let tail = '';
		for (let i = 0; i < 1000; i++) tail = appendTail(tail, line, 200, 20_000);
		expect(tail.length).toBeLessThanOrEqual(20_000);
		expect(tail.startsWith('y')).toBe(true); // whole lines only
		expect(appendTail('', 'z'.repeat(maxTailChars * 2)).length).toBe(maxTailChars);
	});

	it('a followed command printing 200 MB without a newline: bounded lines out, a bounded result', async () => {
		const env = {
			...parseConfig('environments:\n  x:\n    transport: local\n', 'pg-ops.yaml').environments.x!,
			name: 'x',
		};
		const runtime = runtimeOf({env, hosts: [{name: 'local', host: new LocalHost()}], readOnly: false});
		let longest = 0;
		let received = 0;
		try {
			const result = await executeAction(
				runtime,
				{
					kind: 'shell',
					command: 'yes | tr -d "\\n" | head -c 200000000; echo; echo done-marker',
					follow: true,
					timeoutSeconds: 300,
				},
				{},
				{
					onOutput: text => {
						received += text.length;
						for (const line of text.split('\n')) longest = Math.max(longest, line.length);
					},
				},
			);
			expect(result).toMatchObject({ok: true, exitCode: 0});
			expect(longest).toBeLessThanOrEqual(maxLineChars + 40);
			expect(received).toBeLessThan(2 * maxLineChars);
			expect(result.output).toBe(`${'y'.repeat(maxLineChars)} [pg-ops: line cut at 16 KiB]\ndone-marker`);
		} finally {
			await runtime.close();
		}
	}, 300_000);
});
