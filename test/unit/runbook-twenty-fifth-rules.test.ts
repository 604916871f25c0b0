// Issue 14, rules from the twenty-fifth and twenty-sixth blind sets and the consensus of two blind judges
// on sets 21-24, each meant to hold on runbooks nobody here has read. Fixtures written here.
import {describe, expect, it} from 'vitest';
import {blockSteps as block, kindsAndCommands} from '../support/runbook-blocks.js';

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
