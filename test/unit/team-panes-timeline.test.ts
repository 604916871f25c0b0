// A team's checks and alerts in the incident timeline (what changed, recorded by itself) and in the
// maintenance window's Verify step (what is not green), through the same pane registry as the built-ins.
import {describe, expect, it} from 'vitest';
import {paneChanges} from '../../source/core/incidents/pane-changes.js';
import {notGreen} from '../../source/core/maintenance/verify.js';
import type {PaneData, PaneId, PaneState} from '../../source/core/panes.js';
import {fixtureNow, fixtureState, teamPanes} from '../fixtures/console-state.js';

type Panes = Record<PaneId, PaneState>;
const at = new Date(fixtureNow + 60_000).toISOString();
const panes = (): Panes => ({...fixtureState().panes, ...teamPanes()});

function change<K extends 'checks' | 'alerts'>(base: Panes, id: K, edit: (data: PaneData[K]) => void): Panes {
	const data = structuredClone(base[id].data) as PaneData[K];
	edit(data);
	return {...base, [id]: {...base[id], data, updatedAt: fixtureNow + 60_000}};
}

describe('checks and alerts in incidents and maintenance', () => {
	it('the timeline records a check changing level and an alert starting or stopping to fire', () => {
		const before = panes();
		let after = change(before, 'checks', data => {
			data.items[0]!.level = 'ok';
			data.items[0]!.message = 'all tables complete';
			data.items[2]!.level = 'critical';
			data.items[2]!.message = 'HTTP 503, expected 2xx';
		});
		after = change(after, 'alerts', data => {
			data.items[1]!.state = 'firing';
			data.items[1]!.level = 'warning';
			data.items.shift();
		});
		const texts = paneChanges(before, after, at).map(e => e.text);
		expect(texts).toEqual(
			expect.arrayContaining([
				'check daily-report: CRITICAL -> ok: all tables complete',
				'check ready: ok -> CRITICAL: HTTP 503, expected 2xx',
				'alert QueueGrowing firing (warning): jobs queue above 100',
				'alert ModelServingDown no longer firing',
			]),
		);
	});

	it('Verify names the failing check and the firing alert, not the pending one', () => {
		const lines = notGreen(panes(), [], fixtureNow);
		expect(lines).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/daily-report CRITICAL: 3 tables missing rows/),
				expect.stringMatching(/ModelServingDown firing \(critical\): the model server answers no \/ready/),
			]),
		);
		expect(lines.join('\n')).not.toContain('QueueGrowing');
	});
});
