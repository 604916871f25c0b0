// The console on a fleet (issue 6): the services pane summed up per service with the worst hosts
// first, disk with hosts, the host filter, the host detail, and what r, b, t, s act on.
import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {openConsole} from '../support/console-driver.js';
import {restartPlan} from '../fixtures/console-state.js';
import type {PaneData} from '../../source/core/panes.js';
import {FleetFixtureController, fleetState, recovered} from '../fixtures/fleet-state.js';

afterEach(() => cleanup());

const fleetConsole = (
	options: {count?: number; columns?: number; controller?: FleetFixtureController} = {},
) =>
	openConsole({
		controller: options.controller ?? new FleetFixtureController(fleetState(options.count ?? 40)),
		columns: options.columns,
	});

const lineIndex = (screen: string, text: string) => screen.split('\n').findIndex(line => line.includes(text));

type Console = Awaited<ReturnType<typeof fleetConsole>>;

/** Waits for each text (a loaded machine may draw later than the driver's settle). */
async function shows(ui: Console, ...texts: Array<string | RegExp>) {
	for (const text of texts) await ui.waitForScreen(text);
	return ui;
}

/** Waits until the controller was asked for this. */
async function asked(ui: Console, call: string) {
	const deadline = Date.now() + 2000;
	while (!ui.controller.calls.includes(call)) {
		if (Date.now() > deadline)
			throw new Error(`waited for ${call}; the controller was asked: ${ui.controller.calls.join(' | ')}`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

describe('the services pane on a fleet', () => {
	it('sums each service up, then lists the worst hosts first and collapses the healthy ones', async () => {
		const ui = await fleetConsole();
		ui.expectScreen(
			/! api\s+38\/40 active {2}2 no answer/,
			/✗ worker\s+36\/40 active {2}2 failed {2}2 no answer/,
		);
		ui.expectScreen(/✗ app-07\s+worker\s+failed\s+2m/, /✗ app-12\s+worker\s+failed/);
		ui.expectScreen(
			/✗ app-17 unreachable: connect ETIMEDOUT 10\.0\.0\.17:22/,
			/! app-09 slow: no answer for 10s/,
			'✓ 36 hosts all active',
		);
		const screen = ui.screen();
		const order = ['api ', 'worker ', 'app-07', 'app-12', 'app-17', 'app-09', '36 hosts all active'].map(
			text => lineIndex(screen, text),
		);
		expect(order).toEqual([...order].sort((a, b) => a - b));
		// Healthy hosts are one line, not forty.
		ui.expectNotOnScreen('app-01', 'app-40');
	});

	it('enter on the collapsed line lists the healthy hosts; esc collapses them again', async () => {
		const ui = await fleetConsole();
		await ui.press('j', 'j', 'j', 'j', 'j', 'j', 'enter');
		// The healthy hosts take the collapsed line's place, and the selection stays there.
		(await shows(ui, /app-01\s+api\s+active/)).expectNotOnScreen('36 hosts all active');
		await ui.press('j');
		await shows(ui, /app-01\s+worker\s+active/);
		await ui.press('escape');
		(await shows(ui, '36 hosts all active')).expectNotOnScreen('app-01');
	});

	it('the header names the fleet by host status and the mixed slot', async () => {
		const wide = await fleetConsole({columns: 160});
		wide
			.expectScreen(
				'fleet 40 hosts: 35 ok, 3 critical, 1 unreachable, 1 slow',
				'slot mixed (blue 38, green 2)',
			)
			.expectNotOnScreen('deploy@');
		cleanup();
		const narrow = await fleetConsole({count: 100, columns: 80});
		narrow.expectScreen('100 hosts: 95 ok 3 crit 1 unreachable 1 slow  slot mixed');
	});
});

describe('the host filter', () => {
	it('/app-07 narrows the panes to that host and has only it refreshed; esc shows every host again', async () => {
		const ui = await fleetConsole();
		await ui.press('/');
		await ui.type('app-07');
		await ui.press('enter');
		await shows(
			ui,
			'1 Services (1 of 40 hosts)',
			'filter: app-07 (1 of 40 hosts)',
			/api\s+1\/1 active/,
			/app-07\s+api\s+active/,
			/app-07\s+worker\s+failed/,
		);
		ui.expectNotOnScreen('app-12', 'app-17', 'hosts all active');
		await asked(ui, 'showHosts:app-07');
		await ui.press('escape');
		(await shows(ui, 'app-12', '36 hosts all active')).expectNotOnScreen('filter: app-07', '(1 of 40 hosts)');
		await asked(ui, 'showHosts:all');
		expect(ui.controller.calls.at(-1)).toBe('showHosts:all');
	});

	it('a filter and its enter in one chunk (a paste, tmux send-keys, fast typing) all count', async () => {
		const ui = await fleetConsole();
		await ui.press('/app-04\r');
		await shows(ui, 'filter: app-04 (1 of 40 hosts)', /app-04\s+api\s+active/);
		ui.expectNotOnScreen('app-07', 'hosts all active');
		await asked(ui, 'showHosts:app-04');
		// Typed into an open filter line, a word and enter at once, too.
		await ui.press('escape', '/', 'app-1\r');
		await shows(ui, 'filter: app-1 (10 of 40 hosts)');
		await asked(ui, 'showHosts:app-10,app-11,app-12,app-13,app-14,app-15,app-16,app-17,app-18,app-19');
	});

	it('narrows the hosts as the filter is typed; only the filter kept with enter re-aims the refresh', async () => {
		const ui = await fleetConsole();
		await ui.press('/');
		await ui.type('app-07');
		await shows(ui, 'filter: app-07 (1 of 40 hosts)', /app-07\s+worker\s+failed/, '/app-07▌');
		ui.expectNotOnScreen('app-12', 'hosts all active');
		expect(ui.controller.calls.filter(call => call.startsWith('showHosts'))).toEqual([]);
		await ui.press('enter');
		await asked(ui, 'showHosts:app-07');
		await ui.press('/', 'escape');
		await shows(ui, 'app-12', '36 hosts all active');
		await asked(ui, 'showHosts:all');
	});

	it('two host names show both hosts and have both refreshed (not none, which paused every host)', async () => {
		const ui = await fleetConsole();
		await ui.press('/');
		await ui.type('app-01 app-07');
		await ui.press('enter');
		await shows(
			ui,
			'filter: app-01 app-07 (2 of 40 hosts)',
			/app-01\s+api\s+active/,
			/app-07\s+worker\s+failed/,
			/worker\s+1\/2 active {2}1 failed/,
		);
		ui.expectNotOnScreen('app-12', 'app-17');
		await asked(ui, 'showHosts:app-01,app-07');
		expect(ui.controller.calls.filter(call => call.startsWith('showHosts'))).toEqual([
			'showHosts:app-01,app-07',
		]);
	});

	it('a long filter being typed at 80 columns keeps its end and the cursor in view, its hint while that fits', async () => {
		const ui = await fleetConsole({count: 100, columns: 80});
		await ui.press('/');
		await shows(ui, '/▌  (enter keeps the filter, esc clears it)');
		await ui.type('app-1 app-2 app-3 app-4 app-5 app-6 app-7 app-8 app-9 app-10 worker failed active');
		await shows(ui, /^…[^\n]*app-10 worker failed active▌ *$/m);
		ui.expectNotOnScreen('enter keeps the filter');
		for (const line of ui.screen().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
	});

	it('a service name filters the services, not the hosts (every host stays refreshed)', async () => {
		const ui = await fleetConsole();
		await ui.press('/');
		await ui.type('worker');
		await ui.press('enter');
		(
			await shows(ui, 'filter: worker', /worker\s+36\/40 active/, /app-07\s+worker\s+failed/)
		).expectNotOnScreen('38/40');
		expect(ui.screen()).not.toMatch(/app-07\s+api/);
		expect(ui.controller.calls.filter(call => call.startsWith('showHosts'))).toEqual([]);
	});

	it('enter on a summary line shows that service on every host, worst first', async () => {
		const ui = await fleetConsole();
		await ui.press('j', 'enter');
		(
			await shows(
				ui,
				'filter: worker',
				/✗ app-07\s+worker\s+failed/,
				/✗ app-12\s+worker\s+failed/,
				/app-17 unreachable/,
			)
		).expectNotOnScreen('app-01');
		await ui.press('j', 'j', 'j', 'j', 'j');
		await shows(ui, /✓ app-01\s+worker\s+active/);
	});
});

describe('the host detail', () => {
	it('enter on a host row shows that host, refreshes only it, and esc goes back', async () => {
		const ui = await fleetConsole();
		await ui.press('j', 'j', 'enter');
		await shows(
			ui,
			'host app-07  CRITICAL',
			'CRITICAL: worker failed',
			'deploy@app-07.internal (connected)',
			/release\s+blue/,
			/last answer\s+just now/,
			/batch\s+last took 0\.3s/,
		);
		ui.expectScreen(
			/✓ api\s+active\s+3d\s+running/,
			/✗ worker\s+failed\s+2m\s+exit-code \(status 1\)/,
			/\/var\/lib\/postgresql\s+26%/,
		);
		await asked(ui, 'showHosts:app-07');
		await ui.press('escape');
		await shows(ui, '1 Services', '36 hosts all active');
		await asked(ui, 'showHosts:all');
		expect(ui.controller.calls.at(-1)).toBe('showHosts:all');
	});

	it('closing the detail gives back the filter the operator had', async () => {
		const ui = await fleetConsole();
		await ui.press('/');
		await ui.type('app-1');
		// The two summary lines, then app-12 (worker failed) first.
		await ui.press('enter', 'j', 'j', 'enter');
		await shows(ui, 'host app-12');
		await ui.press('escape');
		await shows(ui, 'filter: app-1 (10 of 40 hosts)');
		const tens = 'app-10,app-11,app-12,app-13,app-14,app-15,app-16,app-17,app-18,app-19';
		await asked(ui, 'showHosts:app-12');
		while (ui.controller.calls.filter(call => call.startsWith('showHosts')).length < 3)
			await new Promise(resolve => setTimeout(resolve, 20));
		expect(ui.controller.calls.filter(call => call.startsWith('showHosts'))).toEqual([
			`showHosts:${tens}`,
			'showHosts:app-12',
			`showHosts:${tens}`,
		]);
	});

	it('a fleet without slots has no release row', async () => {
		const base = fleetState(40);
		const state = {
			...base,
			slot: undefined,
			fleet: {...base.fleet!, hosts: base.fleet!.hosts.map(({release: _release, ...h}) => h)},
		};
		const ui = await fleetConsole({controller: new FleetFixtureController(state)});
		await ui.press('j', 'j', 'enter');
		(
			await shows(ui, 'host app-07  CRITICAL', /connection\s+deploy@app-07/, /last answer\s+just now/)
		).expectNotOnScreen('release');
	});

	it('an unreachable host says why and that it has no reading', async () => {
		const ui = await fleetConsole();
		await ui.press('j', 'j', 'j', 'j', 'enter');
		await shows(
			ui,
			'host app-17  UNREACHABLE',
			'connect ETIMEDOUT 10.0.0.17:22',
			'(reconnecting)',
			/last answer\s+none yet/,
			'no reading from this host yet',
		);
	});

	it('a long connection error is shown whole at 80 columns, wrapped under its label, and not repeated in the status', async () => {
		const error =
			'deploy@app-17.internal: connect ETIMEDOUT 10.0.0.17:22 after 10000 ms (is the host up, and port 22 open from here? try ssh -vvv deploy@app-17.internal)';
		const base = fleetState(40);
		const state = {
			...base,
			fleet: {
				...base.fleet!,
				hosts: base.fleet!.hosts.map(h => (h.name === 'app-17' ? {...h, error, problems: [error]} : h)),
			},
		};
		const ui = await fleetConsole({columns: 80, controller: new FleetFixtureController(state)});
		await ui.press('j', 'j', 'j', 'j', 'enter');
		await shows(
			ui,
			'host app-17  UNREACHABLE',
			/status\s+UNREACHABLE\s+│/,
			/error\s+deploy@app-17\.internal: connect ETIMEDOUT/,
			/^│ {14}-vvv deploy@app-17\.internal\)\s+│$/m,
		);
		expect(
			ui
				.screen()
				.split('\n')
				.filter(line => line.includes('ETIMEDOUT')),
		).toHaveLength(1);
		for (const line of ui.screen().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
	});

	it('enter on a service opens its logs from that host; esc returns to the host; r restarts it there', async () => {
		const ui = await fleetConsole();
		await ui.press('j', 'j', 'enter', 'j', 'enter');
		await shows(
			ui,
			'service worker on app-07',
			/host\s+app-07/,
			'exit-code (status 1)',
			'app-07 worker[812]: ConnectionError',
		);
		await asked(ui, 'logs:worker@app-07');
		await ui.press('escape');
		await shows(ui, 'host app-07');
		await asked(ui, 'closeDetail');
		await ui.press('r');
		await asked(ui, 'plan:restart:{"service":"worker","host":"app-07"}');
	});

	it('? in the host detail shows its own keys', async () => {
		const ui = await fleetConsole();
		await ui.press('j', 'j', 'enter', '?');
		await shows(
			ui,
			'pg-ops keys: host app-07',
			'restart the selected service on',
			'only app-07 is refreshed',
		);
		await ui.press('escape');
		await shows(ui, 'host app-07  CRITICAL');
	});
});

describe('action keys on a fleet', () => {
	it("r on a host's service row restarts that service on that host", async () => {
		const ui = await fleetConsole();
		await ui.press('j', 'j', 'r');
		await asked(ui, 'plan:restart:{"service":"worker","host":"app-07"}');
	});

	it('r on a summary line restarts the service on every host (the engine rolls it)', async () => {
		const ui = await fleetConsole();
		await ui.press('r');
		await asked(ui, 'plan:restart:{"service":"api"}');
	});

	const ran = (ui: Console) =>
		ui.controller.calls.filter(call => call.startsWith('plan:') || call.startsWith('start:'));

	it('r on the collapsed healthy line says what to select and runs nothing, in one line at 80 columns', async () => {
		const ui = await fleetConsole({columns: 80});
		await ui.press('j', 'j', 'j', 'j', 'j', 'j', 'r');
		await shows(ui, /^r restart a service: select a summary line or a service row; nothing was run *$/m);
		expect(ran(ui)).toEqual([]);
	});

	it('r with no service selected (another pane, a host that did not answer, its detail) runs nothing: no rolling restart of the first service', async () => {
		const ui = await fleetConsole({columns: 80});
		for (const pane of ['2', '3', '4', '5']) {
			await ui.press(pane, 'r');
			await shows(ui, /^r restart a service: select a service in pane 1 first; nothing was run *$/m);
		}
		// app-17 did not answer: its row names no service.
		await ui.press('1', 'j', 'j', 'j', 'j', 'r');
		await shows(ui, 'r restart a service: select a summary line or a service row; nothing was run');
		await ui.press('enter');
		await shows(ui, 'host app-17  UNREACHABLE');
		await ui.press('r');
		await shows(ui, 'r restart a service: this host lists no service to restart; nothing was run');
		expect(ran(ui)).toEqual([]);
	});

	it('in read-only mode r says so first, wherever the selection is', async () => {
		const readOnly = fleetState(40);
		const ui = await fleetConsole({
			controller: new FleetFixtureController({...readOnly, env: {...readOnly.env, readOnly: true}}),
		});
		await ui.press('2', 'r');
		await shows(ui, 'r restart a service: read-only mode; nothing was run');
		expect(ran(ui)).toEqual([]);
	});

	it("a selected host row that goes away (the host recovered) leaves the selection on its service's summary line, not on another host's row", async () => {
		const ui = await fleetConsole();
		await ui.press('j', 'j');
		// app-07's worker recovers: its row collapses into the healthy line, and app-12's takes its place.
		ui.controller.store.update(s => recovered(s, 'app-07'));
		await shows(ui, /worker\s+37\/40 active {2}1 failed/, '37 hosts all active');
		ui.expectNotOnScreen('app-07');
		await ui.press('r');
		await asked(ui, 'plan:restart:{"service":"worker"}');
		expect(ui.controller.calls.filter(call => call.startsWith('plan:'))).toEqual([
			'plan:restart:{"service":"worker"}',
		]);
	});

	it('a host row gone with no summary line of its own (a host that answers again) goes to the first summary line', async () => {
		const ui = await fleetConsole();
		await ui.press('j', 'j', 'j', 'j');
		ui.controller.store.update(s => recovered(s, 'app-17'));
		await shows(ui, '37 hosts all active');
		await ui.press('r');
		await asked(ui, 'plan:restart:{"service":"api"}');
	});

	it("on the disk pane a mount row that goes away leaves nothing selected rather than another host's mount", async () => {
		const controller = new FleetFixtureController(fleetState(), {
			procedures: {'restore-backup': {plan: () => restartPlan()}},
		});
		const ui = await fleetConsole({controller});
		await ui.press('3', 'j');
		ui.controller.store.update(s => ({
			...s,
			panes: {
				...s.panes,
				disk: {
					...s.panes.disk,
					data: {
						...(s.panes.disk.data as PaneData['disk']),
						items: (s.panes.disk.data as PaneData['disk']).items.filter((_, i) => i !== 1),
					},
				},
			},
		}));
		await new Promise(resolve => setTimeout(resolve, 50));
		await ui.press('b');
		await asked(ui, 'plan:restore-backup:{}');
		// j selects the first row again.
		await ui.press('escape');
		await ui.waitForDialogGuard(); // keys right after a dialog closes are the dialog's
		await ui.press('j', 'b');
		await asked(ui, 'plan:restore-backup:{"host":"app-21"}');
	});

	it("b t s pass the selected row's host", async () => {
		const controller = new FleetFixtureController(fleetState(), {
			procedures: {'restore-backup': {plan: () => restartPlan()}, 'switch-slot': {plan: () => restartPlan()}},
		});
		const ui = await fleetConsole({controller});
		await ui.press('j', 'j', 'j', 'j', 'b');
		await asked(ui, 'plan:restore-backup:{"host":"app-17"}');
		await ui.press('escape');
		await ui.waitForDialogGuard();
		await ui.press('3', 's');
		await asked(ui, 'plan:switch-slot:{"host":"app-21"}');
	});
});

describe('the disk pane on a fleet', () => {
	it('lists mounts worst first with their host, and a mount opens with its host', async () => {
		const ui = await fleetConsole();
		// app-09 is slow: its figures are older, and marked.
		ui.expectScreen(
			/✗ app-21\s+\/\s+93% CRITICAL \(>=90%\)/,
			'* older figures: 1 host not answering',
			/3 Disk ─+ CRITICAL · /,
		);
		await ui.press('3', 'enter');
		(
			await shows(ui, 'disk / on app-21', /host\s+app-21/, /largest\s+8\.9G\s+\/var\/log\/app\/archive/)
		).expectNotOnScreen('api.log');
	});

	it('with other hosts paused (a services filter), their older figures stay listed, marked, and the title counts them', async () => {
		// The lab's case: a services filter narrowed the fleet to app-1*, so app-21 (93%) is paused.
		const base = fleetState(100);
		const shownNow = base.fleet!.hosts.map(h => h.name).filter(name => name.startsWith('app-1'));
		const state = {
			...base,
			fleet: {
				...base.fleet!,
				shown: shownNow,
				hosts: base.fleet!.hosts.map(h =>
					shownNow.includes(h.name) ? h : {...h, status: 'paused' as const},
				),
			},
		};
		const ui = await openConsole({controller: new FleetFixtureController(state), columns: 80});
		await ui.press('/');
		await ui.type('app-1');
		await ui.press('enter');
		await shows(
			ui,
			'1 Services (11 of 100 hosts)',
			/3 Disk ─+ CRITICAL \(older\) · now/,
			'* older figures: 89 hosts paused',
			/✗ app-21\* \/\s+93% CRITICAL/,
		);
	});

	it('a title says the level of what the pane shows: current figures only, no "(older)"; narrowed by its own filter, its hosts\' level', async () => {
		const ui = await fleetConsole({count: 100, columns: 80});
		await ui.press('3', '/');
		await ui.type('app-3');
		await ui.press('enter');
		// app-30..app-39: all under 80%, all answering; app-21's 93% is not among them.
		await shows(ui, /3 Disk \(10 of 100 hosts\) ─+ ok · now/, /app-31\s+\/\s+69%/);
		ui.expectNotOnScreen('app-21', 'older', '*');
		await ui.press('escape');
		await shows(ui, /3 Disk ─+ CRITICAL · now/, /✗ app-21\s+\//);
	});

	it('a host filter there narrows it too', async () => {
		const ui = await fleetConsole();
		await ui.press('3', '/');
		await ui.type('app-03');
		await ui.press('enter');
		(
			await shows(
				ui,
				'3 Disk (1 of 40 hosts)',
				/app-03\s+\/\s+42%/,
				/app-03\s+…postgresql\s+22%/,
				'app-03  app/api.log',
			)
		).expectNotOnScreen('app-21');
		await asked(ui, 'showHosts:app-03');
	});
});

describe('help on a fleet', () => {
	it('says what enter, r and / do on a fleet', async () => {
		const ui = await fleetConsole();
		await ui.press('?');
		await shows(
			ui,
			'On a fleet',
			"host row: the host's detail",
			'summary: it on every host',
			'summary: every host in turn',
			"r b B t s the selected row's host",
			'host or service names',
		);
	});
});

describe('80x24 with 100 hosts', () => {
	it('every screen fits 80 columns and leaves the last of 24 rows free', async () => {
		const ui = await fleetConsole({count: 100, columns: 80});
		const fits = () => {
			const lines = ui.screen().split('\n');
			expect(lines.length).toBeLessThanOrEqual(23);
			for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
		};
		fits();
		ui.expectScreen('1 Services', 'api', '98/100', 'app-07', '5 SLO', 'q quit');
		const steps: Array<[string[], string | RegExp]> = [
			[['?'], 'On a fleet'],
			[['escape', 'j', 'j', 'enter'], 'host app-07'],
			[['?'], 'pg-ops keys: host app-07'],
			[['escape', 'enter'], 'service api on app-07'],
			[['escape', 'escape', 'j', 'j', 'j', 'j', 'j', 'j', 'enter'], /app-01\s+api/],
			[['/', 'a', 'p', 'p', '-', '0'], '/app-0▌'],
			[['enter'], '(9 of 100 hosts)'],
			[['3', 'enter'], 'disk / on app-21'],
		];
		for (const [keys, expected] of steps) {
			await ui.press(...keys);
			await shows(ui, expected);
			fits();
		}
	});
});

describe('drawing only what changed on a fleet', () => {
	it("a refresh that changes only the hosts' timings draws nothing; a host turning unreachable does", async () => {
		const ui = await fleetConsole();
		const before = ui.frameCount();
		ui.controller.store.update(s => ({
			...s,
			now: s.now + 1000,
			fleet: {
				...s.fleet!,
				summary: {...s.fleet!.summary, openConnections: 12},
				hosts: s.fleet!.hosts.map(h => ({
					...h,
					lastAttemptAt: s.now + 1000,
					lastDataAt: h.lastDataAt && h.lastDataAt + 1000,
					ms: h.ms && h.ms + 4,
				})),
			},
		}));
		await new Promise(resolve => setTimeout(resolve, 50));
		expect(ui.frameCount()).toBe(before);
		ui.controller.store.update(s => ({
			...s,
			fleet: {
				...s.fleet!,
				hosts: s.fleet!.hosts.map(h =>
					h.name === 'app-30'
						? {...h, status: 'unreachable', level: 'critical', error: 'connection reset'}
						: h,
				),
			},
		}));
		await shows(ui, /app-30 unreachable: connection reset/);
		expect(ui.frameCount()).toBeGreaterThan(before);
	});
});
