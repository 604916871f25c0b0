// Whether an instant query's answer says what the last one said. Prometheus writes the query's own
// evaluation time into every sample (`"value":[1796475916.337,"1"]`); with that time taken out, a
// fleet's answer for unit states or filesystem sizes is the same text from one refresh to the next
// until a host's figure changes, and need not be parsed again (a 1,000-host answer is ~200 KB). Pure.

/** The answer's text without its evaluation time, and that time (seconds); undefined when it holds no sample. */
export function answerWithoutTime(text: string): {key: string; seconds: number} | undefined {
	const marker = '"value":[';
	const start = text.indexOf(marker);
	if (start < 0) return undefined;
	const from = start + marker.length;
	const end = text.indexOf(',', from);
	const stamp = text.slice(from, end);
	const seconds = Number(stamp);
	if (end < 0 || stamp === '' || !Number.isFinite(seconds)) return undefined;
	// Every sample of one instant query carries the same time: `[T,` goes wherever it stands. A label
	// holding that text changes the key too, so two answers compare equal only when all else is equal.
	return {key: text.split(`[${stamp},`).join('[,'), seconds};
}
