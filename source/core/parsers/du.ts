// Parses `du -sk PATH/* | sort -rn | head`: "<kilobytes>\t<path>" per line.
export type DuRow = {path: string; sizeKb: number};

export function parseDu(output: string): DuRow[] {
	const rows: DuRow[] = [];
	for (const line of output.split('\n')) {
		const match = /^(\d+)\s+(.+)$/.exec(line.trim());
		if (match) rows.push({sizeKb: Number(match[1]), path: match[2]!});
	}
	return rows.sort((a, b) => b.sizeKb - a.sizeKb);
}
