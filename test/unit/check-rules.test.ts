// The rules a team's checks are judged by: exit-code maps, thresholds, JSON fields compared with a
// value or another field; and the config errors for rules that can't be read.
import {describe, expect, it} from 'vitest';
import {checkSchema} from '../../source/core/checks/schema.js';
import {judgeJsonField, judgeNumber, levelFromExitCode} from '../../source/core/checks/evaluate.js';

describe('check rules', () => {
	it("a daily script's exit codes: 0 healthy, 1 error, 2 unhealthy; anything else critical", () => {
		const map = {'0': 'ok', '1': 'critical', '2': 'warning'} as const;
		expect(levelFromExitCode(map, 0)).toEqual({level: 'ok', listed: true});
		expect(levelFromExitCode(map, 2)).toEqual({level: 'warning', listed: true});
		expect(levelFromExitCode(map, 9)).toEqual({level: 'critical', listed: false});
	});

	it('numbers against above/below thresholds, and what is not a number', () => {
		const above = {above: {warn: 100, crit: 1000}};
		expect(judgeNumber(5, above, 'queue')).toMatchObject({level: 'ok', message: 'queue 5'});
		expect(judgeNumber('150', above, 'queue')).toMatchObject({
			level: 'warning',
			message: 'queue 150 (>=100)',
		});
		expect(judgeNumber(1000, above, 'queue').level).toBe('critical');
		expect(judgeNumber(0.5, {below: {warn: 0.9, crit: 0.6}}, 'accuracy')).toMatchObject({level: 'critical'});
		expect(judgeNumber('NaN', above, 'queue')).toMatchObject({
			level: 'critical',
			message: 'queue is not a number',
		});
	});

	it('a JSON field equal to a value, to another field (deployed sha = running sha), or under thresholds', () => {
		const body = {git_sha: 'abc', deployed: {sha: 'abc'}, model: {version: 3, latency_ms: 900}};
		expect(judgeJsonField(body, {field: 'git_sha', equalsField: 'deployed.sha'}).level).toBe('ok');
		expect(
			judgeJsonField({...body, git_sha: 'old'}, {field: 'git_sha', equalsField: 'deployed.sha'}),
		).toMatchObject({
			level: 'critical',
			message: 'git_sha is old, deployed.sha is abc',
		});
		expect(judgeJsonField(body, {field: 'model.version', equals: 3}).level).toBe('ok');
		expect(
			judgeJsonField(body, {field: 'model.latency_ms', thresholds: {above: {warn: 500, crit: 2000}}}).level,
		).toBe('warning');
		expect(judgeJsonField(body, {field: 'model.missing'})).toMatchObject({
			level: 'critical',
			message: 'no field model.missing in the answer',
		});
	});

	it('refuses exit codes that are not whole numbers, paths that do not parse, thresholds out of order', () => {
		const issues = (check: unknown) =>
			checkSchema
				.safeParse(check)
				// A record's key problem (an exit code) carries its own message inside.
				.error?.issues.map(
					i => `${i.path.join('.')}: ${'issues' in i ? i.issues.map(x => x.message).join('; ') : i.message}`,
				) ?? [];
		expect(issues({name: 'daily', command: 'x', exitCodes: {'1.5': 'ok'}}).join('\n')).toContain('exit code');
		expect(issues({name: 'sha', http: '/ops/verify', field: 'a..b'}).join('\n')).toContain(
			'a JSON field path',
		);
		expect(
			issues({name: 'q', sql: 'select 1', thresholds: {above: {warn: 10, crit: 5}}}).join('\n'),
		).toContain('warn at or below crit');
		expect(
			issues({
				name: 'daily',
				command: '/opt/app/bin/daily-check',
				exitCodes: {0: 'ok', 1: 'critical', 2: 'warning'},
			}),
		).toEqual([]);
	});
});
