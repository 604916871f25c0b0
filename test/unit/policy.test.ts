import {describe, expect, it} from 'vitest';
import {evaluateJobs} from '../../source/core/policy/jobs.js';
import {evaluateDisk} from '../../source/core/policy/disk.js';
import {evaluateSlo} from '../../source/core/policy/slo.js';
import {etlLevel} from '../../source/core/policy/etl.js';
import {overallStatus, exitCodes} from '../../source/core/policy/overall.js';
import {parseDuration, formatAge, formatDuration} from '../../source/core/duration.js';
import {intents, intentFor, actionAvailability, type KeyPress} from '../../source/core/intents.js';
import {quoteIdent} from '../../source/core/sql.js';
import {stuckJobsQuery} from '../../source/core/etl-queries.js';
import {quoteShell} from '../../source/core/shell.js';
import type {PaneState} from '../../source/core/panes.js';

const now = Date.parse('2026-11-23T12:00:00Z');
const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();

describe('job freshness', () => {
	it('uses the configured threshold over the endpoint, and flags jobs the source never reported', () => {
		const result = evaluateJobs(
			{
				blockers: [],
				jobs: [
					{name: 'import', lastRunAt: minutesAgo(90), stale: false, staleAfterMinutes: 120},
					{name: 'trainer', lastRunAt: minutesAgo(30), stale: true},
				],
			},
			{source: {http: '/x'}, staleAfterMinutes: {import: 60, missing: 10}},
			now,
		);
		expect(result.items.map(i => [i.name, i.stale, i.level])).toEqual([
			['import', true, 'warning'],
			['trainer', true, 'warning'], // no threshold anywhere: the endpoint's own word stands
			['missing', true, 'warning'],
		]);
	});

	it('marks a failed last run as a warning but not stale', () => {
		const [job] = evaluateJobs(
			{blockers: [], jobs: [{name: 'sync', lastRunAt: minutesAgo(5), lastStatus: 'failed', error: 'boom'}]},
			{source: {http: '/x'}, staleAfterMinutes: {}, defaultStaleAfterMinutes: 60},
			now,
		).items;
		expect(job).toMatchObject({stale: false, level: 'warning', error: 'boom'});
	});
});

describe('disk', () => {
	const config = {mounts: ['/'], largestUnder: [], top: 5, warnPercent: 80, critPercent: 90};
	const row = (usedPercent: number) => ({
		filesystem: '/dev/x',
		sizeKb: 100,
		usedKb: usedPercent,
		availKb: 100 - usedPercent,
		usedPercent,
		mount: '/',
	});
	it('is ok, near, warning and critical at the right lines', () => {
		expect(evaluateDisk(['/'], [row(70)], config)[0]).toMatchObject({level: 'ok', near: false});
		expect(evaluateDisk(['/'], [row(78)], config)[0]).toMatchObject({level: 'ok', near: true});
		expect(evaluateDisk(['/'], [row(80)], config)[0]).toMatchObject({level: 'warning', near: false});
		expect(evaluateDisk(['/'], [row(90)], config)[0]).toMatchObject({level: 'critical'});
	});
	it('labels each row with the path the operator configured', () => {
		expect(evaluateDisk(['/opt/app/logs'], [row(10)], config)[0]!.mount).toBe('/opt/app/logs');
	});
});

describe('SLO', () => {
	const config = {
		source: {http: '/slo'},
		availability: {target: 99.5, warn: 99.0, crit: 98.0},
		p95Ms: {target: 500, warn: 800, crit: 1500},
		errorRatePercent: {target: 1, warn: 2, crit: 5},
	};
	it('applies the runbook thresholds in both directions', () => {
		const levels = (a: number, p: number, e: number) =>
			evaluateSlo({availabilityPercent: a, p95Ms: p, errorRatePercent: e}, config).map(i => i.level);
		expect(levels(99.62, 420, 2.4)).toEqual(['ok', 'ok', 'warning']);
		expect(levels(98.9, 900, 0.5)).toEqual(['warning', 'warning', 'ok']);
		expect(levels(97.9, 1600, 5.1)).toEqual(['critical', 'critical', 'critical']);
		expect(levels(99.0, 800, 2)).toEqual(['ok', 'ok', 'ok']); // exactly at a threshold has not crossed it
	});
});

describe('stuck ETL jobs', () => {
	it('is a warning when stuck and critical once past the reset threshold', () => {
		expect(etlLevel([], 0, 7200)).toBe('ok');
		expect(etlLevel([{id: '1', status: 'processing', createdAt: '', ageSeconds: 4000}], 1, 7200)).toBe(
			'warning',
		);
		expect(etlLevel([{id: '1', status: 'processing', createdAt: '', ageSeconds: 8000}], 1, 7200)).toBe(
			'critical',
		);
	});
	it('builds parameterised SQL from quoted identifiers', () => {
		const q = stuckJobsQuery(
			{
				table: 'etl.jobs',
				idColumn: 'id',
				statusColumn: 'state',
				createdColumn: 'created_at',
				stuckStatus: "processing'; drop table x; --",
				stuckAfter: '1h',
				resetAfter: '2h',
				resetTo: 'failed',
				restartAfterReset: [],
			},
			3600,
			20,
		);
		expect(q.rows.sql).toContain('FROM "etl"."jobs" WHERE "state" = $1');
		expect(q.rows.sql).not.toContain('drop');
		expect(q.rows.params).toEqual(["processing'; drop table x; --", 3600]);
		expect(() => quoteIdent('jobs; drop')).toThrow();
	});
});

describe('overall status', () => {
	const pane = (status: PaneState['status'], configured = true): PaneState => ({
		id: 'services',
		status,
		stale: false,
		configured,
	});
	it('is unhealthy on any problem, error only when nothing wrong could be seen', () => {
		expect(overallStatus([pane('ok'), pane('ok', false)])).toBe('healthy');
		expect(overallStatus([pane('ok'), pane('warning')])).toBe('unhealthy');
		// Couldn't read a pane: the verdict is "couldn't tell" (exit 1), even beside a pane in trouble.
		expect(overallStatus([pane('error'), pane('critical')])).toBe('error');
		expect(overallStatus([pane('ok'), pane('error')])).toBe('error');
		expect(overallStatus([pane('ok'), pane('error', false)])).toBe('healthy');
		// Nothing configured checks nothing: never healthy.
		expect(overallStatus([pane('ok', false), pane('ok', false)])).toBe('error');
		expect(exitCodes).toEqual({healthy: 0, unhealthy: 2, error: 1});
	});
});

describe('durations and quoting', () => {
	it('parses and formats', () => {
		expect(parseDuration('2h30m')).toBe(9000);
		expect(parseDuration('90s')).toBe(90);
		expect(parseDuration('2 hours')).toBeUndefined();
		expect(formatAge(45)).toBe('45s');
		expect(formatAge(3 * 3600 + 12 * 60)).toBe('3h12m');
		expect(formatAge(13 * 3600)).toBe('13h');
		expect(formatAge(3 * 86400 + 4 * 3600)).toBe('3d4h');
		expect(formatDuration(7200)).toBe('2h');
	});
	it('quotes shell words safely', () => {
		expect(quoteShell('/opt/app')).toBe('/opt/app');
		expect(quoteShell("it's here")).toBe(`'it'\\''s here'`);
	});
});

describe('intents', () => {
	const press = (p: Partial<KeyPress>): KeyPress => ({
		input: '',
		ctrl: false,
		shift: false,
		tab: false,
		return: false,
		escape: false,
		upArrow: false,
		downArrow: false,
		leftArrow: false,
		rightArrow: false,
		backspace: false,
		...p,
	});
	it('maps keys to one intent each', () => {
		expect(intentFor(press({input: 'q'}))?.id).toBe('quit');
		expect(intentFor(press({input: 'c', ctrl: true}))?.id).toBe('quit');
		expect(intentFor(press({input: 'r', ctrl: true}))?.id).toBe('refresh');
		expect(intentFor(press({input: 'r'}))?.id).toBe('restart');
		expect(intentFor(press({tab: true, shift: true}))?.id).toBe('focusPrevious');
		expect(intentFor(press({input: '3'}))?.id).toBe('focusPane');
		for (const intent of intents) expect(intents.filter(other => other.keys === intent.keys)).toHaveLength(1);
	});
	it('disables mutating actions in read-only mode, with the reason', () => {
		const restart = intents.find(i => i.id === 'restart')!;
		expect(actionAvailability(restart, true)).toEqual({
			available: false,
			reason: 'read-only mode',
			short: 'read-only',
		});
		// A checklist key shows what is there to look at, and never starts one.
		const maintenance = intents.find(i => i.id === 'maintenance')!;
		expect(actionAvailability(maintenance, true, new Set(), {maintenance: true})).toEqual({available: true});
		expect(actionAvailability(maintenance, true, new Set(), {incident: true})).toMatchObject({
			available: false,
			short: 'read-only',
		});
		expect(actionAvailability(maintenance, false)).toEqual({available: true});
		expect(
			actionAvailability(
				intents.find(i => i.id === 'help')!,
				true,
			),
		).toEqual({available: true});
	});
});
