import {describe, expect, it, vi} from 'vitest';
import {ConsoleEngine} from '../../source/engine/console-engine.js';
import {parseConfig} from '../../source/core/config/parse.js';
import {runtimeOf, type Runtime} from '../../source/engine/runtime.js';
import type {Host} from '../../source/adapters/host.js';

const env = {
	...parseConfig(
		'environments:\n  x:\n    transport: local\n    services: [{name: web, manager: systemd}]\n',
		'pg-ops.yaml',
	).environments.x!,
	name: 'x',
};

function runtimeWith(exec: Host['exec']): Runtime {
	const host: Host = {label: 'test', transport: 'local', exec, close: async () => {}};
	return runtimeOf({env, hosts: [{name: 'test', host}], readOnly: false});
}

describe('the engine\'s "refreshed" time', () => {
	it('moves only when data arrived: a refresh in which every probe failed keeps the old age', async () => {
		const down = new ConsoleEngine(env, {
			runtime: runtimeWith(async () => {
				throw new Error('connection refused');
			}),
		});
		await down.refreshNow();
		expect(down.store.getSnapshot().panes.services.status).toBe('error');
		expect(down.store.getSnapshot().lastRefreshAt).toBeUndefined();
		await down.dispose();

		const up = new ConsoleEngine(env, {
			runtime: runtimeWith(async script => {
				const nonce = /@@([0-9a-f]+):begin/.exec(script)![1];
				return {
					stdout: `\n@@${nonce}:begin:services.systemd\nId=web.service\nActiveState=active\nLoadState=loaded\n\n@@${nonce}:exit:0\n\n@@${nonce}:end:services.systemd\n`,
					stderr: '',
					exitCode: 0,
					timedOut: false,
					durationMs: 1,
				};
			}),
		});
		await up.refreshNow();
		expect(up.store.getSnapshot().panes.services.status).toBe('ok');
		expect(up.store.getSnapshot().lastRefreshAt).toBeTypeOf('number');
		await up.dispose();
	});
});

describe('status lines belong to their operation', () => {
	const quiet = () =>
		runtimeWith(async () => ({stdout: '', stderr: '', exitCode: 0, timedOut: false, durationMs: 1}));

	it('a notice goes after a few seconds (a warning a little later), never lingering under later screens', () => {
		vi.useFakeTimers({toFake: ['Date', 'setInterval', 'clearInterval']});
		const engine = new ConsoleEngine(env, {runtime: quiet(), clockMs: 1000});
		try {
			engine.start();
			engine.notify('message not posted', 'info');
			vi.advanceTimersByTime(7000);
			expect(engine.store.getSnapshot().notice?.text).toBe('message not posted');
			vi.advanceTimersByTime(2000);
			expect(engine.store.getSnapshot().notice).toBeUndefined();
			engine.notify('lock held by alice', 'warning');
			vi.advanceTimersByTime(9000);
			expect(engine.store.getSnapshot().notice?.text).toBe('lock held by alice');
			vi.advanceTimersByTime(7000);
			expect(engine.store.getSnapshot().notice).toBeUndefined();
		} finally {
			void engine.dispose();
			vi.useRealTimers();
		}
	});

	it('"refreshing every pane now" goes when that refresh ends', async () => {
		const engine = new ConsoleEngine(env, {runtime: quiet()});
		try {
			engine.notify('refreshing every pane now', 'info', 'refreshed');
			const refresh = engine.refreshNow();
			expect(engine.store.getSnapshot().notice?.text).toBe('refreshing every pane now');
			await refresh;
			expect(engine.store.getSnapshot().notice).toBeUndefined();
		} finally {
			await engine.dispose();
		}
	});
});
