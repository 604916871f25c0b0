// An environment's look in the console (issue 12 section 5), in colour as a terminal shows it: a
// protected environment's name and every pane's border in red, `theme:`'s own colour, and NO_COLOR.
import {afterEach, describe, expect, it, vi} from 'vitest';

// Ink's colours reach the frames only when chalk thinks the terminal has them: as a real one would.
vi.hoisted(() => {
	process.env.FORCE_COLOR = '1';
});

import {cleanup} from 'ink-testing-library';
import {openConsole} from '../support/console-driver.js';
import {FixtureController, fixtureState} from '../fixtures/console-state.js';
import type {EnvironmentSummary} from '../../source/engine/store.js';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parseConfig} from '../../source/core/config/parse.js';
import {ConsoleEngine} from '../../source/engine/console-engine.js';

afterEach(() => {
	cleanup();
	vi.unstubAllEnvs();
});

const open = (env: Partial<EnvironmentSummary>) =>
	openConsole({
		controller: new FixtureController(fixtureState({env: {...fixtureState().env, ...env}})),
		columns: 100,
	});

/** The SGR codes in force at `index` of `line`: what a terminal draws that character with. */
function codesAt(line: string, index: number): string[] {
	const open: string[] = [];
	for (const match of line.slice(0, index).matchAll(/\u001b\[([0-9;]*)m/g)) {
		const code = match[1]!;
		// 39 ends the foreground colour, 22 bold and dim, 0 everything.
		if (code === '39') open.splice(0, open.length, ...open.filter(c => !/^(3[0-7]|9[0-7])$/.test(c)));
		else if (code === '22') open.splice(0, open.length, ...open.filter(c => c !== '1' && c !== '2'));
		else if (code === '0') open.length = 0;
		else open.push(code);
	}
	return open;
}

const lineWith = (frame: string, text: string) => frame.split('\n').find(l => l.includes(text)) ?? '';

/** The codes where `text` starts. */
const codesOf = (frame: string, text: string) => {
	const line = lineWith(frame, text);
	return codesAt(line, line.indexOf(text));
};

/** The codes of the top-left corner of the pane titled `title`. */
const cornerOf = (frame: string, title: string) => {
	const line = lineWith(frame, title);
	return codesAt(line, line.lastIndexOf('┌', line.indexOf(title)));
};

const colour = /\u001b\[[0-9;]*(3[0-7]|9[0-7]|38;5;\d+)m/;

describe("an environment's look", () => {
	it('protected: its name in the header and every pane border red, the unfocused ones dimmed', async () => {
		const ui = await open({name: 'prod', protected: true});
		const frame = ui.screen();
		expect(codesOf(frame, ' prod ')).toContain('31');
		// The focused pane (1) in red, bright; another pane's border red and dim, never the usual gray.
		expect(codesOf(frame, ' 1 Services ')).toContain('31');
		expect(cornerOf(frame, ' 2 Job freshness ')).toEqual(expect.arrayContaining(['2', '31']));
		expect(cornerOf(frame, ' 1 Services ')).not.toContain('2');
		expect(frame).not.toMatch(/\u001b\[90m┌/);
		ui.expectScreen('PROTECTED');
	});

	it("theme's own colour: the name and the focused pane's border; the other borders stay gray without borders: true", async () => {
		const ui = await open({look: {color: 'magenta', borders: false}});
		const frame = ui.screen();
		expect(codesOf(frame, ' staging ')).toContain('35');
		expect(codesOf(frame, ' 1 Services ')).toContain('35');
		expect(cornerOf(frame, ' 2 Job freshness ')).toContain('90');
	});

	it('NO_COLOR: no colour at all, a protected environment still says PROTECTED', async () => {
		vi.stubEnv('NO_COLOR', '1');
		const ui = await open({name: 'prod', protected: true, look: {color: 'magenta', borders: true}});
		expect(ui.screen()).not.toMatch(colour);
		ui.expectScreen('PROTECTED', ' prod ');
	});

	it("the engine hands the console pg-ops.yaml's theme, and a protected environment's default without one", async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-look-'));
		vi.stubEnv('PGOPS_STATE_DIR', dir); // the desks' files, if any, go here: never the user's
		const {environments} = parseConfig(
			'environments:\n  prod:\n    transport: local\n    protected: true\n  lab:\n    transport: local\n    theme: {color: greenBright}\n',
			'pg-ops.yaml',
		);
		const looks = [];
		for (const name of ['prod', 'lab']) {
			const engine = new ConsoleEngine({...environments[name]!, name});
			looks.push(engine.store.getSnapshot().env.look);
			await engine.dispose();
		}
		rmSync(dir, {recursive: true, force: true});
		expect(looks).toEqual([
			{color: 'red', borders: true},
			{color: 'greenBright', borders: false},
		]);
	});
});
