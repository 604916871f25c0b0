// A Markdown runbook's step run by keys in a real terminal (tmux, 80x24) on the demo: move to the
// step that checks the live release, enter, type the masked token and the URL into the prompt,
// read the plan, wait out the arming, y, see the service's answer and "done, exit 0" on the
// checklist; the token never reaches the screen, and q leaves.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {openTerminal, type Terminal} from '../support/tmux-driver.js';
import {cliPath, runCli} from '../support/cli.js';
import {waitFor} from '../support/wait.js';
import {opsToken} from '../support/app-vm-runbook.js';
import {dialogArmDelayMs} from '../../source/ui/arming.js';

let dir: string;
let terminal: Terminal | undefined;

beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-runbook-tmux-'));
	const started = runCli(['demo', 'start', '--dir', path.join(dir, 'demo')]);
	expect(started.code, started.stderr).toBe(0);
}, 60_000);

afterAll(() => {
	terminal?.close();
	runCli(['demo', 'stop', '--dir', path.join(dir, 'demo')]);
	rmSync(dir, {recursive: true, force: true});
});

it('runs one step with a masked placeholder typed in, and shows its answer and exit code', async () => {
	const info = JSON.parse(readFileSync(path.join(dir, 'demo', 'demo.json'), 'utf8')) as {
		envFile: string;
		http: {baseUrl: string};
		root: string;
	};
	const token = opsToken(info.envFile);
	const runbook = path.resolve('examples/runbooks/app-vm.md');
	terminal = openTerminal(
		`${process.execPath} ${cliPath} runbook ${runbook} --config ${path.join(dir, 'demo', 'pg-ops.yaml')}`,
		{columns: 80, rows: 24, env: {PGOPS_STATE_DIR: path.join(dir, 'state')}},
	);
	const screens: string[] = [];
	const seen = async (text: string | RegExp, timeoutMs?: number) => {
		const screen = await terminal!.waitFor(text, timeoutMs);
		screens.push(screen);
		return screen;
	};

	const list = await seen('App VM — on-call runbook', 20_000);
	expect(list).toContain('○ 4.1  systemctl status app-web --no-pager');
	// 4.1, 4.2, 4.3, 5.1, 6.1, then 6.2: the running service's git_sha, with the ops token.
	for (let i = 0; i < 5; i++) {
		terminal.press('j');
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	await seen('asks for: $OPS_VERIFY_TOKEN (masked), $APP_URL');
	terminal.press('Enter');
	await seen('values for runbook: curl');
	terminal.press(token);
	await seen(`•••••••••••••••• (${token.length} characters)`);
	terminal.press('Enter');
	terminal.press(info.http.baseUrl);
	await seen(info.http.baseUrl);
	terminal.press('Enter');

	const plan = await seen('[ Cancel ]');
	expect(plan).toContain('IFS= read -r OPS_VERIFY_TOKEN');
	expect(plan).toContain("this step is the team's own command");
	await new Promise(resolve => setTimeout(resolve, dialogArmDelayMs + 300));
	terminal.press('y');

	const sampler = setInterval(() => screens.push(terminal!.screen()), 100);
	const result = await seen('✓ DONE: runbook: curl', 30_000).finally(() => clearInterval(sampler));
	const sha = readFileSync(path.join(info.root, 'opt', 'app', 'current', '.gitsha'), 'utf8').trim();
	expect(result).toContain(sha.slice(0, 12));
	// No check proved anything: the result says done, not verified.
	expect(result).not.toContain('verified');
	terminal.press('Escape');
	const after = await seen(/✓ 6\.2 .* done, exit 0/);
	for (const screen of [list, plan, result, after])
		expect(screen.split('\n').every(line => [...line].length <= 80)).toBe(true);
	for (const screen of screens) expect(screen).not.toContain(token);

	terminal.press('q');
	await waitFor(() => !terminal!.isRunning(), 15_000, 'pg-ops to exit');
}, 90_000);
