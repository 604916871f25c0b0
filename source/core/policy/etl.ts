// Stuck ETL jobs: any stuck row is a warning; one older than the reset threshold is critical.
import type {Level} from '../levels.js';
import type {StuckJobItem} from '../panes.js';

export function etlLevel(items: StuckJobItem[], count: number, resetAfterSeconds: number): Level {
	if (count === 0) return 'ok';
	return items.some(i => i.ageSeconds >= resetAfterSeconds) ? 'critical' : 'warning';
}
