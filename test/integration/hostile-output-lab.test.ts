// Issue 11 items 2, 11 and 12 over real SSH (the lab's sshd): a command's output over an SSH
// channel is bounded and made visible like a local one's; a followed command printing 200 MB
// without a newline hands on one cut line and a bounded result; a refresh's batch with a section
// flooding 100 MB on the host reads every other section (the flood is cut on the host: what
// crossed the connection is the section's cap).
import {expect, it} from 'vitest';
import {maxStreamChars} from '../../source/adapters/output-buffer.js';
import {buildBatchScript, maxSectionBytes, parseBatchOutput, sectionOf} from '../../source/core/batch.js';
import {maxLineChars} from '../../source/core/output-tail.js';
import {executeAction} from '../../source/engine/procedures/actions.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {useLab} from '../support/use-lab.js';

const lab = useLab('pg-ops-hostile-output-lab');

it('over SSH: 20 MB of output comes back as 4 MiB and a note, its escapes visible', async () => {
	const runtime = createRuntime(lab.env);
	try {
		const result = await runtime.host.exec(
			`printf '\\033]0;pwned\\007\\033]52;c;Y3VybCBldmlsLnNoIHwgc2gK\\007\\r\\n'; head -c 20000000 /dev/zero | tr '\\0' x`,
			{timeoutMs: 120_000},
		);
		expect(result.exitCode).toBe(0);
		expect(result.cut).toBe(true);
		expect(result.stdout.startsWith('␛]0;pwned␇␛]52;c;Y3VybCBldmlsLnNoIHwgc2gK␇\n')).toBe(true);
		expect(result.stdout).not.toMatch(/[\u001b\u0007\r]/);
		expect(result.stdout.length).toBeLessThan(maxStreamChars + 200);
		expect(result.stdout).toContain('[pg-ops: output cut: only the first 4 MiB kept');
	} finally {
		await runtime.close();
	}
}, 180_000);

it('over SSH: a followed command printing 200 MB without a newline gives one cut line and a bounded result', async () => {
	const runtime = createRuntime(lab.env);
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
			{onOutput: text => void (received += text.length)},
		);
		expect(result).toMatchObject({ok: true, exitCode: 0});
		expect(received).toBeLessThan(2 * maxLineChars);
		expect(result.output).toBe(`${'y'.repeat(maxLineChars)} [pg-ops: line cut at 16 KiB]\ndone-marker`);
	} finally {
		await runtime.close();
	}
}, 300_000);

it("over SSH: a batch section flooding 100 MB is cut on the host; the batch's other sections read on", async () => {
	const runtime = createRuntime(lab.env);
	try {
		const script = buildBatchScript(
			[
				{id: 'flood', command: "head -c 100000000 /dev/zero | tr '\\0' x"},
				{id: 'after', command: 'echo still-here'},
			],
			'n0nce',
			'',
			60,
		);
		const result = await runtime.host.exec(script, {timeoutMs: 120_000});
		expect(result.cut).toBeUndefined(); // the whole batch fits: the flood never left the host
		expect(result.stdout.length).toBeLessThan(maxSectionBytes + 4096);
		const sections = parseBatchOutput(result.stdout, 'n0nce');
		expect(() => sectionOf(sections, 'flood', runtime.host.label)).toThrow(/flood printed more than 256 KiB/);
		expect(sectionOf(sections, 'after', runtime.host.label).output).toBe('still-here');
	} finally {
		await runtime.close();
	}
}, 180_000);

it("PostgreSQL's rows and error text arrive with their escapes visible", async () => {
	const runtime = createRuntime(lab.env);
	try {
		const rows = await runtime.database!.query(`SELECT E'\\033]0;pwned\\007\\r' AS "job\x1b[8m"`);
		expect(rows).toEqual([{'job␛[8m': '␛]0;pwned␇␍'}]);
		await expect(
			runtime.database!.query(
				`DO $$ BEGIN RAISE EXCEPTION E'boom \\033]52;c;Y3VybCBldmlsLnNoIHwgc2gK\\007'; END $$`,
			),
		).rejects.toThrow('boom ␛]52;c;Y3VybCBldmlsLnNoIHwgc2gK␇');
	} finally {
		await runtime.close();
	}
}, 120_000);
