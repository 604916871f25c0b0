// Issue 14, rules from the twenty-fifth and twenty-sixth blind sets and the consensus of two blind judges
// on sets 21-24, each meant to hold on runbooks nobody here has read. Fixtures written here.
import {describe, expect, it} from 'vitest';
import {askedNames, blockSteps as block, kindsAndCommands} from '../support/runbook-blocks.js';

describe('a commented sequence that only reads is one step', () => {
	it('who is logged in, the audit log and a jq filter with its own pipe: one look, confirmed once', () => {
		const steps = block(
			'bash',
			[
				'# Who is logged in now?',
				'w',
				'# Recent logins',
				'last -20',
				'# Audit events of today',
				'sudo ausearch -ts today | sudo aureport -f',
				'# Requests to the secret engine',
				'jq \'select(.request.path | startswith("secret/"))\' /var/log/vault/audit.log',
				'# Integrity against the baseline',
				'sudo aide --check',
				'# Ban counters',
				'sudo cscli metrics',
			].join('\n'),
		);
		expect(kindsAndCommands(steps)).toEqual([
			[
				'shell',
				[
					'w',
					'last -20',
					'sudo ausearch -ts today | sudo aureport -f',
					'jq \'select(.request.path | startswith("secret/"))\' /var/log/vault/audit.log',
					'sudo aide --check',
					'sudo cscli metrics',
				],
			],
		]);
	});

	it('a program that reads with one option writes with another: the write after the look is its own step', () => {
		const steps = block(
			'bash',
			'# Compare with the baseline\nsudo aide --check\n# Accept the changes as the new baseline\nsudo aide --update',
		);
		expect(kindsAndCommands(steps)).toEqual([
			['shell', ['sudo aide --check']],
			['shell', ['sudo aide --update']],
		]);
	});

	it('a pipe inside quotes does not hide a change after it', () => {
		const steps = block(
			'bash',
			"# Find the stuck ones\njq -r '.jobs[] | select(.stuck) | .id' /tmp/jobs.json\n# Clear them\nrm -f /var/spool/app/*.lock",
		);
		expect(kindsAndCommands(steps)).toEqual([
			['shell', ["jq -r '.jobs[] | select(.stuck) | .id' /tmp/jobs.json"]],
			['shell', ['rm -f /var/spool/app/*.lock']],
		]);
	});
});

describe('blanks: bracketed parts, another script, a spaced word in braces, a template naming the program', () => {
	it('[NodeId:PDiskId] is asked, in single quotes too; a pattern class in quotes is not', () => {
		const [step] = block(
			'bash',
			"dstool pdisk set --status BROKEN --pdisk-ids '[NodeId:PDiskId]'\ngrep '[Ee]rror' /var/log/app.log",
		);
		expect(askedNames(step!)).toEqual(['NodeId:PDiskId']);
	});

	it('[네임스페이스] is asked; { table } and { offset } in SQL are asked; awk keeps { print } and { next }', () => {
		expect(
			askedNames(block('bash', 'kubectl rollout restart deployment --all -n [네임스페이스]')[0]!),
		).toEqual(['네임스페이스']);
		const [sql] = block(
			'sql',
			"SELECT setval('{ table }_id_seq', (SELECT MAX(id)+{ offset } FROM { table }));",
		);
		expect(askedNames(sql!).sort()).toEqual(['offset', 'table']);
		expect(askedNames(block('bash', "awk '/^#/ { next } { print }' /etc/app.conf")[0]!)).toEqual([]);
	});

	it('`{{ cli }} cluster update …` is a command whose program is a blank, not output', () => {
		const steps = block(
			'bash',
			'{{ yc-mdb-pg }} cluster update <cluster_name_or_ID> \\\n  --disk-size <size_in_GB>',
		);
		expect(kindsAndCommands(steps)).toEqual([
			['shell', ['{{ yc-mdb-pg }} cluster update <cluster_name_or_ID> \\\n  --disk-size <size_in_GB>']],
		]);
		expect(askedNames(steps[0]!)).toEqual(['yc-mdb-pg', 'cluster_name_or_ID', 'size_in_GB']);
	});
});

describe('other SQL dialects: CockroachDB and QuestDB', () => {
	it.each([
		['RESET CLUSTER SETTING kv.snapshot_rebalance.max_rate;', 'CockroachDB'],
		["SET CLUSTER SETTING server.time_until_store_dead = '15m';", 'CockroachDB'],
		['CHECKPOINT CREATE;', 'QuestDB'],
		['SELECT * FROM checkpoint_status();', 'QuestDB'],
	])('%s is shown as %s, never sent to PostgreSQL', (statement, dialect) => {
		const [step] = block('sql', statement);
		expect(step!.kind).toBe('show');
		expect(step!.reason).toContain(dialect);
	});

	it("PostgreSQL's own CHECKPOINT still runs", () => {
		expect(kindsAndCommands(block('sql', 'CHECKPOINT;'))).toEqual([['sql', ['CHECKPOINT']]]);
	});
});

describe('a process id written in a runbook is the author’s', () => {
	it('the query that lists backends, then the cancel of one: two steps, the id asked after the listing', () => {
		const steps = block(
			'sql',
			"SELECT pid, now() - xact_start AS runtime FROM pg_stat_activity WHERE state <> 'idle';\nSELECT pg_cancel_backend(4321);",
		);
		expect(steps.map(step => step.kind)).toEqual(['sql', 'sql']);
		expect(askedNames(steps[0]!)).toEqual([]);
		expect(askedNames(steps[1]!)).toEqual(['4321']);
	});

	it('`sudo kill -9 1234` asks for the id; kill -9 -1, kill %1 and kill "$PID" ask nothing of their own', () => {
		expect(askedNames(block('bash', 'sudo kill -9 1234')[0]!)).toEqual(['1234']);
		expect(askedNames(block('bash', 'PID=$(cat /run/app.pid)\nkill "$PID"\nkill %1')[0]!)).toEqual([]);
	});
});

describe('a partition editor waits for its commands; a sentence says what follows is output', () => {
	it.each(['fdisk /dev/sdd', 'sudo gdisk /dev/nvme1n1', 'parted /dev/sdb', 'cfdisk /dev/sdb'])(
		'`%s` is interactive: shown, never run with a closed stdin',
		command => {
			const [step] = block('bash', command);
			expect(step!.kind).toBe('show');
			expect(step!.reason).toMatch(/interactive|terminal/);
		},
	);

	it.each(['fdisk -l /dev/sdd', 'parted -s /dev/sdb mklabel gpt', 'parted /dev/sdb print'])(
		'`%s` runs by itself: a host step',
		command => {
			expect(kindsAndCommands(block('bash', command))).toEqual([['shell', [command]]]);
		},
	);

	it.each([
		'You will see output like this:',
		'It should return something like:',
		'Output similar to the following:',
		'You will see output like this',
	])('after "%s" the block is what a command printed', lead => {
		const [step] = block('bash', '  Physical volume "/dev/sdb1" successfully created.', lead);
		expect(step!.kind).toBe('show');
	});

	it('"run it and check the output:" still leads to a command', () => {
		expect(kindsAndCommands(block('bash', 'pvs', 'Run it and check the output:'))).toEqual([
			['shell', ['pvs']],
		]);
	});
});
