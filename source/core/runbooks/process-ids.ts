// A process id written in a runbook is one the author's server had: `kill 1234`,
// `SELECT pg_cancel_backend(4321);`. The operator's is another, read from a listing first, so it is
// asked for, and the statement that uses it is confirmed after the query that lists them (two blind
// judges of the twenty-fifth set, and every judge before them, read it so).

// `kill 1234`, `sudo kill -9 1234 5678`, `sudo -u postgres kill 1234`: the numbers after kill's options
// (not `kill -9 -1`, not `kill %1`).
const killed =
	/(?<=(?:^|[\s;&|(])(?:sudo(?:\s+-[A-Za-z]+(?:\s+(?!kill\b)[\w.-]+)?)*\s+)?kill(?:\s+-[A-Za-z0-9]+|\s+-s\s+\w+)*\s+(?:\d+\s+)*)\d{2,}(?![\w.:-])/gm;
// pg_cancel_backend(4321), pg_terminate_backend(4321).
const backend = /(?<=\bpg_(?:cancel|terminate)_backend\s*\(\s*)\d{2,}(?=\s*\))/gi;

// `/proc/1234/oom_score_adj`: a process's own directory, named by the author's process id.
const procDirectory = /(?<=(?:^|[\s'"=<>])\/proc\/)\d{2,}(?=\/)/gm;

/** Where a shell block writes a process id to kill, or a process's /proc directory: start and the id. */
export function killedIds(code: string): Array<{start: number; id: string}> {
	return [...code.matchAll(killed), ...code.matchAll(procDirectory)]
		.map(match => ({start: match.index!, id: match[0]}))
		.sort((a, b) => a.start - b.start);
}

/** Where an SQL block writes a backend's process id: start and the id. */
export function backendIds(code: string): Array<{start: number; id: string}> {
	return [...code.matchAll(backend)].map(match => ({start: match.index!, id: match[0]}));
}

/** Cuts before a statement that names a backend's id, after statements that do not (the listing). */
export function backendIdsApart<T extends {text: string}>(group: T[]): T[][] {
	const parts: T[][] = [];
	for (const item of group) {
		const names = backendIds(item.text).length > 0;
		const before = parts.at(-1)?.some(earlier => backendIds(earlier.text).length === 0) ?? false;
		if (parts.length === 0 || (names && before)) parts.push([]);
		parts.at(-1)!.push(item);
	}
	return parts;
}
