// visibleKey keeps a fleet host's line with its object when the line does not move with the clock
// (the engine hands the same fleet state on while only scrape times moved). What must still redraw
// as the clock moves, though the host objects are the same: a slow host's "no answer for", and the
// ages of the host whose detail is open.
import {describe, expect, it} from 'vitest';
import {visibleKey} from '../../source/ui/hooks/use-console-state.js';
import type {FleetHost} from '../../source/core/fleet/types.js';
import {fleetConsoleAt as at, fleetOf, prometheusHost} from '../support/fleet-console-state.js';

const start = 1_764_000_000_000;

const host = (name: string, change: Partial<FleetHost> = {}) => prometheusHost(name, start, change);

describe("a fleet host's line of the redraw key, kept with its object", () => {
	const names = ['app-001', 'app-002', 'app-003'];

	it('the same hosts a clock step later draw nothing', () => {
		const fleet = fleetOf(names.map(n => host(n)));
		expect(visibleKey(at(fleet, start + 10_000))).toBe(visibleKey(at(fleet, start)));
	});

	it("a slow host's time without an answer redraws as it grows, its object the same", () => {
		const fleet = fleetOf(
			names.map(n => (n === 'app-002' ? host(n, {status: 'slow', inFlightSince: start - 12_000}) : host(n))),
		);
		const first = visibleKey(at(fleet, start));
		expect(visibleKey(at(fleet, start))).toBe(first);
		expect(visibleKey(at(fleet, start + 10_000))).not.toBe(first);
	});

	it("the open detail's host redraws as its scrape ages, its object the same; not once the detail is closed", () => {
		const hosts = names.map(n => host(n));
		const detail = fleetOf(hosts, ['app-002']);
		const first = visibleKey(at(detail, start));
		expect(visibleKey(at(detail, start + 10_000))).not.toBe(first);
		// The same host objects with no detail open: their lines (kept from before) carry no age.
		const closed = fleetOf(hosts);
		expect(visibleKey(at(closed, start + 10_000))).toBe(visibleKey(at(closed, start + 60_000)));
	});

	it('a host changed (a new object) redraws', () => {
		const before = fleetOf(names.map(n => host(n)));
		const after = fleetOf(
			before.hosts.map(h =>
				h.name === 'app-003'
					? {...h, status: 'critical' as const, level: 'critical' as const, problems: ['worker failed']}
					: h,
			),
		);
		expect(visibleKey(at(after, start))).not.toBe(visibleKey(at(before, start)));
	});
});
