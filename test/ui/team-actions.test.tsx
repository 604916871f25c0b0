// A team's actions in the console (issue 13), through the real ConsoleEngine, procedure session and
// runner on a local environment whose tool is a small stand-in recording what it was asked (and what
// it read on standard input): its key on the panes (inputs typed and checked before the plan, a
// secret masked and on stdin only, the target typed to confirm), read-only refusing all but one that
// only reads, the incident's Mitigate (the run in the timeline with its command) and the maintenance
// window's Execute (the run among Execute's items with its command).
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import React from 'react';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {environmentSchema} from '../../source/core/config/schema.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {ConsoleApp} from '../../source/ui/ConsoleApp.js';
import {openConsole} from '../support/console-driver.js';

let dir: string;
let engine: ConsoleEngine | undefined;
const stateDir = process.env.PGOPS_STATE_DIR;
// The runner and the engine work asynchronously on a busy machine: generous condition waits.
const slow = 60_000;

beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-team-actions-'));
	process.env.PGOPS_STATE_DIR = path.join(dir, 'state');
	mkdirSync(path.join(dir, 'bin'));
	// A stand-in for the team's own CLI (named as such): records its arguments and its standard input.
	writeFileSync(
		path.join(dir, 'bin', 'team-cli'),
		`#!/bin/sh
echo "$*" >> "${dir}/calls"
if [ "$1" = promote ]; then cat > "${dir}/stdin"; touch "${dir}/promoted"; fi
echo "team-cli $1: ok"
`,
	);
	chmodSync(path.join(dir, 'bin', 'team-cli'), 0o755);
});

afterEach(async () => {
	await engine?.dispose();
	engine = undefined;
	if (stateDir === undefined) delete process.env.PGOPS_STATE_DIR;
	else process.env.PGOPS_STATE_DIR = stateDir;
	rmSync(dir, {recursive: true, force: true});
});

async function open(options: {readOnly?: boolean} = {}) {
	const env = {
		...environmentSchema.parse({
			transport: 'local',
			shellPath: [path.join(dir, 'bin')],
			lockFile: path.join(dir, 'pg-ops.lock'),
			actions: [
				{
					name: 'promote',
					title: 'Promote a model run',
					key: 'P',
					inputs: [
						{name: 'run_id', type: 'text', pattern: '[a-z0-9-]{3,32}'},
						{name: 'slot', type: 'choice', choices: ['blue', 'green'], default: 'blue'},
						{name: 'api_key', type: 'secret', description: "the registry's key"},
					],
					confirm: 'target',
					target: 'slot',
					steps: [
						{
							command: 'team-cli promote --run-id {{run_id}} --slot {{slot}}',
							stdin: 'api_key',
							verify: {command: `test -f ${dir}/promoted`},
						},
					],
				},
				{name: 'flush', title: 'Flush the queue', key: 'F', steps: [{command: 'team-cli flush'}]},
				{
					name: 'diagnose',
					title: 'Diagnose',
					key: 'D',
					mutates: false,
					steps: [{command: 'team-cli diagnose'}],
				},
			],
		}),
		name: 'test',
	};
	engine = new ConsoleEngine(env, {readOnly: options.readOnly});
	const e = engine;
	return openConsole({
		columns: 100,
		rows: 32,
		element: (_fixture, onQuit) => (
			<ConsoleApp engine={e} environments={[{name: 'test'}]} onSwitchEnv={() => {}} onQuit={onQuit} />
		),
	});
}

const calls = () => {
	try {
		return readFileSync(path.join(dir, 'calls'), 'utf8');
	} catch {
		return '';
	}
};
const auditText = () => {
	const audit = path.join(dir, 'state');
	const files: string[] = [];
	const walk = (at: string) => {
		for (const entry of readdirSync(at, {withFileTypes: true}))
			if (entry.isDirectory()) walk(path.join(at, entry.name));
			else files.push(path.join(at, entry.name));
	};
	walk(audit);
	return files.map(file => readFileSync(file, 'utf8')).join('\n');
};

describe("the team's actions in the console", () => {
	it('a key on the panes: esc on its inputs plans nothing; inputs typed and checked before the plan, the secret masked and on stdin only, the target typed to confirm', async () => {
		const ui = await open();
		ui.expectScreen('P promote', 'F flush', 'D diagnose');
		await ui.press('?');
		ui.expectScreen("Act (the team's actions)", 'P  Promote a model run', 'D  Diagnose (reads only)');
		await ui.press('escape');

		await ui.press('P');
		await ui.waitForScreen('Promote a model run: its inputs, checked before the plan is shown');
		await ui.press('escape');
		await ui.waitForScreen('promote: cancelled; nothing was planned or run');
		expect(engine!.store.getSnapshot().procedure).toBeUndefined();
		await ui.press('P');
		await ui.waitForScreen('Promote a model run: its inputs, checked before the plan is shown');
		ui.expectScreen('text matching [a-z0-9-]{3,32}', 'one of blue, green', 'the default: enter keeps it');
		await ui.type('Run 42');
		await ui.press('enter');
		ui.expectScreen('run_id must match [a-z0-9-]{3,32}');
		for (let i = 0; i < 'Run 42'.length; i++) await ui.press('backspace');
		await ui.type('run-42');
		await ui.press('enter', 'right', 'enter');
		await ui.type('s3cret-key');
		ui.expectScreen('••••••••••').expectNotOnScreen('s3cret');
		await ui.press('enter');
		await ui.waitForScreen('CONFIRM: type green to run it', slow);
		// The exact command, the secret named (never shown) as what its standard input gets.
		ui.expectScreen(
			'inputs: run_id: run-42, slot: green, api_key: (secret, given on standard input)',
			/team-cli promote --run-id run-42 --slot .*green <<< \$api_key/,
		).expectNotOnScreen('s3cret');
		expect(calls()).toBe('');
		await ui.waitForArming();
		await ui.press('y');
		expect(calls()).toBe('');
		await ui.press('backspace');
		await ui.type('green');
		await ui.press('enter');
		await ui.waitForScreen('DONE', slow);
		expect(calls()).toBe('promote --run-id run-42 --slot green\n');
		expect(readFileSync(path.join(dir, 'stdin'), 'utf8')).toBe('s3cret-key\n');
		ui.expectNotOnScreen('s3cret');
		expect(auditText()).toContain('action:promote');
		expect(auditText()).not.toContain('s3cret');
		ui.unmount();
	});

	it('read-only refuses an action that changes things before asking anything, and runs one that only reads', async () => {
		const ui = await open({readOnly: true});
		await ui.press('F');
		await ui.waitForScreen('F flush: read-only mode');
		ui.expectNotOnScreen('Flush the queue');
		await ui.press('P');
		ui.expectNotOnScreen('its inputs');
		await ui.press('D');
		await ui.waitForScreen('Run it?', slow);
		ui.expectScreen('team-cli diagnose');
		await ui.waitForArming();
		await ui.press('y');
		await ui.waitForScreen('DONE', slow);
		expect(calls()).toBe('diagnose\n');
		ui.unmount();
	});

	it(':run NAME does what its key does: the form for its inputs, the read-only refusal, the plan of one that only reads', async () => {
		const ui = await open({readOnly: true});
		await ui.press(':run flush\r');
		await ui.waitForScreen('F flush: read-only mode');
		ui.expectNotOnScreen('Flush the queue');
		await ui.press(':run diag\r'); // exact names only: what runs is never guessed from a prefix
		await ui.waitForScreen('unknown procedure or action diag; known:');
		await ui.press('escape');
		await ui.press(':run diagnose\r');
		await ui.waitForScreen('Run it?', slow);
		ui.expectScreen('team-cli diagnose');
		expect(calls()).toBe('');
		ui.unmount();
		await engine?.dispose();

		const live = await open();
		await live.press(':run promote\r');
		await live.waitForScreen('Promote a model run: its inputs, checked before the plan is shown');
		expect(calls()).toBe('');
		live.unmount();
	});

	it("the incident's Mitigate lists them: one that changes things ticks mitigate, and the timeline keeps its command", async () => {
		const ui = await open();
		engine!.incident.open({severity: 'P2', title: 'queue stuck'});
		await ui.press('i');
		await ui.waitForScreen('INCIDENT P2');
		// Mitigate is the third step.
		await ui.press('j', 'j', 'enter');
		await ui.waitForScreen("F  Flush the queue (the team's flush)");
		ui.expectScreen(
			"P  Promote a model run (the team's promote)",
			"D  Diagnose (reads only) (the team's diagnose)",
		);
		// Picked from the list (j to it, enter), as a built-in procedure is.
		for (let i = 0; i < 20 && !/› F {2}Flush/.test(ui.screen()); i++) await ui.press('j');
		await ui.press('enter');
		await ui.waitForScreen('Run it?', slow);
		await ui.waitForArming();
		await ui.press('y');
		await ui.waitForScreen('DONE', slow);
		await ui.press('enter');
		await ui.waitFor(
			() => (engine!.store.getSnapshot().incident?.actions.length ?? 0) === 1,
			'the run recorded',
			slow,
		);
		const incident = engine!.store.getSnapshot().incident!;
		expect(incident.actions[0]).toMatchObject({
			title: 'Flush the queue',
			kind: 'action:flush',
			commands: ['team-cli flush'],
			outcome: 'succeeded',
		});
		expect(incident.checklist.mitigate.done).toBe(true);
		expect(incident.timeline.some(e => e.detail?.includes('$ team-cli flush'))).toBe(true);
		expect(calls()).toBe('flush\n');
		ui.unmount();
	});

	it("the maintenance window's Execute lists them: picked and run, the run is one of Execute's items with its command", async () => {
		const ui = await open();
		engine!.maintenance.start('flush before the upgrade');
		await ui.press('m');
		await ui.waitForScreen('Maintenance: flush before the upgrade');
		for (let i = 0; i < 20 && !/› +action flush/.test(ui.screen()); i++) await ui.press('j');
		ui.expectScreen("The team's action flush: Flush the queue");
		await ui.press('enter');
		await ui.waitForScreen('Run it?', slow);
		await ui.waitForArming();
		await ui.press('y');
		await ui.waitForScreen('DONE', slow);
		await ui.press('enter');
		await ui.waitFor(
			() => (engine!.store.getSnapshot().maintenance?.execute.length ?? 0) === 1,
			'the run among Execute items',
			slow,
		);
		expect(engine!.store.getSnapshot().maintenance!.execute[0]).toMatchObject({
			kind: 'procedure',
			title: 'Flush the queue',
			commands: ['team-cli flush'],
			status: 'done',
		});
		await ui.waitForScreen('Maintenance: flush before the upgrade', slow);
		ui.expectScreen('[x] Flush the queue');
		expect(calls()).toBe('flush\n');
		ui.unmount();
	});
});
