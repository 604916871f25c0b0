// The runbook screen as the operator sees it: sections and steps with their marks, the selected
// step's explanation and code, placeholders asked for (masked ones as •) before the plan shows the
// exact command, skipping, read-only, help and quitting. The desk and the procedure sessions are
// the engine's own; only the runner is scripted (test/fixtures/console-state.ts).
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {environmentSchema} from '../../source/core/config/schema.js';
import type {Plan} from '../../source/core/procedures/plan.js';
import {RunbookDesk} from '../../source/engine/runbooks/runbook-desk.js';
import {RunbookApp} from '../../source/ui/runbooks/RunbookApp.js';
import {fixtureState, FixtureController, type ProcedureScript} from '../fixtures/console-state.js';
import {openConsole} from '../support/console-driver.js';

const markdown = `# Web VM

## Check the web service

See whether the unit is up before touching anything.

\`\`\`bash
systemctl status app-web --no-pager
\`\`\`

## Verify the token

The service answers 200 with its git sha when the token is right.

\`\`\`bash
curl -sS -H "x-ops-token: $OPS_VERIFY_TOKEN" "http://127.0.0.1:8080/ops/verify?run=<run_id>"
\`\`\`

Expected answer:

\`\`\`json
{"ok": true, "git_sha": "..."}
\`\`\`
`;

const env = {...environmentSchema.parse({transport: 'local'}), name: 'staging'};
const secret = 'tok-9d8c7b6a5f4e3d2c1b0a';

/** The fixture controller with the engine's runbook desk over its store and sessions. */
class RunbookFixture extends FixtureController {
	readonly runbook: RunbookDesk;
	constructor(options: {readOnly?: boolean; script?: Partial<ProcedureScript>} = {}) {
		const state = fixtureState();
		super(
			{...state, env: {...state.env, readOnly: options.readOnly ?? false}},
			{procedures: {'runbook-step': {plan: {} as Plan, ...options.script}}},
		);
		this.runbook = new RunbookDesk({
			store: this.store,
			sessions: this.sessions,
			env,
			notify: (text, level) => this.notify(text, level),
			readText: () => markdown,
		});
		this.runbook.open('ops/web-vm.md');
	}
}

// Each test's screen is unmounted after it, passed or failed (unmounting twice is harmless).
const opened: Array<{unmount(): void}> = [];
afterEach(() => {
	for (const driver of opened.splice(0)) driver.unmount();
});

async function openRunbook(options: ConstructorParameters<typeof RunbookFixture>[0] = {}) {
	const controller = new RunbookFixture(options);
	const driver = await openConsole({
		controller,
		columns: 100,
		element: (c, onQuit) => <RunbookApp engine={c as RunbookFixture} onQuit={onQuit} />,
	});
	opened.push(driver);
	return {driver, controller};
}

describe('the runbook screen', () => {
	it("lists sections and steps, the selected step's explanation and code below, shown blocks dimmed as not run", async () => {
		const {driver} = await openRunbook();
		driver.expectScreen(
			'Web VM',
			'ops/web-vm.md',
			'## Check the web service',
			'## Verify the token',
			'systemctl status app-web --no-pager',
			'Expected answer  shown, not run',
		);
		driver.expectScreen('See whether the unit is up before touching anything.', 'ops/web-vm.md:7');
		await driver.press('j');
		driver.expectScreen(
			'The service answers 200 with its git sha',
			'asks for: $OPS_VERIFY_TOKEN (masked), <run_id>',
		);
		await driver.press('j');
		driver.expectScreen('a json block: shown, not run');
		await driver.press('enter');
		driver.expectScreen('shown, not run');
		expect(driver.controller.calls.some(call => call.startsWith('runner:'))).toBe(false);
		driver.unmount();
	});

	it('ctrl+t masks a value the runbook did not mark secret: typed as •, on standard input, never kept', async () => {
		const {driver, controller} = await openRunbook();
		await driver.press('j', 'enter');
		for (const ch of secret) await driver.burst(ch);
		await driver.press('enter');
		// <run_id> reads as nothing secret; the operator says it is.
		await driver.press('ctrl+t');
		await driver.type('run-7f3a9c');
		driver.expectScreen('••••••••••');
		driver.expectNotOnScreen('run-7f3a9c');
		await driver.press('enter');
		await driver.waitForScreen('Run it?');
		driver.expectScreen('IFS= read -r PGOPS_RUN_ID');
		driver.expectNotOnScreen('run-7f3a9c');
		expect(JSON.stringify(controller.store.getSnapshot())).not.toContain('run-7f3a9c');
		expect(controller.store.getSnapshot().runbook?.values).toEqual({});
	});

	it('offers the values the environment knows (its base URL) for placeholders named after them', async () => {
		const desk = new RunbookDesk({
			store: new FixtureController(fixtureState(), {}).store,
			sessions: {startPlan: () => true, onFinished: () => () => {}},
			env: {...env, http: {baseUrl: 'http://127.0.0.1:8000', via: 'ssh'}} as typeof env,
			notify: () => {},
			readText: () => '# R\n\n```sh\ncurl "<base_url>/healthz" -H "x: <token>"\n```\n',
		});
		desk.open('r.md');
		expect(desk['deps'].store.getSnapshot().runbook?.defaults).toEqual({base_url: 'http://127.0.0.1:8000'});
	});

	it('enter asks the placeholders, the secret masked with •, then the plan shows the exact command without the secret; y runs it', async () => {
		const {driver, controller} = await openRunbook();
		await driver.press('j', 'enter');
		driver.expectScreen(
			'values for runbook: curl',
			'<run_id>',
			'$OPS_VERIFY_TOKEN',
			'masked: never shown, logged or kept',
		);
		// The first empty value can't be passed over.
		await driver.press('enter');
		driver.expectScreen('needs a value');
		// Fields in the order the block uses them: the token first.
		for (const ch of secret) await driver.burst(ch);
		driver.expectScreen(`•••••••••••••••• (${secret.length} characters)`);
		driver.expectNotOnScreen(secret);
		await driver.press('enter');
		await driver.type('4411');
		await driver.press('enter');
		await driver.waitForScreen('Run it?');
		driver.expectScreen(
			'runbook: curl',
			"PGOPS_RUN_ID='4411'",
			'IFS= read -r OPS_VERIFY_TOKEN',
			"this step is the team's own command",
		);
		driver.expectNotOnScreen(secret);
		// The store never holds the secret; the non-secret value is kept to offer again.
		expect(JSON.stringify(controller.store.getSnapshot())).not.toContain(secret);
		expect(controller.store.getSnapshot().runbook?.values).toEqual({run_id: '4411'});
		await driver.waitForArming();
		await driver.press('y');
		await driver.waitForScreen('done and verified');
		await driver.press('enter');
		await driver.waitForScreen('done, exit 0');
		// Back on the same step, its last run below.
		driver.expectScreen('The service answers 200', 'last: done, exit code 0');
		expect(controller.calls).toContain('runner:confirmed:runbook-step');
		expect(controller.store.getSnapshot().runbook?.steps['3.1']).toMatchObject({
			status: 'done',
			exitCode: 0,
			runs: 1,
		});
		driver.unmount();
	});

	it('a pasted value with its newline, fast typing and enter, and the first key after the prompt opens all count', async () => {
		const {driver, controller} = await openRunbook();
		// enter and the first letters read at once, before the prompt was ever drawn: they are the token's.
		await driver.press('j');
		await driver.burst(`\r${secret.slice(0, 4)}`);
		driver.expectScreen('values for runbook: curl', '••••').expectNotOnScreen(secret.slice(0, 4));
		// The rest pasted with its newline: the token is complete and the next field has the keys.
		await driver.burst(`${secret.slice(4)}\r`);
		driver.expectScreen(`(${secret.length} characters)`, /▶ <run_id>/);
		// A value typed fast and enter, as one chunk: the plan shows it.
		await driver.burst('4411\r');
		await driver.waitForScreen('Run it?');
		driver.expectScreen("PGOPS_RUN_ID='4411'").expectNotOnScreen(secret);
		expect(controller.store.getSnapshot().runbook?.values).toEqual({run_id: '4411'});
		driver.unmount();
	});

	it('keys sent one after another without waiting for a redraw all land: enter, then the first letter', async () => {
		const {driver} = await openRunbook();
		await driver.press('j');
		await driver.burst('enter', 't', 'o', 'k', 'enter', '7');
		driver.expectScreen('•••', /▶ <run_id>\s+7/);
		driver.unmount();
	});

	it('esc in the prompt cancels: nothing is planned or run', async () => {
		const {driver, controller} = await openRunbook();
		await driver.press('j', 'enter');
		await driver.type('12');
		await driver.press('escape');
		driver.expectScreen('cancelled; nothing was run', '## Verify the token');
		expect(controller.store.getSnapshot().procedure).toBeUndefined();
		expect(controller.calls.filter(call => call.startsWith('runner:'))).toEqual([]);
		driver.unmount();
	});

	it('S skips a step and S again puts it back', async () => {
		const {driver, controller} = await openRunbook();
		await driver.press('S');
		driver.expectScreen('↷ 2.1', 'skipped');
		expect(controller.store.getSnapshot().runbook?.steps['2.1']?.status).toBe('skipped');
		await driver.press('S');
		expect(controller.store.getSnapshot().runbook?.steps['2.1']?.status).toBe('pending');
		driver.unmount();
	});

	it('read-only: the banner says steps are shown, not run, and enter runs nothing', async () => {
		const {driver, controller} = await openRunbook({readOnly: true});
		driver.expectScreen('READ-ONLY', 'read-only: steps are shown, not run');
		await driver.press('enter');
		driver.expectScreen('step 2.1 was not run');
		expect(controller.store.getSnapshot().procedure).toBeUndefined();
		driver.unmount();
	});

	it('? lists the keys and says how backing out and quitting work; q closes it; ctrl+c in the prompt quits', async () => {
		const {driver} = await openRunbook();
		await driver.press('?');
		driver.expectScreen(
			'runbook keys',
			'skip the step',
			"While asking for a step's values",
			'cancels: nothing runs',
			'esc backs out of what is open over the steps',
			'quit, as ctrl+c (not while a step runs)',
		);
		await driver.press('q');
		driver.expectScreen('## Check the web service').expectNotOnScreen('runbook keys');
		expect(driver.quit).toBe(false);
		await driver.press('j', 'enter');
		driver.expectScreen('values for runbook: curl');
		// q is typed into a value, never taken as quit.
		await driver.press('q');
		driver.expectScreen('•');
		expect(driver.quit).toBe(false);
		await driver.press('ctrl+c');
		expect(driver.quit).toBe(true);
		driver.unmount();
	});

	it('q quits, but not while a step runs', async () => {
		const {driver, controller} = await openRunbook({script: {events: ['hold']}});
		await driver.press('enter');
		await driver.waitForScreen('Run it?');
		await driver.waitForArming();
		await driver.press('y');
		await driver.waitForScreen('running');
		await driver.press('q');
		driver.expectScreen('pg-ops quits once it has finished');
		expect(driver.quit).toBe(false);
		controller.release();
		await driver.waitForScreen('done and verified');
		await driver.press('enter');
		await driver.waitForScreen('## Check the web service');
		await driver.press('q');
		expect(driver.quit).toBe(true);
		driver.unmount();
	});
});
