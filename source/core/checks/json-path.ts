// A field in a JSON answer, written as a team would: `git_sha`, `model.version`, `slots[0].sha`,
// `checks["db-ready"].ok`. Parsed once when the config is read (an unparseable path is a config
// error with its line), then read from each answer. Pure.

export type JsonPath = ReadonlyArray<string | number>;

/** The path's segments, or why it can't be read. */
export function parseJsonPath(text: string): {path: JsonPath} | {error: string} {
	const path: Array<string | number> = [];
	let rest = text.trim();
	if (rest === '') return {error: 'an empty path'};
	let first = true;
	while (rest.length > 0) {
		const name = /^[A-Za-z_$][\w$-]*/.exec(first ? rest : '');
		const dotted = /^\.([A-Za-z_$][\w$-]*)/.exec(rest);
		const index = /^\[(\d+)\]/.exec(rest);
		const quoted = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest);
		const match = name ?? dotted ?? index ?? quoted;
		if (!match) {
			const at = text.length - rest.length;
			return {error: `cannot read "${text}" at character ${at + 1} ("${rest.slice(0, 12)}")`};
		}
		if (index) path.push(Number(index[1]));
		else if (quoted) path.push(JSON.parse(`"${quoted[1]}"`) as string);
		else path.push(match[1] ?? match[0]);
		rest = rest.slice(match[0].length);
		first = false;
	}
	return {path};
}

/** The value at the path, or undefined when the answer has no such field. */
export function readJsonPath(value: unknown, path: JsonPath): unknown {
	let current = value;
	for (const segment of path) {
		if (current === null || typeof current !== 'object') return undefined;
		if (typeof segment === 'number') {
			if (!Array.isArray(current)) return undefined;
			current = current[segment];
		} else {
			if (Array.isArray(current) || !Object.hasOwn(current, segment)) return undefined;
			current = (current as Record<string, unknown>)[segment];
		}
	}
	return current;
}

export const formatJsonPath = (path: JsonPath) =>
	path
		.map((segment, i) =>
			typeof segment === 'number'
				? `[${segment}]`
				: /^[A-Za-z_$][\w$-]*$/.test(segment)
					? `${i === 0 ? '' : '.'}${segment}`
					: `[${JSON.stringify(segment)}]`,
		)
		.join('');
