// Work on many hosts with a small concurrency of our own (planning reads, locks): not through the
// refresh's fleet limiter, so a procedure never waits behind a refresh, and a fleet is not asked all at once.
export const procedureHostConcurrency = 8;

/** fn over items, at most `limit` at a time; results in the items' order. */
export async function eachLimited<T, R>(
	items: T[],
	fn: (item: T, index: number) => Promise<R>,
	limit = procedureHostConcurrency,
): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await fn(items[index]!, index);
		}
	};
	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
	return results;
}
