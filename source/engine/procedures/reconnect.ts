// An SSH connection that drops during a procedure comes back by itself (with backoff), but an undo
// that ran meanwhile failed at once ("reconnecting"): the undo, and the lock's release, wait for the
// host to answer again, for a bounded time, saying so, and then try again.
import type {Host} from '../../adapters/host.js';
import type {Action} from '../../core/procedures/plan.js';
import type {Runtime} from '../runtime.js';

/** How long an undo or a lock release waits for a dropped connection before giving up on it. */
export const reconnectWaitSeconds = 120;

/** The connection an action needs: a shell action's host; SQL and HTTP go through the first host's tunnels; a local command none. */
export function hostOfAction(runtime: Runtime, action: Action): Host | undefined {
	switch (action.kind) {
		case 'shell':
			return action.host === undefined ? runtime.host : runtime.hostNamed(action.host);
		case 'until':
			return hostOfAction(runtime, action.check);
		case 'sql':
		case 'http':
			return runtime.host;
		case 'local':
			return undefined;
	}
}

/** The host's connection is down (dropped, reconnecting, failed): an attempt that failed may succeed once it is back. */
export function connectionDown(host: Host | undefined): boolean {
	const status = host?.connectionState?.().status;
	return status !== undefined && status !== 'connected';
}

/**
 * Runs `attempt`; while it fails with the host's connection down, waits for the host to answer (up to
 * `until`), telling `onWait` why, and tries again.
 */
export async function retryAfterReconnect<T extends {ok: boolean}>(
	host: Host | undefined,
	attempt: () => Promise<T>,
	onWait: (text: string) => void,
	until = Date.now() + reconnectWaitSeconds * 1000,
): Promise<T> {
	let outcome = await attempt();
	while (!outcome.ok && connectionDown(host) && Date.now() < until) {
		const left = Math.round((until - Date.now()) / 1000);
		onWait(
			`the connection to ${host!.label} is down (${host!.connectionState!().error ?? host!.connectionState!().status}): waiting up to ${left}s for it to come back, then trying again`,
		);
		if (!(await waitForHost(host!, until))) break;
		onWait(`${host!.label} answers again: trying again`);
		outcome = await attempt();
	}
	return outcome;
}

/** Resolves true once the host runs a command again, false at `until`. A connection left idle or failed is asked to connect; a reconnecting one reconnects by itself. */
export async function waitForHost(host: Host, until: number): Promise<boolean> {
	while (Date.now() < until) {
		try {
			const result = await host.exec('true', {
				timeoutMs: Math.max(1000, Math.min(10_000, until - Date.now())),
			});
			if (result.exitCode === 0) return true;
		} catch {
			// still down
		}
		await new Promise(resolve => setTimeout(resolve, 1000));
	}
	return false;
}
