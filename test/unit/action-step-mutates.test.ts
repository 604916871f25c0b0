// A team action's step marked `mutates: false` (a precondition that only reads): refused where it
// makes no sense (an undo on it; `true` in an action that only reads), and a run that fails there,
// before anything changed, says so instead of "failed part-way and has no undo" (found running the
// compose migrations example on the lab: a migration refused because another held the lock).
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {LocalHost} from '../../source/adapters/local-host.js';
import {planAction} from '../../source/core/actions/plan.js';
import {ConfigError, parseConfig} from '../../source/core/config/parse.js';
import {runProcedure} from '../../source/engine/procedures/runner.js';
import {runtimeOf, type Runtime} from '../../source/engine/runtime.js';

const savedStateDir = process.env.PGOPS_STATE_DIR;
let dir: string;

const config = (actions: string) =>
	parseConfig(
		`environments:\n  x:\n    transport: local\n    lockFile: ${path.join(dir, 'x.lock')}\n    actions:\n${actions}`,
		'pg-ops.yaml',
	);
const refusal = (actions: string) => {
	try {
		config(actions);
	} catch (error) {
		if (error instanceof ConfigError) return error.message;
		throw error;
	}
	throw new Error('expected the config to be refused');
};

beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-step-mutates-'));
	process.env.PGOPS_STATE_DIR = path.join(dir, 'state');
});
afterAll(() => {
	if (savedStateDir === undefined) delete process.env.PGOPS_STATE_DIR;
	else process.env.PGOPS_STATE_DIR = savedStateDir;
	rmSync(dir, {recursive: true, force: true});
});

describe('a step with mutates: false', () => {
	it('is refused with an undo, and as true in an action that only reads, each at its field', () => {
		expect(
			refusal(
				'      - {name: a, steps: [{command: "test -f x", mutates: false, undo: {command: "rm x"}}]}\n',
			),
		).toMatch(/actions\.0\.steps\.0\.undo: (expected )?no undo on a step with mutates: false/);
		expect(refusal('      - {name: a, mutates: false, steps: [{command: ls, mutates: true}]}\n')).toMatch(
			/actions\.0\.steps\.0\.mutates: (expected )?not true in an action with mutates: false/,
		);
	});

	it('a run refused by its precondition changed nothing, and says so; the next step never ran', async () => {
		const marker = path.join(dir, 'migrated');
		const parsed = config(
			[
				'      - name: migrate',
				'        steps:',
				`          - {title: nobody else migrating, command: "test ! -e ${path.join(dir, 'held')}"}`,
				'          - {title: "lock free", command: "false", mutates: false}',
				`          - {title: migrate, command: "touch ${marker}"}`,
				'',
			].join('\n'),
		);
		const env = {...parsed.environments.x!, name: 'x'};
		const plan = planAction(env, env.actions[0]!, {values: {}, secrets: {}});
		expect(plan.steps.map(s => s.mutates)).toEqual([true, false, true]);

		// Only the read step: nothing before it changed anything.
		const onlyCheck = {...plan, steps: plan.steps.slice(1)};
		const runtime: Runtime = runtimeOf({
			env,
			hosts: [{name: 'local', host: new LocalHost()}],
			readOnly: false,
		});
		try {
			const result = await runProcedure(runtime, onlyCheck, {confirm: async () => true, operator: 'unit'});
			expect(result.outcome).toBe('failed-undone');
			expect(result.message).toContain('Nothing had changed');
			expect(result.message).not.toContain('no undo');
			expect(result.steps.map(s => s.status)).toEqual(['failed', 'pending']);
		} finally {
			await runtime.close();
		}
	});
});
