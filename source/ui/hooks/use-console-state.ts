// Subscribes a component to the engine's store, re-rendering only when something on screen would
// change: a refresh that brings the same figures (or ages still in the same step) draws nothing.
// Ink redraws the whole frame on every React commit, so skipping commits is what keeps idle cheap.
import {useRef, useSyncExternalStore} from 'react';
import {formatDataAge} from '../../core/duration.js';
import {paneTable} from '../../core/format/pane-table.js';
import {hostStatusText} from '../../core/format/fleet-hosts.js';
import {formatBatchTime} from '../../core/format/fleet-text.js';
import type {PaneData, PaneState} from '../../core/panes.js';
import type {ConsoleState, Store} from '../../engine/store.js';
import {maintenanceBadge} from '../maintenance/progress.js';
import {badgeText, responseText} from '../incident/incident-text.js';

export function useConsoleState(store: Store<ConsoleState>): ConsoleState {
	const shown = useRef<{state: ConsoleState; key: string} | undefined>(undefined);
	const snapshot = () => {
		const state = store.getSnapshot();
		if (shown.current?.state === state) return state;
		const key = visibleKey(state);
		if (shown.current?.key === key) return shown.current.state;
		shown.current = {state, key};
		return state;
	};
	return useSyncExternalStore(store.subscribe, snapshot);
}

/** The state as the screen shows it: timestamps replaced by the text they are displayed as. */
export function visibleKey(state: ConsoleState): string {
	const age = (at?: number) => (at === undefined ? '' : formatDataAge((state.now - at) / 1000));
	const panes = Object.values(state.panes).map(pane => ({
		...pane,
		updatedAt: age(pane.updatedAt),
		attemptedAt: undefined,
		data: pane.data ? paneTable(pane.id, pane.data, state.now) : undefined,
		fleet: state.env.hostCount > 1 ? fleetPaneKey(pane) : undefined,
	}));
	// A fleet's hosts as shown: ages in their steps, batch times in tenths; when connections close is not on screen.
	const fleet = state.fleet && {
		...state.fleet,
		summary: {...state.fleet.summary, openConnections: undefined},
		hosts: state.fleet.hosts.map(h => ({
			...h,
			lastDataAt: age(h.lastDataAt),
			lastAttemptAt: undefined,
			inFlightSince: h.status === 'slow' ? hostStatusText(h, state.now) : undefined,
			ms: h.ms === undefined ? undefined : formatBatchTime(h.ms),
		})),
	};
	const connection = state.connection && {
		...state.connection,
		nextRetryAt: age(state.connection.nextRetryAt),
		hostKeyError: state.connection.hostKeyError?.fingerprint,
	};
	// An open maintenance window's and incident's ages are on screen (badges, the response clock) and move with the clock.
	// The incident's remembered panes are the engine's bookkeeping, never shown.
	const incident = state.incident && {
		...state.incident,
		lastPanes: undefined,
		age: badgeText(state.incident, state.now),
		response: responseText(state.incident, state.now).text,
	};
	return JSON.stringify({
		...state,
		now: undefined,
		lastRefreshAt: age(state.lastRefreshAt),
		notice: state.notice?.text,
		panes,
		connection,
		incident,
		fleet,
		maintenanceAge: maintenanceBadge(state.maintenance, state.now),
	});
}

/** What a fleet's pane shows beyond its one-host table: which host each row is from, and the per-service summary (without timings). */
function fleetPaneKey(pane: PaneState): unknown {
	if (!pane.data) return undefined;
	if (pane.id === 'services') {
		const data = pane.data as PaneData['services'];
		return {
			hosts: data.items.map(i => [i.host, i.detail]),
			summary: data.fleet?.map(s => ({...s, health: s.health && {ok: s.health.ok, status: s.health.status}})),
		};
	}
	if (pane.id === 'disk') {
		const data = pane.data as PaneData['disk'];
		return {hosts: data.items.map(i => i.host), largest: data.largest.map(d => d.host)};
	}
	return undefined;
}
