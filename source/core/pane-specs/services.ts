// The Services pane: each service's state from its manager and its health URL.
// Its table, details, timeline changes and Verify problems, registered in ./registry.ts.
import type {Level} from '../levels.js';
import {levelRank} from '../levels.js';
import type {PaneData} from '../panes.js';
import type {PaneTable} from '../format/pane-table.js';
import {levelSymbol, levelWord, uptime} from '../format/units.js';
import {serviceManagers} from '../services/managers.js';
import {sourceNoteLines} from '../format/source-note.js';
import {readsFromPrometheus} from '../fleet/prometheus-plan.js';
import {byKey, whenAt, type PaneDetail, type PaneSpec} from './spec.js';

function servicesTable(data: PaneData['services'], now: number): PaneTable {
	return {
		columns: [
			{title: ''},
			{title: 'service', grow: true, min: 8},
			{title: 'state'},
			{title: 'since', align: 'right'},
			{title: 'health'},
		],
		rows: data.items.map(item => {
			// The status code or DOWN fits any width; timings and the error are in the details (enter).
			const health = item.health ? (item.health.ok ? String(item.health.status) : 'DOWN') : '';
			return {
				key: item.name,
				level: item.level,
				cells: [levelSymbol[item.level], item.name, item.state, uptime(item.since, now), health],
				filterText: `${item.name} ${item.unit} ${item.state}`,
			};
		}),
		// Read from Prometheus: where from, and how old.
		before: sourceNoteLines(data.via, now),
		after: [],
	};
}

function details(data: PaneData['services'], key: string, now: number): PaneDetail | undefined {
	const when = whenAt(now);
	const s = data.items.find(i => i.name === key);
	if (!s) return undefined;
	return {
		title: `service ${s.name}`,
		lines: [
			['manager', s.manager],
			[serviceManagers[s.manager].unitLabel, s.unit],
			['state', `${s.state}${s.detail ? ` (${s.detail})` : ''}`],
			['since', when(s.since)],
			[
				'health',
				s.health
					? `${s.health.url}: ${s.health.ok ? `HTTP ${s.health.status} in ${s.health.ms}ms` : `DOWN (${s.health.error})`}`
					: 'no health URL configured',
			],
			['level', levelWord[s.level]],
		],
	};
}

// A unit on its way somewhere (systemd's activating, deactivating, reloading) is not news yet: the
// timeline says where it ended up ("failed -> active"), whichever reading caught it halfway.
const transitional = new Set([
	'activating',
	'deactivating',
	'reloading',
	'refreshing',
	'restarting',
	'starting',
	'stopping',
]);

export function isTransitional(state: string): boolean {
	return transitional.has(state.split(/\s/)[0]!);
}

/**
 * A service caught in a transitional state keeps its previous settled reading as the baseline, so
 * the next settled one is compared with that ("failed -> active", not "activating -> active").
 */
function settledBaseline(before: PaneData['services'], after: PaneData['services']): PaneData['services'] {
	const old = byKey(before.items, s => s.name);
	return {
		...after,
		items: after.items.map(item => (isTransitional(item.state) ? (old.get(item.name) ?? item) : item)),
	};
}

function serviceChanges(before: PaneData['services'], after: PaneData['services']): string[] {
	const old = byKey(before.items, s => s.name);
	const texts: string[] = [];
	for (const service of after.items) {
		const was = old.get(service.name);
		if (!was) continue;
		if (was.state !== service.state && !isTransitional(service.state)) {
			const verb =
				levelRank(service.level) > levelRank(was.level)
					? 'went down'
					: levelRank(service.level) < levelRank(was.level)
						? 'came back'
						: 'changed state';
			const detail = service.detail && service.level !== 'ok' ? ` (${service.detail})` : '';
			texts.push(`service ${service.name} ${verb}: ${was.state} -> ${service.state}${detail}`);
		}
		if (was.health && service.health && was.health.ok !== service.health.ok) {
			texts.push(
				service.health.ok
					? `service ${service.name}: health check answering again (HTTP ${service.health.status ?? '?'})`
					: `service ${service.name}: health check failing (${service.health.status ? `HTTP ${service.health.status}` : (service.health.error ?? 'no answer')})`,
			);
		}
	}
	return texts;
}

function problems(data: PaneData['services'], now: number, name: string): string[] {
	return data.items
		.filter(s => s.level !== 'ok')
		.map(s => {
			const health =
				s.health && !s.health.ok ? `, health ${s.health.error ?? `HTTP ${s.health.status}`}` : '';
			return `${name}: ${s.name} ${s.state}${s.detail && s.detail !== s.state ? ` (${s.detail})` : ''}${health}`;
		});
}

export const servicesPane: PaneSpec<'services'> = {
	title: 'Services',
	shortName: 'services',
	configured: env => env.services.length > 0,
	layout: {size: 'half', fleetTop: true},
	table: servicesTable,
	details,
	rowDetail: 'details-and-service-logs',
	readsScrapes: env => readsFromPrometheus(env, 'services'),
	baseline: settledBaseline,
	changes: serviceChanges,
	problems,
};
