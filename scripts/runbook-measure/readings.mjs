// What measure.mjs and agree.mjs compare: a step's command lines, normalised, and a block's readings.

/** A shell comment at a line's end (` # …` outside quotes), which runs nothing: left out on both sides. */
const withoutTrailingComment = line => {
	const at = line.search(/\s#/);
	if (at === -1) return line;
	const before = line.slice(0, at);
	const balanced = (before.match(/"/g) ?? []).length % 2 === 0 && (before.match(/'/g) ?? []).length % 2 === 0;
	return balanced ? before : line;
};

/** Command lines as compared: continuations joined, whitespace collapsed, comment-only lines and comments at a line's end left out. */
export const linesOf = commands =>
	commands
		.join('\n')
		.replace(/\\\r?\n/g, ' ')
		.split('\n')
		.map(line => withoutTrailingComment(line.trim()).replace(/\s+/g, ' ').replace(/;$/, '').trim())
		.filter(line => line !== '' && !/^(#|--)/.test(line));

/** A judged block's readings: its steps, then each alsoOk (one written as a list of steps counts as one). */
export const readingsOf = block => {
	const also = block.alsoOk ?? [];
	return [block.steps, ...(also.length > 0 && !Array.isArray(also[0]) ? [also] : also)];
};
