// The log viewer as the operator drives it (issue 12 section 1): a crashed service's logs where the
// ERROR and its stack trace are far above the newest line. Scroll (j/k, PgUp/PgDn, g/G, ctrl+d/u)
// with "N more above/below", search with n/N and highlighted matches, the filter, wrap and
// timestamps remembered, save to a file whose path is shown, copy through the engine.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {openConsole} from '../support/console-driver.js';
import {FixtureController} from '../fixtures/console-state.js';
import {LogActions} from '../../source/engine/log-actions.js';

// 120 lines: the crash (an ERROR and its trace) at lines 10-12, then the restarts' chatter.
const lines = Array.from({length: 120}, (_, i) => {
	const n = String(i + 1).padStart(3, '0');
	if (i === 9)
		return `Nov 23 03:50:01 host orchestrator[812]: ERROR line ${n}: upstream refused the connection`;
	if (i === 10) return `Nov 23 03:50:01 host orchestrator[812]:   File "worker.py", line ${n}, in run`;
	if (i === 11) return `Nov 23 03:50:01 host orchestrator[812]: ConnectionError line ${n}`;
	return `Nov 23 03:5${Math.floor(i / 60)}:${String(i % 60).padStart(2, '0')} host orchestrator[812]: line ${n} tick`;
});

class LongLogs extends FixtureController {
	readonly copied: string[] = [];
	olderServiceLogs?: () => void;
	toggleFollowServiceLogs?: () => void;
	readonly logs = new LogActions({
		envName: 'staging',
		notify: (text, level) => this.notify(text, level),
		now: () => new Date('2026-11-23T04:00:00Z'),
		copy: text => (this.copied.push(text), true),
	});
	override async showServiceLogs(name: string) {
		this.calls.push(`logs:${name}`);
		this.store.update(s => ({
			...s,
			detail: {
				kind: 'logs',
				title: `${name}: last 120 log lines`,
				command: `journalctl -u ${name}.service -n 120 --no-pager`,
				status: 'ok',
				lines,
			},
		}));
	}
}

// A busy machine draws late: every look at the screen waits (up to 10 s) until it holds.
const see = (check: () => unknown) => vi.waitFor(check, {timeout: 10_000, interval: 30});

let stateDir: string;
const savedEnv = process.env.PGOPS_STATE_DIR;
beforeEach(() => {
	stateDir = mkdtempSync(path.join(os.tmpdir(), 'pgops-log-viewer-'));
	process.env.PGOPS_STATE_DIR = stateDir;
});
afterEach(() => {
	if (savedEnv === undefined) delete process.env.PGOPS_STATE_DIR;
	else process.env.PGOPS_STATE_DIR = savedEnv;
	rmSync(stateDir, {recursive: true, force: true});
});

const open = async () => {
	const ui = await openConsole({controller: new LongLogs()});
	await ui.press('enter'); // the failed orchestrator is the selected row
	await ui.waitForScreen('line 120 tick');
	return ui;
};

describe('the log viewer', () => {
	it('opens at the newest line and scrolls: k/j, PgUp/PgDn, ctrl+u/d, g/G, with what is above and below', async () => {
		const ui = await open();
		await see(() => ui.expectScreen(/↑ \d+ more above/).expectNotOnScreen('more below', 'ERROR line 010'));
		const above = () => Number(/↑ (\d+) more above/.exec(ui.screen())?.[1] ?? 0);
		const start = above();
		expect(start).toBeGreaterThan(100);
		await ui.press('k');
		await see(() => ui.expectScreen('↓ 1 more below').expectNotOnScreen('line 120 tick'));
		await see(() => expect(above()).toBe(start - 1));
		await ui.press('j');
		await see(() => ui.expectScreen('line 120 tick').expectNotOnScreen('more below'));
		await ui.press('pgup');
		await see(() => expect(above()).toBeLessThan(start - 3));
		await ui.press('pgdn');
		await see(() => expect(above()).toBe(start));
		await ui.press('ctrl+u');
		await see(() => expect(above()).toBeLessThan(start));
		await ui.press('ctrl+d');
		await see(() => expect(above()).toBe(start));
		await ui.press('g');
		await see(() => ui.expectScreen('line 001 tick', /↓ \d+ more below/).expectNotOnScreen('more above'));
		// Past the top: nothing older in a fixture without more, and it says so.
		await ui.press('k');
		await see(() => ui.expectScreen('no older lines', 'line 001 tick'));
		await ui.press('G');
		await see(() => ui.expectScreen('line 120 tick').expectNotOnScreen('more below'));
		// esc still goes back to the panes.
		await ui.press('escape');
		await see(() => ui.expectScreen('1 Services'));
		ui.unmount();
	});

	it('/ searches up from the newest line, highlights, n and N move, & hides the rest', async () => {
		const ui = await open();
		await ui.press('/');
		await ui.type('line 01');
		await see(() => ui.expectScreen('/line 01▌'));
		await ui.press('enter');
		// The nearest match above the newest line: line 019, shown, the 10th of 10 matches.
		await see(() => ui.expectScreen('line 019 tick', '/line 01: 10 of 10 matching'));
		await ui.press('n');
		await see(() => ui.expectScreen('/line 01: 9 of 10 matching'));
		await ui.press('N', 'N');
		// Wraps round to the oldest.
		await see(() => ui.expectScreen('/line 01: 1 of 10 matching', 'ERROR line 010'));
		await ui.press('&');
		await see(() =>
			ui
				.expectScreen('only they shown', 'ERROR line 010', 'line 011')
				.expectNotOnScreen('line 009 tick', 'line 120'),
		);
		await ui.press('&');
		await see(() => ui.expectScreen('line 009 tick'));
		await ui.press('/');
		await ui.type('no such thing');
		await ui.press('enter');
		await see(() => ui.expectScreen('no line matches "no such thing"'));
		ui.unmount();
	});

	it('w cuts long lines, t hides timestamps: both remembered for the user', async () => {
		const ui = await openConsole({controller: new LongLogs(), columns: 60});
		await ui.press('enter');
		await ui.waitForScreen('line 120 tick');
		await ui.press('w');
		await see(() => ui.expectScreen('cut (w wraps)', '…'));
		await ui.press('t');
		await see(() =>
			ui
				.expectScreen('no timestamps (t)', 'host orchestrator[812]: line 120 tick')
				.expectNotOnScreen('03:51:59'),
		);
		ui.unmount();
		const saved = JSON.parse(readFileSync(path.join(stateDir, 'state.json'), 'utf8'));
		expect(saved.logViewer).toEqual({wrap: false, timestamps: false});
		// The next console starts as the user left it.
		const again = await open();
		await see(() => again.expectScreen('cut (w wraps)', 'no timestamps (t)'));
		again.unmount();
	});

	it('s saves every line to a file whose path is shown; c copies the current line', async () => {
		const ui = await open();
		await ui.press('s');
		const file = path.join(stateDir, 'logs', 'staging-orchestrator-logs-2026-11-23T04-00-00.log');
		await see(() => ui.expectScreen('saved 120 lines to', 'staging-orchestrator-logs'));
		expect(readFileSync(file, 'utf8')).toBe(`${lines.join('\n')}\n`);
		await ui.press('/');
		await ui.type('ERROR');
		await ui.press('enter', 'c');
		const controller = ui.controller as LongLogs;
		expect(controller.copied).toEqual([lines[9]]);
		await ui.waitForScreen('copied the line');
		ui.unmount();
	});

	it('past the top asks the engine for older lines; f asks it to follow and shows it', async () => {
		const controller = new LongLogs();
		let following = false;
		controller.olderServiceLogs = () => controller.calls.push('older');
		controller.toggleFollowServiceLogs = () => {
			following = !following;
			controller.calls.push(`follow:${following}`);
			controller.store.update(s => ({...s, detail: {...s.detail!, following}}));
		};
		const ui = await openConsole({controller});
		await ui.press('enter');
		await ui.waitForScreen('line 120 tick');
		controller.store.update(s => ({...s, detail: {...s.detail!, canFollow: true}}));
		await see(() => ui.expectScreen('f follow'));
		await ui.press('g', 'k');
		await see(() => expect(controller.calls).toContain('older'));
		await ui.press('f');
		await see(() => ui.expectScreen('following (f stops)', 'line 120 tick'));
		await ui.press('f');
		await see(() => ui.expectNotOnScreen('following (f stops)'));
		expect(controller.calls.filter(c => c.startsWith('follow:'))).toEqual(['follow:true', 'follow:false']);
		ui.unmount();
	});

	it('? shows the viewer keys; any key closes them', async () => {
		const ui = await open();
		await ui.press('?');
		await see(() =>
			ui.expectScreen('log viewer keys', 'ctrl+d', 'the oldest line', 'OSC 52', 'goes back to the panes'),
		);
		await ui.press('escape');
		await see(() => ui.expectScreen('line 120 tick'));
		ui.unmount();
	});

	it('fits 80x24, the viewer and its keys alike', async () => {
		const ui = await openConsole({controller: new LongLogs(), columns: 80});
		await ui.press('enter');
		await ui.waitForScreen('line 120 tick');
		const fits = () => {
			const lines = ui.screen().split('\n');
			expect(lines.length).toBeLessThanOrEqual(23);
			for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
		};
		fits();
		await see(() => ui.expectScreen(/↑ \d+ more above/, 'j/k'));
		await ui.press('?');
		fits();
		await see(() =>
			ui.expectScreen('log viewer keys', 'ctrl+u', 'save the lines to a file', 'set-clipboard'),
		);
		ui.unmount();
	});
});
