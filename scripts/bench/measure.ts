// Timing helpers shared by the benchmarks: medians of repeated runs, printed as aligned rows.
export async function time(work: () => unknown): Promise<number> {
	const started = process.hrtime.bigint();
	await work();
	return Number(process.hrtime.bigint() - started) / 1e6;
}

export async function repeat(n: number, work: () => Promise<number>): Promise<number[]> {
	const results: number[] = [];
	for (let i = 0; i < n; i++) results.push(await work());
	return results;
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

export function row(label: string, ms: number, note: string): void {
	console.log(`  ${label.padEnd(58)} ${ms.toFixed(0).padStart(6)} ms   ${note}`);
}
