// A team action's SQL verification with `equals` (the query's one value compared as text) says, when
// it fails, the value it found and the one expected. It said "expected 1 rows, got 0", the row count
// of pg-ops' own wrapper, found running examples/team-compose-migrations.yaml: the operator wrote no
// row count and could not tell what the query had answered.
import {describe, expect, it} from 'vitest';
import {LocalHost} from '../../source/adapters/local-host.js';
import type {Database} from '../../source/adapters/database.js';
import {checkInputs, planAction} from '../../source/core/actions/plan.js';
import {parseConfig} from '../../source/core/config/parse.js';
import {describeAction} from '../../source/core/procedures/describe.js';
import {executeAction} from '../../source/engine/procedures/actions.js';
import {runtimeOf} from '../../source/engine/runtime.js';

const config = parseConfig(
	[
		'environments:',
		'  x:',
		'    transport: local',
		'    database: {name: app, user: ops}',
		'    actions:',
		'      - name: migrate',
		'        inputs: [{name: version, type: number}]',
		'        steps:',
		'          - command: "true"',
		'            verify:',
		"              - {sql: 'select max(version) from schema_migrations', equals: '{{version}}'}",
		"              - {sql: 'select count(*) from pg_locks', equals: 0}",
		'',
	].join('\n'),
	'pg-ops.yaml',
);
const env = {...config.environments.x!, name: 'x'};
const action = env.actions[0]!;
const inputs = checkInputs(action, {version: '12'}, {});
if (!inputs.ok) throw new Error(inputs.problems.join('; '));
const plan = planAction(env, action, inputs.inputs);
const [reachesVersion, lockFree] = plan.steps[0]!.verify!.map(v => v.action);

/** PostgreSQL, as far as these checks see it: each statement answers the query's value (as text), or no row. */
function database(answer: Array<Record<string, unknown>>) {
	const statements: string[] = [];
	const db = {
		query: async (sql: string) => {
			statements.push(sql);
			return answer;
		},
	} as unknown as Database;
	const runtime = {
		...runtimeOf({env, hosts: [{name: 'local', host: new LocalHost()}], readOnly: false}),
		database: db,
	};
	return {runtime, statements};
}

describe('an SQL verification with equals', () => {
	it('failing, says the value the query returned and the one expected, not a row count', async () => {
		const {runtime, statements} = database([{value: '1'}]);
		const outcome = await executeAction(runtime, lockFree!, {});
		expect(outcome.ok).toBe(false);
		expect(outcome.output).toBe("the query returned '1', expected '0'");
		expect(outcome.output).not.toMatch(/rows?/);
		// The query's one value as text, compared as the operator wrote it.
		expect(statements).toEqual(['SELECT ((select count(*) from pg_locks))::text AS value']);

		const older = database([{value: '7'}]);
		expect((await executeAction(older.runtime, reachesVersion!, {})).output).toBe(
			"the query returned '7', expected '12'",
		);
	});

	it('a query with no row (or a NULL value) says so', async () => {
		const {runtime} = database([{value: null}]);
		expect((await executeAction(runtime, reachesVersion!, {})).output).toBe(
			"the query returned no value (no row, or NULL), expected '12'",
		);
	});

	it('passes when the value equals the one expected (an input filled in)', async () => {
		const {runtime} = database([{value: '12'}]);
		expect(await executeAction(runtime, reachesVersion!, {})).toMatchObject({ok: true});
	});

	it('the plan shows the query and the value expected on one line', () => {
		expect(describeAction(reachesVersion!, {})).toBe(
			"SELECT ((select max(version) from schema_migrations))::text AS value; → '12'",
		);
	});
});
