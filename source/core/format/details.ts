// What `enter` shows for the selected row of each pane, as label/value lines (each pane's spec says).
import type {PaneData, PaneId} from '../panes.js';
import {paneSpec} from '../pane-specs/registry.js';
import type {PaneDetail} from '../pane-specs/spec.js';

export type {DetailLine} from '../pane-specs/spec.js';

export function detailLines<K extends PaneId>(
	pane: K,
	data: PaneData[K],
	key: string,
	now: number,
): PaneDetail | undefined {
	return paneSpec(pane).details(data, key, now);
}
