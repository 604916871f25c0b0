// The fleet console over the real engine (ConsoleEngine and its fleet refresher) and fake hosts:
// what the engine produces is what the panes show, and the filter and host detail narrow what it refreshes.
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {cleanup, render} from 'ink-testing-library';
import {parseConfig} from '../../source/core/config/parse.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {ConsoleApp} from '../../source/ui/ConsoleApp.js';
import {answer, fakeHost, fleetOf, refused, type FakeHost} from '../support/fake-fleet.js';

const env: NamedEnvironment = {
	...parseConfig(
		[
			'environments:',
			'  fleet:',
			'    transport: local',
			'    refreshSeconds: 1',
			'    probeTimeoutSeconds: 1',
			'    services: [{name: api, manager: systemd}, {name: worker, manager: systemd}]',
			'    disk: {mounts: [/]}',
		].join('\n'),
		'pg-ops.yaml',
	).environments.fleet!,
	name: 'fleet',
};

/** Polls until the engine's state says so (the UI tells the engine from an effect, just after drawing). */
async function until(check: () => boolean, what: string) {
	const deadline = Date.now() + 5000;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`waited for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

const engines: ConsoleEngine[] = [];
afterEach(async () => {
	cleanup();
	await Promise.all(engines.splice(0).map(e => e.dispose()));
});

async function consoleOver(hosts: Record<string, FakeHost>) {
	const engine = new ConsoleEngine(env, {runtime: fleetOf(hosts, env)});
	engines.push(engine);
	const app = render(
		<ConsoleApp engine={engine} environments={[{name: 'fleet'}]} onSwitchEnv={() => {}} onQuit={() => {}} />,
	);
	const screen = () => app.lastFrame() ?? '';
	const waitFor = async (text: string | RegExp, timeoutMs = 5000) => {
		const deadline = Date.now() + timeoutMs;
		while (typeof text === 'string' ? !screen().includes(text) : !text.test(screen())) {
			if (Date.now() > deadline)
				throw new Error(`waited for ${String(text)}; the screen shows:\n${screen()}`);
			await new Promise(resolve => setTimeout(resolve, 50));
		}
	};
	const press = async (...keys: string[]) => {
		for (const key of keys) {
			app.stdin.write({enter: '\r', escape: '\u001b'}[key] ?? key);
			await new Promise(resolve => setTimeout(resolve, 50));
		}
	};
	return {engine, screen, waitFor, press};
}

describe('the fleet console over the engine', () => {
	it('shows a failed service, a dead host and the healthy ones as the engine reports them; a filter and a host detail narrow its refresh', async () => {
		const hosts = {
			'app-01': fakeHost('app-01', async s => answer(s, {})),
			'app-02': fakeHost('app-02', async s => answer(s, {worker: 'failed', used: 93})),
			'app-03': fakeHost('app-03', refused('app-03')),
			'app-04': fakeHost('app-04', async s => answer(s, {})),
		};
		const ui = await consoleOver(hosts);
		await ui.waitFor(/worker\s+2\/4 active {2}1 failed {2}1 no answer/);
		await ui.waitFor(/app-03 unreachable: .*connection refused/);
		expect(ui.screen()).toMatch(/api\s+3\/4 active {2}1 no answer/);
		expect(ui.screen()).toMatch(/✗ app-02\s+worker\s+failed/);
		expect(ui.screen()).toContain('2 hosts all active');
		expect(ui.screen()).toContain('fleet 4 hosts: 2 ok, 1 critical, 1 unreachable');
		expect(ui.screen()).toMatch(/✗ app-02\s+\/\s+93%/);

		await ui.press('/', 'a', 'p', 'p', '-', '0', '4', 'enter');
		await ui.waitFor('1 Services (1 of 4 hosts)');
		await until(() => ui.engine.store.getSnapshot().fleet!.shown?.join() === 'app-04', 'only app-04 shown');
		const asked = hosts['app-01'].calls;
		const shownAsked = hosts['app-04'].calls;
		// Two more refreshes of the shown host, and none of the paused one meanwhile.
		await until(() => hosts['app-04'].calls >= shownAsked + 2, 'app-04 asked twice more');
		expect(hosts['app-01'].calls).toBe(asked);
		await ui.press('escape');
		await ui.waitFor('2 hosts all active');
		await until(() => ui.engine.store.getSnapshot().fleet!.shown === undefined, 'every host shown');

		// The two summary lines, then app-02's failed worker: its host's detail.
		await ui.press('j', 'j', 'enter');
		await ui.waitFor('host app-02  CRITICAL');
		await ui.waitFor(/status\s+CRITICAL: worker failed, \/ 93%/);
		await until(() => ui.engine.store.getSnapshot().fleet!.shown?.join() === 'app-02', 'only app-02 shown');
		await ui.press('escape');
		await ui.waitFor('1 Services');
		await until(() => ui.engine.store.getSnapshot().fleet!.shown === undefined, 'every host shown');
	}, 20_000);

	it('a services filter pauses the other hosts: the disk pane keeps their older figures, marked, and its status counts them', async () => {
		const hosts = {
			'app-01': fakeHost('app-01', async s => answer(s, {})),
			'app-02': fakeHost('app-02', async s => answer(s, {used: 93})),
			'app-03': fakeHost('app-03', async s => answer(s, {})),
		};
		const ui = await consoleOver(hosts);
		await ui.waitFor(/3 Disk ─+ CRITICAL · /);
		await ui.press('/', 'a', 'p', 'p', '-', '0', '1', 'enter');
		await until(() => ui.engine.store.getSnapshot().fleet!.shown?.join() === 'app-01', 'only app-01 shown');
		// A refresh with only app-01 asked: app-02 is paused, its 93% from before the filter.
		const asked = hosts['app-01'].calls;
		await until(
			() =>
				hosts['app-01'].calls > asked &&
				ui.engine.store.getSnapshot().fleet!.hosts.find(h => h.name === 'app-02')?.status === 'paused',
			'a refresh of app-01 alone',
		);
		const merged = ui.engine.store.getSnapshot().panes.disk.updatedAt!;
		await until(
			() => ui.engine.store.getSnapshot().panes.disk.updatedAt! > merged,
			'the disk pane merged with app-02 paused',
		);
		expect(ui.engine.store.getSnapshot().panes.disk.status).toBe('critical');
		await ui.waitFor(/3 Disk ─+ CRITICAL \(older\) · /);
		await ui.waitFor('* older figures: 2 hosts paused');
		expect(ui.screen()).toMatch(/✗ app-02\* \/\s+93% CRITICAL/);
	}, 20_000);
});
