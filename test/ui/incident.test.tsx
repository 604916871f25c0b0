// The incident screens on fixed data: opening one (severity, title, esc backs out), the checklist
// by keys, notes, communicate, mitigate through a real procedure session, investigate, the
// timeline, closing into a review, the header badge and footer label, and 80x24 frames.
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {openConsole} from '../support/console-driver.js';
import {fixtureIncident, fixtureReviewPath, IncidentFixtureController} from '../fixtures/incident-fixture.js';
import {passingStep, restartPlan} from '../fixtures/console-state.js';

const timeZone = process.env.TZ;
beforeAll(() => {
	process.env.TZ = 'UTC'; // "respond by 05:00" is local time; the fixture's clock is 04:00 UTC
	return () => {
		if (timeZone === undefined) delete process.env.TZ;
		else process.env.TZ = timeZone;
	};
});

let ui: Awaited<ReturnType<typeof openConsole>> | undefined;
afterEach(() => {
	ui?.unmount();
	ui = undefined;
});

// Past the input's (and a dialog's) arming, on the UI clock the test holds.
const armed = () => ui!.waitForArming();

async function open(options: ConstructorParameters<typeof IncidentFixtureController>[0] = {}, columns = 80) {
	const controller = new IncidentFixtureController(options);
	ui = await openConsole({controller, columns});
	return {ui, controller, incidents: controller.incident};
}

function expectFits(screen: string, columns = 80, rows = 24) {
	const lines = screen.split('\n');
	expect(lines.length).toBeLessThanOrEqual(rows - 1);
	for (const line of lines) expect([...line].length).toBeLessThanOrEqual(columns);
}

describe('opening an incident', () => {
	it('lists P1-P4 with their names, definitions and response targets; esc opens nothing', async () => {
		const {ui, incidents} = await open();
		await ui.press('i');
		ui.expectScreen(
			'Open an incident on staging: how bad is it?',
			/P1\s+Critical\s+respond within 15m/,
			/P2\s+High\s+respond within 1h/,
			/P3\s+Medium\s+respond within 4h/,
			/P4\s+Low\s+respond within 1d/,
		);
		ui.expectScreen('The platform is down', 'A major feature is degraded');
		expectFits(ui.screen());
		await ui.press('escape');
		ui.expectScreen('1 Services').expectNotOnScreen('Open an incident');
		expect(incidents.calls).toEqual([]);
	});

	it('j and enter choose P2, a title is typed, enter opens it and its screen shows', async () => {
		const {ui, incidents} = await open();
		await ui.press('i', 'j', 'enter');
		ui.expectScreen('P2 High: respond within 1h, by 05:00 if opened now', 'Title:');
		await armed();
		await ui.press('enter'); // an empty title opens nothing
		expect(incidents.calls).toEqual([]);
		await ui.type('orchestrator down');
		ui.expectScreen('Title: orchestrator down');
		await ui.press('backspace', 'backspace', 'backspace', 'backspace');
		await ui.type('down');
		await ui.press('enter');
		expect(incidents.calls).toEqual(['open:P2:orchestrator down']);
		ui.expectScreen(
			'INCIDENT P2 High: orchestrator down',
			'respond by 05:00, 1h left',
			/\[ \] 1 assess/,
			/\[ \] 6 document/,
			'opened by oncall',
		);
		expectFits(ui.screen());
	});

	it('esc while typing the title backs out: nothing is opened', async () => {
		const {ui, incidents} = await open();
		await ui.press('i', 'enter');
		await ui.type('platform');
		await ui.press('escape');
		ui.expectScreen('1 Services').expectNotOnScreen('Title:');
		expect(incidents.calls).toEqual([]);
		expect(ui.controller.store.getSnapshot().incident).toBeUndefined();
	});

	it('an enter right after the title input opens (a bounce, a held key) opens nothing', async () => {
		const {ui, incidents} = await open();
		ui.clock.hold(); // the keys come right after the input opened, however busy the machine
		await ui.press('i', 'enter', 'x', 'enter');
		ui.expectScreen('Title: x');
		expect(incidents.calls).toEqual([]);
		await armed();
		await ui.press('enter');
		expect(incidents.calls).toEqual(['open:P1:x']);
	});
});

describe('the open incident', () => {
	it('shows a loud badge in the header on every screen and "incident P2" in the footer', async () => {
		const {ui} = await open({incident: fixtureIncident({minutesAgo: 14})}, 100);
		ui.expectScreen('INCIDENT P2 14m', 'i incident P2');
		await ui.press('?');
		ui.expectScreen('INCIDENT P2 14m', 'pg-ops keys');
		await ui.press('escape', 'i');
		ui.expectScreen('INCIDENT P2 14m', 'INCIDENT P2 High: orchestrator down', 'open 14m (since 03:46)');
	});

	it('at 80 columns the footer still ends with q quit', async () => {
		const {ui} = await open({incident: fixtureIncident()});
		const footer = ui.screen().split('\n').at(-1)!;
		// The fixture runs no procedure: r x b B t s share one "coming" hint, so the label fits whole.
		expect(footer).toContain('r x b B t s: coming  m maint  i incident P2');
		expect(footer).toContain('q quit');
		expectFits(ui.screen());
	});

	it('an overdue response is said in words', async () => {
		const {ui} = await open({incident: fixtureIncident({minutesAgo: 75})});
		await ui.press('i');
		ui.expectScreen('respond by 03:45: overdue 15m');
	});

	it('enter on assess ticks it with a snapshot; space ticks and unticks; j/k move', async () => {
		const {ui, incidents} = await open({incident: fixtureIncident()});
		await ui.press('i', 'enter');
		expect(incidents.calls).toEqual(['tick:assess:true', 'snapshot']);
		ui.expectScreen(
			/\[x\] 1 assess\s+04:00/,
			'a snapshot of every pane is attached',
			'responded in 14m (target 1h): met',
		);
		await ui.press('j', ' ');
		expect(incidents.calls.at(-1)).toBe('tick:communicate:true');
		ui.expectScreen(/\[x\] 2 communicate/);
		await ui.press(' ');
		expect(incidents.calls.at(-1)).toBe('tick:communicate:false');
		ui.expectScreen(/\[ \] 2 communicate/);
		// Keys faster than the screen: "jjjk" is three down and one up.
		await ui.burst('jjjk');
		await ui.press(' ');
		expect(incidents.calls.at(-1)).toBe('tick:investigate:true');
		// enter on assess again: a fresh snapshot, no second tick.
		await ui.press('k', 'k', 'k', 'enter');
		expect(incidents.calls.at(-1)).toBe('snapshot');
	});

	it('keys read in one chunk ("jj" and enter, as tmux or a fast typist sends them) each count', async () => {
		const {ui, incidents} = await open({incident: fixtureIncident()});
		await ui.press('i', 'jj\r');
		ui.expectScreen('Mitigate: run a procedure');
		await ui.press('escape', 'n');
		await armed();
		await ui.press('typed at once\r');
		expect(incidents.calls).toEqual(['note:typed at once']);
	});

	it("the keys right after n, written before the note's line is drawn, are typed into it", async () => {
		const {ui, incidents} = await open({incident: fixtureIncident()});
		await ui.press('i');
		await ui.burst('n', 'd', 'b');
		ui.expectScreen('Note: db');
		await armed();
		await ui.burst(' down\r');
		expect(incidents.calls).toEqual(['note:db down']);
	});

	it('n types a note into the timeline; the opening n does not type itself', async () => {
		const {ui, incidents} = await open({incident: fixtureIncident()});
		await ui.press('i', 'n', 'n');
		ui.expectScreen('Note:');
		await armed();
		await ui.type('nginx 502s since the deploy');
		await ui.press('enter');
		expect(incidents.calls).toEqual(['note:nginx 502s since the deploy']);
		ui.expectScreen('Latest', /note\s+nginx 502s since the deploy/);
		await ui.press('n');
		await armed();
		await ui.type('never mind');
		await ui.press('escape');
		expect(incidents.calls).toHaveLength(1);
	});

	it('communicate posts a message: posting…, then what the engine recorded', async () => {
		const {ui, incidents} = await open({incident: fixtureIncident()});
		await ui.press('i', 'j', 'enter');
		ui.expectScreen('Message:', 'notify.webhook');
		await armed();
		await ui.type('looking into it');
		await ui.press('enter');
		expect(incidents.calls).toEqual(['communicate:looking into it']);
		await ui.waitForScreen('message posted to the webhook');
		incidents.webhook = 'refused';
		await ui.press('enter');
		await armed();
		await ui.type('again');
		await ui.press('enter');
		await ui.waitForScreen('message NOT posted: the webhook answered 403');
	});

	it('without a webhook, the Communicate prompt says the message is only recorded, before anything is typed', async () => {
		const {ui, incidents} = await open({incident: fixtureIncident()});
		incidents.webhookConfigured = false;
		await ui.press('i', 'j', 'enter');
		ui.expectScreen('Message:', 'No webhook is configured (notify.webhook)', 'records it').expectNotOnScreen(
			'posts it',
		);
	});

	it('mitigate lists the procedures; restart asks which service, the procedure screens take over, then back here with the action recorded', async () => {
		const {ui, controller, incidents} = await open({
			incident: fixtureIncident(),
			procedures: {
				restart: {
					plan: options => restartPlan(options),
					events: passingStep(restartPlan({service: 'orchestrator'})),
				},
			},
		});
		await ui.press('i', 'j', 'j', 'enter');
		ui.expectScreen(
			'Mitigate: run a procedure',
			/r\s+restart a service/,
			/x\s+reset stuck ETL jobs\s+\(off: coming in a later version\)/,
		);
		expectFits(ui.screen());
		await ui.press('enter');
		ui.expectScreen('Restart which service?', /› orchestrator\s+failed/);
		await ui.press('enter');
		await ui.waitForScreen('$ systemctl restart orchestrator.service');
		expect(controller.calls).toContain('plan:restart:{"service":"orchestrator"}');
		await ui.waitForArming();
		await ui.press('y');
		await ui.waitForScreen('done and verified');
		await ui.press('escape');
		await ui.waitForScreen('INCIDENT P2 High: orchestrator down');
		// A procedure that worked ticks mitigate by itself.
		ui.expectScreen(/action\s+restart orchestrator: succeeded/, /› \[x\] 3 mitigate/);
		expect(incidents.calls).toEqual([]);
	});

	it("a procedure's own key works in the mitigate list; read-only mode says why it is off and runs nothing", async () => {
		const {ui, controller} = await open({
			incident: fixtureIncident(),
			state: {
				env: {
					name: 'staging',
					transport: 'local',
					hostLabel: 'local',
					hostCount: 1,
					readOnly: true,
					protected: false,
					refreshSeconds: 5,
				},
			},
			procedures: {restart: {plan: options => restartPlan(options)}},
		});
		await ui.press('i', 'j', 'j', 'enter');
		ui.expectScreen(/r\s+restart a service\s+\(off: read-only mode\)/);
		await ui.press('r');
		ui.expectScreen('read-only mode; nothing was run');
		expect(controller.calls.filter(c => c.startsWith('start:'))).toEqual([]);
		await ui.press('escape');
		ui.expectScreen('Latest');
	});

	describe('read-only (issue 11 item 6): the incident is shown, never changed', () => {
		const readOnlyState = {
			env: {
				name: 'staging',
				transport: 'local' as const,
				hostLabel: 'local',
				hostCount: 1,
				readOnly: true,
				protected: false,
				refreshSeconds: 5,
			},
		};

		it('i with no incident open opens no dialog: read-only opens none, and says so', async () => {
			const {ui, incidents} = await open({state: readOnlyState});
			await ui.press('i');
			ui.expectScreen('read-only mode opens no incident').expectNotOnScreen('Open an incident');
			expect(incidents.calls).toEqual([]);
		});

		it('i with one open shows it; tick, note, severity, assess, communicate, resolve and document are refused before anything is typed', async () => {
			const {ui, incidents} = await open({incident: fixtureIncident(), state: readOnlyState});
			await ui.press('i');
			await ui.waitForScreen('INCIDENT P2 High: orchestrator down');
			for (const key of [' ', 'n', 'p']) {
				await ui.press(key);
				ui.expectScreen('the incident can be looked at, not changed').expectNotOnScreen('Note:');
			}
			// enter on assess (snapshot), communicate (message), resolve and document (summary)
			for (const moves of [[], ['j'], ['j', 'j', 'j'], ['j']]) {
				await ui.press(...moves, 'enter');
				ui.expectScreen('the incident can be looked at, not changed').expectNotOnScreen(
					'Message:',
					'Summary:',
				);
			}
			expect(incidents.calls).toEqual([]);
		});
	});

	it("investigate shows a service's recent logs in the detail view; esc comes back", async () => {
		const {ui, controller, incidents} = await open({incident: fixtureIncident()});
		await ui.press('i', 'j', 'j', 'j', 'enter');
		ui.expectScreen('Investigate: whose recent logs?', /› orchestrator\s+failed/);
		await ui.press('k', 'enter');
		await ui.waitForScreen('ConnectionError: upstream refused');
		expect(incidents.calls).toEqual(['investigate:web']);
		ui.expectScreen('investigate web', 'journalctl -u web.service -n 200');
		await ui.press('escape');
		ui.expectScreen('Latest', /logs\s+looked at the last 200 log lines of web/);
		expect(controller.calls).toContain('closeDetail');
	});

	it('t shows the whole timeline, newest last; it scrolls and fits 80x24', async () => {
		const incident = fixtureIncident();
		for (let i = 1; i <= 30; i++)
			incident.timeline.push({
				at: new Date(Date.parse(incident.openedAt) + i * 20_000).toISOString(),
				kind: 'note',
				text: `note number ${i}`,
			});
		const {ui} = await open({incident});
		await ui.press('i', 't');
		ui.expectScreen(
			'Timeline of P2 orchestrator down (31 entries, newest last)',
			'note number 30',
			'below: j/k scroll',
		).expectNotOnScreen('note number 3\n');
		expectFits(ui.screen());
		await ui.press('k', 'k', 'k');
		ui.expectScreen('3 below').expectNotOnScreen('note number 30');
		await ui.press('escape');
		ui.expectScreen('Latest');
	});

	it('p changes the severity', async () => {
		const {ui, incidents} = await open({incident: fixtureIncident()});
		await ui.press('i', 'p');
		ui.expectScreen('Severity: the response target moves with it', /› P2\s+High/);
		await ui.press('k', 'enter');
		expect(incidents.calls).toEqual(['severity:P1']);
		ui.expectScreen('INCIDENT P1 Critical: orchestrator down', 'INCIDENT P1 14m');
	});

	it('? lists the incident screen keys; esc goes back to the incident', async () => {
		const {ui} = await open({incident: fixtureIncident()});
		await ui.press('i', '?');
		ui.expectScreen(
			'Incident screen keys',
			'work the selected step',
			'tick or untick the step',
			'a note for the timeline',
			/r x b B t s\s+run that procedure/,
			/esc \/ q\s+to the panes; it stays open/,
			'where q quits; ctrl+c quits from anywhere',
		);
		expectFits(ui.screen());
		await ui.press('escape');
		ui.expectScreen('INCIDENT P2 High: orchestrator down');
	});

	it('esc goes back to the panes with the incident still open', async () => {
		const {ui} = await open({incident: fixtureIncident()});
		await ui.press('i', 'escape');
		ui.expectScreen('1 Services', 'INCIDENT P2 14m');
		expect(ui.controller.store.getSnapshot().incident).toBeDefined();
		expect(ui.quit).toBe(false);
	});

	it('q backs out one level as esc does (a list, the timeline, the checklist) and quits only from the panes; in a note it is a letter', async () => {
		const {ui, incidents} = await open({incident: fixtureIncident()});
		await ui.press('i', 'p');
		ui.expectScreen('Severity: the response target moves with it');
		await ui.press('q');
		ui.expectScreen('Latest').expectNotOnScreen('Severity: the response');
		await ui.press('t', 'q');
		ui.expectScreen('Latest').expectNotOnScreen('Timeline of');
		await ui.press('?', 'q');
		ui.expectScreen('Latest').expectNotOnScreen('Incident screen keys');
		await ui.press('n');
		await armed();
		await ui.type('q');
		ui.expectScreen('Note: q');
		await ui.press('escape');
		expect(incidents.calls).toEqual([]);
		await ui.press('q');
		ui.expectScreen('1 Services', 'INCIDENT P2 14m');
		expect(ui.quit).toBe(false);
		await ui.press('q');
		expect(ui.quit).toBe(true);
	});

	for (const keepClosed of [false, true]) {
		it(`document: a summary, enter closes it and the review's path is shown whole (closed record ${keepClosed ? 'kept' : 'gone'})`, async () => {
			const {ui, incidents} = await open({incident: fixtureIncident()});
			incidents.keepClosed = keepClosed;
			await ui.press('i', 'j', 'j', 'j', 'j', 'j', 'j', 'enter'); // past the last step stays on document

			ui.expectScreen('Summary:', 'closes the incident');
			// Closing with steps unticked says which, before the summary is typed.
			expect(ui.screen().replaceAll(/(\s*║\s*)+/g, ' ')).toMatch(
				/! 5 steps not ticked: assess, communicate, mitigate, investigate, resolve \(left open in the review\)/,
			);
			await armed();
			await ui.type('orchestrator restarted');
			await ui.press('enter');
			await ui.waitForScreen('The post-incident review (Markdown) is written to:');
			ui.expectScreen('Incident closed: P2 orchestrator down');
			expect(incidents.calls.at(-1)).toBe('close:orchestrator restarted');
			const screen = ui.screen();
			expect(screen.replaceAll(/[│║\s]/g, '')).toContain(fixtureReviewPath);
			expectFits(screen);
			ui.expectNotOnScreen('INCIDENT P2 14m');
			await ui.press('escape');
			ui.expectScreen('1 Services', 'i incident').expectNotOnScreen('INCIDENT');
		});
	}
});

describe('80x24', () => {
	it('every incident screen fits', async () => {
		const {ui} = await open({
			incident: fixtureIncident({
				title: 'a rather long incident title that goes on and on past the width of the terminal',
			}),
		});
		await ui.press('i');
		expectFits(ui.screen());
		for (const keys of [
			['n'],
			['escape', 'j', 'enter'],
			['escape', 'j', 'j', 'enter'],
			['escape', 'escape', 'j', 'enter'],
			['escape', 'p'],
			['escape', 't'],
		]) {
			await ui.press(...keys);
			expectFits(ui.screen());
		}
	});
});
