// A hidden fleet host's connection closes once idle, but never while it carries a tunnel: a tunnel
// opened after the idle close was armed disarms it (its clients would be cut otherwise).
import {afterEach, describe, expect, it, vi} from 'vitest';
import {SshHost} from '../../source/adapters/ssh/ssh-host.js';
import {SshConnection} from '../../source/adapters/ssh/connection.js';
import type {SshTarget} from '../../source/adapters/ssh/target.js';

// Nothing is dialled: no command runs and no client connects to the tunnel.
const target: SshTarget = {
	alias: 'app-01',
	host: '127.0.0.1',
	port: 1,
	user: 'deploy',
	identityFiles: [],
	identitiesOnly: true,
	knownHosts: {read: [], own: '/dev/null'},
	warnings: [],
};

const hosts: SshHost[] = [];
afterEach(async () => {
	vi.useRealTimers();
	vi.restoreAllMocks();
	await Promise.all(hosts.splice(0).map(h => h.close()));
});

function hiddenHost(): {host: SshHost; closedIdle: () => number} {
	const host = new SshHost(target, {connectTimeoutMs: 1000});
	hosts.push(host);
	const closeIdle = vi.spyOn((host as unknown as {connection: SshConnection}).connection, 'closeIdle');
	host.idleCloseAfter(60_000);
	return {host, closedIdle: () => closeIdle.mock.calls.length};
}

describe('idle close of a hidden host', () => {
	it('closes an unused connection once the idle time is over', () => {
		vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout']});
		const {closedIdle} = hiddenHost();
		vi.advanceTimersByTime(61_000);
		expect(closedIdle()).toBe(1);
	});

	it('a tunnel opened after the idle close was armed disarms it', async () => {
		vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout']});
		const {host, closedIdle} = hiddenHost();
		expect(await host.tunnel('10.0.0.5', 5432)).toBeGreaterThan(0);
		vi.advanceTimersByTime(120_000);
		expect(closedIdle()).toBe(0);
		// Asked again while it carries the tunnel: still never idle.
		host.idleCloseAfter(60_000);
		vi.advanceTimersByTime(120_000);
		expect(closedIdle()).toBe(0);
	});
});
