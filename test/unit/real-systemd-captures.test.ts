// pg-ops' systemd parser against what real systemd 252 printed in the lab VM (test/fixtures/real-systemd/,
// captured with the probe's own command over SSH as the deploy user): an active unit, one failed at
// boot, one in Restart= flapping (activating/auto-restart), one that does not exist.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {expect, it} from 'vitest';
import {parseSystemctlShow} from '../../source/core/parsers/systemctl-show.js';

const capture = (name: string) => readFileSync(path.resolve('test/fixtures/real-systemd', name), 'utf8');

it("reads real systemctl show blocks, whose properties come in systemd's order, not the order asked for", () => {
	expect(parseSystemctlShow(capture('systemctl-show.txt'))).toEqual([
		{
			id: 'app-web.service',
			loadState: 'loaded',
			activeState: 'active',
			subState: 'running',
			mainPid: 73,
			activeEnterTimestamp: '2026-12-04T14:55:50.000Z',
			inactiveEnterTimestamp: undefined,
			execMainStatus: 0,
			result: 'success',
		},
		{
			id: 'app-orchestrator.service',
			loadState: 'loaded',
			activeState: 'failed',
			subState: 'failed',
			mainPid: 0,
			activeEnterTimestamp: '2026-12-04T14:55:50.000Z',
			inactiveEnterTimestamp: '2026-12-04T14:55:51.000Z',
			execMainStatus: 1,
			result: 'exit-code',
		},
		// Between two of Restart='s attempts: activating, with the last attempt's exit code.
		{
			id: 'app-intake.service',
			loadState: 'loaded',
			activeState: 'activating',
			subState: 'auto-restart',
			mainPid: 0,
			activeEnterTimestamp: '2026-12-04T14:56:15.000Z',
			inactiveEnterTimestamp: '2026-12-04T14:56:16.000Z',
			execMainStatus: 1,
			result: 'exit-code',
		},
		{
			id: 'no-such-unit.service',
			loadState: 'not-found',
			activeState: 'inactive',
			subState: 'dead',
			mainPid: 0,
			activeEnterTimestamp: undefined,
			inactiveEnterTimestamp: undefined,
			execMainStatus: 0,
			result: 'success',
		},
	]);
});

it('keeps the words real systemd and journald use when a deploy user goes without sudo', () => {
	// No polkit on a server: systemd refuses with exit 4 and these words (the lab's tests see them live).
	expect(capture('systemctl-restart-without-sudo.stderr')).toMatch(
		/^Failed to restart app-web\.service: Access denied\n/,
	);
	// journalctl exits 0 but shows only the user's own messages, and says so on stderr: logs need sudo.
	expect(capture('journalctl-without-journal-group.stderr')).toContain(
		"Users in groups 'adm', 'systemd-journal' can see all messages.",
	);
	expect(capture('journalctl-without-journal-group.stdout')).not.toContain("Failed with result 'exit-code'");
});
