// Values a transcript printed: an etcd member's id, a pod's generated name, a UUID. They are the author's,
// from the author's system; a command that uses one later (`etcdctl member remove abcdef123456`) is the
// author's example, and the operator's value differs. pg-ops asks for it rather than run the example.
const hexId = /^(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}$/i;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A Deployment's pod (`api-7d4b9c8f6-x2kqp`) or a Job's (`backup-28431-9zq7x`): random suffixes.
const generatedName = /^[a-z][a-z0-9-]*-[a-z0-9]{5,10}-(?=[a-z0-9]*\d)[a-z0-9]{5}$/;

/** The generated identifiers on a transcript's output lines. */
export function printedValues(lines: string[], outputLines: number[]): string[] {
	const found = new Set<string>();
	for (const index of outputLines)
		for (const token of (lines[index] ?? '').split(/[\s/:=,;'"()[\]{}|<>@]+/))
			if (hexId.test(token) || uuid.test(token) || generatedName.test(token)) found.add(token);
	return [...found];
}
