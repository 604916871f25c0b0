// Parses POSIX `df -P -k PATH...`: one line per filesystem, sizes in 1024-byte blocks.
export type DfRow = {
	filesystem: string;
	sizeKb: number;
	usedKb: number;
	availKb: number;
	usedPercent: number;
	mount: string;
};

export function parseDf(output: string): DfRow[] {
	const rows: DfRow[] = [];
	for (const line of output.split('\n')) {
		// Filesystem names may contain spaces only rarely; the mount point (last field) may. Anchor on the numbers.
		const match = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)%\s+(.+)$/.exec(line.trim());
		if (!match) continue;
		const [, filesystem, size, used, avail, , mount] = match;
		const usedKb = Number(used);
		const availKb = Number(avail);
		// Use% as df computes it: used / (used + available), rounded up; reserved blocks don't count as free.
		const usedPercent = usedKb + availKb === 0 ? 0 : Math.round((usedKb / (usedKb + availKb)) * 1000) / 10;
		rows.push({filesystem: filesystem!, sizeKb: Number(size), usedKb, availKb, usedPercent, mount: mount!});
	}
	return rows;
}
