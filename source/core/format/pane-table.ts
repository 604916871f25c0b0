// Each pane's data as a small table (rows of cells with a level) plus summary lines. The Ink panes
// and the plain-text `status` output both render this, so the two never disagree.
import type {Level} from '../levels.js';
import type {PaneData, PaneId} from '../panes.js';
import {paneSpec} from '../pane-specs/registry.js';

export type Column = {
	title: string;
	align?: 'left' | 'right';
	grow?: boolean;
	min?: number;
	cut?: 'end' | 'start';
};
/** offTarget: a figure worse than its target but not yet a warning: drawn without the "ok" colour. */
export type Row = {key: string; level: Level; cells: string[]; filterText: string; offTarget?: boolean};
export type PaneTable = {
	columns: Column[];
	rows: Row[];
	before: Array<{text: string; level: Level}>;
	after: Array<{text: string; level: Level}>;
};

/** A pane's table, as its spec (core/pane-specs/) builds it. */
export function paneTable<K extends PaneId>(pane: K, data: PaneData[K], now: number): PaneTable {
	return paneSpec(pane).table(data, now);
}
