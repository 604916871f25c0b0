// Alternatives an author puts in one block: "inspect it … # or, in an emergency, delete it", "use X
// … # alternatively Y", "Option 1 … Option 2". Each is its own step, confirmed alone, so choosing
// one never runs the other with it. Only marked ones are split: a block of commands meant to run
// together stays whole.

// A comment or a bare line of prose that starts an alternative, or a step done only on a condition
// ("# Kill long queries if blocking": the checks before it must not run it).
const marker =
	/^(?:(?:if|unless|in case)\b|execute\b|(?:for )?example\b|e\.g\.|solution\b|workaround\b|remediation\b|to fix\b|or\b|alternatively|alternative(?:ly)?\b|otherwise\b|instead\b|option\s*[\w\d]+\b|method\s*\d|if (?:that|this|it|the above|this doesn't|that doesn't) (?:fails|does not work|doesn't work|didn't work|did not work|is not enough)|only if\b|as a last resort|last resort|(?:in an? |for )?emergenc(?:y|ies)|(?:if|when) (?:it|that|the pod|the process) (?:is )?(?:still )?stuck|(?:kill|terminate|cancel|delete|drop|remove|clear|flush|purge|wipe|truncate|restart|reload|reboot|stop|reset|force|promote|fail ?over|increase|decrease|raise|lower|set|change|disable|enable|scale|revert|roll ?back|repair|fix|rebuild|recover|restore)\b[^?]*\bif\b)/i;
const markerAnywhere = /\b(?:emergency|emergencies|only if|last resort|alternatively)\b/i;

/** The text of a comment or prose line, when it marks an alternative. */
export function marksAlternative(line: string, comment: RegExp): boolean {
	const match = comment.exec(line.trim());
	// "# 2. Execute: …" after a dry run; numbered comments are judged by their words.
	const text = (match ? match[1]!.trim() : line.trim()).replace(/^\d+[.)]\s+/, '');
	if (!match && !/^(?:--\s*)?(?:or|alternatively)\b[\s:,.-]*(?:--)?\s*$/i.test(text)) return false;
	return marker.test(text.replace(/^[-*:.\s]+/, '')) || markerAnywhere.test(text);
}

function conditionFirst(line: string, comment: RegExp): boolean {
	const text = comment.exec(line.trim())?.[1]?.trim() ?? '';
	return /^(?:\d+[.)]\s+)?(?:if|unless|in case)\b/i.test(text);
}

export const shellComment = /^#+\s*(.*)$/;
export const sqlComment = /^--+\s*(.*)$/;

/**
 * Groups of consecutive items (commands or statements, each with the block line it starts on),
 * cut before every marker line that has an item on each side. One group when nothing is marked.
 */
export function splitAlternatives<T extends {firstLine: number}>(
	lines: string[],
	items: T[],
	comment: RegExp,
): T[][] {
	// After a step the comment makes conditional ("# If AOF corrupted"), each comment starts a step of its
	// own: what follows ("# If RDB corrupted", "# Restart after fix") is not part of that condition.
	const conditional = lines.findIndex(
		line => marksAlternative(line, comment) && conditionFirst(line, comment),
	);
	const cuts = lines
		.map((line, index) =>
			marksAlternative(line, comment) ||
			(conditional !== -1 && index > conditional && comment.test(line.trim()))
				? index
				: -1,
		)
		.filter(index => index !== -1);
	const groups: T[][] = [];
	let current: T[] = [];
	let cut = 0;
	for (const item of items) {
		while (cut < cuts.length && cuts[cut]! < item.firstLine) {
			if (current.length > 0) groups.push(current);
			current = [];
			cut++;
		}
		current.push(item);
	}
	if (current.length > 0) groups.push(current);
	return groups;
}
