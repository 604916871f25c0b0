// visibleKey (ui/hooks/use-console-state.ts): a store change redraws the console only when what the
// screen shows changed. On a fleet read from Prometheus, every host's scrape moves on each refresh;
// a host's ages are on screen only in its detail view, so only there do they redraw.
import {describe, expect, it} from 'vitest';
import {visibleKey} from '../../source/ui/hooks/use-console-state.js';
import type {FleetHost} from '../../source/core/fleet/types.js';
import {fleetConsoleAt, fleetOf, prometheusHost} from '../support/fleet-console-state.js';

const now = 1_764_000_000_000;

const host = (name: string, change: Partial<FleetHost> = {}) => prometheusHost(name, now, change);
const state = (hosts: FleetHost[], shown?: string[]) => fleetConsoleAt(fleetOf(hosts, shown), now);

describe('what redraws a fleet read from Prometheus', () => {
	const names = ['app-001', 'app-002', 'app-003'];

	it('a newer scrape of hosts whose detail is not open draws nothing', () => {
		const before = visibleKey(state(names.map(n => host(n))));
		const after = visibleKey(state(names.map(n => host(n, {scrapedAt: now - 12_000, lastDataAt: now}))));
		expect(after).toBe(before);
	});

	it("the open detail's host redraws when its scrape age moves a step", () => {
		const shown = ['app-002'];
		const before = visibleKey(
			state(
				names.map(n => host(n)),
				shown,
			),
		);
		const after = visibleKey(
			state(
				names.map(n => host(n, n === 'app-002' ? {scrapedAt: now - 12_000} : {})),
				shown,
			),
		);
		expect(after).not.toBe(before);
	});

	it('a host turning stale, failing or changing source redraws, detail open or not', () => {
		const before = visibleKey(state(names.map(n => host(n))));
		for (const change of [
			{status: 'stale', level: 'warning', problems: ['scraped 30s ago']},
			{status: 'unreachable', level: 'critical', problems: ['down'], error: 'down'},
			{source: 'ssh', note: 'exporter down in Prometheus'},
			{ms: 2500},
		] satisfies Array<Partial<FleetHost>>)
			expect(visibleKey(state(names.map(n => host(n, n === 'app-003' ? change : {}))))).not.toBe(before);
	});
});
