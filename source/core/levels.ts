// Health levels shared by every pane, and the one rule for combining them.
export type Level = 'ok' | 'warning' | 'critical';

const rank: Record<Level, number> = {ok: 0, warning: 1, critical: 2};

export function worstLevel(levels: Iterable<Level>): Level {
	let worst: Level = 'ok';
	for (const level of levels) if (rank[level] > rank[worst]) worst = level;
	return worst;
}

export function levelRank(level: Level): number {
	return rank[level];
}

/** Level of a figure where higher is better (availability): below warn is a warning, below crit critical. */
export function levelHigherIsBetter(value: number, t: {warn: number; crit: number}): Level {
	if (value < t.crit) return 'critical';
	if (value < t.warn) return 'warning';
	return 'ok';
}

/** Level of a figure where lower is better (latency, error rate, disk use): above warn is a warning. */
export function levelLowerIsBetter(value: number, t: {warn: number; crit: number}): Level {
	if (value > t.crit) return 'critical';
	if (value > t.warn) return 'warning';
	return 'ok';
}
