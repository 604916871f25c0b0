// The rolling restart's confirmation over 100 hosts names every host, in order, wrapped to the
// dialog's width: what will run comes first at 80x24, and scrolling down reaches every name.
import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {openConsole} from '../support/console-driver.js';
import {FixtureController, fixtureEnv, fixtureState} from '../fixtures/console-state.js';
import {planRollingRestart} from '../../source/core/procedures/restart.js';
import {planLines} from '../../source/ui/procedures/plan-lines.js';
import {showPlan} from '../../source/engine/procedure-state.js';

afterEach(() => cleanup());

const hosts = Array.from({length: 100}, (_, i) => `app-${String(i + 1).padStart(3, '0')}`);
const web = fixtureEnv.services.find(s => s.name === 'web')!;
const plan = planRollingRestart(
	{...fixtureEnv, name: 'prod'},
	web,
	hosts.map(host => ({host, state: host === 'app-042' ? 'failed' : 'active'})),
);

/** The names a screen (or lines) shows, in order. */
const namesIn = (text: string) => text.match(/app-\d{3}/g) ?? [];

function expectFits(screen: string) {
	const lines = screen.split('\n');
	expect(lines.length).toBeLessThanOrEqual(24);
	for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
}

describe('the rolling restart confirmation over 100 hosts', () => {
	it('lists every host by name, in order, wrapped to the width, after what will run', () => {
		const lines = planLines(showPlan(plan, false), 76);
		const first = lines.findIndex(line =>
			line.text.startsWith('hosts (100, in this order): app-001 app-002 app-003'),
		);
		expect(first).toBeGreaterThan(lines.findIndex(line => line.text.startsWith('What will run')));
		const list = lines.slice(first);
		expect(namesIn(list.map(line => line.text).join('\n'))).toEqual(hosts);
		for (const line of lines) expect([...line.text].length).toBeLessThanOrEqual(76);
	});

	it('at 80x24: the commands first, then every host by scrolling, each screen fitting', async () => {
		const base = fixtureState();
		const controller = new FixtureController(
			fixtureState({env: {...base.env, name: 'prod', hostCount: 100}}),
			{procedures: {restart: {plan}}},
		);
		const ui = await openConsole({controller, columns: 80});
		await ui.press('r');
		await ui.waitForScreen('[ Cancel ]');
		ui.expectScreen(
			'restart web on 100 hosts, one at a time on prod',
			'What will run (100 steps, one per host; nothing runs before you confirm):',
			'$ [app-001] systemctl restart web.service',
			'2. restart web on app-002: $ [app-002] systemctl restart web.service',
			'then the same on each of the other 98 hosts, in the order below',
			/\(0 above, \d+ below: ↑↓ scroll\)/,
			'Run it?',
		);
		expectFits(ui.screen());
		// Scrolled to the end: the list's last lines, and every name has been on screen once scrolled through.
		const seen = new Set<string>();
		for (let i = 0; i < 20; i++) {
			for (const name of namesIn(ui.screen())) seen.add(name);
			expectFits(ui.screen());
			await ui.press('down');
		}
		ui.expectScreen(
			/hosts \(100, in this order\): app-001 app-002/,
			/app-097 app-098 app-099 app-100/,
			/\(\d+ above, 0 below: ↑↓ scroll\)/,
		);
		expect([...seen].sort()).toEqual(hosts);
		// Scrolling never armed or confirmed anything.
		expect(controller.calls.filter(call => call.startsWith('confirm'))).toEqual([]);
	});
});
