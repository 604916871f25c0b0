// Polls until a condition holds, with a deadline that names what it was waiting for.
/** `everyMs`: how often to look; longer for a check that costs CPU itself (a walk of /proc). */
export async function waitFor(
	check: () => boolean,
	timeoutMs: number,
	what: string,
	everyMs = 100,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, everyMs));
	}
}
