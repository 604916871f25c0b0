// What a pane is, as data: one file per pane in this folder says how its data becomes a table, what
// `enter` shows, which changes the incident timeline records and what the maintenance Verify step
// calls not green; ./registry.ts lists them over the pane ids, so a pane left out is a compile error.
import {formatAge} from '../duration.js';
import type {Environment} from '../config/schema.js';
import type {PaneTable} from '../format/pane-table.js';
import type {PaneData, PaneId} from '../panes.js';

/**
 * Where a pane sits in the console's grid (ui/layout.ts reads this, never a pane's name).
 * half: one of two side by side, sharing the rows left; wide: the full width, `lines` tall, at the
 * bottom (beside another pane on a fleet). optional: a part a team adds (checks, alerts): left out
 * of the grid unless configured, where a built-in pane says "not configured". fleetTop: on a fleet
 * it takes the whole top row, as tall as its lines (up to about half the screen).
 */
export type PaneLayout = {size: 'half' | 'wide'; lines?: number; optional?: boolean; fleetTop?: boolean};

/**
 * What `enter` on a row opens: its details; or its details with the logs of the service the row's
 * key names, followed below them (ui/row-detail.ts says what each means for the console).
 */
export type RowDetail = 'details' | 'details-and-service-logs';

export type DetailLine = [label: string, value: string];
export type PaneDetail = {title: string; lines: DetailLine[]};

export type PaneSpec<K extends PaneId> = {
	title: string;
	/** How Verify's lines name it: "services", "ETL". */
	shortName: string;
	/** Whether the environment's config gives it anything to show. */
	configured(env: Environment): boolean;
	layout: PaneLayout;
	/** Rows and summary lines, for the Ink pane and `status` alike. */
	table(data: PaneData[K], now: number): PaneTable;
	/** What `enter` shows for the row `key`. */
	details(data: PaneData[K], key: string, now: number): PaneDetail | undefined;
	/** What `enter` on a row opens. */
	rowDetail: RowDetail;
	/**
	 * Its rows are Prometheus samples in this environment (services.source, disk.source: prometheus):
	 * they are late only once older than a scrape interval allows, not after two refreshes.
	 */
	readsScrapes(env: Environment): boolean;
	/** The reading later ones are compared with, given the one before and the new one (usually the new one). */
	baseline(before: PaneData[K], after: PaneData[K]): PaneData[K];
	/** Timeline lines for what changed between two readings (changes of state or level only). */
	changes(before: PaneData[K], after: PaneData[K], now: number): string[];
	/** Verify's lines for what is not green in a reading, each starting with `name: `. */
	problems(data: PaneData[K], now: number, name: string): string[];
};

/** A pane's baseline when every new reading is the one to compare with. */
export const latestReading = <T>(_before: T, after: T): T => after;

/** A pane never read from Prometheus samples. */
export const noScrapes = (): boolean => false;

export function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
	return new Map(items.map(item => [key(item), item]));
}

/** "2026-11-23 03:56:28 UTC (5m ago)", or "-". */
export const whenAt = (now: number) => (iso?: string) =>
	iso ? `${iso.replace('T', ' ').slice(0, 19)} UTC (${formatAge((now - Date.parse(iso)) / 1000)} ago)` : '-';

export const ago = (iso: string | undefined, now: number) =>
	iso ? formatAge((now - Date.parse(iso)) / 1000) : '-';

export function clock(iso: string): string {
	return `${new Date(iso).toISOString().slice(11, 16)}Z`;
}
