// The maintenance window screen on fixed data: starting a window, the steps and their detail,
// skipping (a reason is required), retrying a failed step, Execute's items, the header badge and
// the footer's label, and that it all fits 80x24.
import {describe, expect, it} from 'vitest';
import {openConsole} from '../support/console-driver.js';
import {restartPlan} from '../fixtures/console-state.js';
import {MaintenanceFixtureController, maintenanceRecord} from '../fixtures/maintenance-fixture.js';

const runbook = {
	file: 'runbooks/upgrade.md',
	title: 'Upgrade PostgreSQL',
	steps: [
		{id: '1.1', title: 'systemctl stop app-web', kind: 'shell', placeholders: []},
		{
			id: '1.2',
			title: 'curl -H "x-ops-token: $OPS_VERIFY_TOKEN" …/ops/verify',
			kind: 'shell',
			placeholders: [
				{token: '$OPS_VERIFY_TOKEN', name: 'OPS_VERIFY_TOKEN', secret: true, style: 'variable' as const},
				{token: '<run_id>', name: 'run_id', secret: false, style: 'angle' as const},
			],
		},
		{id: '1.3', title: 'expected output', kind: 'show', placeholders: []},
	],
};

const midway = () =>
	maintenanceRecord({
		announce: {status: 'done', attempts: 1, output: ['posted to the ops webhook']},
		backup: {
			status: 'done',
			attempts: 1,
			output: ['backup /var/backups/app-20261123-0340.sql.gz (12 MB)', 'verified: gzip -t ok, 14 tables'],
			correlationId: 'c0ffee00-0000-4000-8000-000000000000',
		},
		execute: {status: 'done', attempts: 1},
		test: {
			status: 'failed',
			attempts: 1,
			reason: 'exit code 1',
			output: ['running 42 tests', 'FAIL test_settlement_totals', '41 passed, 1 failed'],
			exitCode: 1,
		},
	});

const lines = (screen: string) => screen.split('\n');

describe('maintenance window', () => {
	it('m without a window asks what it is for: esc backs out, an empty title is refused, enter starts it', async () => {
		const controller = new MaintenanceFixtureController();
		const ui = await openConsole({controller, columns: 80});
		await ui.press('m');
		ui.expectScreen(
			'Start a maintenance window on staging',
			'What is this window for?',
			'enter starts it',
			'esc backs out',
		);
		await ui.press('escape');
		ui.expectScreen('1 Services').expectNotOnScreen('What is this window for?');

		await ui.press('m', 'enter');
		ui.expectScreen('say what the window is for first');
		expect(controller.maintenance.calls).toEqual([]);
		await ui.type('upgrade PostgreSQL to 16.4');
		await ui.press('enter');
		expect(controller.maintenance.calls).toEqual(['start:upgrade PostgreSQL to 16.4']);
		ui.expectScreen(
			'Maintenance: upgrade PostgreSQL to 16.4',
			/› · 1 Announce\s+pending/,
			/· 6 Close\s+pending/,
			'Records the start and posts it to the webhook',
		);
		ui.unmount();
	});

	it("shows every step with its mark and word, and the selected step's output in the detail", async () => {
		const controller = new MaintenanceFixtureController(midway());
		const ui = await openConsole({controller, columns: 80});
		await ui.press('m');
		// The cursor starts on the first step not finished: Test, failed.
		ui.expectScreen(
			/✓ 1 Announce\s+done/,
			/✓ 2 Backup\s+done/,
			/✓ 3 Execute\s+done/,
			/› ✗ 4 Test\s+FAILED/,
			/· 5 Verify\s+pending/,
			'started 03:37 UTC by ops · running for 23m · 3/6 steps finished',
		);
		ui.expectScreen(
			'FAIL test_settlement_totals',
			'41 passed, 1 failed',
			'exit code 1',
			'enter retry',
			'S skip',
		);
		await ui.press('k', 'k');
		ui.expectScreen(
			'backup /var/backups/app-20261123-0340.sql.gz (12 MB)',
			'verified: gzip -t ok, 14 tables',
			'audit: c0ffee00-0000-4000-8000-000000000000',
		);
		ui.expectNotOnScreen('enter retry');
		// Enter on a finished step runs nothing.
		await ui.press('enter');
		ui.expectScreen('Backup is done already; nothing was run');
		expect(controller.maintenance.calls).toEqual([]);
		// "j" and enter typed faster than the terminal is read come as one chunk: both count.
		await ui.burst('j\r');
		ui.expectScreen(/› ✓ 3 Execute/, 'Execute is done');
		ui.unmount();
	});

	it('steps run in order: a later step says what comes first; Close is run, never skipped', async () => {
		const controller = new MaintenanceFixtureController(midway());
		const ui = await openConsole({controller, columns: 80});
		await ui.press('m', 'j');
		ui.expectScreen(/› · 5 Verify\s+pending/).expectNotOnScreen('enter run', 'S skip');
		await ui.press('enter');
		ui.expectScreen("Verify can't run yet: first test");
		await ui.press('j', 'S');
		ui.expectScreen("Close can't be skipped").expectNotOnScreen('Why skip');
		expect(controller.maintenance.calls).toEqual([]);
		ui.unmount();
	});

	it('a failed step: enter retries it', async () => {
		const controller = new MaintenanceFixtureController(midway(), {
			runs: {test: [{status: 'done', reason: undefined, exitCode: 0, output: ['42 passed']}]},
		});
		const ui = await openConsole({controller, columns: 80});
		await ui.press('m', 'enter');
		expect(controller.maintenance.calls).toEqual(['run:test']);
		ui.expectScreen(
			/✓ 4 Test\s+done/,
			'42 passed',
			'exit code 0',
			'(started 04:00 UTC, ended 04:00 UTC, 2 tries)',
		);
		ui.unmount();
	});

	it('skipping a step needs a typed reason, which the list then shows', async () => {
		const controller = new MaintenanceFixtureController(
			maintenanceRecord({
				announce: {status: 'done', attempts: 1},
				backup: {status: 'done', attempts: 1},
				execute: {status: 'done', attempts: 1},
				test: {status: 'done', attempts: 1},
				verify: {
					status: 'failed',
					attempts: 1,
					reason: 'not green',
					output: ['app-orchestrator: failed', 'calibration: STALE'],
				},
			}),
		);
		const ui = await openConsole({controller, columns: 80});
		await ui.press('m');
		ui.expectScreen(/› ✗ 5 Verify\s+FAILED/, 'app-orchestrator: failed', 'calibration: STALE');
		await ui.press('S');
		ui.expectScreen('Why skip Verify?');
		await ui.press('enter');
		ui.expectScreen('a reason is required to skip a step');
		await ui.press(' ', ' ', 'enter');
		ui.expectScreen('a reason is required to skip a step');
		expect(controller.maintenance.calls).toEqual([]);
		// Typed fast, as one chunk: every character is part of the reason.
		await ui.burst('calibration is known-stale, ticket OPS-812');
		await ui.press('enter');
		expect(controller.maintenance.calls).toEqual(['skip:verify:calibration is known-stale, ticket OPS-812']);
		ui.expectScreen(/- 5 Verify\s+skipped: calibration is known-stale, ticket OPS-812/).expectNotOnScreen(
			'Why skip',
		);
		// esc while typing a reason skips nothing.
		await ui.press('j', 'S', 'x', 'escape');
		expect(controller.maintenance.calls).toHaveLength(1);
		ui.unmount();
	});

	it('Execute: notes added and ticked, a runbook step asks its placeholders (the secret masked), d finishes', async () => {
		const controller = new MaintenanceFixtureController(
			maintenanceRecord({
				announce: {status: 'done', attempts: 1},
				backup: {status: 'done', attempts: 1},
				execute: {status: 'running', attempts: 0},
			}),
			{runbooks: [runbook]},
		);
		const ui = await openConsole({controller, columns: 80});
		await ui.press('m');
		ui.expectScreen(
			/› … 3 Execute\s+running/,
			'runbook Upgrade PostgreSQL',
			'▹ 1.1 systemctl stop app-web',
			'1.3 expected output (shown, not run)',
			'a note',
			'd Execute done',
			'Nothing yet',
		);
		await ui.press('a');
		ui.expectScreen('Note: ');
		await ui.type('drain traffic at the load balancer');
		await ui.press('enter');
		ui.expectScreen('[ ] note: drain traffic at the load balancer', '3 Execute   running  0/1 item');
		await ui.press('j');
		ui.expectScreen('space tick');
		await ui.press(' ');
		expect(controller.maintenance.calls).toEqual(['note:drain traffic at the load balancer', 'mark:i1:done']);
		ui.expectScreen('[x] note: drain traffic at the load balancer', '1/1 item');

		// The runbook step with a secret and a plain placeholder.
		await ui.press('j', 'j', 'j');
		ui.expectScreen(
			/› +▹ 1\.2 curl/,
			'Asks for: OPS_VERIFY_TOKEN (secret, masked), run_id',
			'enter run step',
		);
		// esc in the prompt runs nothing.
		await ui.press('enter');
		await ui.waitForScreen('masked: never shown');
		await ui.press('escape');
		ui.expectScreen('cancelled; nothing was run').expectNotOnScreen('masked: never shown');
		expect(controller.maintenance.calls.filter(c => c.startsWith('runbook:'))).toEqual([]);
		await ui.press('enter');
		await ui.waitForScreen('masked: never shown');
		ui.expectScreen('$OPS_VERIFY_TOKEN', '<run_id>');
		await ui.type('s3cr3t-t0ken');
		ui.expectScreen('••••••••••••').expectNotOnScreen('s3cr3t-t0ken');
		await ui.press('enter');
		await ui.type('4411');
		ui.expectScreen(/<run_id>\s+4411/);
		await ui.press('enter');
		expect(controller.maintenance.calls.at(-1)).toBe(
			'runbook:runbooks/upgrade.md#1.2:OPS_VERIFY_TOKEN,run_id',
		);
		expect(controller.maintenance.runbookValues.at(-1)).toEqual({
			OPS_VERIFY_TOKEN: 's3cr3t-t0ken',
			run_id: '4411',
		});
		ui.expectScreen('[x] runbook: curl', '(ran)').expectNotOnScreen('s3cr3t-t0ken');

		// A block that is only shown is never run.
		await ui.press('j');
		await ui.press('enter');
		ui.expectScreen('1.3 is shown, never run');
		expect(controller.maintenance.calls.filter(c => c.startsWith('runbook:'))).toHaveLength(1);

		await ui.press('d');
		expect(controller.maintenance.calls.at(-1)).toBe('finishExecute');
		ui.expectScreen(/✓ 3 Execute\s+done/).expectNotOnScreen('runbook Upgrade PostgreSQL');
		ui.unmount();
	});

	it("a runbook step's values pasted with their newline, typed fast with enter, or typed right as the prompt opens all count", async () => {
		const controller = new MaintenanceFixtureController(
			maintenanceRecord({
				announce: {status: 'done', attempts: 1},
				backup: {status: 'done', attempts: 1},
				execute: {status: 'running', attempts: 0},
			}),
			{runbooks: [runbook]},
		);
		const ui = await openConsole({controller, columns: 80});
		await ui.press('m', 'j', 'j', 'j');
		ui.expectScreen(/› +▹ 1\.2 curl/);
		// Keys written one after another without a redraw between them: enter, then the first letter.
		await ui.burst('enter', 'x', 'enter', '9', 'escape');
		ui.expectScreen('cancelled; nothing was run', /› +▹ 1\.2 curl/);
		expect(controller.maintenance.calls).toEqual([]);
		// enter and the token's first letters in one chunk: the prompt was not drawn yet, the letters are its.
		await ui.burst('\rs3cr');
		ui.expectScreen('masked: never shown', '••••').expectNotOnScreen('s3cr');
		// The rest of the token pasted with its newline, then the run id typed fast with enter.
		await ui.burst('3t-t0ken\r');
		ui.expectScreen(/▶ <run_id>/);
		await ui.burst('4411\r');
		expect(controller.maintenance.calls.at(-1)).toBe(
			'runbook:runbooks/upgrade.md#1.2:OPS_VERIFY_TOKEN,run_id',
		);
		expect(controller.maintenance.runbookValues.at(-1)).toEqual({
			OPS_VERIFY_TOKEN: 's3cr3t-t0ken',
			run_id: '4411',
		});
		ui.expectNotOnScreen('s3cr3t-t0ken', 'masked: never shown');
		ui.unmount();
	});

	it('S on an Execute item asks why and skips it with the reason; a finished item is not skipped again', async () => {
		const record = maintenanceRecord(
			{
				announce: {status: 'done', attempts: 1},
				backup: {status: 'done', attempts: 1},
				execute: {status: 'running', attempts: 0},
			},
			{execute: [{id: 'i7', kind: 'note', title: 'drain traffic at the load balancer', status: 'pending'}]},
		);
		const controller = new MaintenanceFixtureController(record);
		const ui = await openConsole({controller, columns: 80});
		await ui.press('m', 'j');
		ui.expectScreen(/› +\[ \] note: drain traffic/, 'S skip', 'S skips it (with a reason)');
		await ui.press('S');
		ui.expectScreen('Why skip drain traffic');
		await ui.press('enter');
		ui.expectScreen('a reason is required to skip an item');
		expect(controller.maintenance.calls).toEqual([]);
		await ui.burst('the balancer was drained by the deploy\r');
		expect(controller.maintenance.calls).toEqual(['mark:i7:skipped:the balancer was drained by the deploy']);
		ui.expectScreen(
			/\[-\] note: drain traffic at the load balancer +skipped: the balancer/,
			'skipped at 04:00 UTC: the balancer was drained by the deploy',
		).expectNotOnScreen('Why skip');
		await ui.press('S');
		ui.expectScreen('drain traffic at the load balancer is skipped already');
		expect(controller.maintenance.calls).toHaveLength(1);
		ui.unmount();
	});

	it('backup opens the procedure dialog and comes back here; action keys run procedures whose runs land in Execute', async () => {
		const controller = new MaintenanceFixtureController(
			maintenanceRecord({announce: {status: 'done', attempts: 1}}),
			{
				procedures: {restart: {plan: restartPlan}},
				dialogs: {backup: restartPlan({service: 'web'})},
				runs: {backup: [{status: 'done', output: ['backup /var/backups/app.sql.gz verified']}]},
			},
		);
		const ui = await openConsole({controller, columns: 80});
		await ui.press('m');
		ui.expectScreen(/› · 2 Backup\s+pending/);
		await ui.press('enter');
		await ui.waitForScreen('$ systemctl restart web.service');
		await ui.waitForArming();
		await ui.press('y');
		await ui.waitForScreen('done and verified');
		await ui.press('escape');
		await ui.waitForScreen(/✓ 2 Backup\s+done/);
		ui.expectScreen('backup /var/backups/app.sql.gz verified', 'Maintenance: upgrade PostgreSQL to 16.4');

		// r on this screen: the same procedure as on the panes; its run is one of Execute's items.
		await ui.waitForDialogGuard();
		await ui.press('r');
		await ui.waitForScreen('$ systemctl restart orchestrator.service');
		await ui.waitForArming();
		await ui.press('y');
		await ui.waitForScreen('done and verified');
		await ui.press('escape');
		await ui.waitForScreen(/\[x\] restart orchestrator/);
		expect(controller.calls).toContain('start:restart');
		ui.unmount();
	});

	it('the header shows the badge and the footer the progress while a window is open; nothing once closed', async () => {
		const controller = new MaintenanceFixtureController(midway());
		const ui = await openConsole({controller, columns: 120});
		ui.expectScreen(' MAINT 23m 3/6 ', 'm maint 3/6');
		// The clock alone moves the badge (nothing else on screen changed).
		controller.store.update(s => ({...s, now: s.now + 2 * 60_000}));
		await ui.press('1');
		ui.expectScreen(' MAINT 25m 3/6 ');
		controller.store.update(s => ({
			...s,
			maintenance: {...s.maintenance!, closedAt: s.maintenance!.startedAt},
		}));
		await ui.press('1');
		ui.expectNotOnScreen('MAINT', 'maint 3/6');
		ui.unmount();
		// At 80 columns "q quit" still fits (the keys the fixture cannot run share one "coming" hint).
		const narrow = await openConsole({controller: new MaintenanceFixtureController(midway()), columns: 80});
		narrow.expectScreen(' MAINT 23m 3/6 ', /r x b B t s: coming {1,2}m maint 3\/6 {1,2}i /, 'q quit');
		narrow.unmount();
	});

	it('close shows the summary with every step and the skip reason, and where it was written', async () => {
		const record = maintenanceRecord({
			announce: {status: 'done', attempts: 1},
			backup: {status: 'done', attempts: 1},
			execute: {status: 'done', attempts: 1},
			test: {status: 'done', attempts: 1},
			verify: {status: 'skipped', attempts: 1, reason: 'calibration known-stale'},
		});
		const controller = new MaintenanceFixtureController(record);
		const ui = await openConsole({controller, columns: 80});
		await ui.press('m', 'enter');
		expect(controller.maintenance.calls).toEqual(['run:close']);
		ui.expectScreen(
			'closed 04:00 UTC after 23m',
			'verify: skipped (calibration known-stale)',
			'close: done',
			'Summary written to /tmp/state/maintenance/mw-1.md',
			'n new window',
		);
		await ui.press('n');
		ui.expectScreen('What is this window for?');
		ui.unmount();
	});

	it("? lists the screen's keys and how to back out; esc returns to the steps, then to the panes with the window still open", async () => {
		const controller = new MaintenanceFixtureController(midway(), {
			procedures: {restart: {plan: restartPlan}},
		});
		const ui = await openConsole({controller, columns: 80});
		await ui.press('m', '?');
		ui.expectScreen(
			'Maintenance window keys',
			/S +skips the step or/,
			/a +adds a note to tick by hand/,
			/r +procedures, as on the/,
			/enter +done/,
			/esc +cancels/,
			'where q quits; ctrl+c quits from anywhere',
		);
		expect(ui.screen().split('\n').length).toBeLessThanOrEqual(23);
		await ui.press('escape');
		ui.expectScreen(/› ✗ 4 Test/);
		await ui.press('escape');
		ui.expectScreen('1 Services', 'MAINT 23m 3/6');
		// q backs out the same way (it quits only from the panes), and closes the help.
		await ui.press('m', '?', 'q');
		ui.expectScreen(/› ✗ 4 Test/);
		await ui.press('q');
		ui.expectScreen('1 Services');
		expect(ui.quit).toBe(false);
		// esc there was the screen's: a filter on the panes stays.
		await ui.press('/', 'o', 'r', 'c', 'enter', 'm', 'escape');
		ui.expectScreen(/✗ orchestrator\s+failed/).expectNotOnScreen('intake');
		ui.unmount();
	});

	it('fits 80x24 on every screen it has', async () => {
		const controller = new MaintenanceFixtureController(
			maintenanceRecord(
				{
					announce: {status: 'done', attempts: 1},
					backup: {status: 'done', attempts: 1},
					execute: {status: 'running', attempts: 0},
				},
				{
					title:
						'a very long title for a window that says far more than a single terminal line could ever hold at eighty columns',
				},
			),
			{
				runbooks: [
					runbook,
					{...runbook, file: 'runbooks/second.md', title: 'Second'},
					{
						file: 'runbooks/broken.md',
						title: 'broken.md',
						steps: [],
						error: 'runbooks/broken.md: cannot be read (ENOENT)',
					},
				],
			},
		);
		const ui = await openConsole({controller, columns: 80});
		const check = () => {
			const screen = lines(ui.screen());
			expect(screen.length).toBeLessThanOrEqual(23);
			for (const line of screen) expect([...line].length).toBeLessThanOrEqual(80);
		};
		check();
		await ui.press('m');
		check();
		for (let i = 0; i < 12; i++) await ui.press('j');
		check();
		ui.expectScreen(/› ·? ?[✓·…✗-]? ?\d? ?.*(Test|Verify|Close|broken|Second|▹)/);
		await ui.press('a');
		await ui.burst('x'.repeat(120));
		check();
		await ui.press('escape', '?');
		check();
		ui.unmount();
	});
});
