// Colours for levels and chrome. With NO_COLOR set, no colour is passed at all: the symbols and
// words that always accompany a colour carry the meaning alone.
import type {Level} from '../core/levels.js';
import type {PaneStatus} from '../core/panes.js';

/** Read at each use (one lookup): NO_COLOR set to anything but empty means no colour at all. */
export function colorEnabled(): boolean {
	return !('NO_COLOR' in process.env) || process.env.NO_COLOR === '';
}

const levelColors: Record<Level, string> = {ok: 'green', warning: 'yellow', critical: 'red'};

export function levelColor(level: Level): string | undefined {
	return colorEnabled() ? levelColors[level] : undefined;
}

export function statusColor(status: PaneStatus): string | undefined {
	if (!colorEnabled()) return undefined;
	if (status === 'error') return 'red';
	if (status === 'loading') return 'gray';
	return levelColors[status];
}

export function color(name: string): string | undefined {
	return colorEnabled() ? name : undefined;
}
