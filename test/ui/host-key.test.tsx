import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {openConsole} from '../support/console-driver.js';
import {FixtureController, fixtureState} from '../fixtures/console-state.js';
import {HostKeyError} from '../../source/adapters/ssh/errors.js';

afterEach(() => cleanup());

const refused = (kind: 'unknown' | 'changed' | 'revoked') => {
	const error = new HostKeyError(
		kind,
		'app-1.example',
		2222,
		'SHA256:q4Yk1Yw0cVd2GfF1yQyW0B8cBqPZl9cQe8m5r8q2k0U',
		'ssh-ed25519',
		'[app-1.example]:2222 ssh-ed25519 AAAA',
		`${kind} key`,
	);
	const base = fixtureState();
	return new FixtureController(
		fixtureState({
			env: {...base.env, transport: 'ssh', hostLabel: 'deploy@app-1.example'},
			connection: {status: 'failed', attempt: 1, error: error.message, hostKeyError: error},
		}),
	);
};

describe('a refused host key', () => {
	it('an unknown host can be trusted with y, but only after the dialog has armed', async () => {
		const ui = await openConsole({controller: refused('unknown'), holdClock: true});
		ui.expectScreen(
			'Unknown host: app-1.example:2222',
			'SHA256:q4Yk1Yw0cVd2GfF1yQyW0B8cBqPZl9cQe8m5r8q2k0U',
			'[ no ]',
			'HOST KEY REFUSED',
		);
		await ui.press('y'); // auto-repeat or a fat finger right as it opens
		expect(ui.controller.calls).not.toContain('trust:SHA256:q4Yk1Yw0cVd2GfF1yQyW0B8cBqPZl9cQe8m5r8q2k0U');
		await ui.waitForArming();
		await ui.press('y');
		expect(ui.controller.calls).toContain('trust:SHA256:q4Yk1Yw0cVd2GfF1yQyW0B8cBqPZl9cQe8m5r8q2k0U');
		ui.expectScreen('1 Services');
	});

	it('esc leaves it untrusted and shows the panes', async () => {
		const ui = await openConsole({controller: refused('unknown')});
		await ui.press('escape');
		ui.expectScreen('1 Services', 'HOST KEY REFUSED');
		expect(ui.controller.calls.filter(c => c.startsWith('trust:'))).toEqual([]);
	});

	it('a changed key cannot be accepted from inside pg-ops', async () => {
		const ui = await openConsole({controller: refused('changed')});
		ui.expectScreen('HOST KEY CHANGED: app-1.example:2222', 'cannot be accepted from inside pg-ops');
		await ui.waitForArming();
		await ui.press('y');
		expect(ui.controller.calls.filter(c => c.startsWith('trust:'))).toEqual([]);
	});
});

describe('the connection in the header', () => {
	it('says when it is reconnecting', async () => {
		const base = fixtureState();
		const ui = await openConsole({
			controller: new FixtureController(
				fixtureState({
					env: {...base.env, transport: 'ssh', hostLabel: 'deploy@app-1'},
					connection: {
						status: 'reconnecting',
						attempt: 3,
						error: 'connection lost',
						nextRetryAt: base.now + 4000,
					},
				}),
			),
		});
		ui.expectScreen('deploy@app-1 (ssh, RECONNECTING: try 3 in 4s)');
	});
});
