// Values in an ssh_config as ssh reads them: host pattern lists, ports, yes/no, times in seconds.

// ssh's pattern lists: any negated match vetoes, otherwise one positive match is needed.
export function patternListMatches(name: string, patterns: string[], ignoreCase: boolean): boolean {
	const subject = ignoreCase ? name.toLowerCase() : name;
	let matched = false;
	for (const raw of patterns) {
		const negated = raw.startsWith('!');
		const pattern = raw.slice(negated ? 1 : 0);
		if (!wildcardMatch(subject, ignoreCase ? pattern.toLowerCase() : pattern)) continue;
		if (negated) return false;
		matched = true;
	}
	return matched;
}

// Glob with '*' and '?' over the whole name; iterative so no pattern can blow up.
export function wildcardMatch(text: string, pattern: string): boolean {
	let [t, p, starP, starT] = [0, 0, -1, 0];
	while (t < text.length) {
		if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) [t, p] = [t + 1, p + 1];
		else if (p < pattern.length && pattern[p] === '*') [starP, starT, p] = [p, t, p + 1];
		else if (starP !== -1) [p, t, starT] = [starP + 1, starT + 1, starT + 1];
		else return false;
	}
	while (pattern[p] === '*') p++;
	return p === pattern.length;
}

export function exactlyOne(args: string[]): string | undefined {
	return args.length === 1
		? undefined
		: args.length === 0
			? 'needs a value'
			: `takes one value, got ${args.length}`;
}

export function parsePort(text: string | undefined): number | undefined {
	const port = text !== undefined && /^\d{1,5}$/.test(text) ? Number(text) : NaN;
	return port >= 1 && port <= 65535 ? port : undefined;
}

export function parseYesNo(text: string | undefined): boolean | undefined {
	const lower = text?.toLowerCase();
	return lower === 'yes' || lower === 'true' ? true : lower === 'no' || lower === 'false' ? false : undefined;
}

// ssh's time format: "90", "90s", "1m30s", "1h"; "none" leaves the option unset.
export function parseSeconds(text: string | undefined): number | undefined {
	if (text === undefined || !/^(?:\d+[smhdw])*\d+[smhdw]?$/i.test(text)) return undefined;
	const scale: Record<string, number> = {'': 1, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800};
	let total = 0;
	for (const [, amount, unit = ''] of text.matchAll(/(\d+)([smhdw]?)/gi))
		total += Number(amount) * scale[unit.toLowerCase()]!;
	return total;
}

export function checkSeconds(text: string): string | undefined {
	return text.toLowerCase() === 'none' || parseSeconds(text) !== undefined
		? undefined
		: `'${text}' is not a time in seconds (e.g. 30, 1m30s)`;
}
