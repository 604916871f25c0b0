// What generic code asks a pane's or a procedure's spec instead of its name: when a pane's data is
// late (rows read from Prometheus samples wait for a scrape interval), what enter on a row opens,
// whether a fleet pane folds its healthy hosts, and whether a procedure mitigates an incident.
import {describe, expect, it} from 'vitest';
import {paneIds} from '../../source/core/panes.js';
import {paneSpecs} from '../../source/core/pane-specs/registry.js';
import {procedureSpecs} from '../../source/core/procedures/specs.js';
import {mitigates} from '../../source/core/incidents/record.js';
import {paneLateAfterMs} from '../../source/engine/console-engine.js';
import {fleetPaneSpec} from '../../source/ui/fleet/fleet-pane-specs.js';
import {prometheusFleetEnvironment} from '../support/fake-prometheus.js';

// refreshSeconds 1, probeTimeoutSeconds 2: late after max(2 x 1 s, 1 s + 2 s) = 3 s, unless read from Prometheus.
const fromPrometheus = prometheusFleetEnvironment({url: 'http://127.0.0.1:9', scrapeInterval: '60s'});
const overSsh = {
	...fromPrometheus,
	servicesSource: undefined,
	disk: {...fromPrometheus.disk!, source: undefined},
};

describe('pane capabilities', () => {
	it('a pane read from Prometheus is late only after its scrape interval allows; the others after two refreshes', () => {
		const scrapeLate = 2 * 60 * 1000 + 5000;
		expect(paneLateAfterMs(fromPrometheus, 'services')).toBe(scrapeLate);
		expect(paneLateAfterMs(fromPrometheus, 'disk')).toBe(scrapeLate);
		for (const pane of ['jobs', 'etl', 'slo', 'checks', 'alerts'] as const)
			expect(paneLateAfterMs(fromPrometheus, pane)).toBe(3000);
		expect(paneLateAfterMs(overSsh, 'services')).toBe(3000);
		expect(paneLateAfterMs(overSsh, 'disk')).toBe(3000);
	});

	it("enter on a services row opens its details with the service's logs; every other pane's, its details", () => {
		const opens = Object.fromEntries(paneIds.map(id => [id, paneSpecs[id].rowDetail]));
		expect(opens).toEqual({
			services: 'details-and-service-logs',
			jobs: 'details',
			disk: 'details',
			etl: 'details',
			slo: 'details',
			checks: 'details',
			alerts: 'details',
		});
	});

	it('on a fleet only the services pane folds its healthy hosts into one line', () => {
		expect(paneIds.filter(id => fleetPaneSpec(id)?.foldsHealthyHosts)).toEqual(['services']);
	});

	it('every named procedure but a backup mitigates', () => {
		const mitigating = Object.entries(procedureSpecs)
			.filter(([, spec]) => spec.mitigates)
			.map(([name]) => name);
		expect(mitigating).toEqual([
			'restart',
			'reset-stuck-jobs',
			'restore-backup',
			'rotate-token',
			'switch-slot',
		]);
		for (const name of Object.keys(procedureSpecs)) expect(mitigates({kind: name})).toBe(name !== 'backup');
		// A name that is no procedure's (an own property of Object's prototype included) mitigates nothing.
		expect(mitigates({kind: 'constructor'})).toBe(false);
	});
});
