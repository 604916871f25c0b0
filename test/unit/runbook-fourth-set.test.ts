// Issue 14, fourth unseen set (docs/RUNBOOKS.md, "Measured"): what it showed, on fixtures written here.
import {describe, expect, it} from 'vitest';
import {blockSteps as block, stepsOf as steps} from '../support/runbook-blocks.js';
import type {RunbookStep} from '../../source/core/runbooks/types.js';

const commandsOf = (found: RunbookStep[]) =>
	found.map(step => (step.kind === 'show' ? 'shown' : step.commands));
const asked = (found: RunbookStep[]) =>
	found.flatMap(step => step.placeholders.map(placeholder => placeholder.token));

describe('prompts that name a machine', () => {
	it("`vault-a1# cmd` in a bash block is root's prompt: the command runs without it, its output does not", () => {
		const [step] = block('bash', 'vault-a1# journalctl -u vault --since today | tail -3\n-- No entries --');
		expect(step!.kind).toBe('shell');
		expect(step!.commands).toEqual(['journalctl -u vault --since today | tail -3']);
		const [bracketed] = block('bash', '[root@mq-2 ~]# chronyc tracking\nReference ID    : 0A0B0C0D');
		expect(bracketed!.commands).toEqual(['chronyc tracking']);
	});

	it('blocks whose prompts name different machines are each for its machine only', () => {
		const found = steps(
			[
				'# Rebuild the ledger quorum',
				'',
				'```bash',
				'ledger-1# systemctl stop ledgerd',
				'```',
				'',
				'```bash',
				'ledger-2# rm -rf /var/lib/ledger/wal',
				'ledger-2# systemctl start ledgerd',
				'```',
				'',
			].join('\n'),
		);
		// Each runs only where pg-ops finds itself on the machine its prompt names (the plan checks first).
		expect(found.map(step => [step.kind, step.onMachine?.name])).toEqual([
			['shell', 'ledger-1'],
			['shell', 'ledger-2'],
		]);
		expect(found[1]!.commands).toEqual(['rm -rf /var/lib/ledger/wal', 'systemctl start ledgerd']);
		expect(found[1]!.onMachine!.why).toContain("this runbook's prompts name 2 machines (ledger-1, ledger-2)");
	});

	it("a pod prompt after a host prompt in one runbook: the pod's `rm` runs only on a machine of that name, never on the host", () => {
		const found = steps(
			[
				'# Clean the standby',
				'',
				'```bash',
				'ops-1# kubectl -n db get pods',
				'```',
				'',
				'```bash',
				'postgres@ledger-db-2:~$ rm /srv/pg/data/base/1/pg_internal.init.77',
				'```',
				'',
			].join('\n'),
		);
		expect(found.map(step => [step.kind, step.onMachine?.name])).toEqual([
			['shell', 'ops-1'],
			['shell', 'ledger-db-2'],
		]);
	});
});

describe('text that is not commands', () => {
	it('a block after "Example output:" is output, though its lines are file paths', () => {
		const found = block(
			'',
			'./base/16384/pg_internal.init.77\n...\n/srv/pg/data/base/1/x',
			'Example output:',
		);
		expect(commandsOf(found)).toEqual(['shown']);
		expect(found[0]!.reason).toContain('output');
	});

	it('a note in parentheses after a command is shown: the shell would stop at it half way', () => {
		const found = block(
			'bash',
			'systemctl stop shop-web\nsystemctl stop shop-worker@w01 (where 01 is the worker number)\nsystemctl stop redis',
		);
		expect(commandsOf(found)).toEqual(['shown']);
		expect(found[0]!.reason).toContain('`(where 01 is the worker number)` is a note');
		// A subshell, a function and $( ) are shell.
		expect(commandsOf(block('bash', 'if true; then (cd /srv && ls); fi\nx=$(date +%s)'))).not.toContain(
			'shown',
		);
	});

	it('a console block without prompts: lines after a trailing backslash continue the command', () => {
		expect(
			commandsOf(
				block(
					'console',
					'ledgerctl --endpoint=https://127.0.0.1:7000 \\\n--cacert=/etc/ledger/ca.pem \\\nbackup save /srv/b.db',
				),
			),
		).toEqual([
			[
				'ledgerctl --endpoint=https://127.0.0.1:7000 \\\n--cacert=/etc/ledger/ca.pem \\\nbackup save /srv/b.db',
			],
		]);
	});
});

describe('where a shell session ends', () => {
	it('`sudo -i` with its commands in one block: later blocks are the host again', () => {
		const found = steps(
			'# Logs\n\n```bash\nsudo -i\ntail -n 50 /srv/app/app.log\n```\n\n## Grep\n\n```bash\ngrep ERROR /srv/app/app.log\n```\n',
		);
		expect(found[0]!.kind).toBe('show');
		expect(found[1]!.commands).toEqual(['grep ERROR /srv/app/app.log']);
	});

	it('a loop that drives kubectl leaves the pod shell an earlier block opened', () => {
		const found = steps(
			[
				'# Alarms',
				'',
				'```bash',
				'kubectl -n shop exec -it ledger-0 -- sh',
				'```',
				'',
				'```bash',
				'for pod in $(kubectl -n shop get pods -o name); do',
				'  kubectl -n shop exec $pod -- ledgerctl alarm clear',
				'done',
				'```',
				'',
			].join('\n'),
		);
		expect(found[1]!.kind).toBe('shell');
	});
});

describe('lists of recipes and examples', () => {
	it('a runbook titled "Reference Card": each commented command is a recipe of its own', () => {
		const found = block(
			'bash',
			'# Delete all keys in this DB\nredis-cli FLUSHDB\n\n# Shut down\nredis-cli SHUTDOWN',
			'',
			'Cache Reference Card',
		);
		expect(commandsOf(found)).toEqual([['redis-cli FLUSHDB'], ['redis-cli SHUTDOWN']]);
		expect(found[0]!.choice).toContain('Reference Card');
	});

	it('an "Example" section\'s commented calls are separate examples; assignments still pass state', () => {
		const found = steps(
			'# Promote\n\n## Example\n\n```bash\n# plan only\ncurl -sX POST "$API/promote" -d \'{"dry_run": true}\'\n\n# promote for real\ncurl -sX POST "$API/promote" -d \'{"dry_run": false}\'\n```\n',
		);
		expect(found.map(step => (step.commands ?? []).length)).toEqual([1, 1]);
		const sequence = steps(
			'# Call\n\n## API Example\n\n```bash\nTOKEN=$(ledgerctl token --ttl 5m)\n\n# Submit\ncurl -H "Authorization: Bearer $TOKEN" "$API/run"\n```\n',
		);
		expect(sequence).toHaveLength(1);
	});

	it('"# Repair … if needed" is a step of its own, not run with the checks before it', () => {
		expect(
			commandsOf(
				block(
					'bash',
					'# Verify the file\nledger-check /srv/l.wal\n# Repair it if needed\nledger-check --fix /srv/l.wal',
				),
			),
		).toEqual([['ledger-check /srv/l.wal'], ['ledger-check --fix /srv/l.wal']]);
	});
});

describe('blanks', () => {
	it('redis-cli -a password is an example password: asked, masked', () => {
		const [step] = block('bash', 'redis-cli -a password CONFIG SET maxmemory 256mb');
		expect(step!.placeholders.map(p => [p.token, p.secret])).toEqual([['password', true]]);
	});

	it('<enter the environment, eg. stg or prd> is one blank; `echo "Task ID: $ID"` asks for no ID', () => {
		expect(
			asked(block('bash', 'ENV=<enter the environment, eg. stg or prd>\nknife node list | grep $ENV')),
		).toContain('<enter the environment, eg. stg or prd>');
		expect(asked(block('bash', 'TASK_ID=$(ledgerctl submit)\necho "Task ID: $TASK_ID"'))).toEqual([]);
	});
});
