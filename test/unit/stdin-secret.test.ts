// A secret handed to a command on standard input arrives as the plan shows it, `<<< $name`: one
// newline-terminated line. A team's `read -r key && ...` failed on the bare value (read returns 1
// at end of input without a newline), so the step failed although its secret had been given.
import {describe, expect, it} from 'vitest';
import {LocalHost} from '../../source/adapters/local-host.js';
import {parseConfig} from '../../source/core/config/parse.js';
import {executeAction} from '../../source/engine/procedures/actions.js';
import {runtimeOf} from '../../source/engine/runtime.js';

const env = {
	...parseConfig('environments:\n  x:\n    transport: local\n', 'pg-ops.yaml').environments.x!,
	name: 'x',
};
const runtime = runtimeOf({env, hosts: [{name: 'local', host: new LocalHost()}], readOnly: false});
const secrets = {api_key: 's3cr3t-value'};
const readsIt = 'IFS= read -r key && printf "read %s characters" "${#key}"';

describe('a secret on standard input', () => {
	it('a host command reading it with read -r gets the whole value and succeeds', async () => {
		const outcome = await executeAction(
			runtime,
			{kind: 'shell', command: readsIt, stdinSecret: 'api_key'},
			secrets,
		);
		expect(outcome).toMatchObject({ok: true, output: 'read 12 characters'});
	});

	it('a command on this machine (a hand-off) reads it the same way', async () => {
		const outcome = await executeAction(
			runtime,
			{kind: 'local', command: readsIt, stdinSecret: 'api_key'},
			secrets,
		);
		expect(outcome).toMatchObject({ok: true, output: 'read 12 characters'});
	});
});
