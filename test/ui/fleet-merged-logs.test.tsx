// On a fleet, one service's logs merged across hosts (issue 12 section 1): `:logs api` over the real
// engine (ConsoleEngine, its ServiceLogs) and fake hosts (test/support/fake-fleet.ts, no lab): every
// line after its host, the hosts' lines interleaved by time, a host that gave none said, hostile text
// shown visible, f following every host and f again stopping every one of them.
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {parseConfig} from '../../source/core/config/parse.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import type {ExecOptions, ExecResult} from '../../source/adapters/host.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {maxFollowedHosts} from '../../source/engine/service-logs.js';
import {ConsoleApp} from '../../source/ui/ConsoleApp.js';
import {answer, fakeHost, fleetOf, refused, type FakeHost} from '../support/fake-fleet.js';
import {openConsole} from '../support/console-driver.js';

const env: NamedEnvironment = {
	...parseConfig(
		[
			'environments:',
			'  fleet:',
			'    transport: local',
			'    refreshSeconds: 60',
			'    probeTimeoutSeconds: 5',
			'    services: [{name: api, manager: systemd}, {name: worker, manager: systemd}]',
			'    disk: {mounts: [/]}',
		].join('\n'),
		'pg-ops.yaml',
	).environments.fleet!,
	name: 'fleet',
};

const ok = (stdout: string): ExecResult => ({
	stdout,
	stderr: '',
	exitCode: 0,
	timedOut: false,
	durationMs: 1,
});

/**
 * A host answering the refresh batch, `journalctl -u api.service -n N` with `lines`, and a followed
 * `journalctl -f` by printing `followed` and running until stopped. Records what it was asked.
 */
function loggingHost(name: string, lines: string[], followed: string[]) {
	const asked: string[] = [];
	const following = {running: 0, stopped: 0};
	const host: FakeHost = fakeHost(name, async s => answer(s));
	host.exec = async (script: string, options: ExecOptions) => {
		if (!script.includes('journalctl')) return answer(script);
		asked.push(/journalctl[^\n]*/.exec(script)![0]);
		if (!script.includes(' -f ')) return ok(lines.map(l => `${l}\n`).join(''));
		following.running++;
		for (const line of followed) options.onOutput?.(`${line}\n`);
		await new Promise<void>(resolve =>
			options.signal?.addEventListener('abort', () => resolve(), {once: true}),
		);
		following.running--;
		following.stopped++;
		return {...ok(''), stopped: true};
	};
	return {host, asked, following};
}

const engines: ConsoleEngine[] = [];
afterEach(async () => {
	cleanup();
	await Promise.all(engines.splice(0).map(e => e.dispose()));
});

async function fleetConsole(hosts: Record<string, FakeHost>, ready: RegExp) {
	const engine = new ConsoleEngine(env, {runtime: fleetOf(hosts, env)});
	engines.push(engine);
	const ui = await openConsole({
		columns: 120,
		rows: 40,
		element: (_fixture, onQuit) => (
			<ConsoleApp engine={engine} environments={[{name: 'fleet'}]} onSwitchEnv={() => {}} onQuit={onQuit} />
		),
	});
	await ui.waitForScreen(ready, 20_000);
	return {ui, engine};
}

describe(':logs SERVICE on a fleet', () => {
	it("merges every host's lines by time, each after its host; says which host gave none; shows hostile text visible", async () => {
		const one = loggingHost(
			'app-01',
			[
				'Dec 04 20:00:01 app-01 api[11]: started',
				'Dec 04 20:00:05 app-01 api[11]: ERROR upstream refused',
				'Dec 04 20:00:07 app-01 api[11]: \u001b]0;pwned\u0007retitled',
			],
			[],
		);
		const two = loggingHost(
			'app-02',
			['Dec 04 20:00:03 app-02 api[22]: started', 'Dec 04 20:00:06 app-02 api[22]: GET /health 200'],
			[],
		);
		const {ui} = await fleetConsole(
			{
				'app-01': one.host,
				'app-02': two.host,
				'app-03': fakeHost('app-03', refused('app-03')),
			},
			/api\s+2\/3 active/,
		);
		await ui.press(':logs api\r');
		await ui.waitForScreen('api on 3 hosts: last 200 log lines of each, merged', 20_000);
		await ui.waitForScreen('app-01 │ Dec 04 20:00:07', 20_000);
		const screen = ui.screen();
		const order = [
			'app-01 │ Dec 04 20:00:01 app-01 api[11]: started',
			'app-02 │ Dec 04 20:00:03 app-02 api[22]: started',
			'app-01 │ Dec 04 20:00:05 app-01 api[11]: ERROR upstream refused',
			'app-02 │ Dec 04 20:00:06 app-02 api[22]: GET /health 200',
			'app-01 │ Dec 04 20:00:07 app-01 api[11]: ␛]0;pwned␇retitled',
		].map(line => screen.indexOf(line));
		expect(order.every(index => index >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(screen).toMatch(/app-03 │ \[pg-ops: no logs from this host: .*connection refused/);
		expect(screen).toContain('2 of 3 hosts gave logs; none from app-03');
		expect(screen).not.toContain('\u001b]0;pwned');
		expect(one.asked).toEqual(['journalctl -u api.service -n 200 --no-pager']);
		expect(two.asked).toEqual(['journalctl -u api.service -n 200 --no-pager']);
		await ui.press('escape');
		await ui.waitForScreen(/api\s+2\/3 active/);
	});

	it('a kept host filter narrows the hosts asked; f follows each of them, prefixed, and f again stops every one', async () => {
		const one = loggingHost(
			'app-01',
			['Dec 04 20:00:01 app-01 api[11]: started'],
			['Dec 04 20:01:00 app-01 api[11]: live one'],
		);
		const two = loggingHost(
			'app-02',
			['Dec 04 20:00:02 app-02 api[22]: started'],
			['Dec 04 20:01:01 app-02 api[22]: live two'],
		);
		const three = loggingHost('app-03', ['Dec 04 20:00:03 app-03 api[33]: started'], []);
		const {ui} = await fleetConsole(
			{'app-01': one.host, 'app-02': two.host, 'app-03': three.host},
			/api\s+3\/3 active/,
		);
		await ui.press('/', 'app-01 app-02\r');
		await ui.waitForScreen('(2 of 3 hosts)');
		await ui.press(':logs api\r');
		await ui.waitForScreen('app-02 │ Dec 04 20:00:02', 20_000);
		expect(three.asked).toEqual([]);
		await ui.press('f');
		await ui.waitForScreen('app-02 │ Dec 04 20:01:01 app-02 api[22]: live two', 20_000);
		ui.expectScreen('app-01 │ Dec 04 20:01:00 app-01 api[11]: live one');
		expect(one.following.running + two.following.running).toBe(2);
		expect(one.asked.at(-1)).toBe('journalctl -u api.service -f -n 0 --no-pager');
		await ui.press('f');
		await ui.waitFor(
			() => one.following.stopped === 1 && two.following.stopped === 1,
			'both followers stopped',
		);
		expect(one.following.running + two.following.running).toBe(0);
		// Leaving the logs while following stops every host's command too.
		await ui.press('f');
		await ui.waitFor(() => one.following.running + two.following.running === 2, 'following again');
		await ui.press('escape');
		await ui.waitFor(() => one.following.stopped === 2 && two.following.stopped === 2, 'stopped on leaving');
	});

	it(`f on more than ${maxFollowedHosts} hosts starts nothing and says how to narrow them`, async () => {
		const hosts = Array.from(
			{length: maxFollowedHosts + 1},
			(_, i) => `app-${String(i + 1).padStart(2, '0')}`,
		);
		const logging = hosts.map(name =>
			loggingHost(name, [`Dec 04 20:00:01 ${name} api[1]: started`], ['live']),
		);
		const {ui} = await fleetConsole(
			Object.fromEntries(logging.map((l, i) => [hosts[i]!, l.host])),
			new RegExp(`api\\s+${hosts.length}/${hosts.length} active`),
		);
		await ui.press(':logs api\r');
		await ui.waitForScreen(`api on ${hosts.length} hosts`, 20_000);
		await ui.press('f');
		await ui.waitForScreen(`f follows at most ${maxFollowedHosts} hosts at once, not ${hosts.length}`);
		expect(logging.every(l => l.following.running === 0 && !l.asked.some(a => a.includes(' -f ')))).toBe(
			true,
		);
	});
});
