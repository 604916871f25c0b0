// Timing helpers shared by the benchmarks: medians of repeated runs, printed as aligned rows.
import {spawnSync} from 'node:child_process';

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

/**
 * Two commands run as whole processes in turn (A B A B ...) after one warm-up each, so both see the
 * same machine: the median wall time of each, and the median of the pairs' ratios A/B.
 */
export function pairedProcesses(
	runs: number,
	a: string[],
	b: string[],
	options: {env?: NodeJS.ProcessEnv} = {},
): {a: number; b: number; ratio: number} {
	const once = (command: string[]) => {
		const started = process.hrtime.bigint();
		const result = spawnSync(command[0]!, command.slice(1), {
			stdio: 'ignore',
			env: options.env ?? process.env,
		});
		if (result.error) throw result.error;
		return Number(process.hrtime.bigint() - started) / 1e6;
	};
	once(a);
	once(b);
	const times = {a: [] as number[], b: [] as number[], ratio: [] as number[]};
	for (let i = 0; i < runs; i++) {
		const ta = once(a);
		const tb = once(b);
		times.a.push(ta);
		times.b.push(tb);
		times.ratio.push(ta / tb);
	}
	return {a: median(times.a), b: median(times.b), ratio: median(times.ratio)};
}
