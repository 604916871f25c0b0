// A whole procedure driven by keys in a real terminal (tmux, 80x24) on a fresh demo: focus the
// services, select the failed app-orchestrator, r, read the plan, wait out the arming, y, watch it
// verify, see the pane change; the ops token never reaches the screen.
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {openTerminal, type Terminal} from '../support/tmux-driver.js';
import {cliPath} from '../support/cli.js';
import {waitFor} from '../support/wait.js';
import {dialogArmDelayMs} from '../../source/ui/arming.js';

let terminal: Terminal | undefined;
let tmp: string | undefined;
afterEach(() => {
	terminal?.close();
	if (tmp) rmSync(tmp, {recursive: true, force: true});
});

it('restart app-orchestrator by keys: plan, arming, y, verified, the pane shows it active', async () => {
	tmp = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-tmux-'));
	terminal = openTerminal(`${process.execPath} ${cliPath} --demo`, {
		columns: 80,
		rows: 24,
		env: {TMPDIR: tmp, PGOPS_STATE_DIR: path.join(tmp, 'state')},
	});
	const screens: string[] = [];
	const seen = async (text: string | RegExp, timeoutMs?: number) => {
		const screen = await terminal!.waitFor(text, timeoutMs);
		screens.push(screen);
		return screen;
	};
	await seen(/app-orchestrator\s+failed/, 90_000); // the demo starts first (PGlite): slow on a busy machine
	const [demoDir] = readdirSync(tmp).filter(name => name.startsWith('pg-ops-demo-'));
	const token = /^OPS_VERIFY_TOKEN=(.+)$/m
		.exec(readFileSync(path.join(tmp, demoDir!, 'root', 'etc', 'app', 'backend.env'), 'utf8'))![1]!
		.trim();
	expect(token.length).toBeGreaterThan(8);

	// Sent back to back, these often reach pg-ops as one chunk ("1r"): each must still count. The
	// selection starts on the worst row (app-orchestrator, failed), not on app-web listed first.
	terminal.press('1');
	terminal.press('r');
	const plan = await seen('$ systemctl restart app-orchestrator.service');
	expect(plan).toContain('restart app-orchestrator on demo');
	expect(plan).toContain('app-orchestrator (app-orchestrator.service) is failed');
	expect(plan).toContain('[ Cancel ]');
	await new Promise(resolve => setTimeout(resolve, dialogArmDelayMs + 300));
	terminal.press('y');

	// Every frame while it runs goes into the check for the token below.
	const sampler = setInterval(() => screens.push(terminal!.screen()), 100);
	const result = await seen('app-orchestrator: failed -> active', 45_000).finally(() =>
		clearInterval(sampler),
	);
	expect(result).toContain('DONE: restart app-orchestrator: done and verified');
	expect(result).toMatch(/✓ 1\. restart app-orchestrator\s+done/);
	expect(result).toContain('✓ check: app-orchestrator is active');
	for (const screen of [plan, result])
		expect(screen.split('\n').every(line => [...line].length <= 80)).toBe(true);

	terminal.press('Escape');
	await seen(/app-orchestrator\s+active/);
	for (const screen of screens) expect(screen).not.toContain(token);

	terminal.press('q');
	await waitFor(() => !terminal!.isRunning(), 15_000, 'pg-ops to exit');
	expect(readdirSync(tmp).filter(name => name.startsWith('pg-ops-demo-'))).toEqual([]);
});
