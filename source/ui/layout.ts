// Where the panes go for a terminal size, from each pane's layout in its spec (core/pane-specs/):
// half panes two by two in focus-key order, sharing the rows left; wide panes (SLO) full width at the
// bottom, as tall as their lines. A pane a team adds (checks, alerts) takes a place only when
// configured. Works from 80x24 up; taller terminals give the extra rows to the upper rows.
// On a fleet the services pane (a summary line per service, then hosts) takes the whole top row and
// the rows it has lines for (up to about half); the others then go two by two, a wide pane too.
import {paneIds, type PaneId, type PaneState} from '../core/panes.js';
import {paneSpecs} from '../core/pane-specs/registry.js';

export type PaneBoxLayout = {pane: PaneId; width: number; height: number};
export type GridLayout = {rows: PaneBoxLayout[][]; width: number};

// Header, notice line, key hints, and one spare row: Ink redraws the whole screen when output reaches the last row.
export const chromeRows = 4;

/** The panes the grid shows, in focus-key order: every built-in pane, a team's own only when configured. */
export function shownPanes(panes: Record<PaneId, Pick<PaneState, 'configured'>>): PaneId[] {
	return paneIds.filter(id => panes[id].configured || !paneSpecs[id].layout.optional);
}

const boxHeight = (id: PaneId) => (paneSpecs[id].layout.lines ?? 3) + 2; // the title line and the bottom border

/** fleet: the lines the services pane would fill (its rows, filter line, error), for a fleet's layout. */
export function gridLayout(
	columns: number,
	rows: number,
	shown: readonly PaneId[] = paneIds,
	fleet?: {servicesLines: number},
): GridLayout {
	const width = Math.max(60, columns);
	const available = Math.max(15, rows - chromeRows);
	const top = fleet ? shown.find(id => paneSpecs[id].layout.fleetTop) : undefined;
	const wide = fleet ? [] : shown.filter(id => paneSpecs[id].layout.size === 'wide');
	const paired = shown.filter(id => id !== top && !wide.includes(id));
	const wideHeight = wide.reduce((sum, id) => sum + boxHeight(id), 0);
	// On a fleet a pair holding a wide pane is as tall as it is (SLO beside the stuck jobs).
	const pairs = chunk(paired, 2);
	const fixedPairs = pairs.map(pair => {
		const wideOne = pair.find(id => paneSpecs[id].layout.size === 'wide');
		return wideOne ? boxHeight(wideOne) : undefined;
	});
	const fixedHeight = fixedPairs.reduce<number>((sum, h) => sum + (h ?? 0), 0);
	let rest = available - wideHeight - fixedHeight;
	const layoutRows: PaneBoxLayout[][] = [];
	if (top) {
		const services = fleet!.servicesLines;
		const restOfFleet = available - fixedHeight - wideHeight;
		const most = Math.max(8, Math.ceil(restOfFleet * 0.55));
		const height = Math.min(most, Math.max(6, services + 2));
		layoutRows.push([{pane: top, width, height}]);
		rest -= height;
	}
	const flexible = fixedPairs.filter(h => h === undefined).length;
	let flexIndex = 0;
	pairs.forEach((pair, i) => {
		// The extra rows go to the upper rows first.
		const height =
			fixedPairs[i] ?? Math.floor(rest / flexible) + (flexIndex++ < rest % Math.max(1, flexible) ? 1 : 0);
		if (pair.length === 1) {
			layoutRows.push([{pane: pair[0]!, width, height}]);
			return;
		}
		const left = Math.ceil(width / 2);
		layoutRows.push([
			{pane: pair[0]!, width: left, height},
			{pane: pair[1]!, width: width - left, height},
		]);
	});
	for (const id of wide) layoutRows.push([{pane: id, width, height: boxHeight(id)}]);
	return {width, rows: layoutRows};
}

function chunk<T>(items: readonly T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}
