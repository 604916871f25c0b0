// `pg-ops audit` as an operator reads it after a night on call: the newest few, one procedure, one
// run by its correlation id, since a time, newest first; JSON keeps working; bad values are named.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../support/cli.js';

let dir: string;
const hour = 3_600_000;
const now = Date.now();
const record = (hoursAgo: number, procedure: string, correlationId: string, event: string, extra = {}) => ({
	time: new Date(now - hoursAgo * hour).toISOString(),
	operator: 'dana@oncall',
	env: 'prod',
	host: 'app-1',
	procedure,
	correlationId,
	event,
	...extra,
});
const records = [
	record(30, 'restart', 'aaaaaaaa-1111', 'plan'),
	record(30, 'restart', 'aaaaaaaa-1111', 'result', {outcome: 'succeeded'}),
	record(5, 'reset-stuck-jobs', 'bbbbbbbb-2222', 'step', {
		step: 'reset',
		command: "UPDATE jobs SET status = 'failed' -- stuck ones\nWHERE id = ANY($1);\nCOMMIT;",
	}),
	record(5, 'reset-stuck-jobs', 'bbbbbbbb-2222', 'result', {outcome: 'succeeded'}),
	record(1, 'restart', 'cccccccc-3333', 'result', {outcome: 'failed'}),
];

beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ops-audit-cli-'));
	mkdirSync(path.join(dir, 'state'));
	writeFileSync(path.join(dir, 'state', 'audit.jsonl'), records.map(r => JSON.stringify(r) + '\n').join(''));
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const audit = (...args: string[]) =>
	runCli(['audit', ...args], {cwd: dir, env: {PGOPS_STATE_DIR: path.join(dir, 'state')}});
const ids = (stdout: string) =>
	stdout
		.trim()
		.split('\n')
		.map(line => JSON.parse(line).correlationId + ' ' + JSON.parse(line).event);

describe('pg-ops audit filters', () => {
	it('--last N keeps the newest N, --reverse puts the newest first', () => {
		expect(ids(audit('--json', '--last', '2').stdout)).toEqual([
			'bbbbbbbb-2222 result',
			'cccccccc-3333 result',
		]);
		expect(ids(audit('--json', '--last', '2', '--reverse').stdout)).toEqual([
			'cccccccc-3333 result',
			'bbbbbbbb-2222 result',
		]);
		const text = audit('--reverse').stdout.trim().split('\n');
		expect(text[0]).toMatch(/restart\s+result\s+failed\s+dana@oncall\s+cccccccc/);
	});

	it('--procedure, --correlation (the 8 characters shown are enough) and --since', () => {
		expect(ids(audit('--json', '--procedure', 'restart').stdout)).toEqual([
			'aaaaaaaa-1111 plan',
			'aaaaaaaa-1111 result',
			'cccccccc-3333 result',
		]);
		expect(ids(audit('--json', '--correlation', 'bbbbbbbb').stdout)).toEqual([
			'bbbbbbbb-2222 step',
			'bbbbbbbb-2222 result',
		]);
		expect(ids(audit('--json', '--since', '6h').stdout)).toHaveLength(3);
		const day = new Date(now - 2 * hour).toISOString().slice(0, 16) + 'Z';
		expect(ids(audit('--json', '--since', day).stdout)).toEqual(['cccccccc-3333 result']);
	});

	it('SQL keeps its line breaks, so a -- comment swallows nothing', () => {
		const shown = audit('--correlation', 'bbbbbbbb').stdout;
		expect(shown).toContain(
			"$ UPDATE jobs SET status = 'failed' -- stuck ones\n      WHERE id = ANY($1);\n      COMMIT;",
		);
	});

	it('nothing matching says what was asked; bad values are named, exit 1', () => {
		expect(audit('--procedure', 'switch-slot').stdout).toMatch(
			/^no audit records of procedure switch-slot in .*audit\.jsonl\n$/,
		);
		const last = audit('--last', 'ten');
		expect(last.code).toBe(1);
		expect(last.stderr).toContain('--last ten: expected a whole number of records, at least 1');
		const since = audit('--since', 'yesterday');
		expect(since.code).toBe(1);
		expect(since.stderr).toContain(
			'--since "yesterday": expected a duration back from now (30m, 2h, 1d) or a date',
		);
	});
});
