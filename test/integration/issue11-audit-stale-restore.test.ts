// Issue 11 item 9 ("apply the same rule to every procedure"), for restore-backup, whose plan rests on
// the backup it restores (name, size, time) and which no other test checks: on the demo, the chosen
// backup is rewritten under the same name (a nightly job, another operator) while the plan waits at
// the operator's confirmation. Under the lock pg-ops reads the facts again, as `pg-ops run` does
// (the same planner, the same options): refused without anyone to ask, cancelled when the operator
// asked again says no; either way nothing ran: no service stopped, no safety dump, no row changed.
import {execFileSync} from 'node:child_process';
import {appendFileSync, readdirSync, readFileSync, utimesSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import pg from 'pg';
import YAML from 'yaml';
import {describe, expect, it} from 'vitest';
import {readAuditLog} from '../../source/engine/audit.js';
import {plannerFor} from '../../source/engine/procedures/registry.js';
import {runProcedure} from '../../source/engine/procedures/runner.js';
import {createRuntime} from '../../source/engine/runtime.js';
import {useDemo} from '../support/use-demo.js';

const demo = useDemo('pg-ops-issue11-stale-restore');

const backups = () => path.join(demo.info.root, 'opt/app/backups');
const systemctl = (...args: string[]) =>
	execFileSync(path.join(demo.info.root, 'bin/systemctl'), args, {encoding: 'utf8'}).trim();
/** backups.stop: the services a restore stops first. */
const stoppedUnits = () =>
	(
		YAML.parse(readFileSync(demo.info.config, 'utf8')) as {
			environments: Record<string, {backups?: {stop?: string[]}}>;
		}
	).environments.demo!.backups!.stop!;
const mainPids = () =>
	stoppedUnits().map(unit => `${unit} ${systemctl('show', '-p', 'MainPID', '--value', unit)}`);
const backupFiles = () => readdirSync(backups()).sort();

async function jobs(): Promise<unknown[]> {
	const client = new pg.Client({
		host: demo.info.database.host,
		port: demo.info.database.port,
		user: demo.info.database.user,
		database: demo.info.database.name,
	});
	await client.connect();
	try {
		return (await client.query('SELECT id::text AS id, status, updated_at FROM jobs ORDER BY id')).rows;
	} finally {
		await client.end();
	}
}

/** The oldest dated backup, rewritten while the plan waits: one more (empty) gzip member, a new time. */
function chosenBackup(): {name: string; rewrite(): void} {
	const name = readdirSync(backups())
		.filter(f => /^db_\d{4}-\d\d-\d\d\.sql\.gz$/.test(f))
		.sort()[0]!;
	return {
		name,
		rewrite() {
			const file = path.join(backups(), name);
			appendFileSync(file, gzipSync(''));
			const later = new Date(Date.now() - 60_000);
			utimesSync(file, later, later);
		},
	};
}

describe('restore-backup: the chosen backup rewritten while the plan waits (issue 11 item 9)', () => {
	it('nobody to ask again (--yes): refused, naming the backup that changed; nothing stopped, dumped or restored', async () => {
		expect(stoppedUnits().length).toBeGreaterThan(0);
		const backup = chosenBackup();
		const runtime = createRuntime(demo.env);
		try {
			const options = {backup: backup.name};
			const replan = () => plannerFor('restore-backup')!(runtime, options);
			const plan = await replan();
			const [pids, files, rows] = [mainPids(), backupFiles(), await jobs()];
			const result = await runProcedure(runtime, plan, {
				confirm: async () => {
					backup.rewrite();
					return true;
				},
				replan,
				operator: 'alice',
			});
			expect(result.outcome, result.message).toBe('refused');
			expect(result.message).toContain(`the backup to restore: ${backup.name} (`);
			expect(result.message).toContain('nothing was run');
			expect(mainPids()).toEqual(pids);
			expect(backupFiles()).toEqual(files); // no pg-ops-safety- dump
			expect(await jobs()).toEqual(rows);
			const events = readAuditLog().filter(r => r.correlationId === result.correlationId);
			expect(events.filter(r => r.event === 'step')).toEqual([]);
			expect(events.some(r => r.event === 'recheck' && r.outcome === 'changed')).toBe(true);
		} finally {
			await runtime.close();
		}
	}, 180_000);

	it('asked again, the operator sees what changed and says no: cancelled, nothing ran', async () => {
		const backup = chosenBackup();
		const runtime = createRuntime(demo.env);
		try {
			const options = {backup: backup.name};
			const replan = () => plannerFor('restore-backup')!(runtime, options);
			const plan = await replan();
			const [pids, files, rows] = [mainPids(), backupFiles(), await jobs()];
			const asked: string[][] = [];
			const result = await runProcedure(runtime, plan, {
				confirm: async () => {
					backup.rewrite();
					return true;
				},
				replan,
				reconfirm: async (_fresh, changes) => {
					asked.push(changes);
					return false;
				},
				operator: 'alice',
			});
			expect(result.outcome, result.message).toBe('cancelled');
			expect(asked).toHaveLength(1);
			expect(asked[0]!.join('\n')).toMatch(
				new RegExp(`^the backup to restore: ${backup.name.replaceAll('.', '\\.')} \\(\\d+ bytes.* -> `),
			);
			expect(mainPids()).toEqual(pids);
			expect(backupFiles()).toEqual(files);
			expect(await jobs()).toEqual(rows);
		} finally {
			await runtime.close();
		}
	}, 180_000);
});
