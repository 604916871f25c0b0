// The console's view state (focus, selection, filters, which screen is open): UI-only state,
// kept in one reducer beside the component that uses it, never in the engine.
import {useCallback, useRef, useState} from 'react';
import {paneIds, type PaneId} from '../../core/panes.js';

/** host: one fleet host in full; hostService: one of its services with logs; hostHelp: the host view's keys. */
export type Screen = 'grid' | 'help' | 'detail' | 'filter' | 'env' | 'maintenance' | 'incident' | 'host' | 'hostService' | 'hostHelp';

/** The screens of a fleet host's detail: while one is open, that host is the one refreshed. */
export const isHostScreen = (screen: Screen) => screen === 'host' || screen === 'hostService' || screen === 'hostHelp';

export type ViewState = {
	screen: Screen; focus: PaneId; selected: Record<PaneId, number>; filters: Record<PaneId, string>; filterDraft: string;
	/** The selected row's key: the selection stays on its row when a refresh reorders the rows (a fleet's hosts move as they turn worse). */
	selectedKey: Partial<Record<PaneId, string>>;
	/** The maintenance screen's selected row (kept here so a procedure dialog in between does not lose it). */
	maintenanceCursor?: string;
	/** Fleets: the services pane lists healthy hosts too (enter on its collapsed line). */
	expanded: boolean;
	/** Fleets: the host whose detail is open, and the selected service there. */
	host?: string;
	hostSelected: number;
};

export type ViewAction =
	| {type: 'focus'; pane: PaneId}
	| {type: 'focusStep'; by: 1 | -1}
	| {type: 'move'; by: 1 | -1; keys: string[]}
	| {type: 'open'; screen: Screen}
	| {type: 'close'}
	| {type: 'filterType'; text: string}
	| {type: 'filterBackspace'}
	| {type: 'filterApply'}
	| {type: 'filterClear'}
	| {type: 'maintenanceCursor'; key: string}
	| {type: 'filterSet'; text: string}
	| {type: 'toggleExpanded'}
	| {type: 'openHost'; host: string}
	| {type: 'hostMove'; by: 1 | -1; rowCount: number};

const zero = Object.fromEntries(paneIds.map(id => [id, 0])) as Record<PaneId, number>;
const empty = Object.fromEntries(paneIds.map(id => [id, ''])) as Record<PaneId, string>;

export const initialView: ViewState = {screen: 'grid', focus: 'services', selected: zero, selectedKey: {}, filters: empty, filterDraft: '', expanded: false, hostSelected: 0};

/** The selected row's index among the rows shown now: its key's, or (the row is gone) the index it had. */
export function selectedIndex(state: ViewState, keys: readonly string[]): number {
	const byKey = state.selectedKey[state.focus] === undefined ? -1 : keys.indexOf(state.selectedKey[state.focus]!);
	return byKey >= 0 ? byKey : Math.min(state.selected[state.focus], Math.max(0, keys.length - 1));
}

export function viewReducer(state: ViewState, action: ViewAction): ViewState {
	switch (action.type) {
		case 'focus':
			return {...state, focus: action.pane};
		case 'focusStep': {
			const index = (paneIds.indexOf(state.focus) + action.by + paneIds.length) % paneIds.length;
			return {...state, focus: paneIds[index]!};
		}
		case 'move': {
			const next = Math.max(0, Math.min(action.keys.length - 1, selectedIndex(state, action.keys) + action.by));
			return {...state, selected: {...state.selected, [state.focus]: next}, selectedKey: {...state.selectedKey, [state.focus]: action.keys[next]}};
		}
		case 'open':
			return {...state, screen: action.screen, filterDraft: action.screen === 'filter' ? state.filters[state.focus] : state.filterDraft, maintenanceCursor: action.screen === 'maintenance' ? undefined : state.maintenanceCursor};
		case 'close':
			return {...state, screen: 'grid'};
		case 'filterType':
			return {...state, filterDraft: state.filterDraft + action.text};
		case 'filterBackspace':
			return {...state, filterDraft: [...state.filterDraft].slice(0, -1).join('')};
		case 'filterApply':
			return {...state, screen: 'grid', filters: {...state.filters, [state.focus]: state.filterDraft}, selected: {...state.selected, [state.focus]: 0}, selectedKey: {...state.selectedKey, [state.focus]: undefined}};
		case 'filterClear':
			return {...state, screen: 'grid', filterDraft: '', filters: {...state.filters, [state.focus]: ''}};
		case 'maintenanceCursor':
			return {...state, maintenanceCursor: action.key};
		case 'filterSet':
			return {...state, screen: 'grid', filterDraft: action.text, filters: {...state.filters, [state.focus]: action.text}, selected: {...state.selected, [state.focus]: 0}, selectedKey: {...state.selectedKey, [state.focus]: undefined}};
		case 'toggleExpanded':
			return {...state, expanded: !state.expanded};
		case 'openHost':
			return {...state, screen: 'host', host: action.host, hostSelected: state.host === action.host ? state.hostSelected : 0};
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
