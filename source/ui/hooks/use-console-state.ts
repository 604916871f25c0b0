// Subscribes a component to the engine's store, re-rendering only when something on screen would
// change: a refresh that brings the same figures (or ages still in the same step) draws nothing.
// Ink redraws the whole frame on every React commit, so skipping commits is what keeps idle cheap.
import {useRef, useSyncExternalStore} from 'react';
import {formatDataAge} from '../../core/duration.js';
import {paneTable} from '../../core/format/pane-table.js';
import {hostStatusText} from '../../core/format/fleet-hosts.js';
import {formatBatchTime} from '../../core/format/fleet-text.js';
import type {PaneState} from '../../core/panes.js';
import {fleetPaneSpec} from '../fleet/fleet-pane-specs.js';
import type {ConsoleState, Store} from '../../engine/store.js';
import type {FleetHost, FleetState} from '../../core/fleet/types.js';
import {maintenanceBadge} from '../maintenance/progress.js';
import {badgeText, responseText} from '../incident/incident-text.js';

export function useConsoleState(store: Store<ConsoleState>): ConsoleState {
	const shown = useRef<{state: ConsoleState; parts: string[]} | undefined>(undefined);
	const snapshot = () => {
		const state = store.getSnapshot();
		if (shown.current?.state === state) return state;
		const parts = visibleParts(state);
		if (shown.current && sameParts(shown.current.parts, parts)) return shown.current.state;
		shown.current = {state, parts};
		return state;
	};
	return useSyncExternalStore(store.subscribe, snapshot);
}

/**
 * The state as the screen shows it: timestamps replaced by the text they are displayed as. A pane's
 * and the fleet's part are kept per object and clock (the store replaces an object when it changes):
 * a store change redoes only what it changed, not every pane's table and 1,000 hosts.
 */
export function visibleKey(state: ConsoleState): string {
	return visibleParts(state).join(partSeparator);
}

/** Part by part: a part kept from the last change is the same string, compared at once; one joined key was copied and compared whole. */
function sameParts(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((part, i) => part === b[i]);
}

/** The visible key's parts: the rest of the state, each pane's, the fleet's. */
function visibleParts(state: ConsoleState): string[] {
	const age = (at?: number) => (at === undefined ? '' : formatDataAge((state.now - at) / 1000));
	const panes = Object.values(state.panes).map(pane =>
		cachedKey(paneKeys, pane, state.now, () =>
			JSON.stringify({
				...pane,
				updatedAt: age(pane.updatedAt),
				attemptedAt: undefined,
				data: pane.data ? paneTable(pane.id, pane.data, state.now) : undefined,
				fleet: state.env.hostCount > 1 ? fleetPaneKey(pane) : undefined,
			}),
		),
	);
	const fleet =
		state.fleet && cachedKey(fleetKeys, state.fleet, state.now, () => fleetKey(state.fleet!, age, state.now));
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
	// The parts are joined, not nested in one JSON: a JSON string inside JSON is escaped again, and the
	// fleet's 1,000 host lines made that most of a refresh's cost.
	const rest = JSON.stringify({
		...state,
		now: undefined,
		lastRefreshAt: age(state.lastRefreshAt),
		notice: state.notice?.text,
		panes: undefined,
		connection,
		incident,
		fleet: undefined,
		maintenanceAge: maintenanceBadge(state.maintenance, state.now),
	});
	return [rest, ...panes, fleet ?? ''];
}

/** Between the key's parts and a fleet's host lines: JSON never holds a raw control character, and shown text is sanitised. */
const partSeparator = '\u0000';
const hostSeparator = '\u0002';
const problemSeparator = '\u0003';
const fieldSeparator = '\u0001';

const paneKeys = new WeakMap<object, {second: number; key: string}>();
const fleetKeys = new WeakMap<object, {second: number; key: string}>();
/** A fleet host's line of the key, for hosts whose shown text does not move with the clock. */
const hostLines = new WeakMap<FleetHost, string>();

/**
 * The key of a part of the state, made again only when the part changed or the clock moved to
 * another second: every report moves the clock (a fleet's round brings one per pane), a 1,000-host
 * pane's table is the longest to make, and no age on screen is finer than a second.
 */
function cachedKey(
	cache: WeakMap<object, {second: number; key: string}>,
	part: object,
	now: number,
	make: () => string,
): string {
	const second = Math.floor(now / 1000);
	const kept = cache.get(part);
	if (kept?.second === second) return kept.key;
	const key = make();
	cache.set(part, {second, key});
	return key;
}

/** A fleet's hosts as shown: ages in their steps, batch times in tenths; when connections close is not on screen. */
function fleetKey(fleet: FleetState, age: (at?: number) => string, now: number): string {
	// 1,000 hosts on every store change: each host a line of its fields' shown text, no object copied.
	// A host's ages are on screen only in its detail (hostFacts), which the engine is told of
	// (fleet.shown names that host): the other hosts' scrapes moving on redraw nothing.
	// A host's line without the clock (not in a detail, not slow) is kept with its object: the engine
	// hands the same fleet state on while nothing but scrape times moved, and a clock step then
	// looks 1,000 lines up instead of making them again.
	const detailed = new Set(fleet.shown ?? []);
	const unseen = () => '';
	const hosts = fleet.hosts.map(host => {
		const timed = detailed.has(host.name) || host.status === 'slow';
		const kept = timed ? undefined : hostLines.get(host);
		if (kept !== undefined) return kept;
		const line = hostFields
			.map(field => hostFieldText[field](host, timed ? age : unseen, now))
			.join(fieldSeparator);
		if (!timed) hostLines.set(host, line);
		return line;
	});
	const rest = JSON.stringify({
		...fleet,
		summary: {...fleet.summary, openConnections: undefined},
		hosts: undefined,
	});
	return [rest, ...hosts].join(hostSeparator);
}

type HostFieldText = (host: FleetHost, age: (at?: number) => string, now: number) => string;

const text = (value: unknown) => (value === undefined ? '' : String(value));

/** Every field of a fleet's host as the screen shows it (the compiler names a field added without its line here). */
const hostFieldText: Record<keyof FleetHost, HostFieldText> = {
	name: h => h.name,
	label: h => h.label,
	status: h => h.status,
	level: h => h.level,
	problems: h => h.problems.join(problemSeparator),
	lastDataAt: (h, age) => age(h.lastDataAt),
	// When it last tried is not on screen; when it last answered is (lastDataAt).
	lastAttemptAt: () => '',
	ms: h => (h.ms === undefined ? '' : formatBatchTime(h.ms)),
	error: h => text(h.error),
	inFlightSince: (h, _age, now) => (h.status === 'slow' ? hostStatusText(h, now) : ''),
	connection: h => text(h.connection),
	release: h => text(h.release),
	source: h => text(h.source),
	// Shown as its age (the host's detail: "scraped 10s ago"), never as the time itself.
	scrapedAt: (h, age) => age(h.scrapedAt),
	note: h => text(h.note),
};
const hostFields = Object.keys(hostFieldText) as Array<keyof FleetHost>;

/** What a fleet's pane shows beyond its one-host table (fleet-pane-specs.ts): which host each row is from, the per-host summary. */
function fleetPaneKey(pane: PaneState): unknown {
	return pane.data ? fleetPaneSpec(pane.id)?.visibleKey(pane.data) : undefined;
}
