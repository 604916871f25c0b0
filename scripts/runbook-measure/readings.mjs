// What measure.mjs and agree.mjs compare: a step's command lines, normalised, and a block's readings.

/** Command lines as compared: continuations joined, whitespace collapsed, comment-only lines left out. */
export const linesOf = commands =>
	commands
		.join('\n')
		.replace(/\\\r?\n/g, ' ')
		.split('\n')
		.map(line => line.trim().replace(/\s+/g, ' ').replace(/;$/, '').trim())
		.filter(line => line !== '' && !/^(#|--)/.test(line));

/** A judged block's readings: its steps, then each alsoOk (one written as a list of steps counts as one). */
export const readingsOf = block => {
	const also = block.alsoOk ?? [];
	return [block.steps, ...(also.length > 0 && !Array.isArray(also[0]) ? [also] : also)];
};
