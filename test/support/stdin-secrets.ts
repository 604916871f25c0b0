// The stdinSecrets check the follow tests make on the demo (local) and on the lab (over SSH).
import {createHash, randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {expect} from 'vitest';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import type {Plan, ShellAction} from '../../source/core/procedures/plan.js';
import {localAuditFile} from '../../source/engine/audit.js';
import {runProcedure} from '../../source/engine/procedures/runner.js';
import {createRuntime} from '../../source/engine/runtime.js';

/**
 * Runs, through the runner on `env`, one step that reads two secrets on standard input, one per
 * line: both reach the command, and neither reaches the output (unmasked) or the audit file.
 */
export async function expectStdinSecretsReachOnlyTheCommand(
	env: NamedEnvironment,
	operator: string,
): Promise<void> {
	const first = `first-${randomBytes(12).toString('hex')}`;
	const second = `second-${randomBytes(12).toString('hex')}`;
	const action: ShellAction = {
		kind: 'shell',
		command: 'read -r a; read -r b; echo "a=$a"; printf %s "$b" | sha256sum | cut -c1-64',
		stdinSecrets: ['FIRST', 'SECOND'],
	};
	const title = 'use two secrets';
	const plan: Plan = {
		procedure: 'runbook-step',
		title,
		env: env.name,
		summary: [],
		steps: [{id: 'step', title, mutates: false, action}],
		secrets: {FIRST: first, SECOND: second},
		restsOn: [],
	};
	const runtime = createRuntime(env);
	try {
		const result = await runProcedure(runtime, plan, {confirm: async () => true, operator});
		expect(result.outcome, result.message).toBe('succeeded');
		// The first came back masked; the second arrived whole (its hash is right).
		expect(result.steps[0]!.output).toBe(`a=********\n${createHash('sha256').update(second).digest('hex')}`);
		const audit = readFileSync(localAuditFile(), 'utf8');
		expect(audit).toContain(result.correlationId);
		expect(audit).not.toContain(first);
		expect(audit).not.toContain(second);
	} finally {
		await runtime.close();
	}
}
