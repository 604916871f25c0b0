// The console's view state (focus, selection, filters, which screen is open): UI-only state,
// kept in one reducer beside the component that uses it, never in the engine.
import {useCallback, useRef, useState} from 'react';
import {paneIds, type PaneId} from '../../core/panes.js';
import {levelRank, type Level} from '../../core/levels.js';
import {recall, recalled} from '../../core/command-line/history.js';

/** command: the `:` command line; fleetLogs: a service's logs from every host of a fleet, merged. host: one fleet host in full; hostService: one of its services with logs; hostHelp: the host view's keys. */
export type Screen =
	| 'grid'
	| 'help'
	| 'detail'
	| 'filter'
	| 'command'
	| 'fleetLogs'
	| 'env'
	| 'maintenance'
	| 'incident'
	| 'host'
	| 'hostService'
	| 'hostHelp';

/** Screens over the panes that answer only esc and q (their viewer aside): the panes' action keys do nothing there. */
const answersOnlyBack: Record<Screen, boolean> = {
	grid: false,
	help: true,
	detail: true,
	filter: false,
	command: false,
	fleetLogs: true,
	env: false,
	maintenance: false,
	incident: false,
	host: false,
	hostService: false,
	hostHelp: false,
};
export const overPanes = (screen: Screen) => answersOnlyBack[screen];

/** The screens of a fleet host's detail: while one is open, that host is the one refreshed. */
export const isHostScreen = (screen: Screen) =>
	screen === 'host' || screen === 'hostService' || screen === 'hostHelp';

export type ViewState = {
	screen: Screen;
	focus: PaneId;
	selected: Record<PaneId, number>;
	filters: Record<PaneId, string>;
	filterDraft: string;
	/** The row the operator selected: the selection stays on it when a refresh reorders the rows (a fleet's hosts move as they turn worse). */
	selectedRow: Partial<Record<PaneId, SelectedRow>>;
	/** The maintenance screen's selected row (kept here so a procedure dialog in between does not lose it). */
	maintenanceCursor?: string;
	/** Fleets: the services pane lists healthy hosts too (enter on its collapsed line). */
	expanded: boolean;
	/** Fleets: the host whose detail is open, and the selected service there. */
	host?: string;
	hostSelected: number;
	/** The `:` line being typed; which history line is recalled (none: the typed one); why the last line was refused. */
	commandDraft: string;
	commandAt?: number;
	commandError?: string;
};

/** What selection needs of a pane's row (ui/fleet/pane-view.ts ViewRow): its key; on a fleet, what kind of row, its host and service. */
export type SelectableRow = {key: string; kind?: string; host?: string; service?: string; level?: Level};
/** A selected row, remembered by key; a fleet row's service too, for when the row is gone. */
type SelectedRow = {key: string; service?: string};

export type ViewAction =
	| {type: 'focus'; pane: PaneId}
	/** panes: the ones the grid shows, in key order (tab skips a pane that is not there). */
	| {type: 'focusStep'; by: 1 | -1; panes: readonly PaneId[]}
	| {type: 'move'; by: 1 | -1; rows: readonly SelectableRow[]}
	| {type: 'open'; screen: Screen}
	| {type: 'close'}
	| {type: 'filterType'; text: string}
	| {type: 'filterBackspace'}
	| {type: 'filterApply'}
	| {type: 'filterClear'}
	| {type: 'maintenanceCursor'; key: string}
	| {type: 'filterSet'; text: string}
	/** select: the row to select after (the first host listed in the collapsed line's place). */
	| {type: 'toggleExpanded'; select?: SelectableRow}
	| {type: 'openHost'; host: string}
	/** Fleets: one host's service, its logs (`:logs SERVICE HOST`); index: its row in the host's detail. */
	| {type: 'openHostService'; host: string; index: number}
	/** A pane's row by its key, then a screen over it (`:logs SERVICE` on one host: the service's detail). */
	| {type: 'showRow'; pane: PaneId; key: string; screen: Screen}
	| {type: 'commandType'; text: string; history: readonly string[]}
	| {type: 'commandErase'; history: readonly string[]}
	| {type: 'commandRecall'; by: 1 | -1; history: readonly string[]}
	| {type: 'commandRefused'; line: string; message: string}
	| {type: 'hostMove'; by: 1 | -1; rowCount: number};

const zero = Object.fromEntries(paneIds.map(id => [id, 0])) as Record<PaneId, number>;
const empty = Object.fromEntries(paneIds.map(id => [id, ''])) as Record<PaneId, string>;

export const initialView: ViewState = {
	screen: 'grid',
	focus: 'services',
	selected: zero,
	selectedRow: {},
	filters: empty,
	filterDraft: '',
	expanded: false,
	hostSelected: 0,
	commandDraft: '',
};

/**
 * The selected row's index among the rows shown now: its key's; when the row is gone, on one host
 * the index it had. On a fleet the row at that index is another host's (app-07's failed row
 * collapsed into "N hosts all active" once it recovered, and r would restart on app-12): there it
 * is the gone row's service summary line, or the first row if that names no host, or none (-1).
 */
export function selectedIndex(state: ViewState, rows: readonly SelectableRow[]): number {
	const chosen = state.selectedRow[state.focus];
	// Until the operator moves, the selection is on the worst row: r right after start-up acts on the
	// failed service, never on whichever healthy one happens to be listed first. Not on a fleet: its
	// hosts are listed worst first already, and its worst row is often a service's summary line, where
	// r rolls over every host; that stays the operator's explicit choice.
	if (chosen === undefined && !rows.some(row => row.kind !== undefined)) return worstIndex(rows);
	const byKey = chosen === undefined ? -1 : rows.findIndex(row => row.key === chosen.key);
	if (byKey >= 0) return byKey;
	if (chosen !== undefined && rows.some(row => row.kind !== undefined)) {
		const summary =
			chosen.service === undefined
				? -1
				: rows.findIndex(row => row.kind === 'summary' && row.service === chosen.service);
		if (summary >= 0) return summary;
		return rows[0]!.host === undefined ? 0 : -1;
	}
	return Math.min(state.selected[state.focus], Math.max(0, rows.length - 1));
}

/** The first of the worst rows (0 when none has a level, or there are none). */
function worstIndex(rows: readonly SelectableRow[]): number {
	let worst = 0;
	rows.forEach((row, index) => {
		if (levelRank(row.level ?? 'ok') > levelRank(rows[worst]!.level ?? 'ok')) worst = index;
	});
	return worst;
}

/**
 * The filter a pane shows now: while the filter line is open, what is typed so far narrows the
 * focused pane as it is typed (enter keeps it, esc clears it); otherwise the pane's kept filter.
 * Only kept filters choose which fleet hosts are refreshed (use-shown-hosts.ts), so typing a host's
 * name does not re-aim the refresh at every keystroke.
 */
/** The `:` line as shown: the recalled history line, or the one being typed. */
export const commandLineText = (state: ViewState, history: readonly string[]) =>
	recalled(history, state.commandAt ?? history.length, state.commandDraft);

export function shownFilter(view: ViewState, pane: PaneId): string | undefined {
	const filter = view.screen === 'filter' && pane === view.focus ? view.filterDraft : view.filters[pane];
	return filter || undefined;
}

const remembered = (row: SelectableRow | undefined): SelectedRow | undefined =>
	row && {key: row.key, ...(row.service === undefined ? {} : {service: row.service})};

export function viewReducer(state: ViewState, action: ViewAction): ViewState {
	switch (action.type) {
		case 'focus':
			return {...state, focus: action.pane};
		case 'focusStep': {
			const {panes} = action;
			const index = (panes.indexOf(state.focus) + action.by + panes.length) % panes.length;
			return {...state, focus: panes[index] ?? state.focus};
		}
		case 'move': {
			const next = Math.max(
				0,
				Math.min(action.rows.length - 1, selectedIndex(state, action.rows) + action.by),
			);
			return {
				...state,
				selected: {...state.selected, [state.focus]: next},
				selectedRow: {...state.selectedRow, [state.focus]: remembered(action.rows[next])},
			};
		}
		case 'open':
			return {
				...state,
				screen: action.screen,
				filterDraft: action.screen === 'filter' ? state.filters[state.focus] : state.filterDraft,
				maintenanceCursor: action.screen === 'maintenance' ? undefined : state.maintenanceCursor,
				...(action.screen === 'command'
					? {commandDraft: '', commandAt: undefined, commandError: undefined}
					: {}),
			};
		case 'close':
			return {...state, screen: 'grid'};
		case 'filterType':
			return {...state, filterDraft: state.filterDraft + action.text};
		case 'filterBackspace':
			return {...state, filterDraft: [...state.filterDraft].slice(0, -1).join('')};
		case 'filterApply':
			return {
				...state,
				screen: 'grid',
				filters: {...state.filters, [state.focus]: state.filterDraft},
				selected: {...state.selected, [state.focus]: 0},
				selectedRow: {...state.selectedRow, [state.focus]: undefined},
			};
		case 'filterClear':
			return {...state, screen: 'grid', filterDraft: '', filters: {...state.filters, [state.focus]: ''}};
		case 'maintenanceCursor':
			return {...state, maintenanceCursor: action.key};
		case 'filterSet':
			return {
				...state,
				screen: 'grid',
				filterDraft: action.text,
				filters: {...state.filters, [state.focus]: action.text},
				selected: {...state.selected, [state.focus]: 0},
				selectedRow: {...state.selectedRow, [state.focus]: undefined},
			};
		case 'toggleExpanded':
			return {
				...state,
				expanded: !state.expanded,
				...(action.select
					? {selectedRow: {...state.selectedRow, [state.focus]: remembered(action.select)}}
					: {}),
			};
		case 'openHost':
			return {
				...state,
				screen: 'host',
				host: action.host,
				hostSelected: state.host === action.host ? state.hostSelected : 0,
			};
		case 'openHostService':
			return {...state, screen: 'hostService', host: action.host, hostSelected: action.index};
		case 'showRow':
			return {
				...state,
				screen: action.screen,
				focus: action.pane,
				selectedRow: {...state.selectedRow, [action.pane]: {key: action.key}},
			};
		case 'commandType':
			return {
				...state,
				commandDraft:
					recalled(action.history, state.commandAt ?? action.history.length, state.commandDraft) +
					action.text,
				commandAt: undefined,
				commandError: undefined,
			};
		case 'commandErase':
			return {
				...state,
				commandDraft: [
					...recalled(action.history, state.commandAt ?? action.history.length, state.commandDraft),
				]
					.slice(0, -1)
					.join(''),
				commandAt: undefined,
				commandError: undefined,
			};
		case 'commandRecall': {
			const at = recall(action.history, state.commandAt ?? action.history.length, action.by);
			return {...state, commandAt: at < action.history.length ? at : undefined, commandError: undefined};
		}
		case 'commandRefused':
			return {...state, commandDraft: action.line, commandAt: undefined, commandError: action.message};
		case 'hostMove': {
			const current = Math.min(state.hostSelected, Math.max(0, action.rowCount - 1));
			return {...state, hostSelected: Math.max(0, Math.min(action.rowCount - 1, current + action.by))};
		}
	}
}

/**
 * The view state, plus a ref that always holds the latest state: keys arrive faster than React
 * re-renders (a fast typist, a paste), and each key must see what the previous one did.
 */
export function useConsoleView() {
	const [view, setView] = useState(initialView);
	const latest = useRef(initialView);
	const dispatch = useCallback((action: ViewAction) => {
		latest.current = viewReducer(latest.current, action);
		setView(latest.current);
	}, []);
	return [view, dispatch, latest] as const;
}
