// A hung probe or host must not hold its pane (or the next refresh) forever.
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout;
	return Promise.race([
		promise,
		new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)}s`)), ms);
		}),
	]).finally(() => clearTimeout(timer));
}

/** How long a probe (or one host's batch) may run before it counts as failed: the probe timeout and some grace. */
export const probeDeadlineMs = (probeTimeoutSeconds: number) => probeTimeoutSeconds * 1000 + 2500;
