// The facts the two plans not yet covered by a stale-plan test rest on (issue 11 item 9, the audit's
// gap): backup's (the tables its checks expect, not their rows, which change all the time) and a
// fleet's rolling restart (which hosts it restarts, not their states, which change by the second). The
// runner makes the plan again under the lock and asks again when basisChanges finds a line (its own
// tests: test/unit/procedure-run-faults.test.ts, the stale-plan console and CLI tests).
import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../source/core/config/parse.js';
import type {NamedEnvironment} from '../../source/core/config/schema.js';
import {basisChanges} from '../../source/core/procedures/basis.js';
import {planBackup, type BackupFacts} from '../../source/core/procedures/backup.js';
import {planRollingRestart} from '../../source/core/procedures/restart.js';

const env: NamedEnvironment = {
	...parseConfig(
		[
			'environments:',
			'  prod:',
			'    hosts: [app-1, app-2, app-3]',
			'    services: [{name: worker, manager: systemd}]',
			'    database: {name: analytics, user: ops}',
			'    backups: {dir: /b, pattern: "db_*.sql.gz"}',
			'',
		].join('\n'),
		'pg-ops.yaml',
	).environments.prod!,
	name: 'prod',
};
const now = new Date('2026-11-23T05:15:00Z');
const backupFacts = (tables: BackupFacts['tables']): BackupFacts => ({
	tables,
	listing: {hostNow: now.getTime() / 1000, files: []},
	freeKb: 1_000_000,
	now,
});

describe('what a plan rests on', () => {
	it('backup: a table added or gone since the plan is a change; rows alone are not', () => {
		const planned = planBackup(env, backupFacts([{table: 'public.jobs', rows: 22}]));
		const moreRows = planBackup(env, backupFacts([{table: 'public.jobs', rows: 9000}]));
		const newTable = planBackup(
			env,
			backupFacts([
				{table: 'public.jobs', rows: 22},
				{table: 'public.runs', rows: 0},
			]),
		);
		expect(basisChanges(planned.basis, moreRows.basis)).toEqual([]);
		expect(basisChanges(planned.basis, newTable.basis)).toEqual([
			'the tables of analytics: public.jobs -> public.jobs, public.runs',
		]);
	});

	it("rolling restart: a host that stopped answering (or came back) since the plan is a change; a host's state alone is not", () => {
		const worker = env.services[0]!;
		const planned = planRollingRestart(env, worker, [
			{host: 'app-1', state: 'active'},
			{host: 'app-2', state: 'failed'},
			{host: 'app-3', state: 'active'},
		]);
		const restartedMeanwhile = planRollingRestart(env, worker, [
			{host: 'app-1', state: 'active'},
			{host: 'app-2', state: 'active'},
			{host: 'app-3', state: 'active'},
		]);
		const oneGone = planRollingRestart(env, worker, [
			{host: 'app-1', state: 'active'},
			{host: 'app-2', state: 'failed'},
			{host: 'app-3', error: 'connection refused'},
		]);
		expect(basisChanges(planned.basis, restartedMeanwhile.basis)).toEqual([]);
		expect(basisChanges(planned.basis, oneGone.basis)).toEqual([
			'the hosts to restart: app-1 app-2 app-3 -> app-1 app-2',
		]);
	});
});
