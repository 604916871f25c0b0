// adapters/load-order.ts: what waits for ssh2 waits until its load has settled (loaded or failed),
// and nothing waits when no load was registered (a local environment, a command without SSH).
import {describe, expect, it} from 'vitest';
import {afterFirstLoads, loadFirst} from '../../source/adapters/load-order.js';

function deferred() {
	let resolve!: () => void;
	let reject!: (error: Error) => void;
	const promise = new Promise<void>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return {promise, resolve, reject};
}

describe('load order', () => {
	it('with nothing registered, nothing waits', async () => {
		await expect(afterFirstLoads()).resolves.toBeUndefined();
	});

	it('a later load starts only once the first one has loaded', async () => {
		const ssh2 = deferred();
		const events: string[] = [];
		void loadFirst(ssh2.promise).then(() => events.push('ssh2 loaded'));
		const later = afterFirstLoads().then(() => events.push('pg may load'));
		await Promise.resolve();
		expect(events).toEqual([]);
		ssh2.resolve();
		await later;
		expect(events).toEqual(['ssh2 loaded', 'pg may load']);
	});

	it('a first load that fails still lets the rest go, and its caller sees the failure', async () => {
		const ssh2 = deferred();
		const loading = loadFirst(ssh2.promise);
		const later = afterFirstLoads();
		ssh2.reject(new Error('cannot load ssh2'));
		await expect(loading).rejects.toThrow('cannot load ssh2');
		await expect(later).resolves.toBeUndefined();
		// Settled loads are forgotten: the next caller does not wait for them again.
		await expect(afterFirstLoads()).resolves.toBeUndefined();
	});
});
