// Panes read from Prometheus say where their rows came from: a `via` column on a fleet's rows, the
// source, the samples' age and Prometheus' error above them, and a stale host's row in its place.
import {describe, expect, it} from 'vitest';
import {fleetServicesTable} from '../../source/core/format/fleet-services.js';
import {fleetDiskTable} from '../../source/core/format/fleet-disk.js';
import {hostStatusText} from '../../source/core/format/fleet-hosts.js';
import {hostFacts} from '../../source/core/format/fleet-text.js';
import {paneTable} from '../../source/core/format/pane-table.js';
import {sourceNoteLines} from '../../source/core/format/source-note.js';
import type {FleetHost} from '../../source/core/fleet/types.js';
import type {MountItem, PaneData, ServiceItem, SourceNote} from '../../source/core/panes.js';

const now = Date.parse('2026-12-04T12:00:00Z');
const host = (name: string, more: Partial<FleetHost> = {}): FleetHost => ({
	name,
	label: `deploy@${name}`,
	status: 'ok',
	level: 'ok',
	problems: [],
	...more,
});
const item = (hostName: string, state: string, source: 'prometheus' | 'ssh'): ServiceItem => ({
	name: 'api',
	manager: 'systemd',
	unit: 'app-api.service',
	state,
	level: state === 'active' ? 'ok' : 'critical',
	host: hostName,
	source,
});
const via: SourceNote = {
	prometheus: 'http://prom:9090',
	hosts: {prometheus: 998, ssh: 1, none: 1},
	oldestScrapeAt: now - 12_000,
	notes: ['not known to Prometheus (read over SSH): app-019', 'exporter down in Prometheus: app-005'],
};

describe('a fleet pane read from Prometheus', () => {
	it('says where the rows came from, how old they are and why some are not Prometheus', () => {
		expect(sourceNoteLines(via, now)).toEqual([
			{text: '998/1000 from Prometheus, scraped 10s ago, 1 over SSH, 1 no reading', level: 'ok'},
			{
				text: 'not known to Prometheus (read over SSH): app-019; exporter down in Prometheus: app-005',
				level: 'warning',
			},
		]);
		expect(
			sourceNoteLines(
				{...via, error: 'Prometheus at http://prom:9090 did not answer: connection refused'},
				now,
			)[0],
		).toEqual({text: 'Prometheus at http://prom:9090 did not answer: connection refused', level: 'warning'});
		expect(
			sourceNoteLines(
				{...via, error: 'Prometheus at http://prom:9090: bad query', hosts: {prometheus: 0, ssh: 0, none: 3}},
				now,
			)[0]!.level,
		).toBe('critical');
	});

	it("shows each row's source in a via column", () => {
		const data: PaneData['services'] = {
			items: [item('app-002', 'failed', 'prometheus'), item('app-019', 'failed', 'ssh')],
			via,
		};
		const table = fleetServicesTable({data, hosts: [host('app-002'), host('app-019')], now});
		expect(table.columns.map(c => c.title)).toEqual(['', 'host', 'service', 'state', 'since', 'via']);
		expect(table.rows.filter(r => r.kind === 'service').map(r => [r.cells[1], r.cells[5]])).toEqual([
			['app-002', 'prom'],
			['app-019', 'ssh'],
		]);
		expect(table.before[0]!.text).toMatch(/^998\/1000 from Prometheus/);

		const mount: MountItem = {
			mount: '/',
			filesystem: '/dev/vda1',
			sizeKb: 100,
			usedKb: 93,
			availKb: 7,
			usedPercent: 93,
			warnPercent: 80,
			critPercent: 90,
			near: false,
			level: 'critical',
			host: 'app-042',
			source: 'prometheus',
		};
		const disk = fleetDiskTable({data: {items: [mount], largest: [], via}, hosts: [host('app-042')], now});
		expect(disk.columns.at(-1)!.title).toBe('via');
		expect(disk.rows[0]!.cells.at(-1)).toBe('prom');
	});

	it('a stale host shows in place of its rows, saying how old its samples are', () => {
		const stale = host('app-033', {
			status: 'stale',
			level: 'warning',
			problems: ['scraped 190s ago'],
			source: 'prometheus',
		});
		expect(hostStatusText(stale, now)).toBe('stale: scraped 190s ago');
		const table = fleetServicesTable({
			data: {items: [item('app-033', 'active', 'prometheus')]},
			hosts: [stale],
			now,
		});
		expect(table.rows.find(r => r.kind === 'host')!.cells[2]).toBe('stale: scraped 190s ago');
		expect(hostFacts({...stale, scrapedAt: now - 190_000}, now, false)).toContainEqual(['scraped', '3m ago']);
		expect(
			hostFacts({...host('app-019'), source: 'ssh', note: 'not known to Prometheus'}, now, false),
		).toContainEqual(['read from', 'SSH (not known to Prometheus)']);
	});
});

describe('one host read from Prometheus', () => {
	it('says so above its services and mounts', () => {
		const one: SourceNote = {
			prometheus: 'http://prom:9090',
			hosts: {prometheus: 1, ssh: 0, none: 0},
			oldestScrapeAt: now - 3000,
			notes: [],
		};
		expect(paneTable('services', {items: [], via: one}, now).before).toEqual([
			{text: 'from Prometheus, scraped just now', level: 'ok'},
		]);
		expect(
			paneTable('disk', {items: [], largest: [], via: {...one, oldestScrapeAt: now - 20_000}}, now).before,
		).toEqual([{text: 'from Prometheus, scraped 20s ago', level: 'ok'}]);
	});
});
