// pg-ops runs on one thread: while a module compiles or a child process is spawned, nothing else
// moves. A command over SSH waits first of all for its handshake, which needs ssh2; pg, undici and
// a secret's command are of use only once the connection is up (their tunnels go through it). So
// ssh2 loads first, and they wait until it has: they then compile and run while the handshake and
// the host's commands wait on the server. A command that opens no SSH connection waits for nothing.
const first = new Set<Promise<void>>();

/** Registers a load the rest should wait for; returns the same promise. */
export function loadFirst<T>(promise: Promise<T>): Promise<T> {
	const settled = promise.then(
		() => undefined,
		() => undefined,
	);
	first.add(settled);
	void settled.then(() => first.delete(settled));
	return promise;
}

/**
 * Resolves once every load registered by loadFirst has settled, and the handshake's first packets
 * (sent on the same turn as the load ends) have gone: at once when there is none.
 */
export async function afterFirstLoads(): Promise<void> {
	if (first.size === 0) return;
	await Promise.all(first);
	await new Promise<void>(resolve => setImmediate(resolve));
}
