// Fleets: tells the engine which hosts the operator is looking at, so only those are refreshed.
// A host's detail shows one host; otherwise the hosts the services and disk filters narrow to (the
// union: each pane keeps its own filter); undefined (every host) when no filter names a host
// (core/format/fleet-filter.ts hostsToRefresh).
import {useEffect, useRef} from 'react';
import type {ConsoleController} from '../../engine/console-engine.js';
import type {ConsoleState} from '../../engine/store.js';
import {hostsToRefresh} from '../../core/format/fleet-filter.js';
import {isFleet, narrowedBy} from '../fleet/pane-view.js';
import {isHostScreen, type ViewState} from './use-console-view.js';

export function shownHosts(state: ConsoleState, view: ViewState): string[] | undefined {
	if (!isFleet(state)) return undefined;
	if (view.host && isHostScreen(view.screen)) return [view.host];
	const narrowed = (['services', 'disk'] as const).map(id =>
		narrowedBy(state, id, view.filters[id] || undefined),
	);
	// In config order, each once.
	return hostsToRefresh(narrowed, state.fleet?.hosts.map(h => h.name) ?? []);
}

export function useShownHosts(engine: ConsoleController, state: ConsoleState, view: ViewState): void {
	const wanted = shownHosts(state, view);
	// A host's detail view: read from Prometheus, the engine reads that host over SSH too.
	const detail = Boolean(wanted && view.host && isHostScreen(view.screen));
	const key = wanted ? JSON.stringify(wanted) + (detail ? ':detail' : '') : 'all';
	// An engine starts with every host shown: only a change is sent.
	const sent = useRef({engine, key: 'all'});
	useEffect(() => {
		if (sent.current.engine === engine && sent.current.key === key) return;
		if (sent.current.engine !== engine && key === 'all') return void (sent.current = {engine, key});
		sent.current = {engine, key};
		engine.showHosts(wanted, detail);
	}, [engine, key, detail]);
}
