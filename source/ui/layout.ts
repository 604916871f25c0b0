// Where the panes go for a terminal size: two columns of two panes, SLO full width below.
// Works from 80x24 up; taller terminals give the extra rows to the top two rows of panes.
// A fleet's services pane (a summary line per service, then hosts) takes the whole top row and
// the extra rows it has lines for (up to about half), the rest going to the disk and jobs panes;
// SLO then sits beside the stuck jobs.
import type {PaneId} from '../core/panes.js';

export type PaneBoxLayout = {pane: PaneId; width: number; height: number};
export type GridLayout = {rows: PaneBoxLayout[][]; width: number};

// Header, notice line, key hints, and one spare row: Ink redraws the whole screen when output reaches the last row.
export const chromeRows = 4;

/** fleet: the lines the services pane would fill (its rows, filter line, error), for a fleet's layout. */
export function gridLayout(columns: number, rows: number, fleet?: {servicesLines: number}): GridLayout {
	const width = Math.max(60, columns);
	const available = Math.max(15, rows - chromeRows);
	const sloHeight = 5; // three indicators, the title line and the bottom border
	const rest = available - sloHeight;
	if (fleet) return fleetLayout(width, rest, sloHeight, fleet.servicesLines);
	const top = Math.ceil(rest / 2);
	const middle = rest - top;
	const left = Math.ceil(width / 2);
	const right = width - left;
	return {
		width,
		rows: [
			[
				{pane: 'services', width: left, height: top},
				{pane: 'jobs', width: right, height: top},
			],
			[
				{pane: 'disk', width: left, height: middle},
				{pane: 'etl', width: right, height: middle},
			],
			[{pane: 'slo', width, height: sloHeight}],
		],
	};
}

function fleetLayout(width: number, rest: number, sloHeight: number, servicesLines: number): GridLayout {
	const most = Math.max(8, Math.ceil(rest * 0.55));
	const top = Math.min(most, Math.max(6, servicesLines + 2));
	const middle = rest - top;
	const left = Math.ceil(width / 2);
	const right = width - left;
	return {
		width,
		rows: [
			[{pane: 'services', width, height: top}],
			[
				{pane: 'jobs', width: left, height: middle},
				{pane: 'disk', width: right, height: middle},
			],
			[
				{pane: 'etl', width: left, height: sloHeight},
				{pane: 'slo', width: right, height: sloHeight},
			],
		],
	};
}
