// What the timeline records by itself: changes of state and level between two readings of the
// panes, on the fixture console's realistic pane data; nothing for the first load or for jitter.
import {describe, expect, it} from 'vitest';
import {
	baselineAfter,
	connectionChange,
	paneChanges,
	slotChange,
} from '../../source/core/incidents/pane-changes.js';
import type {PaneData, PaneId, PaneState} from '../../source/core/panes.js';
import {initialPanes} from '../../source/engine/store.js';
import {fixtureNow, fixtureState} from '../fixtures/console-state.js';

const at = new Date(fixtureNow + 60_000).toISOString();
type Panes = Record<PaneId, PaneState>;

/** The fixture's panes with one pane's data changed, as a new reading (new objects, like the store). */
function withData<K extends PaneId>(
	panes: Panes,
	id: K,
	change: (data: PaneData[K]) => PaneData[K],
	status?: PaneState['status'],
): Panes {
	const pane = panes[id] as PaneState<K>;
	return {
		...panes,
		[id]: {
			...pane,
			status: status ?? pane.status,
			data: change(structuredClone(pane.data!)),
			updatedAt: fixtureNow + 60_000,
		},
	};
}

const texts = (before: Panes, after: Panes) => paneChanges(before, after, at).map(e => e.text);

describe('paneChanges', () => {
	const before = fixtureState().panes;

	it('a service that comes back, and one that goes down, with their states', () => {
		let after = withData(before, 'services', d => ({
			items: d.items.map(s =>
				s.name === 'orchestrator' ? {...s, state: 'active', detail: 'running', level: 'ok'} : s,
			),
		}));
		after = withData(after, 'services', d => ({
			items: d.items.map(s =>
				s.name === 'intake' ? {...s, state: 'failed', detail: 'exit-code (status 2)', level: 'critical'} : s,
			),
		}));
		expect(texts(before, after)).toEqual([
			'service orchestrator came back: failed -> active',
			'service intake went down: active -> failed (exit-code (status 2))',
		]);
		expect(paneChanges(before, after, at).every(e => e.kind === 'pane' && e.at === at)).toBe(true);
	});

	it('a restart caught halfway (activating) is no news: the timeline says failed -> active once it settles', () => {
		const halfway = withData(before, 'services', d => ({
			items: d.items.map(s =>
				s.name === 'orchestrator' ? {...s, state: 'activating', detail: 'start', level: 'warning'} : s,
			),
		}));
		const settled = withData(halfway, 'services', d => ({
			items: d.items.map(s =>
				s.name === 'orchestrator' ? {...s, state: 'active', detail: 'running', level: 'ok'} : s,
			),
		}));
		expect(texts(before, halfway)).toEqual([]);
		const baseline = {...halfway, services: baselineAfter(before.services, halfway.services)};
		expect(texts(baseline, settled)).toEqual(['service orchestrator came back: failed -> active']);
	});

	it('a health URL that stops answering and answers again', () => {
		const down = withData(before, 'services', d => ({
			items: d.items.map(s =>
				s.name === 'web'
					? {...s, health: {ok: false, status: 503, url: s.health!.url}, level: 'critical'}
					: s,
			),
		}));
		expect(texts(before, down)).toEqual(['service web: health check failing (HTTP 503)']);
		expect(texts(down, before)).toEqual(['service web: health check answering again (HTTP 200)']);
	});

	it('a job that goes stale, and one fresh again', () => {
		const after = withData(before, 'jobs', d => ({
			...d,
			items: d.items.map(j => {
				if (j.name === 'settlement')
					return {
						...j,
						lastRunAt: new Date(fixtureNow - 3 * 3600_000).toISOString(),
						stale: true,
						level: 'warning' as const,
					};
				if (j.name === 'calibration')
					return {...j, lastRunAt: new Date(fixtureNow).toISOString(), stale: false, level: 'ok' as const};
				return j;
			}),
		}));
		expect(texts(before, after)).toEqual([
			'job settlement went stale (last run 3h1m ago, limit 2h)',
			'job calibration fresh again (ran at 04:00Z)',
		]);
	});

	it('a failed job run, and the pipeline blocked', () => {
		const after = withData(before, 'jobs', d => ({
			...d,
			blockers: ['calibration stale'],
			items: d.items.map(j =>
				j.name === 'discovery' ? {...j, lastStatus: 'error', error: 'OOM', level: 'critical' as const} : j,
			),
		}));
		expect(texts(before, after)).toEqual([
			'job discovery CRITICAL: last status error (OOM)',
			'pipeline blocked: calibration stale',
		]);
		expect(texts(after, before)).toEqual(['job discovery ok again', 'pipeline no longer blocked']);
	});

	it('an SLO crossing WARNING then CRITICAL and back, with its values', () => {
		const errors = (value: number, level: 'ok' | 'warning' | 'critical') =>
			withData(before, 'slo', d => ({
				...d,
				items: d.items.map(i => (i.name === 'errorRate' ? {...i, value, level} : i)),
			}));
		expect(texts(errors(1.2, 'ok'), errors(2.4, 'warning'))).toEqual([
			'SLO errors crossed WARNING (>2%): 1.2% -> 2.4%',
		]);
		expect(texts(errors(2.4, 'warning'), errors(6.1, 'critical'))).toEqual([
			'SLO errors crossed CRITICAL (>5%): 2.4% -> 6.1%',
		]);
		expect(texts(errors(6.1, 'critical'), errors(0.8, 'ok'))).toEqual([
			'SLO errors back to ok: 6.1% -> 0.8%',
		]);
		const availability = withData(before, 'slo', d => ({
			...d,
			items: d.items.map(i =>
				i.name === 'availability' ? {...i, value: 98.7, level: 'warning' as const} : i,
			),
		}));
		expect(texts(before, availability)).toEqual(['SLO availability crossed WARNING (<99%): 99.62% -> 98.7%']);
	});

	it('no entry for values that move inside the same level', () => {
		const jitter = withData(before, 'slo', d => ({
			...d,
			items: d.items.map(i => ({...i, value: i.value * 1.01})),
		}));
		const disk = withData(jitter, 'disk', d => ({
			...d,
			items: d.items.map(m => ({...m, usedPercent: m.usedPercent + 0.5})),
		}));
		const ages = withData(disk, 'etl', d => ({
			...d,
			items: d.items.map(j => ({...j, ageSeconds: j.ageSeconds + 5})),
		}));
		expect(texts(before, ages)).toEqual([]);
	});

	it("a disk mount's level, and the stuck job count", () => {
		const full = withData(before, 'disk', d => ({
			...d,
			items: d.items.map(m => ({...m, usedPercent: 91, level: 'critical' as const})),
		}));
		expect(texts(before, full)).toEqual(['disk /: ok -> CRITICAL (>=90%), 78% -> 91% used']);
		const reset = withData(before, 'etl', d => ({...d, count: 0, items: []}), 'ok');
		expect(texts(before, reset)).toEqual(['stuck ETL jobs (jobs, > 1h): 3 -> 0']);
		expect(texts(reset, before)).toEqual(['stuck ETL jobs (jobs, > 1h): 0 -> 3']);
	});

	it('a probe that starts failing keeps quiet about its (old) data, and says when it answers again', () => {
		const failing: Panes = {
			...before,
			slo: {
				...before.slo,
				status: 'error',
				error: 'GET /api/monitoring/slo: no answer within 5s',
				stale: true,
			},
		};
		expect(texts(before, failing)).toEqual([
			'SLO: probe failing: GET /api/monitoring/slo: no answer within 5s',
		]);
		expect(texts(failing, before)).toEqual(['SLO: probe answering again']);
	});

	it('nothing on the first load of a pane, or when its first attempt fails', () => {
		const loading = initialPanes();
		expect(texts(loading, before)).toEqual([]);
		const firstFailed: Panes = {
			...loading,
			disk: {id: 'disk', status: 'error', error: 'df: timed out', stale: false, configured: true},
		};
		expect(texts(loading, firstFailed)).toEqual([]);
		expect(paneChanges(undefined, before, at)).toEqual([]);
		expect(paneChanges({}, before, at)).toEqual([]);
	});
});

describe('connectionChange', () => {
	it('a drop after it was up, coming back after it was down; the first connection is no news', () => {
		let step = connectionChange(undefined, {status: 'connecting'}, 'deploy@app-1', at);
		expect(step).toEqual({up: undefined});
		step = connectionChange(step.up, {status: 'connected'}, 'deploy@app-1', at);
		expect(step).toEqual({up: true, entry: undefined});
		step = connectionChange(step.up, {status: 'reconnecting', error: 'connection lost'}, 'deploy@app-1', at);
		expect(step.entry?.text).toBe('connection to deploy@app-1 dropped: connection lost');
		step = connectionChange(
			step.up,
			{status: 'reconnecting', error: 'connect ECONNREFUSED'},
			'deploy@app-1',
			at,
		);
		expect(step.entry).toBeUndefined();
		step = connectionChange(step.up, {status: 'connecting'}, 'deploy@app-1', at);
		expect(step.entry).toBeUndefined();
		step = connectionChange(step.up, {status: 'connected'}, 'deploy@app-1', at);
		expect(step.entry?.text).toBe('connection to deploy@app-1 back');
	});

	it('a host unreachable from the start, then reached: that is news', () => {
		const failed = connectionChange(undefined, {status: 'failed', error: 'timed out'}, 'h', at);
		expect(failed.entry).toBeUndefined();
		expect(connectionChange(failed.up, {status: 'connected'}, 'h', at).entry?.text).toBe(
			'connection to h back',
		);
	});
});

describe('slotChange', () => {
	it('another release behind the link', () => {
		expect(slotChange({release: 'blue'}, {release: 'green'}, at)?.text).toBe(
			'release behind the slot link: blue -> green',
		);
		expect(slotChange({release: 'blue'}, {release: 'blue', runningSha: 'x'}, at)).toBeUndefined();
		expect(slotChange(undefined, {release: 'blue'}, at)).toBeUndefined();
	});
});
