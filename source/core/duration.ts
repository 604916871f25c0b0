// Durations in config ("90s", "15m", "2h30m", "1d") and ages on screen ("3s", "4m", "13h", "2d").
const unitSeconds: Record<string, number> = {s: 1, m: 60, h: 3600, d: 86_400};

/** Seconds in a duration such as "2h30m", or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
	const trimmed = text.trim();
	if (!/^(\d+(\.\d+)?[smhd])+$/.test(trimmed)) return undefined;
	let total = 0;
	for (const [, value, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)([smhd])/g))
		total += Number(value) * unitSeconds[unit!]!;
	return total;
}

/** A compact age for the screen: "45s", "14m", "3h12m", "13h", "2d4h". */
export function formatAge(seconds: number): string {
	const s = Math.max(0, Math.floor(seconds));
	if (s < 60) return `${s}s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m}m`;
	const h = Math.floor(m / 60);
	if (h < 10) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
	if (h < 48) return `${h}h`;
	const d = Math.floor(h / 24);
	return h % 24 ? `${d}d${h % 24}h` : `${d}d`;
}

/** "2h" for 7200 seconds: the shortest exact form, for messages and SQL intervals. */
export function formatDuration(seconds: number): string {
	const parts: string[] = [];
	let rest = Math.round(seconds);
	for (const [unit, size] of [
		['d', 86_400],
		['h', 3600],
		['m', 60],
		['s', 1],
	] as const) {
		if (rest >= size) {
			parts.push(`${Math.floor(rest / size)}${unit}`);
			rest %= size;
		}
	}
	return parts.join('') || '0s';
}

/** The age of data on screen: "now" under 5 s, then 5-second steps, then as formatAge. Coarse on purpose: it moves only when it means something. */
export function formatDataAge(seconds: number): string {
	if (seconds < 5) return 'now';
	if (seconds < 60) return `${Math.floor(seconds / 5) * 5}s`;
	return formatAge(seconds);
}
