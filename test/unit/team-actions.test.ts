// actions: in pg-ops.yaml, read and planned without running anything: each wrong field refused at
// file:line:field; inputs checked before a plan exists (pattern, number, choice, a secret never on
// the command line); values quoted where they land (a shell word, a SQL parameter, a URL segment);
// the confirmation word each `confirm` asks for.
import {describe, expect, it} from 'vitest';
import {parseConfig, ConfigError} from '../../source/core/config/parse.js';
import {checkInputs, planAction} from '../../source/core/actions/plan.js';
import {describeAction} from '../../source/core/procedures/describe.js';
import {confirmationWord} from '../../source/core/procedures/format.js';
import {planMutates} from '../../source/core/procedures/plan.js';

const problems = (yaml: string) => {
	try {
		parseConfig(yaml, 'pg-ops.yaml');
	} catch (error) {
		if (error instanceof ConfigError) return error.message;
		throw error;
	}
	throw new Error('expected the config to be refused');
};

const env = (body: string) =>
	`environments:\n  prod:\n    transport: local\n    protected: true\n    database: {name: app, user: app}\n    http: {baseUrl: "http://127.0.0.1:1"}\n${body}`;

const promote = `    checks:
      - {name: ready, http: /ready}
    actions:
      - name: promote
        inputs:
          - {name: run_id, type: text, pattern: '[a-z0-9]{6,32}'}
          - {name: slot, type: choice, choices: [blue, green], default: blue}
          - {name: note, type: text}
          - {name: api_key, type: secret}
        confirm: target
        target: slot
        steps:
          - command: "app promote --run-id {{run_id}} --slot {{slot}} --note {{note}}"
            stdin: api_key
            verify: [{check: ready, withinSeconds: 30}, {http: "/slots/{{slot}}", field: run_id, equals: ok}]
            undo: {command: "app rollback --slot {{slot}}"}
          - sql: "insert into promotions (run_id, slot, note) values ({{run_id}}, {{slot}}, {{run_id}})"
            verify: {sql: "select count(*) from promotions where run_id = {{run_id}}", equals: 1}
`;

const parsed = () => {
	const config = parseConfig(env(promote), 'pg-ops.yaml');
	const prod = {...config.environments['prod']!, name: 'prod'};
	return {prod, action: prod.actions[0]!};
};

describe('actions in pg-ops.yaml', () => {
	it('refuses each wrong field at its line, saying what was expected', () => {
		const one = (action: string) => problems(env(`    actions:\n      - ${action}\n`));
		expect(one('{name: a, steps: [{command: "echo {{who}}"}]}')).toMatch(
			/pg-ops\.yaml:8:\d+: environments\.prod\.actions\.0\.steps\.0\.command: (expected )?\{\{who\}\} names no input of this action \(it has none\)/,
		);
		expect(
			one('{name: a, inputs: [{name: key, type: secret}], steps: [{command: "login {{key}}"}]}'),
		).toMatch(
			/steps\.0\.command: (expected )?\{\{key\}\} is a secret: it reaches a command on its standard input only/,
		);
		expect(one('{name: a, inputs: [{name: n, type: float}], steps: [{command: x}]}')).toMatch(
			/actions\.0\.inputs\.0\.type: .*"text"/,
		);
		expect(
			one('{name: a, inputs: [{name: n, type: number, pattern: "[0-9]+"}], steps: [{command: x}]}'),
		).toMatch(/inputs\.0\.pattern: (expected )?only on a text input \(this one is number\)/);
		expect(one('{name: a, inputs: [{name: n, type: text, pattern: "(("}], steps: [{command: x}]}')).toMatch(
			/inputs\.0\.pattern: (expected )?a regular expression/,
		);
		expect(
			one('{name: a, inputs: [{name: s, type: choice, choices: [a], default: b}], steps: [{command: x}]}'),
		).toMatch(/inputs\.0\.default: (expected )?a valid value: s must be one of a/);
		expect(one('{name: a, confirm: target, steps: [{command: x}]}')).toMatch(
			/actions\.0\.target: (expected )?the input whose value is typed to confirm/,
		);
		expect(one('{name: a, steps: [{command: x, verify: {check: nope}}]}')).toMatch(
			/steps\.0\.verify\.check: (expected )?a check of this environment's checks \(it has none\)/,
		);
		expect(one('{name: a, steps: [{command: x, sql: y}]}')).toMatch(
			/steps\.0\.sql: (expected )?exactly one of command, sql, http/,
		);
		expect(one('{name: a, steps: [{sql: y, sudo: true}]}')).toMatch(
			/steps\.0\.sudo: (expected )?only with command/,
		);
		expect(one('{name: restart, steps: [{command: x}]}')).toMatch(
			/actions\.0\.name: (expected )?a name no built-in procedure has/,
		);
		// A key pg-ops answers to itself on the panes is refused, naming what it does; a free one is taken.
		expect(one('{name: a, key: r, steps: [{command: x}]}')).toMatch(
			/pg-ops\.yaml:8:\d+: environments\.prod\.actions\.0\.key: (expected )?a key pg-ops does not use itself \(r is r: restart a service\)/,
		);
		expect(one('{name: a, key: q, steps: [{command: x}]}')).toMatch(
			/actions\.0\.key: .*q is q \/ ctrl\+c: quit/,
		);
		expect(one('{name: a, key: "?", steps: [{command: x}]}')).toMatch(
			/actions\.0\.key: (expected )?one letter/,
		);
		expect(() =>
			parseConfig(env('    actions:\n      - {name: a, key: p, steps: [{command: x}]}\n'), 'pg-ops.yaml'),
		).not.toThrow();
		expect(one('{name: a, steps: [{command: x, stdin: k}]}')).toMatch(
			/steps\.0\.stdin: (expected )?a secret input of this action \(k is none\)/,
		);
	});

	it('inputs are checked before any plan: pattern, choice, number, a secret never given as a value, defaults filled', () => {
		const {action} = parsed();
		const refused = checkInputs(action, {run_id: 'ABC', api_key: 'x', extra: '1'}, {});
		expect(refused.ok).toBe(false);
		expect(!refused.ok && refused.problems).toEqual([
			'api_key is a secret: it is read on standard input (or typed masked), never given on the command line',
			'promote has no input extra (its inputs: run_id, slot, note, api_key)',
			'run_id must match [a-z0-9]{6,32}',
			'note is needed (text)',
			'api_key is needed (secret)',
		]);
		const ok = checkInputs(action, {run_id: 'abc123', note: "it's $(touch /tmp/x)"}, {api_key: 'k-123456'});
		expect(ok).toEqual({
			ok: true,
			inputs: {
				values: {run_id: 'abc123', slot: 'blue', note: "it's $(touch /tmp/x)"},
				secrets: {api_key: 'k-123456'},
			},
		});
	});

	it('the plan: values shell-quoted, SQL parameters, URL-encoded; the secret on stdin only; the target typed to confirm', () => {
		const {prod, action} = parsed();
		const inputs = checkInputs(
			action,
			{run_id: 'abc123', slot: 'green', note: "it's $(touch /tmp/x)"},
			{api_key: 'k-123456'},
		);
		if (!inputs.ok) throw new Error(inputs.problems.join('; '));
		const plan = planAction(prod, action, inputs.inputs);
		expect(plan.procedure).toBe('action:promote');
		expect(planMutates(plan)).toBe(true);
		const [promoteStep, sqlStep] = plan.steps;
		expect(promoteStep!.action).toEqual({
			kind: 'shell',
			command: `app promote --run-id abc123 --slot green --note 'it'\\''s $(touch /tmp/x)'`,
			stdinSecret: 'api_key',
		});
		expect(promoteStep!.verify!.map(v => v.action)).toEqual([
			{kind: 'until', check: {kind: 'check', name: 'ready'}, timeoutSeconds: 30, intervalMs: 2000},
			{kind: 'http', path: '/slots/green', expectField: {name: 'run_id', equals: 'ok'}},
		]);
		// Titles name what is compared as it will be, not the placeholder.
		expect(promoteStep!.verify!.map(v => v.title)).toEqual(['check ready', '/slots/green: run_id = ok']);
		expect(promoteStep!.undo!.action).toEqual({kind: 'shell', command: 'app rollback --slot green'});
		expect(sqlStep!.action).toMatchObject({
			kind: 'sql',
			statements: [
				{sql: 'insert into promotions (run_id, slot, note) values ($1, $2, $1)', params: ['abc123', 'green']},
			],
		});
		expect(sqlStep!.verify![0]!.action).toMatchObject({
			statements: [
				{
					sql: 'SELECT ((select count(*) from promotions where run_id = $1))::text AS value',
					params: ['abc123'],
				},
			],
			expectValue: '1',
		});
		// The secret is in no command, summary or described action; only its name is.
		const shown = JSON.stringify([plan.summary, plan.steps.map(s => describeAction(s.action, plan.secrets))]);
		expect(shown).not.toContain('k-123456');
		expect(shown).toContain('api_key: (secret, given on standard input)');
		expect(plan.secrets).toEqual({api_key: 'k-123456'});
		// confirm: target asks for the slot, even on a protected environment.
		expect(confirmationWord(plan, prod.protected)).toBe('green');
		expect(plan.confirm?.what).toBe('the slot (green)');
		const plain = planAction(prod, {...action, confirm: 'plain', target: undefined}, inputs.inputs);
		expect(confirmationWord(plain, true)).toBe('prod');
		expect(confirmationWord(plain, false)).toBe('y');
		const typedEnv = planAction(prod, {...action, confirm: 'environment', target: undefined}, inputs.inputs);
		expect(confirmationWord(typedEnv, false)).toBe('prod');
		expect(planMutates(planAction(prod, {...action, mutates: false}, inputs.inputs))).toBe(false);
	});
});
