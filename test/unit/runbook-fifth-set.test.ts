// Issue 14, fifth unseen set: general rules rather than the set's own wordings (changes-apart.ts).
// A change under a comment of its own is a step of its own; a line the author says to replace is
// shown; an `exit` closes a shell pg-ops did not see open; SQL statements must start like SQL; and
// blanks in the forms the set used (x-masked digits, lower-case words in brackets) are asked while
// a JSON key and a search pattern are not. Fixtures written here, in the styles the set showed.
import {describe, expect, it} from 'vitest';
import {askedNames as asked, blockSteps as block} from '../support/runbook-blocks.js';
import type {RunbookStep} from '../../source/core/runbooks/types.js';

describe('a change written under a comment of its own is a step of its own', () => {
	it('the diagnosis runs alone; each solution that changes something is confirmed apart', () => {
		const found = block(
			'bash',
			[
				'# Diagnosis:',
				'kubectl -n queue describe pod broker-0 | grep -i oom',
				'kubectl -n queue logs broker-0 --previous | tail -50',
				'',
				'# Solutions:',
				'# 1. Give the broker more memory',
				`kubectl -n queue patch statefulset broker -p '{"spec":{"replicas":3}}'`,
				'',
				'# 2. Or move the old segments away',
				'kubectl -n queue exec broker-0 -- mv /data/old /data/old.bak',
			].join('\n'),
		);
		expect(found.map(step => step.commands)).toEqual([
			[
				'kubectl -n queue describe pod broker-0 | grep -i oom',
				'kubectl -n queue logs broker-0 --previous | tail -50',
			],
			[`kubectl -n queue patch statefulset broker -p '{"spec":{"replicas":3}}'`],
			['kubectl -n queue exec broker-0 -- mv /data/old /data/old.bak'],
		]);
	});

	it('whatever the comment says: "(if it can be renewed)", "(optional)", "Set the priority"', () => {
		const found = block(
			'bash',
			[
				'# Look at the lease',
				'vault lease lookup app/creds/abc',
				'# Extend it (if it can be renewed)',
				'vault lease renew app/creds/abc',
				'# Drop the old container (optional)',
				'docker rm worker-old',
			].join('\n'),
		);
		expect(found.map(step => step.commands)).toEqual([
			['vault lease lookup app/creds/abc'],
			['vault lease renew app/creds/abc'],
			['docker rm worker-old'],
		]);
	});

	it('SQL too: the query that finds them, and the kill under its own comment', () => {
		const found = block(
			'sql',
			[
				'-- Which sessions hold the lock',
				"SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock';",
				'',
				'-- End the sessions that block it',
				"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle in transaction';",
			].join('\n'),
		);
		expect(found.map(step => [step.kind, step.commands?.length])).toEqual([
			['sql', 1],
			['sql', 1],
		]);
	});

	it('a block that opens a session (redis-cli) is judged whole: what is typed there never runs on the host', () => {
		const found = block(
			'',
			'# on the replica\nredis-cli\ninfo replication\n# then fail over\nsentinel failover main',
		);
		expect(found.map(step => step.kind)).toEqual(['show']);
		expect(found[0]!.interactive).toBe(true);
	});

	it('a block whose comments only look, or whose first command passes state on, stays one step', () => {
		expect(block('bash', '# pods\nkubectl get pods\n# events\nkubectl get events')).toHaveLength(1);
		expect(
			block('bash', '# into the release\ncd /srv/shop/current\n# restart the workers\n./bin/workers restart'),
		).toHaveLength(1);
	});
});

describe('lines the author says to replace, shells pg-ops did not see open, text that is not SQL', () => {
	it('"-- replace with the real pid" on a line: that statement is shown, the others run', () => {
		const found = block(
			'sql',
			[
				'-- Long queries',
				"SELECT pid, query FROM pg_stat_activity WHERE state = 'active';",
				'-- Cancel one',
				'SELECT pg_cancel_backend(4242);  -- replace with the real pid',
			].join('\n'),
		);
		expect(found.map(step => step.kind)).toEqual(['sql', 'show']);
		expect(found[1]!.reason).toContain('replace with the real pid');
		expect(found[1]!.commands).toEqual([]);
	});

	it('an `exit` after commands pg-ops does not know as a shell: the block is shown, nothing runs on the host', () => {
		const [step] = block(
			'bash',
			'# into the box\n./tools/enter web-1\n# inside it:\nrm -rf /srv/cache/*\nexit',
		);
		expect(step!.kind).toBe('show');
		expect(step!.interactive).toBe(true);
		expect(step!.reason).toContain('`exit`');
		expect(step!.commands).toEqual([]);
	});

	it('a script that exits, written with #!, is one script: its text, shown whole (runbook-sixteenth-rules)', () => {
		const found = block('bash', '#!/bin/sh\nsystemctl is-active app || exit');
		expect(found).toHaveLength(1);
		expect(found[0]!.reason).toContain("a script's text");
	});

	it('a psql line in an sql block is not sent to PostgreSQL as SQL', () => {
		const [step] = block(
			'sql',
			'-- connect first\npsql -h db-1 -U app -d shop\n\nSELECT count(*) FROM orders;',
		);
		expect(step!.kind).toBe('show');
		expect(step!.reason).toContain('psql -h db-1');
	});
});

describe('blanks in the set`s forms are asked; a JSON key and a search pattern are not', () => {
	it('x-masked digits and lower-case words in brackets', () => {
		const [forget] = block('bash', 'sudo rabbitmqctl forget_cluster_node rabbit@ip-xx-xx-x-xx');
		expect(asked(forget!)).toEqual(['xx-xx-x-xx']);
		const [index] = block('bash', 'psql -c "CREATE INDEX CONCURRENTLY idx_[name] ON [table]([column]);"');
		expect(asked(index!)).toEqual(['name', 'table', 'column']);
		const [explain] = block('bash', 'psql -c "EXPLAIN ANALYZE [your query];"');
		expect(asked(explain!)).toEqual(['your query']);
	});

	it('a key in quoted JSON and the pattern of grep are written as they must be', () => {
		const [patch] = block('bash', `kubectl patch configmap shop -p '{"data":{"MAX_POOL_SIZE":"50"}}'`);
		expect(asked(patch!)).toEqual([]);
		const [search] = block('bash', 'curl -s localhost:9100/metrics | grep "db_host"');
		expect(asked(search!)).toEqual([]);
	});
});
