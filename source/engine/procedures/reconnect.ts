// An SSH connection that drops during a procedure comes back by itself (with backoff), but an undo
// that ran meanwhile failed at once ("reconnecting"): the undo, and the lock's release, wait for the
// host to answer again, for a bounded time, saying so, and then try again. The bound is the run's, per
// host and drop: a host that stays down is waited for once, not again by each later undo and the release.
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
 * How long one run waits for its hosts' connections to come back. A host's wait starts when it is
 * first found down and ends when it answers again; every undo and lock release that meets it down
 * meanwhile waits only until that same deadline. Waiting anew each time made an operator whose host
 * stays down wait once per undo step and once more for the lock, 2 minutes each, to learn what is left
 * to do by hand: a restore that stops two services and drops mid-restore waited 5 times, 10 minutes.
 * A host that answers and drops again gets a new wait.
 */
export class ReconnectWaits {
	private readonly deadlines = new Map<Host, number>();

	constructor(
		readonly seconds = reconnectWaitSeconds,
		private readonly now: () => number = Date.now,
	) {}

	/** When waiting for this host ends: set when it is first found down, kept until it answers. */
	until(host: Host): number {
		let deadline = this.deadlines.get(host);
		if (deadline === undefined) this.deadlines.set(host, (deadline = this.now() + this.seconds * 1000));
		return deadline;
	}

	/** The host answered: a later drop is waited for anew. */
	answered(host: Host): void {
		this.deadlines.delete(host);
	}

	/** Waits for the host (up to its deadline), saying so with `waiting` before, or why not; true once it answers. */
	async waitFor(
		host: Host,
		onWait: (text: string) => void,
		waiting: (left: number) => string,
	): Promise<boolean> {
		const until = this.until(host);
		if (this.now() >= until) {
			onWait(
				`the connection to ${host.label} is still down: not waiting again (it was given ${this.seconds}s to come back)`,
			);
			return false;
		}
		onWait(waiting(Math.max(0, Math.round((until - this.now()) / 1000))));
		if (!(await waitForHost(host, until))) return false;
		this.answered(host);
		return true;
	}
}

/**
 * Runs `attempt`; while it fails with the host's connection down, waits for the host to answer (up to
 * its deadline in `waits`), telling `onWait` why, and tries again.
 */
export async function retryAfterReconnect<T extends {ok: boolean}>(
	host: Host | undefined,
	attempt: () => Promise<T>,
	onWait: (text: string) => void,
	waits = new ReconnectWaits(),
): Promise<T> {
	let outcome = await attempt();
	while (!outcome.ok && host && connectionDown(host)) {
		const state = host.connectionState!();
		const back = await waits.waitFor(
			host,
			onWait,
			left =>
				`the connection to ${host.label} is down (${state.error ?? state.status}): waiting up to ${left}s for it to come back, then trying again`,
		);
		if (!back) break;
		onWait(`${host.label} answers again: trying again`);
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
